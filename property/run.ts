// Runs property cases against a target and classifies each outcome, applying
// the deviations file: a known failure is expected-fail; a known failure that
// passes fails the run (the deviation is stale).

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

export type RunPropertiesOptions = {
  target: Target;
  seed: number;
  cases?: readonly PropertyCase[];
  path?: string;
  /** Overrides every case's numRuns (e.g. a quick run). */
  numRuns?: number;
  budgetScale?: number;
  deviations?: Deviations;
  stopOnFirstFailure?: boolean;
  onOutcome?: (o: PropertyOutcome) => void;
};

export async function runProperties(opts: RunPropertiesOptions): Promise<{ outcomes: PropertyOutcome[]; ok: boolean; problems: string[] }> {
  const cases = opts.cases ?? registry;
  const problems = opts.deviations ? staleDeviations(opts.deviations, registry) : [];
  const outcomes: PropertyOutcome[] = [];
  for (const c of cases) {
    const started = performance.now();
    let failure: unknown;
    try {
      await c.run({
        target: opts.target, seed: opts.seed, ...(opts.path ? { path: opts.path } : {}),
        numRuns: opts.numRuns ?? c.numRuns, timeBudgetMs: c.timeBudgetMs * (opts.budgetScale ?? 1),
      });
    } catch (e) {
      failure = e;
    }
    const deviation = opts.deviations ? deviationFor(opts.deviations, opts.target, c.name) : undefined;
    const base = { case: c.name, operations: c.operations, durationMs: Math.round(performance.now() - started), seed: opts.seed };
    let outcome: PropertyOutcome;
    if (failure === undefined) {
      outcome = deviation
        ? { ...base, status: 'fail', reason: `passed, but deviations.json expects it to fail (${deviation.reason}); remove the entry` }
        : { ...base, status: 'pass' };
    } else {
      const reason = failure instanceof Error ? failure.message : String(failure);
      const path = failure instanceof PropertyFailure ? failure.path : undefined;
      outcome = deviation
        ? { ...base, status: 'expected-fail', reason: `${deviation.reason} (${deviation.link})`, ...(path ? { path } : {}) }
        : { ...base, status: 'fail', reason, ...(path ? { path } : {}) };
    }
    outcomes.push(outcome);
    opts.onOutcome?.(outcome);
    if (outcome.status === 'fail' && opts.stopOnFirstFailure) break;
  }
  return { outcomes, ok: problems.length === 0 && outcomes.every((o) => o.status !== 'fail'), problems };
}
