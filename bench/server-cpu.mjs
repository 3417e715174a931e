// Server CPU rows of `pnpm bench` (called from run.mjs, `--only server-cpu`): the sandbox server's
// CPU per request against a bare node:http server answering the same recorded bytes after a Map
// lookup, from /proc/<pid>/stat (utime + stime) over a fixed load (32 connections for a fixed time). With taskset
// the servers run on cpu 1 and this process (the load generator) on cpu 0, so neither steals the
// other's core; CPU per request is then much steadier than requests per second on a shared box.
// Also: chat completions per second against test-key submits on the same server, and the time
// to the first chunk of a streamed completion (median) against the bare server's first chunk.
import { request } from "node:http";
import { writeFileSync } from "node:fs";
import { canPin, cpuLoad, ENDPOINTS as SERVER_ENDPOINTS, json, median, pinSelf, startServer } from "./lib.mjs";

const SERVER_CPU = 1;
const LOAD_CPU = 0;
// A text model of the catalog (GET /v1/models); the test key is not charged.
const CHAT_MODEL = "claude-opus-4-8";
const CHAT_BODY = { model: CHAT_MODEL, messages: [{ role: "user", content: "Name a lighthouse." }] };

/** The measured requests: the server benchmarks' three, and a chat completion. */
const ENDPOINTS = [
  ...SERVER_ENDPOINTS,
  [
    "POST /v1/chat/completions (test key)",
    (url, key) => ({
      url: `${url}/v1/chat/completions`,
      method: "POST",
      headers: json(key),
      body: JSON.stringify(CHAT_BODY),
    }),
  ],
];

const STREAM_SPEC = (url, key) => ({
  url: `${url}/v1/chat/completions`,
  method: "POST",
  headers: json(key),
  body: JSON.stringify({ ...CHAT_BODY, stream: true }),
});

/** Sends one request and reads the whole answer (status, headers without the per-connection ones, body). */
function send({ url, method = "GET", headers = {}, body }, onFirstChunk) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        if (text === "") onFirstChunk?.();
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Records the sandbox's answers, so the bare server sends the same bytes. */
async function record(specs, file) {
  const out = [];
  for (const spec of specs) {
    const answer = await send(spec);
    if (answer.status !== 200) throw new Error(`record ${spec.url}: ${answer.status} ${answer.body}`);
    const headers = { ...answer.headers };
    for (const name of ["date", "connection", "keep-alive", "transfer-encoding", "content-length"])
      delete headers[name];
    const { pathname, search } = new URL(spec.url);
    out.push({ method: spec.method ?? "GET", path: pathname + search, status: 200, headers, body: answer.body });
  }
  writeFileSync(file, JSON.stringify(out));
}

/** Median time (ms) from sending a request to the first chunk of its body, over `n` requests one at a time. */
async function firstChunkTimes(spec, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    let first = 0;
    await send(spec, () => {
      first = performance.now() - started;
    });
    times.push(first);
  }
  return times;
}

export async function serverCpu({ report, quick, root, tmp }) {
  const pinned = canPin();
  const cpu = pinned ? SERVER_CPU : undefined;
  const unpin = pinned ? pinSelf(LOAD_CPU) : () => {};
  console.log(
    pinned
      ? `  servers pinned to cpu ${SERVER_CPU}, load generator to cpu ${LOAD_CPU} (taskset)`
      : "  taskset unavailable: servers and load generator share the cores",
  );
  const sandbox = await startServer(`${root}bench/servers/sandbox.mjs`, [], { cpu });
  try {
    const submitted = await send(ENDPOINTS[1][1](sandbox.url, sandbox.key));
    const requestId = JSON.parse(submitted.body).request_id;
    const specs = (url) => ENDPOINTS.map(([name, make]) => [name, make(url, sandbox.key, requestId)]);
    const file = `${tmp}/recorded-cpu.json`;
    await record([...specs(sandbox.url).map(([, spec]) => spec), STREAM_SPEC(sandbox.url, sandbox.key)], file);
    const bare = await startServer(`${root}bench/servers/bare.mjs`, [file], { cpu });
    try {
      await measure({ report, quick, sandbox, bare, specs });
      await firstChunk({ report, quick, sandbox, bare });
    } finally {
      await bare.stop();
    }
  } finally {
    await sandbox.stop();
    unpin();
  }
}

/**
 * Rounds of a fixed load per endpoint on both servers, back to back in an order that alternates
 * per round; the rows give the medians and the median of the per-round ratios.
 */
async function measure({ report, quick, sandbox, bare, specs }) {
  const duration = quick ? 2 : 4;
  const rounds = quick ? 3 : 5;
  const servers = { sandbox, bare };
  const results = {};
  for (const [name] of specs(sandbox.url)) results[name] = { sandbox: [], bare: [], cpuRatio: [], rpsRatio: [] };
  // Warm-up: both servers' JITs and the connections.
  for (const server of Object.values(servers)) {
    for (const [, spec] of specs(server.url)) await cpuLoad(server.pid, { ...spec, duration: 1 });
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? ["bare", "sandbox"] : ["sandbox", "bare"];
    for (const [index, [name]] of specs(sandbox.url).entries()) {
      const seen = {};
      for (const which of order) {
        const server = servers[which];
        seen[which] = await cpuLoad(server.pid, { ...specs(server.url)[index][1], duration });
        results[name][which].push(seen[which]);
      }
      results[name].cpuRatio.push(seen.sandbox.cpuUs / seen.bare.cpuUs);
      results[name].rpsRatio.push(seen.sandbox.rps / seen.bare.rps);
      console.log(
        `  round ${round + 1} ${name}: sandbox ${seen.sandbox.cpuUs.toFixed(1)} µs, ${Math.round(seen.sandbox.rps)} req/s; bare ${seen.bare.cpuUs.toFixed(1)} µs, ${Math.round(seen.bare.rps)} req/s`,
      );
    }
  }
  const targets = {
    "GET /v1/account": (r) => r <= 1.8,
    "POST /v1/models/{model} (test key)": (r) => r <= 2.5,
  };
  const of = (list, field) => median(list.map((entry) => entry[field]));
  for (const [name, result] of Object.entries(results)) {
    const spread = `${Math.min(...result.cpuRatio).toFixed(2)}–${Math.max(...result.cpuRatio).toFixed(2)}`;
    report(
      `sandbox server CPU per request vs bare node:http, ${name} (per-round ratios ${spread})`,
      of(result.sandbox, "cpuUs"),
      of(result.bare, "cpuUs"),
      targets[name] ?? null,
      "µs",
      median(result.cpuRatio),
    );
  }
  const account = results["GET /v1/account"];
  report(
    "sandbox vs bare node:http throughput, pinned, GET /v1/account",
    of(account.sandbox, "rps"),
    of(account.bare, "rps"),
    (r) => r >= 0.6,
    "req/s",
    median(account.rpsRatio),
  );
  const chat = results["POST /v1/chat/completions (test key)"].sandbox;
  const submit = results["POST /v1/models/{model} (test key)"].sandbox;
  report(
    "chat completions per second vs generation submits, same sandbox server (test key)",
    of(chat, "rps"),
    of(submit, "rps"),
    null,
    "req/s",
  );
}

/** Time to the first chunk of a streamed completion, the two servers in alternating rounds. */
async function firstChunk({ report, quick, sandbox, bare }) {
  const n = quick ? 100 : 300;
  const rounds = quick ? 3 : 5;
  const times = { sandbox: [], bare: [] };
  for (const server of [sandbox, bare]) await firstChunkTimes(STREAM_SPEC(server.url, sandbox.key), 50);
  for (let round = 0; round < rounds; round++) {
    for (const which of round % 2 ? ["bare", "sandbox"] : ["sandbox", "bare"]) {
      const server = which === "sandbox" ? sandbox : bare;
      times[which].push(...(await firstChunkTimes(STREAM_SPEC(server.url, sandbox.key), n)));
    }
  }
  report(
    "time to first streamed chunk, POST /v1/chat/completions stream: true (median) vs bare node:http's first chunk of the same bytes",
    median(times.sandbox),
    median(times.bare),
    null,
    "ms",
  );
}
