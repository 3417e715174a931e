// Shared helpers for the benchmarks: child-process servers, load generation, statistics.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { createInterface } from "node:readline";
import autocannon from "autocannon";

/** The Bearer header of a request with `key`. */
export const auth = (key) => ({ authorization: `Bearer ${key}` });
/** The headers of a JSON request with `key`. */
export const json = (key) => ({ ...auth(key), "content-type": "application/json" });

/**
 * The requests the server benchmarks measure: [row name, spec of the request against `url` with
 * `key`; the status read also takes the id of a request of that key].
 */
export const ENDPOINTS = [
  ["GET /v1/account", (url, key) => ({ url: `${url}/v1/account`, headers: auth(key) })],
  [
    "POST /v1/models/{model} (test key)",
    (url, key) => ({
      url: `${url}/v1/models/nano-banana-2`,
      method: "POST",
      headers: json(key),
      body: JSON.stringify({ input: { prompt: "a lighthouse at dusk" } }),
    }),
  ],
  [
    "GET /v1/requests/{id}/status",
    (url, key, requestId) => ({ url: `${url}/v1/requests/${requestId}/status`, headers: auth(key) }),
  ],
];

/**
 * Starts `node script ...args` and resolves once it prints its first JSON line. With `cpu`, the
 * process runs pinned to that core (`taskset -c cpu`, which execs node: the pid is node's).
 */
export async function startServer(script, args = [], { env, cpu } = {}) {
  const command = cpu === undefined ? [process.execPath] : ["taskset", "-c", String(cpu), process.execPath];
  const child = spawn(command[0], [...command.slice(1), script, ...args], {
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
  return { ...JSON.parse(first), pid: child.pid, stop: () => stop(child) };
}

/** Whether `taskset` can pin processes here (Linux with util-linux, at least two cores). */
export function canPin() {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Pins every thread of this process to `cpu` (the load generator's core); returns the undo. */
export function pinSelf(cpu) {
  const pid = String(process.pid);
  // "pid N's current affinity mask: 3": the hex mask to put back.
  const mask = execFileSync("taskset", ["-p", pid], { encoding: "utf8" }).trim().split(" ").pop();
  execFileSync("taskset", ["-a", "-p", "-c", String(cpu), pid], { stdio: "ignore" });
  return () => execFileSync("taskset", ["-a", "-p", mask, pid], { stdio: "ignore" });
}

// Clock ticks per second of /proc/<pid>/stat's utime and stime: 100 on every Linux we run on.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, all threads) a process has used so far, in ms, from /proc/<pid>/stat. */
export function processCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/**
 * A fixed load (`connections` at a time for `duration` s, autocannon): the server's CPU per request
 * (µs) and the requests per second it answered. A fixed duration rather than a fixed count:
 * autocannon checks a count once a second, so the run's length would round up to whole seconds.
 */
export async function cpuLoad(pid, { url, method = "GET", headers = {}, body, duration, connections = 32 }) {
  const cpuBefore = processCpuMs(pid);
  const result = await autocannon({ url, method, headers, body, connections, duration, pipelining: 1 });
  const cpuMs = processCpuMs(pid) - cpuBefore;
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${method} ${url}: ${bad} failed responses of ${result.requests.total}`);
  return { cpuUs: (cpuMs * 1000) / result.requests.total, rps: result.requests.total / duration };
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
