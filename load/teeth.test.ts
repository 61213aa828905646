// Teeth both ways for the load checks (see load/teeth.ts): each fault fails
// the smoke on every check the coverage table declares for it, as an
// assertion, not a crash; legal variants pass. Variants here are a
// representative subset, those that touch what the scenarios read
// (throttling, paging, tokens, nulls, record order, sessions), plus all of
// them together; selfcheck runs each one alone.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FaultName } from '../src/emulator/faults.ts';
import { variantNames } from '../src/emulator/variants.ts';
import { coverage } from '../src/selfcheck/coverage.ts';
import { FULL_SWEEPS, PER_SUITE_SWEEP_NOTE } from '../src/selfcheck/sweeps.ts';
import { checkNames, scenarioOfCheck, type ScenarioName } from './lib/checks.ts';
import { caughtBy, smokeAgainst, type Run } from './teeth.ts';
import { SCENARIOS } from './run.ts';

const OUT = join('reports', 'test-results', 'load-teeth');
const rows = (Object.entries(coverage) as Array<[FaultName, { load?: readonly string[] }]>).filter(([, c]) => (c.load ?? []).length > 0);

describe.skipIf(!FULL_SWEEPS)(`each fault fails the smoke on every load check declared for it (${PER_SUITE_SWEEP_NOTE})`, () => {
  for (const [fault, { load }] of rows) {
    const scenarios = [...new Set(load!.map((c) => scenarioOfCheck(c)!))] as ScenarioName[];
    it(`${fault}: ${scenarios.join(', ')}`, async () => {
      const runs = await smokeAgainst({ faults: [fault] }, scenarios, OUT);
      const lines = runs.flatMap((r) => r.result.lines);
      for (const r of runs) expect(r.result.exitCode, r.scenario).toBe(99);
      for (const check of load!) {
        expect(caughtBy(lines), check).toContain(check);
        expect(lines.find((l) => l.case === check)!.reason).toMatch(/^\d+ of \d+ failed: \S/);
      }
      expect(lines.filter((l) => l.details?.failure === 'crash').map((l) => l.case)).toEqual([]);
    }, 90_000);
  }
});

function expectClean(runs: Run[]): void {
  for (const { scenario, result } of runs) {
    const bad = result.lines.filter((l) => l.status !== 'pass').map((l) => `${l.status} ${l.case}: ${l.reason}`);
    expect(bad, scenario).toEqual([]);
    expect(result.exitCode, scenario).toBe(0);
    for (const name of checkNames(scenario)) {
      expect((result.lines.find((l) => l.case === name)?.details?.passes as number) ?? 0, name).toBeGreaterThan(0);
    }
  }
}

describe('the load checks pass under legal variants', () => {
  for (const v of ['throttling', 'small-pages', 'opaque-tokens', 'explicit-nulls', 'shuffled-records', 'session-per-page', 'session-sticky']) {
    it(`${v}`, async () => {
      const runs = await smokeAgainst({ variants: [v] }, SCENARIOS, OUT);
      expectClean(runs);
      // ~5% of calls answer 429: over three short runs some must have been retried, and none left throttled.
      if (v === 'throttling') expect(runs.reduce((n, r) => n + ((r.result.lines[0]?.details?.throttles as number) ?? 0), 0)).toBeGreaterThan(0);
    }, 60_000);
  }

  it('every variant at once', async () => {
    expectClean(await smokeAgainst({ variants: [...variantNames] }, SCENARIOS, OUT));
  }, 60_000);
});
