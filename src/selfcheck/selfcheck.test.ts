// selfcheck itself: the table is whole, a declared case that does not catch
// its fault is reported, and a failure that is not an assertion never counts.

import { describe, expect, it } from 'vitest';
import { chooseSeed } from '../../property/seed.ts';
import { formatFaults, formatVariants, selfcheckCommand } from '../cli/commands/selfcheck.ts';
import { faultNames } from '../emulator/faults.ts';
import { variantNames } from '../emulator/variants.ts';
import { coverage, coverageProblems } from './coverage.ts';
import { knownCases } from './known.ts';
import { checkFault, checkVariants, pool } from './run.ts';
import { FULL_SWEEPS, REPRESENTATIVE_VARIANTS } from './sweeps.ts';

const seed = chooseSeed();

describe('the declared coverage table', () => {
  it('has catchers for every fault, names only real cases, and covers every interaction, property and load check', () => {
    expect(coverageProblems(coverage, knownCases())).toEqual([]);
  });

  it('reports a fault without catchers, an unknown case, and a case in no row', () => {
    const problems = coverageProblems({ 'page-drop': {}, 'page-dup': { properties: ['no/such-property'] } }, { contracts: [], properties: ['a/real-one'], load: [] });
    expect(problems).toEqual([
      'fault page-drop declares no case that catches it',
      'fault page-dup names properties case "no/such-property", which does not exist',
      'properties case "a/real-one" is in no row: nothing proves it can fail',
    ]);
  });
});

describe('the printed table', () => {
  it('marks a missed fault and says what each case that did not catch did instead', () => {
    const text = formatFaults([{ fault: 'lost-update', caught: false, cases: [
      { suite: 'properties', case: 'concurrency/writers-linearizable-no-lost-update', caught: true, how: 'lost update on counter-0' },
      { suite: 'load', case: 'sync-session: x', caught: false, how: 'passed' },
    ] }]);
    expect(text).toBe('  lost-update  MISSED  1/2  \n      load · sync-session: x: passed');
  });
});

describe('a catch is an assertion by a declared case', () => {
  it('reports a declared case that passes under the fault as missed', async () => {
    // Sequential writes cannot expose a race: this property alone must miss lost-update.
    const row = await checkFault('lost-update', { properties: ['pagination/list-records-every-record-once'] }, { seed, numRuns: 3 });
    expect(row.caught).toBe(false);
    expect(row.cases).toEqual([{ suite: 'properties', case: 'pagination/list-records-every-record-once', caught: false, how: 'passed' }]);
  }, 120_000);

  it('does not count a failed provider state as a catch', async () => {
    // Under always-conflict the state cannot seed records, so this interaction fails on setup, not on an assertion.
    const row = await checkFault('always-conflict', { contracts: ['DescribeDataset of an existing dataset'] }, { seed });
    expect(row.caught).toBe(false);
    expect(row.cases[0]!.how).toMatch(/^failed, but not on an assertion \(setup\)/);
  }, 120_000);

  it('counts a declared case that fails on an assertion', async () => {
    const row = await checkFault('dataset-always-exists', { contracts: ['ListRecords of a missing dataset'] }, { seed });
    expect(row).toMatchObject({ caught: true, cases: [{ caught: true }] });
  }, 120_000);
});

// The whole table and every variant, as `npx cognito-sync-harness selfcheck` runs them: about
// 5 minutes on 2 cores, two emulators at a time. CI uses the fixed seed (CSH_SEED overrides it).
describe(`selfcheck in full (seed ${seed})`, () => {
  it('catches every fault with every case declared for it, on assertions', async () => {
    const rows = await pool(faultNames, 2, (f) => checkFault(f, coverage[f], { seed }));
    expect(rows.filter((r) => !r.caught).map((r) => r.fault), formatFaults(rows)).toEqual([]);
  }, 20 * 60_000);

  // Every variant alone with CSH_SWEEPS=full (and in `selfcheck`); otherwise the representative ones alone.
  const alone = FULL_SWEEPS ? variantNames : REPRESENTATIVE_VARIANTS;
  it(`passes every suite under ${FULL_SWEEPS ? 'each variant' : `${alone.join(', ')}`} alone and all of them together`, async () => {
    const runs = [...alone.map((v) => [v]), [...variantNames]];
    const rows = await pool(runs, 2, (v) => checkVariants(v, { seed, numRuns: 10 }));
    expect(rows.filter((r) => !r.passed).map((r) => r.variants.join('+')), formatVariants(rows)).toEqual([]);
    // Throttling was really on, and the suites retried instead of failing.
    expect(rows.find((r) => r.variants.length === 1 && r.variants[0] === 'throttling')!.throttled).toBeGreaterThan(0);
  }, 20 * 60_000);

  it('prints one line per fault and per variant run, and a PASS line', async () => {
    let text = '';
    const code = await selfcheckCommand({ seed: String(seed), fault: ['lost-update', 'page-drop'], variant: ['extra-members'], together: false }, (s) => (text += s));
    expect(code).toBe(0);
    expect(text).toMatch(/^ {2}lost-update +caught +2\/2 +properties 1 · load 1$/m);
    const pageDrop = Object.values(coverage['page-drop']).flat().length;
    expect(text).toMatch(new RegExp(`^ {2}page-drop +caught +${pageDrop}/${pageDrop} `, 'm'));
    expect(text).toMatch(/^ {2}extra-members +passed$/m);
    expect(text).toMatch(/^PASS · 2 of 2 faults caught · 1 of 1 variant runs passed$/m);
  }, 10 * 60_000);
});
