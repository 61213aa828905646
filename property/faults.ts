// Teeth: the properties against emulators with fault switches on. A fault
// counts as caught only by an ASSERTION failure (the target answered
// wrongly); running out of time, a crash of the harness or a failed setup
// prove nothing about the property.

import { faultNames, type FaultName } from '../src/emulator/faults.ts';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { addIdentityPools } from './pools.ts';
import { registry } from './registry.ts';
import { capRuns, runProperties, type PropertyOutcome } from './run.ts';
import { propertyFaults } from './teeth.ts';
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

export type FaultRun = { fault: FaultName; outcomes: PropertyOutcome[] };

export type FaultRunOptions = { seed: number; faults?: readonly FaultName[]; cases?: readonly PropertyCase[]; numRuns?: number; parallel?: number };

/** Every case against every fault (one emulator per fault, a bounded number at a time). */
export async function runAgainstFaults(opts: FaultRunOptions): Promise<FaultRun[]> {
  const faults = opts.faults ?? faultNames;
  return pool(faults, opts.parallel ?? 2, (fault) => withFaultyEmulator([fault], async (target) => ({
    fault,
    outcomes: await runPropertyCases({ target, seed: opts.seed, ...(opts.cases ? { cases: opts.cases } : {}), numRuns: opts.numRuns ?? 10 }),
  })));
}

async function pool<T, R>(items: readonly T[], parallel: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
  return out;
}

export type MatrixRow = { fault: FaultName; caughtBy: string[]; reason?: string };

export type FaultMatrixOptions = FaultRunOptions & {
  /** Run every case against every fault instead of stopping at the first catch. */
  exhaustive?: boolean;
};

/** The selfcheck matrix: each fault (by default, those meant for properties) against the properties that catch it with an assertion. */
export async function faultMatrix(opts: FaultMatrixOptions): Promise<MatrixRow[]> {
  const faults = opts.faults ?? propertyFaults;
  const cases = opts.cases ?? registry;
  return pool(faults, opts.parallel ?? 3, (fault) => withFaultyEmulator([fault], async (target) => {
    const outcomes: PropertyOutcome[] = [];
    for (const c of cases) {
      const [o] = await runPropertyCases({ target, seed: opts.seed, cases: [c], numRuns: opts.numRuns ?? 10 });
      outcomes.push(o!);
      if (caught(o!) && !opts.exhaustive) break;
    }
    return rowOf(fault, outcomes);
  }));
}

function rowOf(fault: FaultName, outcomes: PropertyOutcome[]): MatrixRow {
  const hits = outcomes.filter(caught);
  const lines = hits[0]?.reason?.split('\n') ?? [];
  // fast-check reports the thrown error as "Got <ErrorName>: <message>".
  const reason = lines.map((l) => /^Got \w+: (.*)/.exec(l)?.[1]).find((m) => m !== undefined) ?? lines[0];
  return { fault, caughtBy: hits.map((o) => o.case), ...(reason ? { reason } : {}) };
}

export function formatMatrix(rows: MatrixRow[]): string {
  const width = Math.max(...rows.map((r) => r.fault.length));
  return rows.map((r) => `${r.fault.padEnd(width)}  ${r.caughtBy.length ? `caught by ${r.caughtBy.join(', ')}` : 'NOT CAUGHT'}${r.reason ? `\n${' '.repeat(width + 2)}  ${r.reason}` : ''}`).join('\n');
}
