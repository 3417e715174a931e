import { connect, type Socket } from "node:net";

/** Sends `text` on a fresh socket and resolves what came back once the server closes it (or after `ms`). */
export function rawExchange(url: string, text: string, ms = 2_000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let out = "";
    const socket = connect(Number(port), hostname, () => socket.write(text));
    socket.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(out));
    socket.setTimeout(ms, () => socket.destroy());
  });
}

/** Opens a socket that never sends a byte; resolves once connected. */
export function silentSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.on("error", reject);
  });
}

/**
 * Resolves when the socket is closed (by the server), with the time it took. What the server
 * writes first is read and dropped: when the event loop wakes late, Node's own header timeout may
 * answer a silent socket with a 408 before its socket timer cuts it, and a socket whose bytes are
 * never read never sees the end of the stream, so it would never close.
 */
export function closedWithin(socket: Socket): Promise<number> {
  const start = Date.now();
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(0);
    socket.on("error", () => undefined);
    socket.once("close", () => resolve(Date.now() - start));
    socket.resume();
  });
}
