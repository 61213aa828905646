// Teeth both ways for the load checks: the smoke profile against the
// emulator with a fault switched on must fail on a named check, as an
// assertion; with any legal variant switched on it must pass. The full loops
// live here (run them with `npx tsx load/teeth.ts`); load/teeth.test.ts runs
// every caught fault and a representative part of the variant matrix.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { variantNames } from '../src/emulator/variants.ts';
import { resolveTarget } from '../src/target/index.ts';
import { CHECKS } from './lib/checks.ts';
import { runLoad, SCENARIOS, type LoadLine, type LoadResult, type Scenario } from './run.ts';

/** Short runs: 2 s at 5 iterations/s, a small dataset that still takes several pages. */
export const SHORT = { profile: 'smoke', identities: 2, datasetSize: 30, duration: '2s' } as const;

/**
 * The faults a load check catches, each with the scenario whose run is
 * enough to show it and the check that must fail there. The other faults
 * pass the load checks: the scenarios send nothing those faults break
 * (removes, multi-patch writes, foreign tokens, settings) and read errors by
 * status, not by their type header; the contract and property suites cover them.
 */
export const CAUGHT: ReadonlyArray<{ fault: string; scenario: Scenario; check: string }> = [
  { fault: 'renamed-field', scenario: 'update-records', check: CHECKS['update-records'].listShape },
  { fault: 'accept-stale', scenario: 'update-records', check: CHECKS['update-records'].staleRefused },
  { fault: 'no-increment', scenario: 'update-records', check: CHECKS['update-records'].plusOne },
  { fault: 'write-dropped', scenario: 'update-records', check: CHECKS['update-records'].readYourWrite },
  { fault: 'always-conflict', scenario: 'update-records', check: CHECKS['update-records'].currentAccepted },
  { fault: 'conflict-as-400', scenario: 'update-records', check: CHECKS['update-records'].staleRefused },
  { fault: 'stale-read', scenario: 'update-records', check: CHECKS['update-records'].readYourWrite },
  { fault: 'no-dataset-sync-count', scenario: 'list-records', check: CHECKS['list-records'].listShape },
  { fault: 'iso-timestamps', scenario: 'list-records', check: CHECKS['list-records'].listShape },
  { fault: 'page-drop', scenario: 'list-records', check: CHECKS['list-records'].fullRead },
  { fault: 'page-dup', scenario: 'list-records', check: CHECKS['list-records'].fullRead },
  { fault: 'delta-ignored', scenario: 'list-records', check: CHECKS['list-records'].delta },
  { fault: 'lost-update', scenario: 'sync-session', check: CHECKS['sync-session'].raceOneWins },
];

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

/** Every variant alone, then all of them together, over every scenario. */
export async function variantMatrix(outDir: string, names: readonly string[] = variantNames): Promise<Run[]> {
  const runs: Run[] = [];
  for (const v of names) runs.push(...(await smokeAgainst({ variants: [v] }, SCENARIOS, outDir)));
  runs.push(...(await smokeAgainst({ variants: [...variantNames] }, SCENARIOS, outDir)));
  return runs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join('reports', 'teeth', 'load');
  const { faultNames } = await import('../src/emulator/faults.ts');
  for (const fault of faultNames) {
    for (const r of await smokeAgainst({ faults: [fault] }, SCENARIOS, out)) {
      const crash = r.result.lines.filter((l) => l.details?.failure === 'crash' || l.details?.failure === 'setup').map((l) => `${l.details?.failure}: ${l.case}`);
      process.stdout.write(`fault ${fault} ${r.scenario} (${r.ms} ms): ${JSON.stringify(caughtBy(r.result.lines))}${crash.length ? ` ${JSON.stringify(crash)}` : ''}\n`);
    }
  }
  for (const r of await variantMatrix(out)) {
    const bad = r.result.lines.filter((l) => l.status !== 'pass').map((l) => `${l.status} ${l.case}`);
    process.stdout.write(`variant ${r.label} ${r.scenario} (${r.ms} ms): ${bad.length ? `FAILED ${JSON.stringify(bad)}` : 'pass'}\n`);
  }
}
