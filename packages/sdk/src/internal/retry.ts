/**
 * Whether an error response may be retried (SPEC §4): 408, 409 `request_in_progress` (the same
 * submit is still being processed), 429 and ≥ 500. Never another 4xx: it would fail the same way.
 */
export function isRetryableStatus(status: number, code: string | null): boolean {
  return status === 408 || status === 429 || status >= 500 || (status === 409 && code === "request_in_progress");
}
