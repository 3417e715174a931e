// The sandbox server in its own process, optionally with a populated store.
// argv: --keys N --generations N (created through the API before the server reports ready).
import { parseArgs } from "node:util";
import { startSandboxServer } from "../../packages/sandbox/dist/node/index.js";

const { values } = parseArgs({
  options: { keys: { type: "string", default: "0" }, generations: { type: "string", default: "0" } },
});
const server = await startSandboxServer({ port: 0, host: "127.0.0.1" });
const { sandbox } = server;
const call = async (method, path, key, body) => {
  const response = await sandbox.fetch(
    new Request(`http://127.0.0.1:4010${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
};
for (let i = 0; i < Number(values.keys); i++) {
  await call("POST", "/v1/keys", sandbox.keys.admin, { name: `bench key ${i}`, environment: i % 2 ? "live" : "test" });
}
for (let i = 0; i < Number(values.generations); i++) {
  await call("POST", "/v1/models/clipia-image-1", sandbox.keys.test, { input: { prompt: `bench prompt ${i}` } });
}
console.log(JSON.stringify({ url: server.url, keys: sandbox.keys }));
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
