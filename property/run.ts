// Runs property cases against a target and classifies each outcome, applying
// the deviations file: a known failure is expected-fail; a known failure that
// passes fails the run (the deviation is stale), and so does an entry naming
// a case that does not exist.

import type { ResultLine } from '../src/results/schema.ts';
import type { Target } from '../src/target/index.ts';
import { deviationFor, staleDeviations, type Deviations } from './deviations.ts';
import { registry } from './registry.ts';
import { PropertyFailure, type PropertyCase } from './types.ts';

export type PropertyOutcome = {
  case: string;
  operations: string[];
  status: 'pass' | 'fail' | 'expected-fail';
  durationMs: number;
  reason?: string;
  seed: number;
  path?: string;
};

/** A result line as the results writer takes it (it adds run_id and time). */
export type PropertyResultLine = Omit<ResultLine, 'run_id' | 'time'>;

export type RunPropertiesOptions = {
  target: Target;
  seed: number;
  cases?: readonly PropertyCase[];
  path?: string;
  /** Overrides every case's numRuns (e.g. a quick run). */
  numRuns?: number;
  /** Multiplies every case's time budget; by default 1 on the emulator, REMOTE_BUDGET_SCALE elsewhere. */
  budgetScale?: number;
  deviations?: Deviations;
  /** Stop each property at its first counterexample, unshrunk (fault matrix). */
  endOnFailure?: boolean;
  /** Stop the run at the first failing case (fault matrix). */
  stopOnFirstFailure?: boolean;
  onOutcome?: (o: PropertyOutcome) => void;
};

export type RunPropertiesResult = { ok: boolean; outcomes: PropertyOutcome[]; problems: string[]; lines: PropertyResultLine[] };

/** The budgets are sized for the loopback emulator; a remote endpoint pays a network round trip per call. */
export const REMOTE_BUDGET_SCALE = 10;

export async function runProperties(opts: RunPropertiesOptions): Promise<RunPropertiesResult> {
  const cases = opts.cases ?? registry;
  const scale = opts.budgetScale ?? (opts.target.kind === 'emulator' ? 1 : REMOTE_BUDGET_SCALE);
  const problems = opts.deviations ? staleDeviations(opts.deviations, registry) : [];
  const outcomes: PropertyOutcome[] = [];
  for (const c of cases) {
    const started = performance.now();
    let failure: unknown;
    try {
      await c.run({
        target: opts.target, seed: opts.seed, ...(opts.path ? { path: opts.path } : {}),
        numRuns: opts.numRuns ?? c.numRuns,
        interruptAfterTimeLimit: Math.round(c.timeBudgetMs * scale),
        ...(opts.endOnFailure ? { endOnFailure: true } : {}),
      });
    } catch (e) {
      failure = e;
    }
    const outcome = classify(c, failure, opts, Math.round(performance.now() - started));
    outcomes.push(outcome);
    opts.onOutcome?.(outcome);
    if (outcome.status === 'fail' && opts.stopOnFirstFailure) break;
  }
  const lines = [
    ...outcomes.map((o) => resultLine(o, opts.target.name)),
    ...problems.map((p): PropertyResultLine => ({ suite: 'properties', case: 'deviations.json', operation: null, target: opts.target.name, status: 'fail', duration_ms: 0, reason: p, seed: null })),
  ];
  return { ok: problems.length === 0 && outcomes.every((o) => o.status !== 'fail'), outcomes, problems, lines };
}

function classify(c: PropertyCase, failure: unknown, opts: RunPropertiesOptions, durationMs: number): PropertyOutcome {
  const deviation = opts.deviations ? deviationFor(opts.deviations, opts.target, c.name) : undefined;
  const base = { case: c.name, operations: c.operations, durationMs, seed: opts.seed };
  if (failure === undefined) {
    return deviation
      ? { ...base, status: 'fail', reason: `passed, but deviations.json expects it to fail on ${opts.target.name} (${deviation.reason}); remove the entry` }
      : { ...base, status: 'pass' };
  }
  const reason = failure instanceof Error ? failure.message : String(failure);
  const path = failure instanceof PropertyFailure ? failure.path : undefined;
  return deviation
    ? { ...base, status: 'expected-fail', reason: `known deviation: ${deviation.reason} (${deviation.link})`, ...(path ? { path } : {}) }
    : { ...base, status: 'fail', reason, ...(path ? { path } : {}) };
}

export function resultLine(o: PropertyOutcome, target: string): PropertyResultLine {
  return {
    suite: 'properties', case: o.case, operation: o.operations.length === 1 ? o.operations[0]! : null, target,
    status: o.status, duration_ms: o.durationMs, reason: o.reason ?? null, seed: String(o.seed),
    details: { operations: o.operations, ...(o.path ? { path: o.path } : {}) },
  };
}
