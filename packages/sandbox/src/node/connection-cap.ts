import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** Admission of a server's connections under a cap (see {@link createConnectionCap}). */
interface ConnectionCap {
  /** A new connection: admitted (closing the longest-idle one if at the cap) or refused. */
  admit(socket: Socket): void;
  /** A request started on `socket`; the connection is busy until `response` closes. */
  requestStarted(socket: Socket, response: ServerResponse): void;
}

/**
 * Keeps at most `max` connections open. At the cap, a new connection is let in by closing the
 * connection idle the longest (no request in progress: a keep-alive between requests, or one that
 * has not sent a request yet), so idle or silent sockets cannot lock clients out; only when every
 * connection is busy is the new one refused.
 */
export function createConnectionCap(max: number): ConnectionCap {
  const open = new Set<Socket>();
  // Idle connections, longest idle first: a Set iterates in insertion order.
  const idle = new Set<Socket>();
  const inProgress = new Map<Socket, number>();
  const forget = (socket: Socket) => {
    open.delete(socket);
    idle.delete(socket);
    inProgress.delete(socket);
  };
  return {
    admit(socket) {
      if (open.size >= max) {
        const oldest = idle.values().next().value;
        if (oldest === undefined) return void socket.destroy();
        forget(oldest);
        oldest.destroy();
      }
      open.add(socket);
      idle.add(socket);
      socket.once("close", () => forget(socket));
    },
    requestStarted(socket, response) {
      if (!open.has(socket)) return;
      idle.delete(socket);
      // Pipelined requests overlap on one connection: it is idle again after the last one.
      inProgress.set(socket, (inProgress.get(socket) ?? 0) + 1);
      response.once("close", () => {
        if (!open.has(socket)) return;
        const left = (inProgress.get(socket) ?? 1) - 1;
        if (left > 0) return void inProgress.set(socket, left);
        inProgress.delete(socket);
        idle.add(socket);
      });
    },
  };
}
