const KEY = /\b(clipia_(?:live|test|admin)_)[0-9A-Za-z]{6,}([0-9A-Za-z]{4})\b/g;
const WEBHOOK_SECRET = /\b(whsec_)[0-9A-Za-z]{6,}([0-9A-Za-z]{4})\b/g;

/** Replaces every full key or webhook secret in `text` by its redacted form (`clipia_live_…a1B2`). */
export function redact(text: string): string {
  return text.replace(KEY, "$1…$2").replace(WEBHOOK_SECRET, "$1…$2");
}
