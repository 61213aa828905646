// How a diff outcome is shown: the counterexample step by step with both
// answers side by side, the replay command, and the result lines.

import type { ResultLine } from '../results/schema.ts';
import type { Observation } from './compare.ts';
import type { DiffOutcome, StepRecord } from './run.ts';
import { show } from './run.ts';

export type DiffResultLine = Omit<ResultLine, 'run_id' | 'time'>;

const COLUMN = 58;

export function formatCounterexample(steps: StepRecord[]): string {
  const lines: string[] = [];
  steps.forEach((s, i) => {
    const bad = s.divergences.filter((d) => !d.legal);
    const legal = s.divergences.filter((d) => d.legal);
    lines.push(`  ${i + 1}. ${s.step}${bad.length ? '   <-- diverges' : ''}`);
    for (const d of legal) lines.push(`       legal (${d.legal}): ${d.path}`);
    if (!bad.length) return;
    for (const d of bad) lines.push(`       ${d.path}: target ${show(d.target)} · reference ${show(d.reference)}`);
    lines.push(sideBySide(s.target, s.reference));
  });
  return lines.join('\n');
}

function sideBySide(t: Observation[], r: Observation[]): string {
  const left = ['target', ...t.flatMap(rawLines)];
  const right = ['reference', ...r.flatMap(rawLines)];
  const out: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    out.push(`       ${cut(left[i] ?? '').padEnd(COLUMN)} │ ${cut(right[i] ?? '')}`);
  }
  return out.join('\n');
}

const cut = (s: string) => (s.length > COLUMN ? `${s.slice(0, COLUMN - 1)}…` : s);

function rawLines(o: Observation): string[] {
  return [`${o.call}:`, ...JSON.stringify(o.raw ?? null, null, 1).split('\n').map((l) => ` ${l}`)];
}

export type ReplaySpec = { target: string; reference: string; targetFaults?: string[]; targetVariants?: string[]; referenceFaults?: string[]; referenceVariants?: string[]; ignore?: string[]; allowAws?: boolean };

export function replayCommand(spec: ReplaySpec, seed: number, path: string | undefined): string {
  const list = (flag: string, xs: string[] | undefined) => (xs?.length ? ` ${flag} ${xs.join(' ')}` : '');
  return `npx cognito-sync-harness diff --target ${spec.target} --reference ${spec.reference}`
    + list('--target-fault', spec.targetFaults) + list('--target-variant', spec.targetVariants)
    + list('--reference-fault', spec.referenceFaults) + list('--reference-variant', spec.referenceVariants)
    + list('--ignore', spec.ignore) + (spec.allowAws ? ' --allow-aws' : '')
    + ` --seed ${seed}${path ? ` --path ${path}` : ''}`;
}

export const CASE = 'diff/lockstep';
export const OPERATIONS = ['UpdateRecords', 'ListRecords', 'DeleteDataset', 'DescribeDataset', 'ListDatasets'];

/** One line for the run, and one per variant that explained a legal divergence. */
export function resultLines(o: DiffOutcome, targetName: string, replay: string): DiffResultLine[] {
  const base = { suite: 'diff' as const, operation: null, target: targetName, seed: String(o.seed) };
  const legal: DiffResultLine[] = [...o.legal].map(([variant, t]) => ({
    ...base, case: `diff/legal/${variant}`, status: 'pass' as const, duration_ms: 0,
    reason: `legal: ${t.count} divergence(s) explained by the ${variant} variant, e.g. ${t.example}`, details: { operations: OPERATIONS, legal: variant, count: t.count },
  }));
  if (o.ok) {
    return [{ ...base, case: CASE, status: 'pass', duration_ms: o.durationMs, reason: null, details: { operations: OPERATIONS, runs: o.runs, steps: o.steps } }, ...legal];
  }
  const reason = o.counterexample
    ? `diverged from the reference after ${o.counterexample.length} step(s), shrunk:\n${formatCounterexample(o.counterexample)}`
    : `the run broke: ${o.error ?? 'unknown'}`;
  return [{
    ...base, case: CASE, status: 'fail', duration_ms: o.durationMs, reason,
    details: { operations: OPERATIONS, failure: o.counterexample ? 'assertion' : 'crash', replay, ...(o.path ? { path: o.path } : {}), ...(o.counterexample ? { steps: o.counterexample.length } : {}) },
  }, ...legal];
}
