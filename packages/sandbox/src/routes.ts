import { createKey, getAccount, getKey, listKeys, revokeKey, rollKey, updateKey } from "./api-keys.js";
import { CONTROL_PLANE_ROUTES } from "./control-plane.js";
import { cancelGeneration, createGeneration, getGeneration, listGenerations } from "./generations.js";
import { getModel, listModels } from "./models.js";
import type { RouteDef } from "./route.js";
import { Router } from "./router.js";

/** Every route of the API (SPEC §2) and of the control plane, with who may call it. */
export const ROUTER = new Router<RouteDef>()
  .add("GET", "/v1/account", { auth: "any", handler: getAccount })
  .add("GET", "/v1/models", { auth: "any", handler: listModels })
  .add("GET", "/v1/models/:model", { auth: "any", handler: getModel })
  .add("POST", "/v1/models/:model", { auth: "api", scope: "generate", handler: createGeneration })
  .add("GET", "/v1/generations", { auth: "api", handler: listGenerations })
  .add("GET", "/v1/generations/:id", { auth: "api", handler: getGeneration })
  .add("POST", "/v1/generations/:id/cancel", { auth: "api", scope: "generate", handler: cancelGeneration })
  .add("POST", "/v1/keys", { auth: "admin", handler: createKey })
  .add("GET", "/v1/keys", { auth: "admin", handler: listKeys })
  .add("GET", "/v1/keys/:id", { auth: "admin", handler: getKey })
  .add("PATCH", "/v1/keys/:id", { auth: "admin", handler: updateKey })
  .add("DELETE", "/v1/keys/:id", { auth: "admin", handler: revokeKey })
  .add("POST", "/v1/keys/:id/roll", { auth: "admin", handler: rollKey });

for (const [method, path, route] of CONTROL_PLANE_ROUTES) ROUTER.add(method, path, route);
