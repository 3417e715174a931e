/**
 * The specific reason of a transport error: undici's `fetch failed` keeps it in `cause`
 * (`connect ECONNREFUSED 127.0.0.1:9`; an AggregateError of both addresses only has `code`).
 */
export function describeCause(error: unknown): string {
  const e = ((error as { cause?: unknown })?.cause ?? error) as { message?: string; code?: string } | undefined;
  return e?.message || e?.code || String(error);
}
