import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One POST a receiver got. */
export interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Real time of arrival (ms). */
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1 (an ephemeral port): records every POST and answers with the
 * status `answer(path, attempt)` returns (default 200). Each test uses its own path, so one
 * receiver serves a whole file.
 */
export interface Receiver {
  url: string;
  /** Deliveries to one path (`/hooks/x`), in arrival order. */
  received(path: string): Delivery[];
  /** Waits until `count` deliveries reached `path` (real time, `timeoutMs`). */
  waitFor(path: string, count?: number, timeoutMs?: number): Promise<Delivery[]>;
  /** How to answer the next requests on a path: a status per attempt number (1-based). */
  answer(path: string, status: (attempt: number) => number): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const deliveries = new Map<string, Delivery[]>();
  const answers = new Map<string, (attempt: number) => number>();
  const waiters = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = (request.url ?? "/").split("?")[0]!;
      const list = deliveries.get(path) ?? [];
      list.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      deliveries.set(path, list);
      const status = answers.get(path)?.(list.length) ?? 200;
      response.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "no");
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const received = (path: string) => [...(deliveries.get(path) ?? [])];
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (path, status) => answers.set(path, status),
    waitFor: (path, count = 1, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (received(path).length < count) return;
          cleanup();
          resolve(received(path));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`receiver: ${received(path).length} of ${count} deliveries to ${path} within ${timeoutMs} ms`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
