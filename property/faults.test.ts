// Teeth: every property fails on an ASSERTION against at least one fault
// switch, and every semantic fault meant for properties is caught that way.
// A timeout, a crash or a failed setup would prove nothing, so they do not count.
import { describe, expect, it } from 'vitest';
import { semanticFaults, type FaultName } from '../src/emulator/faults.ts';
import { caught, runPropertyCases, withFaultyEmulator } from './faults.ts';
import { findCase, registry } from './registry.ts';
import { notForProperties, propertyFaults, teeth, TEETH_NUM_RUNS, TEETH_SEED } from './teeth.ts';

describe('the declared teeth', () => {
  it('name every property, and every semantic fault unless it is declared out of scope', () => {
    const properties = new Set(teeth.map((t) => t.property));
    expect(registry.filter((c) => !properties.has(c.name)).map((c) => c.name)).toEqual([]);
    const faults = new Set<FaultName>(teeth.map((t) => t.fault));
    expect(propertyFaults.filter((f) => !faults.has(f))).toEqual([]);
    for (const f of Object.keys(notForProperties)) expect(semanticFaults).toContain(f);
    for (const t of teeth) expect(findCase(t.property), t.property).toBeDefined();
  });
});

// One emulator per fault, its properties one after another; each stops at its first counterexample.
const byFault = new Map<FaultName, string[]>();
for (const t of teeth) byFault.set(t.fault, [...(byFault.get(t.fault) ?? []), t.property]);

describe(`teeth (seed ${TEETH_SEED}, at most ${TEETH_NUM_RUNS} runs)`, () => {
  for (const [fault, properties] of byFault) {
    it(`${fault} is caught on an assertion by ${properties.join(', ')}`, async () => {
      const outcomes = await withFaultyEmulator([fault], (target) =>
        runPropertyCases({ target, seed: TEETH_SEED, cases: properties.map((p) => findCase(p)!), numRuns: TEETH_NUM_RUNS }));
      for (const o of outcomes) expect(caught(o), `${o.case} under ${fault}: ${o.status} ${o.failure ?? ''}\n${o.reason ?? ''}`).toBe(true);
    }, 60_000);
  }
});
