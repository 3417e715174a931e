// `pnpm bench`: every benchmark prints a ratio against a baseline measured in the same run, since
// absolute numbers drift on shared machines. Needs `pnpm build` first (the root script runs it).
// Options: --quick (shorter load runs), --only name[,name]
//   throughput  the sandbox server against a bare node:http server answering recorded bytes
//   server-cpu  the sandbox server's CPU per request against that bare server, pinned (taskset);
//               chat completions per second against submits; time to the first streamed chunk
//   loaded      the sandbox with 10,000 keys and 100,000 stored requests against an empty one
//   sdk         the SDK's per-call overhead against raw fetch, on the same local sandbox server
//   bundle      the SDK bundle of `import { Clipia }` (min+gzip, esbuild, platform neutral)
//   startup     the packed CLI's start-to-ready against a bare node:http start
//   durability  --state writes with 50k stored generations against an empty store; restart with 100k
//   prism       (only when asked) the sandbox against a Prism mock of openapi.yaml
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { auth, ENDPOINTS, load, median, startServer } from "./lib.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const tmp = `${root}.tmp/bench`;
mkdirSync(tmp, { recursive: true });
const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, only: { type: "string" } },
});
const duration = values.quick ? 2 : 5;
const only = values.only ? new Set(values.only.split(",")) : null;
const wanted = (name) => (only ? only.has(name) : name !== "prism");
const rows = [];
const report = (name, value, baseline, target, unit, ratio = value / baseline) => {
  const ok = target ? target(ratio, value) : null;
  rows.push({ name, value, baseline, ratio, ok, unit });
  console.log(
    `${name}: ${fmt(value)} vs ${fmt(baseline)} ${unit} → ratio ${ratio.toFixed(3)}${ok === null ? "" : ok ? "  ✓" : "  ✗ target missed"}`,
  );
};
const fmt = (n) => (n >= 100 ? Math.round(n).toString() : n.toFixed(2));

/** One request to status: the id of a request of this server's key. */
async function submitOne(server) {
  const spec = ENDPOINTS[1][1](server.url, server.key);
  const response = await fetch(spec.url, { method: "POST", headers: spec.headers, body: spec.body });
  if (!response.ok) throw new Error(`submit: ${response.status} ${await response.text()}`);
  return (await response.json()).request_id;
}

/** Records the sandbox's answers so the bare server can send the same bytes. */
async function record(server) {
  const out = [];
  for (const spec of ENDPOINTS.map(([, make]) => make(server.url, server.key, server.requestId))) {
    const response = await fetch(spec.url, { method: spec.method ?? "GET", headers: spec.headers, body: spec.body });
    const headers = {};
    response.headers.forEach((v, k) => {
      if (!["date", "connection", "keep-alive", "transfer-encoding"].includes(k)) headers[k] = v;
    });
    const body = await response.text();
    const { pathname, search } = new URL(spec.url);
    out.push({ method: spec.method ?? "GET", path: pathname + search, status: response.status, headers, body });
  }
  const file = `${tmp}/recorded.json`;
  writeFileSync(file, JSON.stringify(out));
  return file;
}

async function throughput(server, label) {
  const result = {};
  for (const [name, spec] of ENDPOINTS) {
    result[name] = await load({ ...spec(server.url, server.key, server.requestId), duration });
    console.log(`  ${label} ${name}: ${Math.round(result[name])} req/s`);
  }
  return result;
}

async function sandboxServer(args = []) {
  const server = await startServer(`${root}bench/servers/sandbox.mjs`, args);
  return { ...server, requestId: await submitOne(server) };
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);

let empty;
if (wanted("throughput") || wanted("loaded") || wanted("prism") || wanted("sdk")) {
  const sandbox = await sandboxServer();
  if (wanted("sdk")) await sdkOverhead(sandbox);
  if (wanted("throughput") || wanted("loaded") || wanted("prism")) {
    empty = await throughput(sandbox, "sandbox (empty store)");
  }
  if (wanted("throughput")) {
    const bare = await startServer(`${root}bench/servers/bare.mjs`, [await record(sandbox)]);
    const bareResult = await throughput({ ...sandbox, url: bare.url }, "bare node:http");
    for (const name of Object.keys(empty)) {
      report(`sandbox vs bare node:http, ${name}`, empty[name], bareResult[name], (r) => r >= 0.6, "req/s");
    }
    await bare.stop();
  }
  if (wanted("prism")) await prism(empty);
  await sandbox.stop();
}

if (wanted("loaded")) {
  console.log("  populating a sandbox with 10,000 keys and 100,000 requests …");
  const loaded = await sandboxServer(["--keys", "10000", "--requests", "100000"]);
  const result = await throughput(loaded, "sandbox (10k keys, 100k requests)");
  for (const name of Object.keys(result)) {
    report(`loaded vs empty store, ${name}`, result[name], empty[name], (r) => r >= 0.9, "req/s");
  }
  await loaded.stop();
}

async function prism(sandboxResult) {
  const prefix = `${root}.tmp/prism`;
  const bin = `${prefix}/node_modules/.bin/prism`;
  if (!existsSync(bin)) {
    console.log("  installing @stoplight/prism-cli@5.14.2 (the last line that runs on Node 20) into .tmp/prism …");
    execFileSync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "@stoplight/prism-cli@5.14.2"], {
      stdio: "ignore",
    });
  }
  const port = 40000 + Math.floor(Math.random() * 20000);
  const child = spawn(bin, ["mock", "-h", "127.0.0.1", "-p", String(port), `${root}openapi.yaml`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let ready = false;
  child.stdout.on("data", (chunk) => {
    if (/Prism is listening/.test(chunk.toString())) ready = true;
  });
  for (let i = 0; i < 300 && !ready; i++) await new Promise((r) => setTimeout(r, 100));
  if (!ready) throw new Error("prism did not start");
  const url = `http://127.0.0.1:${port}`;
  const key = "clipia_test_prismprismprismprismprismprism";
  for (const [name, spec] of ENDPOINTS.slice(0, 2)) {
    const result = await load({ ...spec(url, key), duration });
    console.log(`  prism ${name}: ${Math.round(result)} req/s`);
    report(`sandbox vs Prism mock, ${name}`, sandboxResult[name], result, null, "req/s");
  }
  child.kill("SIGTERM");
  await once(child, "exit");
}

/**
 * The SDK against raw fetch and against the official client's shape of call, on the same sandbox
 * server, interleaved rounds, median per call.
 */
async function sdkOverhead({ url, key }) {
  const { Clipia } = await import(`${root}packages/sdk/dist/index.js`);
  const clipia = new Clipia({ apiKey: key, baseUrl: url, maxRetries: 0, logLevel: "off" });
  const raw = async () => {
    const response = await fetch(`${url}/v1/account`, { headers: auth(key) });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  };
  // A hand-written equivalent of the official `clipia-ai` client's call (clipia-api.md J.1): its
  // three headers built per call, the body read as text then parsed, no timeout.
  const official = async () => {
    const headers = { Authorization: `Bearer ${key}`, Accept: "application/json", "User-Agent": "clipia-sdk-js/1.1.0" };
    const response = await fetch(`${url}/v1/account`, { method: "GET", headers });
    const text = await response.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new Error(String(response.status));
    return data;
  };
  // What hand-written production code does at least: a timeout, as an AbortSignal (the SDK's
  // `timeout` needs one too; undici charges for following a signal).
  const rawWithTimeout = async () => {
    const response = await fetch(`${url}/v1/account`, { headers: auth(key), signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  };
  const sdk = () => clipia.account.retrieve();
  // Per call: the wall time, and the client process's CPU (user + system, every thread), which the
  // server's share of a round trip and the machine's other load do not blur.
  let cpuPerCall = 0;
  const time = async (fn, n) => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let i = 0; i < n; i++) await fn();
    const used = process.cpuUsage(cpu);
    cpuPerCall = (used.user + used.system) / n;
    return (performance.now() - start) / n;
  };
  // Short rounds, the variants back to back in a rotating order, and the median of the per-round
  // ratios: on a shared machine the load drifts between rounds, much less within one.
  const n = values.quick ? 200 : 400;
  const rounds = values.quick ? 7 : 21;
  const variants = { raw, official, sdk, rawWithTimeout };
  for (const fn of Object.values(variants)) await time(fn, 500);
  const names = Object.keys(variants);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const cpuTimes = Object.fromEntries(names.map((name) => [name, []]));
  const ratios = { raw: [], official: [], rawWithTimeout: [] };
  const cpuRatios = { raw: [], official: [], rawWithTimeout: [] };
  for (let round = 0; round < rounds; round++) {
    const seen = {};
    const seenCpu = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      seen[name] = await time(variants[name], n);
      seenCpu[name] = cpuPerCall;
      times[name].push(seen[name]);
      cpuTimes[name].push(cpuPerCall);
    }
    for (const name of Object.keys(ratios)) {
      ratios[name].push(seen.sdk / seen[name]);
      cpuRatios[name].push(seenCpu.sdk / seenCpu[name]);
    }
  }
  const us = (name) => median(times[name]) * 1000;
  // The spread of the per-round ratios, for BENCHMARKS.md.
  const spread = (name, of = ratios) => {
    const sorted = [...of[name]].sort((a, b) => a - b);
    return `per-round ${sorted[0].toFixed(2)}–${sorted.at(-1).toFixed(2)}`;
  };
  report(
    `SDK account.retrieve() vs the official client's shape of call (fetch + Bearer + json), per call, same sandbox server (${spread("official")})`,
    us("sdk"),
    us("official"),
    (r) => r <= 1.0,
    "µs",
    median(ratios.official),
  );
  report(
    `SDK account.retrieve() vs raw fetch, per call, same sandbox server (${spread("raw")})`,
    us("sdk"),
    us("raw"),
    (r) => r <= 1.1,
    "µs",
    median(ratios.raw),
  );
  report(
    `SDK account.retrieve() vs raw fetch with a timeout signal, per call (${spread("rawWithTimeout")})`,
    us("sdk"),
    us("rawWithTimeout"),
    null,
    "µs",
    median(ratios.rawWithTimeout),
  );

  for (const [name, shape] of [
    ["official", "the official client's shape of call"],
    ["raw", "raw fetch"],
  ]) {
    report(
      `SDK account.retrieve() vs ${shape}, client CPU per call, same sandbox server (${spread(name, cpuRatios)})`,
      median(cpuTimes.sdk),
      median(cpuTimes[name]),
      null,
      "µs",
      median(cpuRatios[name]),
    );
  }

  // Context: the SDK's own work per call, with the network taken out (a fetch answering a
  // ready-made Response in process), against reading the same Response by hand.
  const answer = await raw();
  const text = JSON.stringify(answer);
  const stubFetch = async () => new Response(text, { status: 200, headers: { "content-type": "application/json" } });
  const stubbed = new Clipia({ apiKey: key, baseUrl: url, fetch: stubFetch, maxRetries: 0, logLevel: "off" });
  const stubSdk = () => stubbed.account.retrieve();
  const stubRaw = async () => (await stubFetch()).json();
  const m = values.quick ? 5_000 : 20_000;
  await time(stubSdk, m);
  await time(stubRaw, m);
  const sdkStub = [];
  const rawStub = [];
  for (let round = 0; round < 5; round++) {
    sdkStub.push(await time(stubSdk, m));
    rawStub.push(await time(stubRaw, m));
  }
  report(
    "SDK account.retrieve() with an injected stub fetch vs reading the same Response by hand (the SDK's own work, no network)",
    median(sdkStub) * 1000,
    median(rawStub) * 1000,
    null,
    "µs",
  );
}

if (wanted("bundle")) {
  const size = async (contents) => {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: "ts" },
      bundle: true,
      minify: true,
      write: false,
      format: "esm",
      platform: "neutral",
      mainFields: ["module", "main"],
      conditions: ["import"],
      alias: { "@clipia/sdk": `${root}packages/sdk/dist/index.js` },
      nodePaths: [`${root}packages/sdk/node_modules`],
    });
    return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
  };
  const sdk = await size(`import { Clipia } from "@clipia/sdk"; console.log(Clipia);`);
  const fetchOnly = await size(`import createClient from "openapi-fetch"; console.log(createClient);`);
  report(
    "SDK bundle, import { Clipia } (min+gzip) vs openapi-fetch alone",
    sdk / 1024,
    fetchOnly / 1024,
    (_r, v) => v <= 8,
    "KiB",
  );
}

if (wanted("startup")) {
  const { bin } = JSON.parse(readFileSync(`${root}packages/sandbox/package.json`, "utf8"));
  const cliPath = `${root}packages/sandbox/${typeof bin === "string" ? bin : bin["clipia-sandbox"]}`;
  const time = async (args) => {
    const start = performance.now();
    const server = await startServer(...args);
    const elapsed = performance.now() - start;
    await server.stop().catch(() => {});
    return elapsed;
  };
  const cli = [];
  const bare = [];
  for (let i = 0; i < 7; i++) {
    bare.push(await time([`${root}bench/servers/bare-start.mjs`]));
    cli.push(await time([cliPath, ["--port", "0", "--json"]]));
  }
  report("sandbox CLI start-to-ready vs bare node:http start", median(cli), median(bare), (_r, v) => v <= 300, "ms");
}

if (wanted("server-cpu"))
  await (await import("./server-cpu.mjs")).serverCpu({ report, quick: values.quick, root, tmp });

if (wanted("durability")) await (await import("./durability.mjs")).durability({ report, duration, root, tmp });

console.log("\n| benchmark | value | baseline | ratio | target met |\n| --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(
    `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} ${r.unit} | ${r.ratio.toFixed(3)} | ${r.ok === null ? "n/a" : r.ok ? "yes" : "no"} |`,
  );
}
