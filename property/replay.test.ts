// A printed seed and path replay the same failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { devicesAgreeWithModel } from './cases/model-based.ts';
import { wrongCountConflicts } from './cases/sync-count.ts';
import { PropertyFailure, type PropertyCase } from './types.ts';

let target: Target;
beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator', faults: ['partial-apply', 'tombstone-vanish'] });
});
afterAll(() => target.close());

async function failureOf(c: PropertyCase, seed: number, path?: string): Promise<PropertyFailure> {
  const err = await c.run({ target, seed, numRuns: 60, interruptAfterTimeLimit: 30_000, ...(path ? { path } : {}) }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PropertyFailure);
  return err as PropertyFailure;
}

describe('replay', () => {
  it('reproduces a shrunk counterexample from its printed seed and path', async () => {
    const first = await failureOf(wrongCountConflicts, 99);
    expect(first.message).toContain(`replay: npx cognito-sync-harness properties --case ${wrongCountConflicts.name} --seed 99 --path ${first.path}`);
    const again = await failureOf(wrongCountConflicts, first.seed, first.path);
    expect(first.counterexample).toBeDefined();
    expect(again.counterexample).toBe(first.counterexample);
  }, 60_000);

  it('reproduces a model-based command list from its printed seed and path (with the replayPath)', async () => {
    const first = await failureOf(devicesAgreeWithModel, 7);
    expect(first.path).toMatch(/@/);
    const again = await failureOf(devicesAgreeWithModel, first.seed, first.path);
    expect(first.counterexample).toBeDefined();
    expect(again.counterexample).toBe(first.counterexample);
  }, 60_000);
});
