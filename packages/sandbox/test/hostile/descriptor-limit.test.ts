import { spawn } from "node:child_process";
import { get } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, ensureBuilt } from "../cli/run-cli.js";
import { silentSocket } from "./raw.js";

// A server under a low file-descriptor limit (`ulimit -n 256`): its connection cap follows the
// limit, so idle sockets cannot take every descriptor (then the OS resets each new connection),
// and at the cap the longest-idle socket makes room for a client. Linux only: elsewhere the limit
// is not readable without spawning a process, and the default cap stays 1024.

const LIMIT = 256;
const IDLE_SOCKETS = 300;

/** One GET on its own connection (no keep-alive pool), resolving the status. */
function getOnce(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    }).on("error", reject);
  });
}

describe.skipIf(process.platform !== "linux")(`a server started under ulimit -n ${LIMIT}`, () => {
  let child: ReturnType<typeof spawn>;
  let url: string;
  const idle: Socket[] = [];

  beforeAll(async () => {
    ensureBuilt();
    child = spawn("bash", ["-c", `ulimit -n ${LIMIT} && exec "$0" "$1" --port 0 --json`, process.execPath, CLI], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout = child.stdout!;
    url = await new Promise<string>((resolve, reject) => {
      let out = "";
      stdout.setEncoding("utf8").on("data", (chunk: string) => {
        out += chunk;
        if (out.includes("\n")) resolve((JSON.parse(out.split("\n")[0]!) as { url: string }).url);
      });
      child.once("exit", (code) => reject(new Error(`the server exited (${code}) before its ready line`)));
    });
  }, 180_000);

  afterAll(async () => {
    for (const socket of idle) socket.destroy();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it(`still serves normal requests while ${IDLE_SOCKETS} idle sockets are open`, async () => {
    for (let i = 0; i < IDLE_SOCKETS; i++) {
      const socket = await silentSocket(url);
      socket.on("error", () => undefined);
      idle.push(socket);
    }
    for (let i = 0; i < 20; i++) expect(await getOnce(`${url}/_sandbox/accounts`)).toBe(200);
  });
});
