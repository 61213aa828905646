// A printed seed and path replay the same failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { wrongCountConflicts } from './cases/sync-count.ts';
import { PropertyFailure } from './types.ts';

let target: Target;
beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator', faults: ['partial-apply'] });
});
afterAll(() => target.close());

async function failureOf(seed: number, path?: string): Promise<PropertyFailure> {
  const err = await wrongCountConflicts.run({ target, seed, numRuns: 50, timeBudgetMs: 20_000, ...(path ? { path } : {}) }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PropertyFailure);
  return err as PropertyFailure;
}

describe('replay', () => {
  it('reproduces a failure from its printed seed and path', async () => {
    const first = await failureOf(99);
    expect(first.message).toMatch(/replay: npx cognito-sync-harness properties --case sync-count\/wrong-count-conflicts-and-changes-nothing --seed 99 --path \S+/);
    const again = await failureOf(first.seed, first.path);
    const counterexample = (e: Error) => /Counterexample: (.*)/.exec(e.message)?.[1];
    expect(counterexample(again)).toBeDefined();
    expect(counterexample(again)).toBe(counterexample(first));
  });
});
