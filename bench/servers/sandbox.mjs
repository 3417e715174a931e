// The sandbox server in its own process, optionally with a populated store.
// argv: --keys N --requests N (created in process before the server reports ready).
// Prints {url, key}: a test key of the default account whose rate limit the load cannot reach
// (the default, 120 a minute, is part of the contract and would turn a load run into 429s).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { keys: { type: "string", default: "0" }, requests: { type: "string", default: "0" } },
});
// The built package, resolved through its own exports map (as a user would import it).
const sandboxPkg = new URL("../../packages/sandbox/", import.meta.url);
const { exports } = JSON.parse(readFileSync(new URL("package.json", sandboxPkg), "utf8"));
const { startSandboxServer } = await import(new URL(exports["./node"].import.default, sandboxPkg).href);

const server = await startSandboxServer({ port: 0, host: "127.0.0.1" });
const { sandbox } = server;
const accountId = sandbox.account.account_id;
const unlimited = { rate_limit: { requests: 1_000_000, interval: "1m" } };
const { secret: key } = sandbox.createKey(accountId, { name: "bench", environment: "test", ...unlimited });

for (let i = 0; i < Number(values.keys); i++) {
  sandbox.createKey(accountId, { name: `bench key ${i}`, environment: i % 2 ? "live" : "test" });
}
for (let i = 0; i < Number(values.requests); i++) {
  const response = await sandbox.fetch(`http://127.0.0.1:4010/v1/models/nano-banana-2`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ input: { prompt: `bench prompt ${i}` } }),
  });
  if (!response.ok) throw new Error(`submit ${i}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}
console.log(JSON.stringify({ url: server.url, key }));
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
