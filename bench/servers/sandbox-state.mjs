// The sandbox server with a --state database holding N stored generations.
// argv: --state FILE --requests N. The store is filled in process (no state file), snapshotted to
// FILE as JSON, and the server then starts on FILE, which imports it into the SQLite database:
// one bulk write instead of N commits. Prints {url, key} like servers/sandbox.mjs.
import { rmSync, writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { state: { type: "string" }, requests: { type: "string", default: "0" } } });
const sandboxPkg = new URL("../../packages/sandbox/", import.meta.url);
const { exports } = JSON.parse(readFileSync(new URL("package.json", sandboxPkg), "utf8"));
const { startSandboxServer } = await import(new URL(exports["./node"].import.default, sandboxPkg).href);

const file = values.state;
for (const suffix of ["", "-wal", "-shm", ".bak"]) rmSync(`${file}${suffix}`, { force: true });
const filler = await startSandboxServer({ port: 0, host: "127.0.0.1" });
const unlimited = { rate_limit: { requests: 1_000_000, interval: "1m" } };
const { secret: key } = filler.sandbox.createKey(filler.sandbox.account.account_id, {
  name: "bench",
  environment: "test",
  ...unlimited,
});
for (let i = 0; i < Number(values.requests); i++) {
  const response = await filler.sandbox.fetch(`${filler.url}/v1/models/nano-banana-2`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ input: { prompt: `bench prompt ${i}` } }),
  });
  if (!response.ok) throw new Error(`submit ${i}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}
writeFileSync(file, JSON.stringify(filler.sandbox.snapshot()));
await filler.close();
const server = await startSandboxServer({ port: 0, host: "127.0.0.1", state: file });
console.log(JSON.stringify({ url: server.url, key }));
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
