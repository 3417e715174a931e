import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxServerError, startSandboxServer } from "@clipia/sandbox/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStatePersister, readStateFile, writeFileAtomic } from "../../src/node/state-file.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "clipia-state-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("state file primitives", () => {
  it("writeFileAtomic replaces the file and leaves no temporary file behind", async () => {
    const path = join(dir, "state.json");
    await writeFile(path, "old");
    await writeFileAtomic(path, "new");
    expect(await readFile(path, "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("readStateFile: undefined when absent, state_corrupt when not JSON", async () => {
    expect(await readStateFile(join(dir, "none.json"))).toBeUndefined();
    const path = join(dir, "bad.json");
    await writeFile(path, "{not json");
    await expect(readStateFile(path)).rejects.toMatchObject({ code: "state_corrupt" });
  });

  it("a change during a write is written afterwards, never lost", async () => {
    const path = join(dir, "state.json");
    let version = 0;
    const persister = createStatePersister({ path, delayMs: 1, serialize: () => JSON.stringify({ version }) });
    version = 1;
    persister.schedule();
    await new Promise((resolve) => setTimeout(resolve, 5));
    version = 2;
    persister.schedule();
    await persister.flush();
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ version: 2 });
  });
});

const json = async (response: Response) => (await response.json()) as any;

describe("startSandboxServer({ state })", () => {
  it("restores keys, balances and requests after a restart; the file holds no secret of a created key", async () => {
    const path = join(dir, "state.json");
    const first = await startSandboxServer({ port: 0, seed: 5, state: path });
    const accountId = first.sandbox.account.account_id;
    const created = await fetch(`${first.url}/_sandbox/accounts/${accountId}/keys`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "persisted", environment: "live" }),
    });
    expect(created.status).toBe(201);
    const { secret, id } = await json(created);
    const submitted = await json(await fetch(`${first.url}/v1/models/flux-2-pro`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "kept" } }),
    }));
    const balance = (await json(await fetch(`${first.url}/v1/account`, { headers: { authorization: `Bearer ${secret}` } }))).balance.credits;

    // A created account's keys are not the well-known default keys: not stored either (SPEC §5.1).
    const other = await json(await fetch(`${first.url}/_sandbox/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }));
    await first.close();

    const saved = await readFile(path, "utf8");
    expect(saved).toContain(id);
    expect(saved).not.toContain(secret);
    for (const key of Object.values(other.keys as Record<string, string>)) expect(saved).not.toContain(key);
    expect(saved).toContain(first.sandbox.keys.live);

    const second = await startSandboxServer({ port: 0, seed: 5, state: path });
    try {
      const account = await fetch(`${second.url}/v1/account`, { headers: { authorization: `Bearer ${secret}` } });
      expect(account.status).toBe(200);
      expect((await json(account)).balance.credits).toBe(balance);
      const status = await fetch(`${second.url}/v1/requests/${submitted.request_id}/status`, { headers: { authorization: `Bearer ${secret}` } });
      expect(status.status).toBe(200);
      const keys = await json(await fetch(`${second.url}/_sandbox/accounts/${accountId}/keys`));
      expect(JSON.stringify(keys)).toContain(id);
      expect((await fetch(`${second.url}/v1/account`, { headers: { authorization: `Bearer ${other.keys.test}` } })).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("refuses a corrupt state file and leaves it untouched", async () => {
    const path = join(dir, "state.json");
    await writeFile(path, '{"half": ');
    const error = await startSandboxServer({ port: 0, state: path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxServerError);
    expect((error as SandboxServerError).code).toBe("state_corrupt");
    expect(await readFile(path, "utf8")).toBe('{"half": ');
  });
});
