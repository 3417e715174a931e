// The two outputs of `clipia-sandbox verify`: a table for people, one JSON document for CI.
// Every key given is replaced by its redacted form before anything is printed.
import { redactKey } from "../../http/redact.js";
import type { ProbeResult, SideResult, VerifyReport } from "./run-verify.js";

/** Replaces every occurrence of each secret in `text` by its redacted form ({@link redactKey}). */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets)
    if (secret !== undefined && secret.length >= 8) out = out.split(secret).join(redactKey(secret));
  return out;
}

const side = (result: SideResult) =>
  result.status === null
    ? result.problems.length > 0
      ? "no answer"
      : "-"
    : `${result.status}${result.problems.length > 0 ? ` (${result.problems.length} off-contract)` : ""}`;

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd(),
  );
}

function details(probe: ProbeResult): string[] {
  if (probe.verdict === "skipped") return [`  ${probe.probe}: skipped: ${probe.reason}`];
  if (probe.verdict === "agree") return [];
  return [
    `  ${probe.probe} (${probe.description}):`,
    ...probe.differences.map((d) => `    differs at ${d.where}: live ${d.live}, sandbox ${d.sandbox}`),
    ...probe.live.problems.map((p) => `    live answer off openapi.yaml: ${p}`),
    ...probe.sandbox.problems.map((p) => `    sandbox answer off openapi.yaml: ${p}`),
  ];
}

/** The table (probe, live, sandbox, verdict), the details of every difference and skip, and a summary line. */
export function formatTable(report: VerifyReport): string {
  const rows = [
    ["probe", "live", "sandbox", "verdict"],
    ...report.probes.map((p) => [p.probe, side(p.live), side(p.sandbox), p.verdict]),
  ];
  const differ = report.probes.filter((p) => p.verdict === "differ").length;
  const skipped = report.probes.filter((p) => p.verdict === "skipped").length;
  const notes = report.probes.flatMap(details);
  return [
    `clipia-sandbox verify: ${report.base_url} (${report.environment} key) against the local sandbox`,
    "",
    ...pad(rows),
    ...(notes.length > 0 ? ["", ...notes] : []),
    "",
    differ === 0
      ? `OK: ${report.probes.length - skipped} probes agree${skipped > 0 ? `, ${skipped} skipped` : ""}.`
      : `DIFFERENT: ${differ} of ${report.probes.length} probes differ. Report it: https://github.com/clipia-ai/clipia-sdk/blob/main/docs/verify.md#when-verify-finds-a-difference`,
    "",
  ].join("\n");
}

/** The report as one JSON document (for CI). */
export function formatJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
