import type { StatusResponse } from "../index.js";
import type { Output } from "./io.js";

const SPINNER = ["-", "\\", "|", "/"];
const BAR = 20;

/** `12s`, `3m05s`. */
function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/** The text of the progress line for one status, `elapsed` ms into the wait. */
function progressText(status: StatusResponse, elapsed: number, frame = 0): string {
  const parts = [SPINNER[frame % SPINNER.length], status.status];
  if (status.status === "IN_QUEUE" && status.queue_position !== null) parts.push(`position ${status.queue_position}`);
  if (status.progress !== null && status.status === "IN_PROGRESS") {
    const done = Math.round((status.progress / 100) * BAR);
    parts.push(`[${"#".repeat(done)}${"-".repeat(BAR - done)}] ${status.progress}%`);
  }
  parts.push(formatElapsed(elapsed), status.request_id, "(Ctrl-C stops waiting)");
  return parts.join("  ");
}

/**
 * What a wait shows on stderr. On a terminal, one line redrawn in place (status, queue position,
 * progress, elapsed), ticking every second; elsewhere, one plain line when it enters IN_QUEUE or IN_PROGRESS, so
 * that a log shows the request id and its course without a flood of progress updates.
 */
export class ProgressLine {
  readonly #out: Output;
  readonly #live: boolean;
  readonly #start = Date.now();
  #status: StatusResponse | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #frame = 0;
  #drawn = false;

  constructor(out: Output) {
    this.#out = out;
    this.#live = out.io.stderr.isTTY === true;
  }

  /** A status seen by the wait (its first, and every change). */
  update(status: StatusResponse): void {
    const previous = this.#status;
    this.#status = status;
    if (this.#live) {
      this.#draw();
      this.#timer ??= setInterval(() => this.#draw(), 1000);
      this.#timer.unref?.();
    } else if (previous?.status !== status.status && status.status.startsWith("IN_")) {
      const detail =
        status.status === "IN_QUEUE" && status.queue_position !== null ? ` (position ${status.queue_position})` : "";
      this.#out.note(`clipia: request ${status.request_id}: ${status.status}${detail}`);
    }
  }

  /** Clears the line (on a terminal); call before anything else is written to stderr or stdout. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#drawn) this.#out.raw("\r\x1b[2K");
    this.#drawn = false;
  }

  #draw(): void {
    if (!this.#status) return;
    const width = Math.max(20, (this.#out.io.stderr.columns || 80) - 1);
    const text = progressText(this.#status, Date.now() - this.#start, this.#frame++);
    this.#out.raw(`\r\x1b[2K${text.length > width ? text.slice(0, width) : text}`);
    this.#drawn = true;
  }
}
