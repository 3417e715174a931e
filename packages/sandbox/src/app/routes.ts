import { getAccount } from "../api/account.js";
import { chatCompletions, getGeneration } from "../api/chat.js";
import { getKey } from "../api/key.js";
import { getMedia } from "../api/media.js";
import { estimate, getModel, listModels } from "../api/models.js";
import { result, status, submit } from "../api/requests.js";
import { CONTROL_ROUTES } from "../control/routes.js";
import type { RouteDef } from "../engine/route-context.js";
import { Router } from "../http/router.js";

/** Every route: the public API (SPEC §2), the sample media, and the sandbox-only control plane (§5.4). */
export const ROUTER = new Router<RouteDef>()
  .add("POST", "/v1/models/:model", { area: "public", scope: "generate", submit: true, handler: submit })
  .add("GET", "/v1/requests/:request_id/status", { area: "public", handler: status })
  .add("GET", "/v1/requests/:request_id", { area: "public", handler: result })
  .add("POST", "/v1/models/:model/estimate", { area: "public", handler: estimate })
  .add("GET", "/v1/models", { area: "public", handler: listModels })
  .add("GET", "/v1/models/:model", { area: "public", handler: getModel })
  .add("GET", "/v1/account", { area: "public", handler: getAccount })
  .add("GET", "/v1/key", { area: "public", handler: getKey })
  // The AI gateway (SPEC v3 §2.2). Not a `submit`: chat is not queued, so the concurrency limit
  // and `Idempotency-Key` are the generation queue's only.
  .add("POST", "/v1/chat/completions", { area: "public", scope: "generate", handler: chatCompletions })
  .add("GET", "/v1/generation", { area: "public", handler: getGeneration })
  .add("GET", "/media/:kind/:file", { area: "media", handler: getMedia });

for (const { method, path, handler, readsBody } of CONTROL_ROUTES)
  ROUTER.add(method, path, { area: "control", handler, readsBody });
