// Teeth both ways for the contracts: every fault switch of the emulator
// against the pact (which interactions it breaks, on an assertion), and every
// legal-variation switch (the pact must still pass). verify.test.ts runs the
// fault matrix and a subset of variants; selfcheck runs every variant.

import { faultNames, type FaultName } from '../src/emulator/faults.ts';
import type { VariantName } from '../src/emulator/variants.ts';
import { resolveTarget } from '../src/target/index.ts';
import { verifyContracts, type VerifyResult } from './verify.ts';

/** Interactions that cannot be set up under a variant, by design, and so are reported not-applicable there. */
export const NOT_APPLICABLE_UNDER: Partial<Record<VariantName, readonly string[]>> = {
  'bulk-instant': ['BulkPublish while a bulk publish is in progress'],
};

export async function verifyOnEmulator(switches: { faults?: readonly string[]; variants?: readonly string[] } = {}): Promise<VerifyResult> {
  const target = await resolveTarget({ target: 'emulator', faults: [...(switches.faults ?? [])], variants: [...(switches.variants ?? [])] });
  try {
    return await verifyContracts({ target });
  } finally {
    await target.close();
  }
}

export type FaultRow = { fault: FaultName; assertion: string[]; setup: string[]; other: string[]; ms: number };

/** Which interactions each fault breaks, by failure kind; one emulator per fault, one after another. */
export async function contractFaultMatrix(faults: readonly FaultName[] = faultNames, onRow?: (row: FaultRow) => void): Promise<FaultRow[]> {
  const rows: FaultRow[] = [];
  for (const fault of faults) {
    const started = performance.now();
    const r = await verifyOnEmulator({ faults: [fault] });
    const failed = (kind: string) => r.interactions.filter((i) => i.status === 'fail' && i.failure === kind).map((i) => i.interaction).sort();
    const other = r.interactions.filter((i) => i.status !== 'pass' && !(i.status === 'fail' && (i.failure === 'assertion' || i.failure === 'setup'))).map((i) => `${i.interaction} (${i.status}${i.failure ? `: ${i.failure}` : ''})`);
    const row = { fault, assertion: failed('assertion'), setup: failed('setup'), other, ms: Math.round(performance.now() - started) };
    onRow?.(row);
    rows.push(row);
  }
  return rows;
}

export function judgeVariantRun(r: VerifyResult, set: readonly VariantName[]): { ok: boolean; problems: string[] } {
  const expectedNa = new Set(set.flatMap((v) => NOT_APPLICABLE_UNDER[v] ?? []));
  const problems: string[] = [];
  for (const i of r.interactions) {
    if (expectedNa.has(i.interaction)) {
      if (i.status !== 'not-applicable' || !i.reason) problems.push(`${i.interaction}: expected not-applicable with a reason, got ${i.status}`);
    } else if (i.status !== 'pass') {
      problems.push(`${i.interaction}: ${i.status}${i.failure ? ` (${i.failure})` : ''}: ${i.reason ?? ''}`);
    }
  }
  if (r.crash) problems.push(r.crash);
  problems.push(...r.strayStateErrors);
  return { ok: problems.length === 0, problems };
}
