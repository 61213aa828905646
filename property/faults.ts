// The fault matrix: each semantic fault switch of the emulator against the
// properties that catch it. A harness that cannot catch a broken endpoint
// proves nothing.

import { semanticFaults, type FaultName } from '../src/emulator/faults.ts';
import { resolveTarget } from '../src/target/index.ts';
import { addIdentityPools } from './pools.ts';
import { runProperties } from './run.ts';
import type { PropertyCase } from './types.ts';

export type MatrixRow = { fault: FaultName; caughtBy: string[]; reason?: string };

export type FaultMatrixOptions = {
  seed: number;
  cases?: readonly PropertyCase[];
  faults?: readonly FaultName[];
  /** numRuns for every case; a fault is usually caught in the first few runs. */
  numRuns?: number;
  /** Emulators running at once. */
  parallel?: number;
  /** Run every case against every fault instead of stopping at the first catch. */
  exhaustive?: boolean;
};

export async function faultMatrix(opts: FaultMatrixOptions): Promise<MatrixRow[]> {
  const faults = opts.faults ?? semanticFaults;
  const rows: MatrixRow[] = new Array(faults.length);
  let next = 0;
  // A small worker pool: one emulator per fault, a bounded number at a time.
  const worker = async () => {
    for (let i = next++; i < faults.length; i = next++) rows[i] = await oneFault(faults[i]!, opts);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel ?? 3, faults.length)) }, worker));
  return rows;
}

async function oneFault(fault: FaultName, opts: FaultMatrixOptions): Promise<MatrixRow> {
  const target = await resolveTarget({ target: 'emulator', faults: [fault] });
  try {
    await addIdentityPools(target, 4);
    const { outcomes } = await runProperties({
      target, seed: opts.seed, ...(opts.cases ? { cases: opts.cases } : {}),
      numRuns: opts.numRuns ?? 10, budgetScale: 2, endOnFailure: true, stopOnFirstFailure: !opts.exhaustive,
    });
    const caught = outcomes.filter((o) => o.status === 'fail');
    const lines = caught[0]?.reason?.split('\n') ?? [];
    const reason = lines.find((l) => l.startsWith('Got error: '))?.slice('Got error: '.length) ?? lines[0];
    return { fault, caughtBy: caught.map((o) => o.case), ...(reason ? { reason } : {}) };
  } finally {
    await target.close().catch(() => {});
  }
}

export function formatMatrix(rows: MatrixRow[]): string {
  const width = Math.max(...rows.map((r) => r.fault.length));
  return rows.map((r) => `${r.fault.padEnd(width)}  ${r.caughtBy.length ? `caught by ${r.caughtBy.join(', ')}` : 'NOT CAUGHT'}${r.reason ? `\n${' '.repeat(width + 2)}  ${r.reason}` : ''}`).join('\n');
}
