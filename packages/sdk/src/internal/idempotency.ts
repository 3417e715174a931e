/** A fresh `Idempotency-Key` (UUID v4): made once per submit and reused on every retry of it. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
