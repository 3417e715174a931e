import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener, type HttpBindings } from "@hono/node-server";
import type { Sandbox } from "../sandbox.js";

/** Thrown inside the adapter after the socket is destroyed, so the adapter writes nothing more. */
class NetworkFault extends Error {}

/**
 * The Node side of the one core: turns node:http requests into Fetch `Request`s for
 * `sandbox.fetch` and writes the `Response` back. Client IP comes from the socket (never from a
 * header a client could forge). A `Response.error()` from the core (a `network_error` fault)
 * destroys the socket, which is what a dropped connection looks like to the client.
 */
export function createRequestListener(
  sandbox: Pick<Sandbox, "fetch">,
): (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void> {
  return getRequestListener(
    async (request, env) => {
      const { incoming } = env as HttpBindings;
      let response: Response;
      try {
        response = await sandbox.fetch(request, { clientIp: incoming.socket.remoteAddress });
      } catch (error) {
        if (!isNetworkFault(error)) throw error;
        response = Response.error();
      }
      if (response.type === "error" || response.status === 0) {
        incoming.socket.destroy();
        throw new NetworkFault();
      }
      return response;
    },
    {
      // A library must not swap the process's global Request/Response (MSW and user code share them).
      overrideGlobalObjects: false,
      errorHandler: (error) => (error instanceof NetworkFault ? undefined : internalError()),
    },
  );
}

// sandbox.fetch turns a `network_error` fault into fetch's own failure: TypeError("fetch failed").
function isNetworkFault(error: unknown): boolean {
  return error instanceof TypeError && (error.cause as { code?: unknown } | undefined)?.code === "SANDBOX_NETWORK_ERROR";
}

// Only reached if the core throws, which it should never do; still answer in the contract's envelope.
function internalError(): Response {
  const requestId = `req_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const body = { error: { code: "internal_error", message: "The sandbox failed to handle this request.", request_id: requestId } };
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: { "content-type": "application/json", "x-request-id": requestId },
  });
}
