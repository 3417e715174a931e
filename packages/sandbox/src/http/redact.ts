// How the sandbox shows a secret it must not repeat, written once for every layer: a key's
// `redacted_value`, a key named in an error message, anything key-shaped echoed back to a client,
// and the keys `clipia-sandbox verify` prints around (SPEC §3: a key appears only redacted).

const KEY = /^(clipia_(?:live|test)_)([A-Za-z0-9_-]+)$/;

/**
 * `clipia_live_…a1B2`: a key's prefix, an ellipsis and the last 4 characters of its body (the
 * whole body when it is shorter). Anything not shaped like a key comes back as a bare `…`.
 */
export function redactKey(secret: string): string {
  const match = KEY.exec(secret);
  return match ? `${match[1]}…${match[2]!.slice(-4)}` : "…";
}

// In free text, a key is a prefix and at least 4 key characters; a webhook secret, `whsec_` and
// its base62 body (shown as `whsec_…`: its tail identifies nothing the client needs).
const KEY_IN_TEXT = /clipia_(?:live|test)_[A-Za-z0-9_-]{4,}/g;
const WEBHOOK_SECRET_IN_TEXT = /(whsec_)[A-Za-z0-9]+/g;

/** `text` with every key in it redacted ({@link redactKey}) and every webhook secret cut to `whsec_…`. */
export function redactSecrets(text: string): string {
  // Most text (every logged path) holds neither: two substring scans instead of two regex passes.
  if (!text.includes("clipia_") && !text.includes("whsec_")) return text;
  return text.replace(KEY_IN_TEXT, redactKey).replace(WEBHOOK_SECRET_IN_TEXT, "$1…");
}
