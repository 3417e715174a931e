import { loadContract } from "@clipia/contract";
import { describe, expect, it } from "vitest";

describe("contract.find: path template matching", () => {
  const contract = loadContract();
  const id = "764cabcf-b745-4b3e-ae38-1200304cf45b";

  it.each([
    ["GET", "/v1/account", "getAccount", {}],
    ["GET", "/v1/key", "getKey", {}],
    ["GET", "/v1/models", "listModels", {}],
    ["GET", "/v1/models/nano-banana-2", "getModel", { model: "nano-banana-2" }],
    ["POST", "/v1/models/seedance-2-fast-i2v", "submitRequest", { model: "seedance-2-fast-i2v" }],
    ["post", "/v1/models/kling-3/estimate", "estimateCost", { model: "kling-3" }],
    ["GET", `/v1/requests/${id}`, "getRequestResult", { request_id: id }],
    ["GET", `/v1/requests/${id}/status`, "getRequestStatus", { request_id: id }],
    ["GET", "/v1/models/nano%2Dbanana%2D2", "getModel", { model: "nano-banana-2" }],
  ])("%s %s → %s", (method, path, operationId, params) => {
    expect(contract.find(method, path)).toMatchObject({ kind: "operation", operation: { operationId }, params });
  });

  it.each([
    ["GET", "/v1/models/"],
    ["GET", "/v1/generations"],
    ["GET", "/v1/keys"],
    ["GET", "/v1/models/a/b"],
    ["GET", `/v1/requests/${id}/cancel`],
    ["GET", "/v2/account"],
  ])("%s %s is an unknown path", (method, path) => {
    expect(contract.find(method, path)).toEqual({ kind: "unknown_path" });
  });

  it.each([
    ["PUT", "/v1/account", "/v1/account"],
    ["DELETE", "/v1/models/nano-banana-2", "/v1/models/{model}"],
    ["GET", "/v1/models/nano-banana-2/estimate", "/v1/models/{model}/estimate"],
    ["POST", `/v1/requests/${id}`, "/v1/requests/{request_id}"],
  ])("%s %s is a documented path with an undocumented method", (method, path, template) => {
    expect(contract.find(method, path)).toEqual({ kind: "method_not_allowed", path: template });
  });

  it("has the ten public operations of SPEC v3 §2 (the gateway's two included), each once, with their statuses", () => {
    const ids = contract.operations.filter((op) => op.document === "api").map((op) => op.operationId);
    expect(ids.sort()).toEqual(
      [
        "createChatCompletion",
        "getChatGeneration",
        "estimateCost",
        "getAccount",
        "getKey",
        "getModel",
        "getRequestResult",
        "getRequestStatus",
        "listModels",
        "submitRequest",
      ].sort(),
    );
    expect(contract.operation("submitRequest")?.statuses).toEqual([
      "200",
      "400",
      "401",
      "402",
      "403",
      "404",
      "409",
      "413",
      "415",
      "422",
      "429",
      "500",
      "503",
    ]);
    expect(contract.operation("getRequestResult")?.statuses).toEqual(expect.arrayContaining(["200", "202"]));
    expect(contract.operation("getAccount")?.response(402)).toBeUndefined();
  });
});
