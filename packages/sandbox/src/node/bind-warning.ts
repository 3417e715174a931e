import { isLoopbackHostname } from "../engine/loopback.js";

/** The stderr warning for a bind other machines can reach, or undefined for a loopback bind. */
export function bindWarning(host: string): string | undefined {
  if (isLoopbackHostname(host)) return undefined;
  return `Warning: the Clipia sandbox listens on ${host}, reachable from other machines. Its keys are public; bind 127.0.0.1 unless you mean it.\n`;
}
