import { GenerationCanceledError, GenerationFailedError, type ResultResponse, type StatusResponse } from "../index.js";
import { parseDuration } from "./args.js";
import type { Context } from "./context.js";
import { downloadOutputs } from "./download.js";
import { describeError, EXIT, usage } from "./exit-codes.js";
import { renderResult } from "./format.js";
import { ProgressLine } from "./progress.js";

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELED"]);

/** `--timeout` and `--poll-interval`, in ms. */
interface WaitTimes {
  timeout?: number | undefined;
  pollInterval?: number | undefined;
}

/** `--timeout` and `--poll-interval` parsed, before anything is sent (a typo must not cost a submit). */
export function waitTimes({ values, command }: Context): WaitTimes {
  const read = (name: "timeout" | "poll-interval") =>
    values[name] === undefined ? undefined : parseDuration(values[name], name, command.name);
  const times = { timeout: read("timeout"), pollInterval: read("poll-interval") };
  // Faster polling only spends the key's rate limit.
  if (times.pollInterval !== undefined && times.pollInterval < 100)
    throw usage("--poll-interval must be at least 100ms", command.name);
  return times;
}

/**
 * Waits for request `id` with a progress line, then shows its result (and saves its outputs
 * with `--download`). `first` is what the submit answered, if this follows one: a terminal
 * status (a test key's) goes straight to the result, with no status poll.
 */
export async function waitAndShow(ctx: Context, id: string, times: WaitTimes, first?: StatusResponse): Promise<number> {
  const { io } = ctx;
  const client = ctx.client();
  ctx.requestId = id;
  if (first && TERMINAL.has(first.status)) {
    const result = await client.queue.result(id, { signal: io.signal });
    if (!result.pending) return showFinal(ctx, result);
  }
  const progress = new ProgressLine(ctx.out);
  let result: ResultResponse;
  try {
    if (first) progress.update(first);
    result = await client.queue.wait(id, {
      ...times,
      signal: io.signal,
      onQueueUpdate: (status) => progress.update(status),
    });
  } catch (error) {
    progress.stop();
    if (error instanceof GenerationFailedError || error instanceof GenerationCanceledError)
      return showFinal(ctx, error.result);
    throw error;
  }
  progress.stop();
  return showFinal(ctx, result);
}

/**
 * Prints a final result (with the saved files under `files` when `--download` is given): exit
 * 0 when `COMPLETED`, else the error line and exit 10.
 */
export async function showFinal(ctx: Context, result: ResultResponse): Promise<number> {
  const { out, values, io } = ctx;
  const final = { ...result, pending: false as const };
  const files =
    result.status === "COMPLETED" && values.download !== undefined
      ? await downloadOutputs(result, values.download, io.signal)
      : undefined;
  out.document(files ? { ...final, files } : final, () => renderResult(final, files));
  if (result.status === "COMPLETED") return EXIT.ok;
  const ended = result.status === "FAILED" ? new GenerationFailedError(result) : new GenerationCanceledError(result);
  out.note(`clipia: ${describeError(ended)}`);
  return EXIT.generationFailed;
}
