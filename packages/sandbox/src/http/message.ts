/**
 * What the core reads of a request. A transport adapts its own request to it: a Fetch `Request`
 * through `fromFetchRequest`, a Node `IncomingMessage` directly (no Fetch objects on its hot path).
 */
export interface CoreRequest {
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  /**
   * `url` already parsed, when the transport had to parse it anyway (the server does, to refuse a
   * target that is no URL): the core reads it instead of parsing `url` a second time.
   */
  readonly parsedUrl?: URL;
  /** Header lookup by lower-case name; repeated headers joined with ", " as Fetch does. */
  readonly headers: { get(name: string): string | null };
  /** The whole body as text; rejects with a 413 `ApiError` past 1 MiB without reading further. */
  readBody(): Promise<string>;
  /**
   * The origin a server transport is bound to. Set, `url` was built from the `Host` header (so
   * absolute URLs follow the name the client used), and the control plane's origin rule trusts
   * the bound origin rather than whatever `Host` says.
   */
  readonly serverOrigin?: string;
}

/** What the core answers. Status 0 means "drop the connection" (a `network_error` fault). */
export interface CoreResponse {
  status: number;
  headers: Record<string, string>;
  /** Text, or bytes for the sample media. For a stream, all of its frames joined. */
  body: string | Uint8Array | null;
  /**
   * A streamed answer's frames (Server-Sent Events): a transport that streams writes them one by
   * one (the Node server: a write each; Fetch: a ReadableStream enqueuing each); `body` holds the
   * same text joined, for whoever reads the answer whole.
   */
  stream?: readonly string[];
}

/** The answer of a `network_error` fault. */
export const DROPPED_CONNECTION: CoreResponse = Object.freeze({ status: 0, headers: {}, body: null });

/** The core, as every transport calls it. */
export type CoreHandler = (request: CoreRequest, clientIp: string) => Promise<CoreResponse>;
