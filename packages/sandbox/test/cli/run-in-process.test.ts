import { describe, expect, it } from "vitest";
import { type CliIo, run } from "../../src/node/cli.js";

// `run(argv, io)` is the whole command with its process passed in: driven here in process, with
// recorded streams and a stop the test triggers (the spawned-binary tests in cli.test.ts cover the bin).

function recordingIo() {
  let out = "";
  let err = "";
  let stop: () => void = () => undefined;
  let serving: () => void = () => undefined;
  const up = new Promise<void>((resolve) => (serving = resolve));
  const io: CliIo = {
    env: {},
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    untilStopped: () => {
      serving();
      return new Promise<void>((resolve) => (stop = resolve));
    },
  };
  return { io, stdout: () => out, stderr: () => err, up, stop: () => stop() };
}

describe("run(argv, io): the clipia-sandbox command in process", () => {
  it("--help writes the usage to io.stdout and resolves 0, without waiting for a stop", async () => {
    const cli = recordingIo();
    expect(await run(["--help"], cli.io)).toBe(0);
    expect(cli.stdout()).toMatch(/^Usage: clipia-sandbox \[options\]/);
    expect(cli.stderr()).toBe("");
  });

  it("a usage error goes to io.stderr, exit code 2", async () => {
    const cli = recordingIo();
    expect(await run(["--port", "http"], cli.io)).toBe(2);
    expect(cli.stderr()).toMatch(/^clipia-sandbox: --port must be an integer/);
    expect(cli.stdout()).toBe("");
  });

  it("serves until io.untilStopped() resolves, then closes the server and resolves 0", async () => {
    const cli = recordingIo();
    const exited = run(["--port", "0", "--json", "--seed", "7"], cli.io);
    await cli.up;
    const ready = JSON.parse(cli.stdout()) as { url: string; keys: { test: string }; account: { account_id: string } };
    const answer = await fetch(`${ready.url}/v1/account`, { headers: { authorization: `Bearer ${ready.keys.test}` } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { account_id: string }).account_id).toBe(ready.account.account_id);
    cli.stop();
    expect(await exited).toBe(0);
    await expect(fetch(`${ready.url}/v1/account`)).rejects.toThrow(TypeError);
  });
});
