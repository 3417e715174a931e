import { ApiError } from "./errors.js";
import { unknownNameMessage } from "./options.js";
import type { CoreRequest, CoreResponse } from "./message.js";

/** Bodies above this many bytes are a 413 (SPEC §3). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The content type of every JSON answer. */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** A JSON response. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): CoreResponse {
  return { status, headers: { "content-type": JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** The 413 for a body past `MAX_BODY_BYTES`. */
export function tooLarge(): ApiError {
  return new ApiError(413, "invalid_request", `Request bodies are limited to ${MAX_BODY_BYTES} bytes (1 MiB).`);
}

/** Rejects early on a declared Content-Length above the limit, before reading anything. */
export function checkDeclaredLength(request: Pick<CoreRequest, "headers">): void {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
}

/** Reads the body as text, counting the actual bytes so a lying Content-Length cannot pass. */
export async function readBodyText(request: Request): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      // Not awaited: a tee'd stream (MSW clones requests) settles its cancel only when every branch is done.
      reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

// Limits on the shape of a JSON body, checked on the raw text before anything parses, hashes or
// copies it: a deep body would overflow the stack of recursive code later (cloning, hashing) and
// costs JSON.parse far more than one linear scan; a wide one (tens of thousands of keys) costs the
// parser and the canonical form superlinearly. No request the API takes comes near either limit.

/** Arrays and objects nest at most this deep. */
const MAX_BODY_DEPTH = 64;
/** A body holds at most this many values in arrays and objects (keys and elements, all levels together). */
const MAX_BODY_ENTRIES = 10_000;

/**
 * 400 `invalid_request` when JSON text nests deeper than {@link MAX_BODY_DEPTH} or holds more than
 * {@link MAX_BODY_ENTRIES} entries. One pass over the text (strings skipped), stopping at the first
 * excess, so it runs before the idempotency fingerprint as well as before the parse. Text that is
 * not JSON is only scanned; the parse reports it.
 */
export function checkBodyShape(text: string): void {
  let depth = 0;
  // Counted from the syntax: each container may hold a first entry, each comma one more.
  let entries = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92)
        i++; // a backslash escapes the next character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      if (++depth > MAX_BODY_DEPTH) {
        throw new ApiError(400, "invalid_request", `The request body is nested deeper than ${MAX_BODY_DEPTH} levels.`);
      }
      entries++;
    } else if (code === 125 || code === 93) depth--;
    else if (code === 44) entries++;
    if (entries > MAX_BODY_ENTRIES) {
      throw new ApiError(
        400,
        "invalid_request",
        `The request body holds more than ${MAX_BODY_ENTRIES} keys and array elements.`,
      );
    }
  }
}

/**
 * Parses a request body: empty is `undefined`; a non-JSON content type is a 415 (a missing one is
 * read as JSON, as curl users expect); a body past the shape limits ({@link checkBodyShape}),
 * malformed JSON or a non-object is a 400 `invalid_request`. `shapeChecked`: the caller already
 * ran {@link checkBodyShape} on this text (the public pipeline does, before the idempotency
 * fingerprint), so the text is not scanned twice.
 */
export function parseJsonBody(
  text: string,
  contentType: string | null,
  { shapeChecked = false }: { shapeChecked?: boolean } = {},
): Record<string, unknown> | undefined {
  if (text.trim() === "") return undefined;
  if (contentType !== null) {
    const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
    if (mediaType !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) {
      throw new ApiError(415, "invalid_request", "Request bodies must be JSON (Content-Type: application/json).");
    }
  }
  if (!shapeChecked) checkBodyShape(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_request", "The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ApiError(400, "invalid_request", "The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** 400 on any top-level body field outside `allowed`, suggesting the field meant (`webhookUrl`: `webhook_url`). */
export function rejectUnknownFields(body: Record<string, unknown> | undefined, allowed: readonly string[]): void {
  for (const field of Object.keys(body ?? {})) {
    if (!allowed.includes(field))
      throw new ApiError(400, "invalid_request", unknownNameMessage("parameter", field, allowed));
  }
}
