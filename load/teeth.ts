// Teeth both ways for the load checks: the smoke profile against the
// emulator with a fault switched on must fail on the checks the coverage
// table declares, as assertions; with any legal variant on it must pass.
// load/teeth.test.ts runs every declared fault and a representative part of
// the variants; `npx cognito-sync-harness selfcheck` runs all of them.

import { join } from 'node:path';
import { resolveTarget } from '../src/target/index.ts';
import { runLoad, type LoadLine, type LoadResult, type Scenario } from './run.ts';

/** Short runs: 2 s at 5 iterations/s, a small dataset that still takes several pages. */
export const SHORT = { profile: 'smoke', identities: 2, datasetSize: 30, duration: '2s' } as const;

export type Run = { label: string; scenario: Scenario; result: LoadResult; ms: number };

/** One short smoke run of each scenario against an emulator with these switches; the emulator is stopped after. */
export async function smokeAgainst(sw: { faults?: string[]; variants?: string[] }, scenarios: readonly Scenario[], outDir: string): Promise<Run[]> {
  const target = await resolveTarget({ target: 'emulator', faults: sw.faults ?? [], variants: sw.variants ?? [] });
  const label = [...(sw.faults ?? []), ...(sw.variants ?? [])].join('+') || 'plain';
  const runs: Run[] = [];
  try {
    for (const scenario of scenarios) {
      const started = performance.now();
      const result = await runLoad({ target, scenario, ...SHORT, outDir: join(outDir, label) });
      runs.push({ label, scenario, result, ms: Math.round(performance.now() - started) });
    }
  } finally {
    await target.close();
  }
  return runs;
}

/** The assertion failures of a run: what a fault was caught by. */
export const caughtBy = (lines: LoadLine[]) => lines.filter((l) => l.status === 'fail' && l.details?.failure === 'assertion').map((l) => l.case);
