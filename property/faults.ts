// Properties against emulators with fault switches on. A fault counts as
// caught only by an ASSERTION failure (the target answered wrongly); running
// out of time, a crash of the harness or a failed setup prove nothing.

import type { FaultName } from '../src/emulator/faults.ts';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { addIdentityPools } from './pools.ts';
import { registry } from './registry.ts';
import { capRuns, runProperties, type PropertyOutcome } from './run.ts';
import type { PropertyCase } from './types.ts';

/** Budgets are doubled against a fault: a broken emulator may be slower to fail than a correct one is to pass. */
const FAULT_BUDGET_SCALE = 2;

export type CaseRunOptions = {
  target: Target; seed: number; cases?: readonly PropertyCase[];
  /** At most this many runs per property (a property's own numRuns when lower). */
  numRuns?: number;
  budgetScale?: number;
};

/**
 * Each case once against a target, stopping each property at its first
 * counterexample (no shrinking): one outcome per case, with its failure kind.
 * No deviations apply. For selfcheck and coverage tables.
 */
export async function runPropertyCases(opts: CaseRunOptions): Promise<PropertyOutcome[]> {
  const { outcomes } = await runProperties({
    target: opts.target, seed: opts.seed, cases: capRuns(opts.cases ?? registry, opts.numRuns), endOnFailure: true,
    budgetScale: opts.budgetScale ?? FAULT_BUDGET_SCALE,
  });
  return outcomes;
}

/** Whether an outcome is a fault caught: a failed assertion about the target's answers. */
export const caught = (o: PropertyOutcome): boolean => o.status === 'fail' && o.failure === 'assertion';

/** A fresh emulator with these faults and the extra pools the pool-usage walk needs; closed after fn. */
export async function withFaultyEmulator<T>(faults: readonly FaultName[], fn: (target: Target) => Promise<T>): Promise<T> {
  const target = await resolveTarget({ target: 'emulator', faults: [...faults] });
  try {
    await addIdentityPools(target, 4);
    return await fn(target);
  } finally {
    await target.close().catch(() => {});
  }
}
