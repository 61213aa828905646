// The fault matrix: each semantic fault switch of the emulator against the
// first property that catches it. A harness that cannot catch a broken
// endpoint proves nothing.

import { semanticFaults, type FaultName } from '../src/emulator/faults.ts';
import { resolveTarget } from '../src/target/index.ts';
import { runProperties } from './run.ts';
import type { PropertyCase } from './types.ts';

export type MatrixRow = { fault: FaultName; caughtBy: string | undefined; reason?: string };

export async function faultMatrix(opts: { seed: number; cases?: readonly PropertyCase[]; faults?: readonly FaultName[]; numRuns?: number }): Promise<MatrixRow[]> {
  const faults = opts.faults ?? semanticFaults;
  // Each fault gets its own emulator; they run side by side.
  return Promise.all(faults.map(async (fault): Promise<MatrixRow> => {
    const target = await resolveTarget({ target: 'emulator', faults: [fault] });
    try {
      const { outcomes } = await runProperties({ target, seed: opts.seed, ...(opts.cases ? { cases: opts.cases } : {}), numRuns: opts.numRuns ?? 10, budgetScale: 2, stopOnFirstFailure: true });
      const caught = outcomes.find((o) => o.status === 'fail');
      return { fault, caughtBy: caught?.case, ...(caught?.reason ? { reason: caught.reason.split('\n')[0] } : {}) };
    } finally {
      await target.close().catch(() => {});
    }
  }));
}

export function formatMatrix(rows: MatrixRow[]): string {
  const width = Math.max(...rows.map((r) => r.fault.length));
  return rows.map((r) => `${r.fault.padEnd(width)}  ${r.caughtBy ? `caught by ${r.caughtBy}` : 'NOT CAUGHT'}`).join('\n');
}
