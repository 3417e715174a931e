import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  COVERAGE_DIR_ENV,
  ContractError,
  contractCoverage,
  contractFetch,
  coveredPairs,
  formatCoverage,
  readCoverageDir,
  resetCoverage,
} from "@clipia/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keepOutOfCoverage } from "./made-up.js";

// These responses are made up, not produced by the sandbox: kept out of the run's contract coverage.
keepOutOfCoverage();

const model = {
  id: "flux-2-pro",
  object: "model",
  slug: "flux-2-pro",
  type: "image",
  name: "FLUX.2 Pro",
  capabilities: ["text-to-image"],
  pricing: { credits: 3, credits_base: 3, multipliers: {} },
  input_schema: { prompt: { type: "string", required: true } },
};
const RATE = { "ratelimit-limit": "120", "ratelimit-remaining": "119", "ratelimit-reset": "60" };

/** A fetch that answers every request with the given status, body and headers. */
function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(new Request(input, init));
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...RATE, ...headers },
    });
  };
  return Object.assign(fetch, { calls });
}

beforeEach(() => resetCoverage());

describe("contractFetch", () => {
  it("passes a valid response through with its body unread, and records it", async () => {
    const fetch = contractFetch(answering(200, model));
    const response = await fetch("http://127.0.0.1:4010/v1/models/flux-2-pro");
    expect(await response.json()).toEqual(model);
    expect(coveredPairs()).toEqual([{ operationId: "getModel", status: 200 }]);
  });

  it("takes the method and URL from a Request too", async () => {
    const fetch = contractFetch(
      answering(404, { error: { type: "invalid_request_error", code: "not_found", message: "No." } }),
    );
    const response = await fetch(new Request("https://api.clipia.ai/v1/models/nope", { method: "POST", body: "{}" }));
    expect(response.status).toBe(404);
    expect(coveredPairs()).toEqual([{ operationId: "submitRequest", status: 404 }]);
  });

  it("rejects with a ContractError when the response breaks the contract, recording nothing", async () => {
    const fetch = contractFetch(answering(200, { ...model, pricing: { unit: "minute", credits: 2 } }));
    const call = fetch("http://127.0.0.1:4010/v1/models/flux-2-pro");
    await expect(call).rejects.toBeInstanceOf(ContractError);
    await expect(call).rejects.toThrow("body/pricing");
    expect(coveredPairs()).toEqual([]);
  });

  it("rejects an undocumented status", async () => {
    const fetch = contractFetch(
      answering(418, { error: { type: "api_error", code: "internal_error", message: "teapot" } }),
    );
    await expect(fetch("http://127.0.0.1:4010/v1/account")).rejects.toThrow(
      "status 418 is not documented for getAccount",
    );
  });

  it("lets network errors through untouched", async () => {
    const failing = contractFetch(async (_input: string) => {
      throw new TypeError("fetch failed");
    });
    await expect(failing("http://127.0.0.1:4010/v1/account")).rejects.toThrow(TypeError);
    const errored = contractFetch(async (_input: string) => Response.error());
    expect((await errored("http://127.0.0.1:4010/v1/account")).type).toBe("error");
  });

  it("validates request bodies only when asked", async () => {
    const inner = answering(400, { error: { type: "invalid_request_error", code: "invalid_request", message: "No." } });
    const init = { method: "POST", body: JSON.stringify({ prompt: "no input wrapper" }) };
    await expect(contractFetch(inner)("http://127.0.0.1:4010/v1/models/flux-2-pro", init)).resolves.toHaveProperty(
      "status",
      400,
    );
    await expect(
      contractFetch(inner, { validateRequests: true })("http://127.0.0.1:4010/v1/models/flux-2-pro", init),
    ).rejects.toThrow("must have required property 'input'");
  });
});

describe("coverage", () => {
  let dir: string | undefined;
  afterEach(() => {
    delete process.env[COVERAGE_DIR_ENV];
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("lists every documented operation × status, flagging the covered ones", async () => {
    await contractFetch(answering(200, model))("http://127.0.0.1:4010/v1/models/flux-2-pro");
    const entries = contractCoverage();
    expect(entries.find((e) => e.operationId === "getModel" && e.status === "200")?.covered).toBe(true);
    expect(entries.find((e) => e.operationId === "getModel" && e.status === "404")?.covered).toBe(false);
    expect(entries.filter((e) => e.covered)).toHaveLength(1);
    expect(entries.some((e) => e.operationId === "submitRequest" && e.status === "409")).toBe(true);
    const table = formatCoverage(entries);
    expect(table).toMatch(/getModel \(GET \/v1\/models\/\{model\}\)\s+200 ✓\s+400 ·/);
    expect(table).toContain(`contract coverage: 1/${entries.length}`);
  });

  it("appends newly seen pairs as JSON lines under CLIPIA_CONTRACT_COVERAGE_DIR, once each", async () => {
    dir = mkdtempSync(join(tmpdir(), "clipia-contract-"));
    process.env[COVERAGE_DIR_ENV] = dir;
    const fetch = contractFetch(answering(200, model));
    await fetch("http://127.0.0.1:4010/v1/models/flux-2-pro");
    await fetch("http://127.0.0.1:4010/v1/models/nano-banana-2");
    expect(readdirSync(dir)).toHaveLength(1);
    const pairs = readCoverageDir(dir);
    expect(pairs).toEqual([{ operationId: "getModel", status: 200 }]);
    resetCoverage();
    expect(
      contractCoverage(pairs)
        .filter((e) => e.covered)
        .map((e) => `${e.operationId} ${e.status}`),
    ).toEqual(["getModel 200"]);
  });
});
