// Teeth both ways for the load checks (see load/teeth.ts): every fault a load
// check catches fails the smoke on that named check, as an assertion, not a
// crash; legal variants pass. Variants here are a representative subset,
// those that touch what the scenarios read (throttling, paging, tokens,
// nulls, record order, sessions), plus all of them together; variantMatrix()
// runs each one alone (`npx tsx load/teeth.ts`: every fault and every variant
// over all three scenarios, about 4 minutes on 2 cores; this file takes 1.5).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { variantNames } from '../src/emulator/variants.ts';
import { checkNames } from './lib/checks.ts';
import { CAUGHT, caughtBy, smokeAgainst, type Run } from './teeth.ts';
import { SCENARIOS } from './run.ts';

const OUT = join('reports', 'test-results', 'load-teeth');

describe('a load check catches each of these faults', () => {
  for (const c of CAUGHT) {
    it(`${c.fault}: ${c.scenario} fails on "${c.check}"`, async () => {
      const [run] = await smokeAgainst({ faults: [c.fault] }, [c.scenario], OUT);
      const r = run!.result;
      expect(r.ok).toBe(false);
      expect(r.exitCode).toBe(99);
      expect(caughtBy(r.lines)).toContain(c.check);
      expect(r.lines.find((l) => l.case === c.check)!.reason).toMatch(/^\d+ of \d+ failed: \S/);
      expect(r.lines.filter((l) => l.details?.failure !== undefined && l.details.failure !== 'assertion')).toEqual([]);
    }, 60_000);
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
