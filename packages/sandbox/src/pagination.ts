import { invalidRequest } from "./errors.js";

/** A page of the List object of SPEC §2. */
export interface ListPage<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Reads `limit` (1–100, default 20) and `after` (an opaque cursor) from a query string. */
export function parseListQuery(query: URLSearchParams): { limit: number; after: number | null } {
  const limitText = query.get("limit");
  let limit = 20;
  if (limitText !== null) {
    if (!/^\d{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 100) {
      throw invalidRequest("limit", "limit must be an integer between 1 and 100.");
    }
    limit = Number(limitText);
  }
  const afterText = query.get("after");
  return { limit, after: afterText === null ? null : decodeCursor(afterText) };
}

/** An opaque cursor for a position (base64url of a versioned tag). */
export function encodeCursor(position: number): string {
  return btoa(`c1:${position}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(text: string): number {
  try {
    const decoded = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const match = /^c1:(\d{1,15})$/.exec(decoded);
    if (match?.[1] !== undefined) return Number(match[1]);
  } catch {
    // falls through to the 400
  }
  throw invalidRequest("after", "after is not a valid cursor; pass the next_cursor of a previous page.");
}

/**
 * One page, newest first, of `items` (oldest first by `seq`) after the cursor position: a binary
 * search finds the cursor and the walk back stops at `limit + 1` matches, so a page costs what it
 * returns and skips, never a sort of the store.
 */
export function pageNewestFirst<T extends { seq: number }, W>(
  items: readonly T[],
  options: { limit: number; after: number | null; matches: (item: T) => boolean; serialize: (item: T) => W },
): ListPage<W> {
  const { limit, after, matches } = options;
  let index = items.length - 1;
  if (after !== null) {
    let low = 0;
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((items[mid] as T).seq < after) low = mid + 1;
      else high = mid;
    }
    index = low - 1;
  }
  const page: T[] = [];
  let hasMore = false;
  for (; index >= 0; index--) {
    const item = items[index] as T;
    if (!matches(item)) continue;
    if (page.length === limit) {
      hasMore = true;
      break;
    }
    page.push(item);
  }
  const last = page[page.length - 1];
  return {
    object: "list",
    data: page.map(options.serialize),
    has_more: hasMore,
    next_cursor: hasMore && last !== undefined ? encodeCursor(last.seq) : null,
  };
}

/**
 * One page of `items` (already in list order). `positionOf` gives each item's cursor position;
 * `after` keeps the items that come after that position in list order (`isAfter`). For short
 * fixed lists (the catalog); stored objects use `pageNewestFirst`.
 */
export function paginate<T, W>(
  items: readonly T[],
  options: {
    limit: number;
    after: number | null;
    positionOf: (item: T) => number;
    isAfter: (position: number, cursor: number) => boolean;
    serialize: (item: T) => W;
  },
): ListPage<W> {
  const { after, limit, positionOf, isAfter } = options;
  const rest = after === null ? items : items.filter((item) => isAfter(positionOf(item), after));
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  const hasMore = rest.length > limit;
  return {
    object: "list",
    data: page.map(options.serialize),
    has_more: hasMore,
    next_cursor: hasMore && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}
