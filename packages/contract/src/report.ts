import { type CoverageEntry, type CoveragePair, contractCoverage, formatCoverage } from "./coverage.js";

/** The merged contract coverage of a test run. */
interface CoverageReport {
  entries: CoverageEntry[];
  covered: number;
  total: number;
  uncovered: CoverageEntry[];
}

/** The report of a set of recorded pairs. */
export function reportOf(pairs: Iterable<CoveragePair>): CoverageReport {
  const entries = contractCoverage(pairs);
  const uncovered = entries.filter((entry) => !entry.covered);
  return { entries, covered: entries.length - uncovered.length, total: entries.length, uncovered };
}

/**
 * The report as text: the totals and each uncovered pair, grouped by operation. `full` puts the
 * whole table (every pair, ✓ or ·) first.
 */
export function formatReport(report: CoverageReport, { full = false } = {}): string {
  const lines: string[] = [];
  if (full) lines.push(formatCoverage(report.entries), "");
  const percent = report.total === 0 ? 0 : Math.floor((report.covered / report.total) * 1000) / 10;
  lines.push(`contract coverage: ${report.covered}/${report.total} operation × status pairs covered (${percent}%)`);
  const byOperation = new Map<string, { label: string; statuses: string[] }>();
  for (const entry of report.uncovered) {
    const row = byOperation.get(entry.operationId) ?? {
      label: `${entry.operationId} (${entry.method} ${entry.path})`,
      statuses: [],
    };
    row.statuses.push(entry.status);
    byOperation.set(entry.operationId, row);
  }
  if (byOperation.size > 0) {
    lines.push(`uncovered (${report.uncovered.length}):`);
    for (const row of byOperation.values()) lines.push(`  ${row.label}: ${row.statuses.join(" ")}`);
  }
  return lines.join("\n");
}
