import { ClipiaError } from "../errors.js";

/** The wire shape of every list endpoint. */
export interface ListBody<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/**
 * One page of a cursor-paginated list. Keeps the wire fields; iterating it with `for await`
 * walks this page and every following one.
 */
export class Page<T> implements AsyncIterable<T> {
  readonly object = "list" as const;
  readonly data: T[];
  readonly has_more: boolean;
  readonly next_cursor: string | null;
  /** The `X-Request-Id` of the response that carried this page. */
  declare readonly _request_id: string | null;
  readonly #fetchPage: (after: string) => Promise<Page<T>>;

  constructor(body: ListBody<T>, requestId: string | null, fetchPage: (after: string) => Promise<Page<T>>) {
    this.data = body.data;
    this.has_more = body.has_more;
    this.next_cursor = body.next_cursor;
    Object.defineProperty(this, "_request_id", { value: requestId, enumerable: false });
    this.#fetchPage = fetchPage;
  }

  /** Whether the server said there is more after this page. */
  hasNextPage(): boolean {
    return this.has_more && this.next_cursor !== null;
  }

  /** Fetches the page after this one, with the same query and request options. */
  async getNextPage(): Promise<Page<T>> {
    if (!this.hasNextPage() || this.next_cursor === null) {
      throw new ClipiaError("No next page: check hasNextPage() before calling getNextPage().");
    }
    return this.#fetchPage(this.next_cursor);
  }

  /** This page, then each following page. */
  async *iterPages(): AsyncGenerator<Page<T>, void, undefined> {
    let page: Page<T> = this;
    yield page;
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

/**
 * What `list()` returns: a promise of the first page that is also async-iterable over every
 * item of every page, so both `await clipia.models.list()` and
 * `for await (const model of clipia.models.list())` work.
 */
export class PagePromise<T> extends Promise<Page<T>> implements AsyncIterable<T> {
  // `then` on a PagePromise returns a plain Promise, not another PagePromise.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  constructor(load: () => Promise<Page<T>>) {
    super((resolve, reject) => {
      load().then(resolve, reject);
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    const first = await this;
    yield* first;
  }
}
