import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
// buildSandbox, not createSandbox: the root entry loads the MSW handlers, and msw is an optional
// peer that a server-only install does not have.
import { type BuiltSandbox, buildSandbox, type Sandbox } from "../app/sandbox.js";
import { CONSOLE_PATH } from "../http/paths.js";
import { consoleAsset } from "../console/ui/serve.js";
import { bindWarning } from "./bind-warning.js";
import { createConnectionCap } from "./connection-cap.js";
import { defaultMaxConnections, descriptorLimit } from "./descriptor-limit.js";
import { SandboxServerError } from "./errors.js";
import { hostAllowed } from "../app/origin.js";
import { ApiError, errorBody } from "../http/errors.js";
import { jsonResponse, MAX_BODY_BYTES, tooLarge } from "../http/body.js";
import { nodeDeliver } from "./deliver-http.js";
import { baseOf, createRequestListener } from "./request-listener.js";
import { openStateDatabase } from "./state-db.js";
import { DEFAULT_LIMITS, type SandboxServerLimits, type SandboxServerOptions } from "./server-options.js";

/** A running sandbox server. */
export interface SandboxServer {
  /** Base URL to point the SDK at, with the real port: `http://127.0.0.1:4010`. */
  readonly url: string;
  /** The developer console page: `<url>/_sandbox/console`. */
  readonly consoleUrl: string;
  /**
   * The in-process sandbox behind the server (keys, control plane methods, `snapshot`/`restore`).
   * The server always builds its own: to serve a prepared store, `server.sandbox.restore(snapshot)`.
   */
  readonly sandbox: Sandbox;
  /** Stops listening, ends every connection, commits and closes the state database. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 2_000;

/**
 * Serves the sandbox core over node:http.
 *
 * @example
 * const server = await startSandboxServer({ port: 0 });
 * const clipia = new Clipia({ apiKey: server.sandbox.keys.test, baseUrl: server.url });
 * console.log(server.consoleUrl); // the developer console page
 * // ...
 * await server.close();
 */
export async function startSandboxServer(options: SandboxServerOptions = {}): Promise<SandboxServer> {
  const port = options.port ?? 4010;
  const host = options.host ?? "127.0.0.1";
  // Opened before binding: a corrupt, locked or unwritable state file stops the start without touching the port.
  const database = options.state === undefined ? undefined : await openStateDatabase(options.state);

  const limits: SandboxServerLimits = {
    ...DEFAULT_LIMITS,
    ...options.limits,
    // Read only when not given: the cap must stay under what the process may open.
    maxConnections: options.limits?.maxConnections ?? defaultMaxConnections(await descriptorLimit()),
  };
  const connections = createConnectionCap(limits.maxConnections);
  let listener: ReturnType<typeof createRequestListener> | undefined;
  let url = "";
  const handle = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    // A request arrived: the first-byte timer below is done (keep-alive idling has its own).
    // Cleared once: Node leaves the socket without a timeout between later requests.
    if (incoming.socket.timeout) incoming.socket.setTimeout(0);
    connections.requestStarted(incoming.socket, outgoing);
    // The developer console's page and bundle: served here, so only the node/ subpath carries them.
    // A foreign Host goes on to the core, which refuses it like any control-plane request.
    const asset = consoleAsset(incoming.method ?? "GET", incoming.url ?? "/");
    if (asset && hostAllowed(new URL(baseOf(incoming, url)).hostname, url)) {
      return void outgoing
        .writeHead(asset.status, asset.headers)
        .end(incoming.method === "HEAD" ? undefined : asset.body);
    }
    void listener?.(incoming, outgoing);
  };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, limits.headersTimeoutMs / 4)),
    },
    handle,
  );
  // `Expect: 100-continue` with a body declared over the limit: 413 at once, no 100 Continue.
  server.on("checkContinue", (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const declared = incoming.headers["content-length"];
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > MAX_BODY_BYTES) {
      const response = jsonResponse(413, errorBody(tooLarge()));
      const body = response.body as string;
      outgoing.shouldKeepAlive = false;
      return void outgoing
        .writeHead(413, { ...response.headers, "content-length": Buffer.byteLength(body), connection: "close" })
        .end(body);
    }
    outgoing.writeContinue();
    handle(incoming, outgoing);
  });
  // What Node's parser refuses (an unknown method, oversized headers, a timeout) still gets the error envelope.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) return void socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
    const response = jsonResponse(
      status,
      errorBody(new ApiError(status, "invalid_request", "The request could not be parsed as HTTP/1.1.")),
    );
    const body = response.body as string;
    const reason =
      status === 431 ? "Request Header Fields Too Large" : status === 408 ? "Request Timeout" : "Bad Request";
    const headers = Object.entries({
      ...response.headers,
      "content-length": Buffer.byteLength(body),
      connection: "close",
    });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n${body}`,
    );
  });
  // A socket that never sends a byte is cut after the header timeout too, not only a slow one.
  server.on("connection", (socket: Socket) => {
    connections.admit(socket);
    socket.setTimeout(limits.headersTimeoutMs, () => socket.destroy());
  });
  await listen(server, port, host);
  url = formatUrl(host, (server.address() as AddressInfo).port);
  const warning = bindWarning(host);
  if (warning !== undefined) process.stderr.write(warning);

  let built: BuiltSandbox;
  let unsubscribe: (() => void) | undefined;
  try {
    built = buildSandbox(
      {
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.followDateNow === undefined ? {} : { followDateNow: options.followDateNow }),
        ...(options.deterministic === undefined ? {} : { deterministic: options.deterministic }),
        baseUrl: url,
      },
      // Webhooks leave on node:http; with --state, the saved store is restored and then followed.
      { deliver: nodeDeliver, ...(database ? { persistence: database } : {}) },
    );
    if (database) {
      // Changes outside requests (the lifecycle's timers, webhook attempts) are committed too.
      unsubscribe = built.sandbox.onChange(() => {
        database.commitSoon().catch((error: unknown) => {
          process.stderr.write(`Warning: could not save state to ${database.path}: ${(error as Error).message}\n`);
        });
      });
    }
  } catch (error) {
    database?.close();
    await closeServer(server);
    throw error;
  }
  const { sandbox } = built;
  // With a state file, every answer leaves only after the commit that holds its change (reads too:
  // they settle the lifecycle, which issues delivery ids); concurrent answers share one commit.
  const beforeRespond = database ? () => database.commitSoon() : undefined;
  listener = createRequestListener(built.core, url, beforeRespond ? { beforeRespond } : {});

  let closing: Promise<void> | undefined;
  return {
    url,
    consoleUrl: `${url}${CONSOLE_PATH}`,
    sandbox,
    close() {
      closing ??= (async () => {
        // A shutdown never waits on a webhook receiver: attempts on the wire are aborted.
        built.stopDeliveries();
        await closeServer(server);
        unsubscribe?.();
        database?.close();
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      reject(
        error.code === "EADDRINUSE"
          ? new SandboxServerError("address_in_use", `Port ${port} is already in use on ${host}.`, { cause: error })
          : new SandboxServerError("listen_failed", `Cannot listen on ${where}: ${error.message}`, { cause: error }),
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/** Stops accepting, drops idle keep-alive sockets now and busy ones after a short grace. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function formatUrl(host: string, port: number): string {
  // A wildcard bind is reachable on loopback; print an address a client can actually dial.
  const dial = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${dial.includes(":") ? `[${dial}]` : dial}:${port}`;
}
