// The sandbox's control plane (/_sandbox/*, no auth) over HTTP, for the examples that need an
// isolated account, a fault or a clock change. It exists only in the sandbox, never in the real API.
import type { SandboxAccountCredentials } from "@clipia/sandbox";

const baseUrl = () => process.env.CLIPIA_BASE_URL ?? "http://127.0.0.1:4010";

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl()}/_sandbox/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /_sandbox/${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** A fresh account with its own four keys: nothing another test does can reach it. */
export const createAccount = (body: { balance_credits?: number } = {}) =>
  post<SandboxAccountCredentials>("accounts", body);

/** The next `count` requests matching `method` and `path` fail as described. */
export const injectFault = (fault: Record<string, unknown>) => post<{ id: string }>("faults", fault);

/** Moves the sandbox clock forward. */
export const advanceClock = (ms: number) => post<{ now: string }>("clock/advance", { ms });
