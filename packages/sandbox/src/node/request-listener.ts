import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, errorBody } from "../http/errors.js";
import { jsonResponse, MAX_BODY_BYTES, tooLarge } from "../http/body.js";
import type { CoreHandler, CoreRequest, CoreResponse } from "../http/message.js";

const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 1_000;

/** Options of `createRequestListener`. */
interface ListenerOptions {
  /** Awaited after the core answered and before the answer is written (the state file's flush). */
  beforeRespond?: (method: string) => Promise<void> | undefined;
}

/**
 * The Node side of the one core: the core reads each node:http request through `CoreRequest` and
 * its answer is written as is, in one `writeHead` and one `end`, so no Fetch Request, Response or
 * web stream is built per request (they cost more than the whole contract check; see
 * BENCHMARKS.md). The target is parsed once, here, and handed down. The client IP comes from the
 * socket, never from a header a client could forge. A `network_error` fault (status 0) destroys
 * the socket: to the client that is a dropped connection, exactly what the fault simulates.
 */
export function createRequestListener(
  core: CoreHandler,
  origin: string,
  options: ListenerOptions = {},
): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
  const { beforeRespond } = options;
  return (incoming, outgoing) => {
    const url = targetOf(incoming, origin);
    if (url === null) return badTarget(incoming, outgoing);
    const answered = core(toCoreRequest(incoming, url, origin), incoming.socket.remoteAddress ?? "");
    // A write is acknowledged only once it is on disk (SPEC §5.1: no acknowledged write lost).
    const ready = beforeRespond
      ? answered.then(async (response) => {
          await beforeRespond(incoming.method ?? "GET");
          return response;
        })
      : answered;
    ready.then(
      (response) => respond(incoming, outgoing, response),
      // Only reached if the core throws (it should never) or the commit fails: still the contract's envelope.
      () => respond(incoming, outgoing, internalError()),
    );
  };
}

function internalError(): CoreResponse {
  return jsonResponse(
    500,
    errorBody(new ApiError(500, "internal_error", "The sandbox failed to handle this request.")),
  );
}

/** Writes the core's answer. Its headers are its own (the core builds them per answer): completed in place. */
function respond(incoming: IncomingMessage, outgoing: ServerResponse, response: CoreResponse): void {
  if (response.status === 0) {
    incoming.socket.destroy();
    return;
  }
  // The core may answer (413, 401, …) without reading the body; drain it so keep-alive stays usable.
  if (!incoming.complete) drain(incoming);
  if (response.stream) return void writeStream(outgoing, response.status, response.headers, response.stream);
  const { body, headers } = response;
  // A HEAD answer has no body but keeps the length its GET would have.
  if (body !== null || headers["content-length"] === undefined) {
    headers["content-length"] = String(
      body === null ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength,
    );
  }
  outgoing.writeHead(response.status, headers);
  outgoing.end(body ?? "");
}

/**
 * A streamed answer (chat's Server-Sent Events): chunked, one write per frame, each flushed as it
 * is written, waiting for the socket to drain when it pushes back.
 */
async function writeStream(
  outgoing: ServerResponse,
  status: number,
  headers: Record<string, string>,
  frames: readonly string[],
): Promise<void> {
  outgoing.writeHead(status, headers);
  outgoing.flushHeaders();
  for (const frame of frames) {
    if (outgoing.destroyed) return;
    if (!outgoing.write(frame))
      await new Promise<void>((resolve) => outgoing.once("drain", resolve).once("close", resolve));
  }
  outgoing.end();
}

/** Reads and discards the rest of a request body (bounded), then lets the socket carry on or go. */
function drain(incoming: IncomingMessage): void {
  let bytes = 0;
  const stop = () => {
    clearTimeout(timer);
    incoming.socket.destroySoon();
  };
  const timer = setTimeout(stop, DRAIN_TIMEOUT_MS);
  timer.unref();
  incoming.removeAllListeners("data");
  incoming.on("data", (chunk: Buffer) => {
    bytes += chunk.byteLength;
    if (bytes > DRAIN_MAX_BYTES) stop();
  });
  incoming.once("end", () => clearTimeout(timer));
  incoming.resume();
}

// A Host header worth building URLs on: a name or an IP literal, and a port. Anything else
// (missing, a path, spaces) falls back to the bound origin.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

// Whether a Host is worth building URLs on, per Host seen: a client sends the same one on every
// request, and the test is most of what `baseOf` costs. Bounded: any number of distinct Hosts
// cannot grow it past this.
const HOST_VERDICT_LIMIT = 64;
const hostVerdicts = new Map<string, boolean>();

function usableHost(host: string): boolean {
  let usable = hostVerdicts.get(host);
  if (usable === undefined) {
    usable = HOST.test(host);
    if (hostVerdicts.size >= HOST_VERDICT_LIMIT) hostVerdicts.clear();
    hostVerdicts.set(host, usable);
  }
  return usable;
}

/** The base URL the client used: the `Host` it sent, on the bound scheme; else the bound origin. */
export function baseOf(incoming: IncomingMessage, origin: string): string {
  const host = incoming.headers.host;
  // The bound origin is `http://…` as the server formatted it: its scheme needs no URL parse.
  return host !== undefined && usableHost(host)
    ? `${origin.slice(0, origin.indexOf("//"))}//${host.toLowerCase()}`
    : origin;
}

/**
 * The absolute URL of the request, parsed: its path on the base the client used, or an
 * absolute-form target (`GET http://host/path`) as sent. Null when the target is no URL at all
 * (`http://[/x`, `*`).
 */
function targetOf(incoming: IncomingMessage, origin: string): URL | null {
  const path = incoming.url ?? "/";
  if (path.startsWith("/")) return parsed(baseOf(incoming, origin) + path);
  if (!/^https?:\/\//i.test(path)) return null;
  return parsed(path);
}

function parsed(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** 400 for a request target that is no URL, and the connection closed (the parser's state is unknown). */
function badTarget(incoming: IncomingMessage, outgoing: ServerResponse): void {
  const response = jsonResponse(
    400,
    errorBody(new ApiError(400, "invalid_request", "The request target is not a valid URL.")),
  );
  const body = response.body as string;
  outgoing.writeHead(400, { ...response.headers, "content-length": Buffer.byteLength(body), connection: "close" });
  outgoing.end(body);
  incoming.resume();
}

function toCoreRequest(incoming: IncomingMessage, url: URL, origin: string): CoreRequest {
  return {
    method: incoming.method ?? "GET",
    url: url.href,
    parsedUrl: url,
    serverOrigin: origin,
    headers: { get: (name) => rawHeader(incoming.rawHeaders, name.toLowerCase()) },
    readBody: () => readIncoming(incoming),
  };
}

/**
 * A header as Fetch's `Headers.get` reads it: every line of that name, repeats joined with ", ".
 * Read from the raw lines because Node's `headers` drops repeats of some (Authorization among
 * them), and so both transports see the same credentials; a scan of the few lines a request has
 * costs less than building `headersDistinct`, an object of arrays of every header.
 */
function rawHeader(raw: readonly string[], name: string): string | null {
  let value: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const line = raw[i] as string;
    if (line.length !== name.length || line.toLowerCase() !== name) continue;
    const text = raw[i + 1] as string;
    value = value === null ? text : `${value}, ${text}`;
  }
  return value;
}

/** Reads the body, counting bytes; past the limit it stops listening and rejects with the 413. */
function readIncoming(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > MAX_BODY_BYTES) {
        cleanup();
        incoming.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, total).toString("utf8"));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    incoming.on("data", onData);
    incoming.once("end", onEnd);
    incoming.once("error", onError);
  });
}
