// selfcheck itself: the table is whole, a declared case that does not catch
// its fault is reported, and a failure that is not an assertion never counts.

import { describe, expect, it } from 'vitest';
import { chooseSeed } from '../../property/seed.ts';
import { coverage, coverageProblems } from './coverage.ts';
import { knownCases } from './known.ts';
import { checkFault } from './run.ts';

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
