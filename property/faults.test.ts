// Teeth, per property: each (fault, property) pair of the declared coverage
// table fails on an ASSERTION. A timeout, a crash or a failed setup would
// prove nothing, so they do not count. selfcheck runs the same table across
// every suite; this file gives the property suite its own quick proof.
import { describe, expect, it } from 'vitest';
import { type FaultName } from '../src/emulator/faults.ts';
import { coverage } from '../src/selfcheck/coverage.ts';
import { caught, runPropertyCases, withFaultyEmulator } from './faults.ts';
import { findCase, registry } from './registry.ts';

/** The seed and run cap the table was established with; a catch must not hang on luck. */
const SEED = 20261125;
const NUM_RUNS = 10;

const rows = (Object.entries(coverage) as Array<[FaultName, { properties?: readonly string[] }]>).filter(([, c]) => (c.properties ?? []).length > 0);

describe('the declared coverage of the properties', () => {
  it('names every property at least once', () => {
    const named = new Set(rows.flatMap(([, c]) => c.properties!));
    expect(registry.filter((c) => !named.has(c.name)).map((c) => c.name)).toEqual([]);
  });
});

describe(`each fault is caught on an assertion by every property declared for it (seed ${SEED}, at most ${NUM_RUNS} runs)`, () => {
  for (const [fault, c] of rows) {
    it(`${fault}: ${c.properties!.join(', ')}`, async () => {
      const outcomes = await withFaultyEmulator([fault], (target) =>
        runPropertyCases({ target, seed: SEED, cases: c.properties!.map((p) => findCase(p)!), numRuns: NUM_RUNS }));
      for (const o of outcomes) expect(caught(o), `${o.case} under ${fault}: ${o.status} ${o.failure ?? ''}\n${o.reason ?? ''}`).toBe(true);
    }, 90_000);
  }
});
