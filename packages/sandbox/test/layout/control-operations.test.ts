import { readFileSync } from "node:fs";
import { connectSandbox } from "@clipia/sandbox";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROUTER } from "../../src/app/routes.js";
import { consoleApi } from "../../src/console/ui/api.js";
import { CONTROL_OPERATIONS, type ControlOperation, type ControlOperationId } from "../../src/control/operations.js";
import { Router } from "../../src/http/router.js";

// The control plane is sandbox.openapi.yaml plus one table (src/control/operations.ts): the HTTP
// routes and connectSandbox's calls are read from it. This holds the table to the YAML both ways.

interface YamlOperation {
  operationId: string;
  requestBody?: unknown;
}
const yaml = parse(readFileSync(new URL("../../../../sandbox.openapi.yaml", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, YamlOperation>>;
};
const METHODS = ["get", "post", "put", "patch", "delete"];
const documented = Object.entries(yaml.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
);
// The sample media is a public route of the app (no control-plane pipeline), not of the table.
const MEDIA = "getSandboxMedia";
const table = Object.entries(CONTROL_OPERATIONS) as Array<[ControlOperationId, ControlOperation]>;
const yamlPath = (pattern: string) => pattern.replace(/:(\w+)/g, "{$1}");
const samplePath = (pattern: string) => pattern.replace(/:(\w+)/g, "x_$1");

describe("the control-plane operation table", () => {
  it("lists every operation of sandbox.openapi.yaml, and only those", () => {
    const inYaml = documented.map(({ operation }) => operation.operationId).filter((id) => id !== MEDIA);
    expect(Object.keys(CONTROL_OPERATIONS).sort()).toEqual(inYaml.sort());
    expect(documented.map(({ operation }) => operation.operationId)).toContain(MEDIA);
  });

  it.each(table)("%s: the YAML's method, path and request body", (operationId, operation) => {
    const found = documented.find((entry) => entry.operation.operationId === operationId);
    const expected = { method: operation.method, path: yamlPath(operation.path) };
    expect(found && { method: found.method, path: found.path }).toEqual(expected);
    expect(found?.operation.requestBody !== undefined).toBe(operation.readsBody);
  });

  it("is what the app routes as the control plane (and the media as a public route)", () => {
    for (const [, operation] of table) {
      const match = ROUTER.match(operation.method, samplePath(operation.path));
      expect(match.kind === "found" && match.value.area).toBe("control");
      if (match.kind === "found") expect(match.value.readsBody ?? false).toBe(operation.readsBody);
    }
    const media = documented.find((entry) => entry.operation.operationId === MEDIA)!;
    const match = ROUTER.match(media.method, samplePath(media.path.replace(/\{(\w+)\}/g, ":$1")));
    expect(match.kind === "found" && match.value.area).toBe("media");
  });

  it("is what connectSandbox and the console call: every operation, by the table's method and path", async () => {
    const byRoute = new Router<ControlOperationId>();
    for (const [operationId, operation] of table) byRoute.add(operation.method, operation.path, operationId);
    const called = new Set<string>();
    const recording: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      const match = byRoute.match(init?.method ?? "GET", url.pathname);
      called.add(match.kind === "found" ? match.value : `unknown ${init?.method} ${url.pathname}`);
      return Response.json({ data: [], now: "2026-01-01T00:00:00.000Z", now_ms: 0 });
    };
    const remote = connectSandbox("http://127.0.0.1:4010", { fetch: recording });
    await remote.createAccount();
    await remote.listAccounts();
    await remote.updateAccount("acc", { subscription: "none" });
    await remote.createKey("acc", { name: "k", environment: "test" });
    await remote.listKeys("acc");
    await remote.updateKey("key", { disabled: true });
    await remote.revokeKey("key");
    await remote.advanceClock(1, { account_id: "acc" });
    await remote.advanceAllClocks(1);
    await remote.now();
    await remote.injectFault({ status: 500 });
    await remote.forceOutcome({ outcome: "FAILED" });
    await remote.scriptChatReplies({ replies: [{ content: "x" }] });
    await remote.cancelRequest("req");
    await remote.listRequests("acc");
    await remote.usage("acc");
    await remote.listLogs("acc", { status: "4xx" });
    await remote.listChats("acc");
    await remote.webhookDeliveries();
    await remote.redeliverWebhook("dlv");
    await remote.rotateWebhookSecret("acc");
    await remote.reset({ account_id: "acc" });
    await remote.resetAll();
    await consoleApi("http://127.0.0.1:4010", recording).listModels();
    // Only the console page is not a call: the browser loads it.
    const expected = Object.keys(CONTROL_OPERATIONS).filter((id) => id !== "getSandboxConsole");
    expect([...called].sort()).toEqual(expected.sort());
  });
});
