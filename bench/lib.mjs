// Shared helpers for the benchmarks: child-process servers, load generation, statistics.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import autocannon from "autocannon";

/** Starts `node script ...args` and resolves once it prints its first JSON line. */
export async function startServer(script, args = [], { env } = {}) {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, "line").then(([line]) => line),
    once(child, "exit").then(([code]) => {
      throw new Error(`${script} exited with ${code} before it was ready`);
    }),
  ]);
  return { ...JSON.parse(first), stop: () => stop(child) };
}

export async function stop(child) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

/** Runs autocannon against one request and returns requests per second (mean). */
export async function load({ url, method = "GET", headers = {}, body, connections = 32, duration = 4 }) {
  const result = await autocannon({ url, method, headers, body, connections, duration, pipelining: 1 });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${method} ${url}: ${bad} failed responses of ${result.requests.total}`);
  return result.requests.average;
}

/** Median of an array of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A row of the results table: a ratio against its baseline and the target it is held to. */
export function row(name, value, baseline, target, unit = "") {
  const ratio = value / baseline;
  return { name, value, baseline, ratio, target, unit };
}
