// Durability rows of `pnpm bench` (called from run.mjs): the --state database under write load
// with 50k stored generations against an empty one (throughput ratio ≥ 0.8, p99 ≤ 20 ms), and
// the CLI's restart time on a database of 100k stored requests against an empty database.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { median, startServer } from "./lib.mjs";

/** Submits for `duration` s: requests per second and p99 latency (ms), after a 1 s warm-up. */
async function writeLoad(url, key, duration, connections) {
  await submitFor(url, key, 1, connections);
  return submitFor(url, key, duration, connections);
}

async function submitFor(url, key, duration, connections) {
  const result = await autocannon({
    url: `${url}/v1/models/nano-banana-2`,
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ input: { prompt: "a lighthouse at dusk" } }),
    connections,
    duration,
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`durability write load: ${bad} failed responses of ${result.requests.total}`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

/** Start-to-ready of `clipia-sandbox --state file` (ms). */
async function cliStart(cli, file) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "--port", "0", "--json", "--state", file], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await once(createInterface({ input: child.stdout }), "line");
  const ms = performance.now() - started;
  child.kill("SIGTERM");
  await once(child, "exit");
  return ms;
}

export async function durability({ report, duration, root, tmp }) {
  const script = `${root}bench/servers/sandbox-state.mjs`;
  // Throughput at 32 connections (saturated); p99 at 4 (a test suite's parallel workers), since
  // at saturation p99 is queueing on 2 cores, not the cost of a write. The two servers are
  // measured in alternation, three rounds, medians: a shared machine's drift hits both alike.
  const empty = await startServer(script, ["--state", `${tmp}/durability-empty.db`]);
  const full = await startServer(script, ["--state", `${tmp}/durability-50k.db`, "--requests", "50000"]);
  const runs = { empty: [], full: [], emptyLatency: [], fullLatency: [] };
  for (let round = 0; round < 3; round++) {
    runs.empty.push(await writeLoad(empty.url, empty.key, duration, 32));
    runs.full.push(await writeLoad(full.url, full.key, duration, 32));
    runs.emptyLatency.push(await writeLoad(empty.url, empty.key, duration, 4));
    runs.fullLatency.push(await writeLoad(full.url, full.key, duration, 4));
  }
  await empty.stop();
  await full.stop();
  const m = (list, field) => median(list.map((run) => run[field]));
  report(
    "--state writes/s (32 connections), 50k stored generations vs empty store",
    m(runs.full, "rps"),
    m(runs.empty, "rps"),
    (r) => r >= 0.8,
    "req/s",
  );
  report(
    "--state write p99 (4 connections), 50k stored generations vs empty store",
    m(runs.fullLatency, "p99"),
    m(runs.emptyLatency, "p99"),
    (_r, v) => v <= 20,
    "ms",
  );
  report(
    "--state write p99 (32 connections), 50k stored generations vs empty store",
    m(runs.full, "p99"),
    m(runs.empty, "p99"),
    null,
    "ms",
  );

  // Restart: the database of 100k stored requests, opened by the CLI, against an empty one.
  const big = await startServer(script, ["--state", `${tmp}/durability-100k.db`, "--requests", "100000"]);
  await big.stop();
  const small = await startServer(script, ["--state", `${tmp}/durability-0.db`]);
  await small.stop();
  const cli = `${root}packages/sandbox/dist/cli.js`;
  const bigTimes = [];
  const smallTimes = [];
  for (let i = 0; i < 3; i++) {
    bigTimes.push(await cliStart(cli, `${tmp}/durability-100k.db`));
    smallTimes.push(await cliStart(cli, `${tmp}/durability-0.db`));
  }
  report(
    "--state restart, 100k stored requests vs empty database",
    median(bigTimes),
    median(smallTimes),
    (_r, v) => v <= 5_000,
    "ms",
  );
}
