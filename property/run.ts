// Runs property cases against a target and classifies each outcome, applying
// the deviations file: a known failure is expected-fail; a known failure that
// passes fails the run (the deviation is stale), and so does an entry naming
// a case that does not exist. A case whose precondition the target cannot
// reach is not-applicable, whatever the deviations file says.

import type { FailureKind, ResultLine } from '../src/results/schema.ts';
import { isAssertionFailure, isNotApplicable } from '../src/results/verdicts.ts';
import type { Target } from '../src/target/index.ts';
import { deviationFor, staleDeviations, type Deviations } from './deviations.ts';
import { registry } from './registry.ts';
import { PropertyFailure, type PropertyCase } from './types.ts';

export type PropertyOutcome = {
  case: string;
  operations: string[];
  status: 'pass' | 'fail' | 'expected-fail' | 'not-applicable';
  durationMs: number;
  reason?: string;
  /** How a fail or expected-fail failed; only 'assertion' is a wrong answer of the target. */
  failure?: FailureKind;
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

/** The cases with their numRuns capped (a quick run that never adds runs to a property). */
export function capRuns(cases: readonly PropertyCase[], numRuns: number | undefined): PropertyCase[] {
  return cases.map((c) => (numRuns === undefined || c.numRuns <= numRuns ? c : { ...c, numRuns }));
}

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
    ...problems.map((p) => deviationProblemLine(p, opts.target.name)),
  ];
  return { ok: problems.length === 0 && outcomes.every((o) => o.status !== 'fail'), outcomes, problems, lines };
}

/**
 * How a case that threw failed. Inside the property, fast-check's verdict
 * (PropertyFailure.kind); outside it, a wrong answer met while setting up is
 * still an assertion, and anything else (an identity that could not be made,
 * a dead endpoint) is setup.
 */
export function failureKindOf(failure: unknown): FailureKind {
  if (failure instanceof PropertyFailure) return failure.kind;
  return isAssertionFailure(failure) ? 'assertion' : 'setup';
}

function classify(c: PropertyCase, failure: unknown, opts: RunPropertiesOptions, durationMs: number): PropertyOutcome {
  const base = { case: c.name, operations: c.operations, durationMs, seed: opts.seed };
  // Neither a pass nor a fail, so no deviation can turn it into either.
  if (isNotApplicable(failure)) return { ...base, status: 'not-applicable', reason: failure.reason };
  const deviation = opts.deviations ? deviationFor(opts.deviations, opts.target, c.name) : undefined;
  if (failure === undefined) {
    return deviation
      ? { ...base, status: 'fail', failure: 'setup', reason: `passed, but deviations.json expects it to fail on ${opts.target.name} (${deviation.reason}); remove the entry` }
      : { ...base, status: 'pass' };
  }
  const reason = failure instanceof Error ? failure.message : String(failure);
  const path = failure instanceof PropertyFailure ? failure.path : undefined;
  const kind = failureKindOf(failure);
  return deviation
    ? { ...base, status: 'expected-fail', failure: kind, reason: `known deviation: ${deviation.reason} (${deviation.link})`, ...(path ? { path } : {}) }
    : { ...base, status: 'fail', failure: kind, reason, ...(path ? { path } : {}) };
}

export function resultLine(o: PropertyOutcome, target: string): PropertyResultLine {
  return {
    suite: 'properties', case: o.case, operation: o.operations.length === 1 ? o.operations[0]! : null, target,
    status: o.status, duration_ms: o.durationMs, reason: o.reason ?? null, seed: String(o.seed),
    details: { operations: o.operations, ...(o.path ? { path: o.path } : {}), ...(o.failure ? { failure: o.failure } : {}) },
  };
}

/** A broken deviations file fails the run; it is the harness's own setup, not the target's answer. */
export function deviationProblemLine(problem: string, target: string): PropertyResultLine {
  return { suite: 'properties', case: 'deviations.json', operation: null, target, status: 'fail', duration_ms: 0, reason: problem, seed: null, details: { failure: 'setup' } };
}
