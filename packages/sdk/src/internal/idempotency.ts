/** A fresh `Idempotency-Key`: made once per create call and reused on every retry of that call. */
export function idempotencyKey(): string {
  return `idem_${globalThis.crypto.randomUUID()}`;
}
