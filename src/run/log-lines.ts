// The quiet log of a run: per suite a start line and a summary line, per failure one line
// with the case, the reason and how to replay it. Detail lives in the report.
import type { ResultLine } from '../results/schema.ts';

export function summaryLine(suite: string, lines: readonly ResultLine[], ms: number): string {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l.status, (counts.get(l.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${status}`);
  return `${suite}: ${parts.length ? parts.join(', ') : 'no results'} (${(ms / 1000).toFixed(1)} s)`;
}

export function failureLine(l: ResultLine, targetFlag: string): string {
  const reason = (l.reason ?? 'failed').replace(/\s+/g, ' ').trim();
  const short = reason.length > 200 ? `${reason.slice(0, 197)}...` : reason;
  return `  FAIL ${l.suite} ${l.case}: ${short}${replayOf(l, targetFlag)}`;
}

function replayOf(l: ResultLine, targetFlag: string): string {
  const details = (l.details ?? {}) as { path?: string; state?: string };
  if (l.suite === 'properties' && l.seed) {
    return ` · replay: npx cognito-sync-harness properties${targetFlag} --case ${l.case} --seed ${l.seed}${details.path ? ` --path '${details.path}'` : ''}`;
  }
  if (l.suite === 'contracts' && details.state) return ` · interaction "${l.case}" given "${details.state}"`;
  return '';
}
