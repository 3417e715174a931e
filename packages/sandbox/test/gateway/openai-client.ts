import OpenAI from "openai";

// What the gateway suites share: the stock client for one key, and the error a call threw.

/** The openai SDK's client for one key: no retries, so every error surfaces as its class at once. */
export function clientFor(target: { baseURL: string }, apiKey: string): OpenAI {
  return new OpenAI({ apiKey, baseURL: target.baseURL, maxRetries: 0 });
}

/** The error `promise` rejects with (fails the test when it resolves). */
export async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}
