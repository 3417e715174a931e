/**
 * Whether an HTTP error response may be retried (SPEC §4): 408, 409 while the same
 * idempotency key is still being processed, 429 and 5xx. Never 402, 403 or another 4xx: those
 * would fail again the same way, and a 402 retried could only ever surprise the caller.
 */
export function isRetryableStatus(status: number, code: string | null | undefined): boolean {
  if (status === 408 || status === 429 || status >= 500) return true;
  return status === 409 && code === "idempotency_request_in_progress";
}
