/** The stderr warning for a bind other machines can reach, or undefined for a loopback bind. */
export function bindWarning(host: string): string | undefined {
  const loopback = host === "localhost" || host === "::1" || /^127\./.test(host) || /^::ffff:127\./i.test(host);
  if (loopback) return undefined;
  return `Warning: the Clipia sandbox listens on ${host}, reachable from other machines. Its keys are public; bind 127.0.0.1 unless you mean it.\n`;
}
