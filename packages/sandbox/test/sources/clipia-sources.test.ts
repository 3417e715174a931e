import { randomUUID } from "node:crypto";
import { connectSandbox, type RemoteSandbox } from "@clipia/sandbox";
import { type SandboxServer, startSandboxServer } from "@clipia/sandbox/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MUST_FAIL, type RecordedRequest, SOURCES } from "./fixtures.js";

// Clipia's own examples against the sandbox server: the code blocks of the official clients'
// READMEs, Clipia's OpenMontage tools and issue 19's two extra values, replayed as the HTTP
// requests each makes (recorded in test/fixtures/clipia-sources/, derived from the clients' source),
// with a test key and with a live key of a fresh account. The live key's polls advance the
// account's clock by the client's poll interval instead of sleeping. Then the strict checks: the
// inputs that must still be refused are.

const TERMINAL = ["COMPLETED", "FAILED", "CANCELED"];
/** The JS client's default timeout (600 s) over its 1 s poll: more polls than any client makes. */
const MAX_POLLS = 600;

let server: SandboxServer;
let control: RemoteSandbox;

beforeAll(async () => {
  server = await startSandboxServer({ port: 0 });
  control = connectSandbox(server.url);
});
afterAll(async () => {
  await server?.close();
});

/** What a submit or an estimate priced, to compare the two for one input. */
interface Priced {
  model: string;
  input: unknown;
  credits?: number;
  cost?: number;
}

/** Replays one block's requests for one key, the way its client sends them. */
class Replay {
  private readonly saved = new Map<string, any>();
  private readonly uuids = new Map<string, string>();
  readonly priced: Priced[] = [];

  constructor(
    private readonly key: string,
    private readonly accountId: string,
  ) {}

  async run(requests: readonly RecordedRequest[]): Promise<void> {
    for (const request of requests) {
      if (request.poll) await this.poll(request);
      else await this.send(request);
    }
    await this.comparePrices();
  }

  /** The client's poll loop: until the status is terminal, the clock advanced by its interval. */
  private async poll(request: RecordedRequest): Promise<void> {
    const poll = request.poll!;
    const polled = this.savedName(request);
    if (!poll.at_least_once && TERMINAL.includes(this.saved.get(polled)?.status)) return;
    for (let round = 0; round < MAX_POLLS; round++) {
      if (poll.advance_clock_before) await this.sleep(poll.interval_ms);
      const status = await this.send(request);
      if (TERMINAL.includes(status.status)) {
        this.saved.set(polled, { ...this.saved.get(polled), status: status.status });
        return;
      }
      expect(["IN_QUEUE", "IN_PROGRESS"]).toContain(status.status);
      if (!poll.advance_clock_before) await this.sleep(poll.interval_ms);
    }
    throw new Error(`${describeRequest(request)} never reached a terminal status`);
  }

  private async sleep(ms: number): Promise<void> {
    await control.advanceClock(ms, { account_id: this.accountId });
  }

  private async send(request: RecordedRequest): Promise<any> {
    const target = request.url ? this.fill(request.url) : `${server.url.replace(/\/$/, "")}${this.fill(request.path!)}`;
    if (request.download) {
      const response = await fetch(target);
      expect(response.status, `download of ${target}`).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
      return undefined;
    }
    const response = await fetch(target, {
      method: request.method,
      headers: this.headers(request.headers ?? {}),
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const text = await response.text();
    const body = text === "" ? undefined : JSON.parse(text);
    const accepted = request.accept ? request.accept.includes(response.status) : response.ok;
    // The sandbox's own error message, so a failing source case says why.
    if (!accepted)
      expect.fail(`${describeRequest(request)} → ${response.status} ${JSON.stringify(body?.error ?? body)}`);
    if (request.save) this.saved.set(request.save, body);
    for (const field of request.reads ?? [])
      expect(read(body, field), `${describeRequest(request)} reads ${field}`).toBeDefined();
    this.notePrice(request, body);
    if (request.final) await this.expectCompleted(body, request.reads);
    return body;
  }

  /** COMPLETED, with the output of the model's kind (its catalog `type`), as the block reads it. */
  private async expectCompleted(result: any, reads: RecordedRequest["reads"]): Promise<void> {
    expect(result.status, `result of ${result.model}: ${JSON.stringify(result.error ?? null)}`).toBe("COMPLETED");
    const model = await (
      await fetch(`${server.url.replace(/\/$/, "")}/v1/models/${result.model}`, {
        headers: this.headers({ Authorization: "Bearer $CLIPIA_KEY" }),
      })
    ).json();
    if (model.type === "image") {
      expect(result.output.images.length).toBeGreaterThan(0);
      for (const image of result.output.images) expect(image.url).toEqual(expect.any(String));
    } else {
      expect(model.type).toBe("video");
      expect(result.output.video.url).toEqual(expect.any(String));
    }
    for (const field of reads ?? [])
      expect(read(result, field), `the block reads ${field}`).toEqual(expect.any(String));
  }

  private notePrice(request: RecordedRequest, body: any): void {
    const match = /^\/v1\/models\/([^/]+)(\/estimate)?$/.exec(request.path ?? "");
    if (request.method !== "POST" || !match) return;
    const input = (request.body as { input: unknown }).input;
    const entry = { model: match[1]!, input };
    if (match[2]) this.priced.push({ ...entry, credits: body.credits });
    else this.priced.push({ ...entry, cost: body.cost });
  }

  /**
   * An estimate's credits equal the submit's cost for the same input. An input the block only
   * estimates is submitted here (and one it only submits, estimated), so every input is compared.
   */
  private async comparePrices(): Promise<void> {
    const inputs = new Map<string, Priced>();
    for (const entry of this.priced) {
      const id = JSON.stringify([entry.model, entry.input]);
      const known = inputs.get(id) ?? { model: entry.model, input: entry.input };
      inputs.set(id, {
        ...known,
        ...(entry.credits === undefined ? {} : { credits: entry.credits }),
        ...(entry.cost === undefined ? {} : { cost: entry.cost }),
      });
    }
    for (const entry of inputs.values()) {
      const base = `/v1/models/${entry.model}`;
      const headers = { Authorization: "Bearer $CLIPIA_KEY", "Content-Type": "application/json" };
      const body = { input: entry.input };
      const credits =
        entry.credits ?? (await this.send({ method: "POST", path: `${base}/estimate`, headers, body })).credits;
      const cost =
        entry.cost ??
        (await this.send({ method: "POST", path: base, headers: { ...headers, "Idempotency-Key": "<uuid-v4>" }, body }))
          .cost;
      expect(cost, `${entry.model} ${JSON.stringify(entry.input)}: estimate ${credits}, charged ${cost}`).toBe(credits);
    }
  }

  private headers(recorded: Record<string, string>): Record<string, string> {
    return fillHeaders(recorded, this.key, this.uuids);
  }

  /** `{name.a.b}` → the saved answer's field (`x|y` in the last segment: the first present). */
  private fill(template: string): string {
    return template.replace(/\{(\w+)\.([^}]+)\}/g, (_, name: string, path: string) => {
      const value = read(this.saved.get(name), path);
      if (typeof value !== "string") expect.fail(`${template}: ${name}.${path} is ${JSON.stringify(value)}`);
      return value;
    });
  }

  private savedName(request: RecordedRequest): string {
    return /\{(\w+)\./.exec(request.path ?? request.url ?? "")?.[1] ?? "";
  }
}

/** The recorded headers with the key and the UUIDs filled in (`<uuid-v4:name>`: one per name in `shared`). */
function fillHeaders(recorded: Record<string, string>, key: string, shared = new Map<string, string>()) {
  const uuid = (name: string | undefined): string => {
    if (name === undefined) return randomUUID();
    if (!shared.has(name)) shared.set(name, randomUUID());
    return shared.get(name)!;
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(recorded)) {
    headers[name] = value
      .replaceAll("$CLIPIA_KEY", key)
      .replaceAll("$CLIPIA_API_KEY", key)
      .replace(/^<uuid-v4(?::(.+))?>$/, (_, named?: string) => uuid(named));
  }
  return headers;
}

/** The field at a dotted path (`output.images.0.url`); `x|y` in a segment takes the first present. */
function read(value: any, path: string): unknown {
  let current = value;
  for (const segment of path.split(".")) {
    if (current === undefined || current === null) return undefined;
    const choices = segment.split("|");
    current = choices.map((choice) => current[choice]).find((found) => found !== undefined && found !== null);
  }
  return current;
}

function describeRequest(request: RecordedRequest): string {
  return `${request.method} ${request.path ?? request.url} ${request.body === undefined ? "" : JSON.stringify(request.body)}`;
}

/** The replayable blocks and cases of every source, labelled. */
const replays = Object.entries(SOURCES).flatMap(([file, recorded]) => [
  ...(recorded.blocks ?? [])
    .filter((block) => block.requests.length > 0)
    .map((block) => ({ file, label: `${block.path} "${block.heading}"`, requests: block.requests })),
  ...(recorded.cases ?? []).map((recordedCase) => ({
    file,
    label: recordedCase.name,
    requests: recordedCase.requests,
  })),
]);

describe("Clipia's own examples succeed against the sandbox server (test/fixtures/clipia-sources)", () => {
  for (const environment of ["test", "live"] as const) {
    describe(`with a ${environment} key`, () => {
      for (const replay of replays) {
        it(`${replay.file}: ${replay.label}`, async () => {
          const { keys, account } = await control.createAccount();
          await new Replay(keys[environment], account.account_id).run(replay.requests);
        });
      }
    });
  }
});

describe("the strict checks still refuse (must-fail.json)", () => {
  for (const environment of ["test", "live"] as const) {
    for (const mustFail of MUST_FAIL) {
      it(`${environment} key: ${mustFail.name} → ${mustFail.expect.status} ${mustFail.expect.code}`, async () => {
        const { keys, account } = await control.createAccount();
        const key = keys[environment];
        const response = await fetch(`${server.url.replace(/\/$/, "")}${mustFail.request.path}`, {
          method: mustFail.request.method,
          headers: fillHeaders(mustFail.request.headers ?? {}, key),
          body: JSON.stringify(mustFail.request.body),
        });
        const body = await response.json();
        expect({ status: response.status, code: body.error?.code }).toEqual({
          status: mustFail.expect.status,
          code: mustFail.expect.code,
        });
        expect(body.error.message).toContain(mustFail.expect.mentions);
        // Refused before anything happened: no request recorded, nothing charged.
        expect(await control.listRequests(account.account_id)).toEqual([]);
        const balance = await (
          await fetch(`${server.url.replace(/\/$/, "")}/v1/account`, { headers: { Authorization: `Bearer ${key}` } })
        ).json();
        expect(balance.balance.credits).toBe(account.balance.credits);
      });
    }
  }
});
