// The whole property registry against the embedded emulator. The same cases
// run against AWS or any URL through `npx cognito-sync-harness properties`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { loadDeviations } from './deviations.ts';
import { addIdentityPools } from './pools.ts';
import { registry } from './registry.ts';
import { runProperties } from './run.ts';
import { chooseSeed } from './seed.ts';

const seed = chooseSeed();
const deviations = loadDeviations();
let target: Target;

beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
  await addIdentityPools(target, 4);
});

afterAll(async () => {
  // Every case deletes its datasets; a cleanup that finds none proves nothing was left behind.
  expect(await target.cleanup()).toBe(0);
  await target.close();
});

describe(`properties against the emulator (seed ${seed})`, () => {
  for (const c of registry) {
    it(`${c.name} (numRuns ${c.numRuns}, budget ${c.timeBudgetMs} ms)`, async () => {
      // Four times the budget: vitest runs other test files (k6, pact) beside this one on 2 cores.
      const { outcomes } = await runProperties({ target, seed, cases: [c], deviations, budgetScale: 4 });
      const [o] = outcomes;
      // Not-applicable would be a silent skip here: the emulator reaches every precondition.
      expect(['pass', 'expected-fail'], `${o!.status}: ${o!.reason}`).toContain(o!.status);
    }, c.timeBudgetMs * 2 + 30_000);
  }
});
