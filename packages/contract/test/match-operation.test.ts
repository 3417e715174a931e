import { loadContract } from "@clipia/contract";
import { describe, expect, it } from "vitest";

describe("contract.find: path template matching", () => {
  const contract = loadContract();

  it.each([
    ["GET", "/v1/account", "getAccount", {}],
    ["GET", "/v1/models", "listModels", {}],
    ["GET", "/v1/models/clipia-video-1", "retrieveModel", { model: "clipia-video-1" }],
    ["POST", "/v1/models/clipia-video-1-fast", "createGeneration", { model: "clipia-video-1-fast" }],
    ["get", "/v1/generations", "listGenerations", {}],
    ["GET", "/v1/generations/gen_abc", "retrieveGeneration", { id: "gen_abc" }],
    ["POST", "/v1/generations/gen_abc/cancel", "cancelGeneration", { id: "gen_abc" }],
    ["POST", "/v1/keys", "createKey", {}],
    ["GET", "/v1/keys", "listKeys", {}],
    ["GET", "/v1/keys/key_1", "retrieveKey", { id: "key_1" }],
    ["PATCH", "/v1/keys/key_1", "updateKey", { id: "key_1" }],
    ["DELETE", "/v1/keys/key_1", "revokeKey", { id: "key_1" }],
    ["POST", "/v1/keys/key_1/roll", "rollKey", { id: "key_1" }],
    ["GET", "/v1/models/clipia%2Dvideo%2D1", "retrieveModel", { model: "clipia-video-1" }],
    ["POST", "/_sandbox/accounts", "createSandboxAccount", {}],
    ["POST", "/_sandbox/clock/advance", "advanceSandboxClock", {}],
    ["POST", "/_sandbox/faults", "injectSandboxFault", {}],
    ["POST", "/_sandbox/reset", "resetSandbox", {}],
  ])("%s %s → %s", (method, path, operationId, params) => {
    const match = contract.find(method, path);
    expect(match).toMatchObject({ kind: "operation", operation: { operationId }, params });
  });

  it.each([
    ["GET", "/v1/models/"],
    ["GET", "/v1/model"],
    ["GET", "/v1/models/a/b"],
    ["GET", "/v1/generations/gen_abc/cancel/now"],
    ["GET", "/v2/account"],
    ["GET", "/_sandbox/nothing"],
  ])("%s %s is an unknown path", (method, path) => {
    expect(contract.find(method, path)).toEqual({ kind: "unknown_path" });
  });

  it.each([
    ["PUT", "/v1/account", "/v1/account"],
    ["DELETE", "/v1/models/clipia-video-1", "/v1/models/{model}"],
    ["GET", "/v1/generations/gen_abc/cancel", "/v1/generations/{id}/cancel"],
    ["POST", "/v1/keys/key_1", "/v1/keys/{id}"],
  ])("%s %s is a documented path with an undocumented method", (method, path, template) => {
    expect(contract.find(method, path)).toEqual({ kind: "method_not_allowed", path: template });
  });

  it("lists every operation of both files once, with its documented statuses", () => {
    const ids = contract.operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(17);
    expect(contract.operation("createGeneration")?.statuses).toEqual(
      expect.arrayContaining(["200", "202", "400", "401", "402", "403", "404", "409", "413", "415", "429", "500", "503"]),
    );
    expect(contract.operation("getAccount")?.response(402)).toBeUndefined();
  });
});
