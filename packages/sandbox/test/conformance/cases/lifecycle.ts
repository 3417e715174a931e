import type { CaseContext, CodeStep } from "../types.js";

/** What one status poll showed. */
interface Seen {
  clockMs: number;
  status: string;
  queue_position: number | null;
  progress: number | null;
}

const ORDER = ["IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELED"];
const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELED"]);

/**
 * Polls the status of saved submits while moving the account clock in `stepMs` steps, and checks
 * SPEC §2's lifecycle: statuses only move forward, the queue position only counts down (an integer
 * while IN_QUEUE, else null), progress only rises (0–100 while IN_PROGRESS, 100 when COMPLETED,
 * else null), the result is 202 until terminal, and every request ends by `limitMs` of clock time.
 */
export function runLifecycle(options: {
  account: string;
  key: string;
  saved: string[];
  stepMs: number;
  limitMs: number;
  final?: string;
}): CodeStep {
  return {
    label: `lifecycle of ${options.saved.join(", ")} within ${options.limitMs / 1000} s`,
    run: async (ctx: CaseContext) => {
      const seen = new Map<string, Seen[]>(options.saved.map((name) => [name, []]));
      let clockMs = 0;
      for (;;) {
        let open = 0;
        for (const name of options.saved) {
          const id = ctx.vars[name].request_id as string;
          const list = seen.get(name)!;
          if (list.length > 0 && TERMINAL.has(list[list.length - 1]!.status)) continue;
          const status = await ctx.call({ path: `/v1/requests/${id}/status`, auth: options.key });
          if (status.status !== 200) throw new Error(`status of ${name}: ${status.status}`);
          const { status: s, queue_position, progress, logs } = status.body;
          if (!Array.isArray(logs)) throw new Error(`${name}: logs is not an array`);
          list.push({ clockMs, status: s, queue_position, progress });
          const result = await ctx.call({ path: `/v1/requests/${id}`, auth: options.key });
          let pending = !TERMINAL.has(s);
          // The clock also runs in real time: the request may have ended between the two reads.
          if (pending && result.status === 200 && TERMINAL.has(result.body.status)) {
            pending = false;
            list.push({
              clockMs,
              status: result.body.status,
              queue_position: null,
              progress: result.body.status === "COMPLETED" ? 100 : null,
            });
          } else if (result.status !== (pending ? 202 : 200))
            throw new Error(`${name}: result ${result.status} while ${s}`);
          if (pending) {
            const keys = Object.keys(result.body).sort().join(",");
            if (keys !== "progress,queue_position,request_id,status")
              throw new Error(`${name}: a 202 result has fields ${keys}`);
            open++;
          }
        }
        if (open === 0) break;
        if (clockMs >= options.limitMs)
          throw new Error(`still pending after ${options.limitMs} ms of clock time: ${JSON.stringify([...seen])}`);
        const advanced = await ctx.call({
          path: "/_sandbox/clock/advance",
          body: { ms: options.stepMs, account_id: ctx.vars[options.account].id },
        });
        if (advanced.status !== 200) throw new Error(`clock advance: ${advanced.status}`);
        clockMs += options.stepMs;
      }
      for (const [name, list] of seen) check(name, list, options.final ?? "COMPLETED");
    },
  };
}

function check(name: string, list: Seen[], final: string): void {
  const fail = (why: string) => {
    throw new Error(`${name}: ${why}\n  seen: ${JSON.stringify(list)}`);
  };
  const last = list[list.length - 1]!;
  if (last.status !== final) fail(`ended ${last.status}, expected ${final}`);
  for (const [i, now] of list.entries()) {
    if (!ORDER.includes(now.status)) fail(`unknown status ${now.status}`);
    if (now.status === "IN_QUEUE") {
      if (!Number.isInteger(now.queue_position) || now.queue_position! < 0)
        fail("IN_QUEUE without an integer queue_position");
      if (now.progress !== null) fail("progress while IN_QUEUE");
    } else if (now.queue_position !== null) fail(`queue_position ${now.queue_position} while ${now.status}`);
    if (now.status === "IN_PROGRESS" && (!Number.isInteger(now.progress) || now.progress! < 0 || now.progress! > 100))
      fail("IN_PROGRESS progress outside 0-100");
    if (now.status === "COMPLETED" && now.progress !== 100) fail("COMPLETED without progress 100");
    const before = list[i - 1];
    if (!before) continue;
    if (ORDER.indexOf(now.status) < ORDER.indexOf(before.status))
      fail(`went back from ${before.status} to ${now.status}`);
    if (now.status === "IN_QUEUE" && now.queue_position! > before.queue_position!) fail("the queue position went up");
    if (now.status === "IN_PROGRESS" && before.status === "IN_PROGRESS" && now.progress! < before.progress!)
      fail("progress went down");
  }
}
