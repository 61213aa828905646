// Shrinking works for the model-based test: against a broken endpoint the
// reported counterexample is a short list of commands, not the random
// sequence that first failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from '../../src/target/index.ts';
import { devicesAgreeWithModel } from '../cases/model-based.ts';
import { PropertyFailure } from '../types.ts';

let target: Target;
beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator', faults: ['tombstone-vanish'] });
});
afterAll(() => target.close());

describe('model-based shrinking', () => {
  it('reports a minimal failing command list', async () => {
    const err = await devicesAgreeWithModel.run({ target, seed: 42, numRuns: 100, timeBudgetMs: 30_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PropertyFailure);
    const commands = /Counterexample: \[\[\d+,(.*)\]\]/.exec((err as Error).message)?.[1] ?? '';
    const list = commands.replace(/ \/\*replayPath=.*\*\//, "").split(/,(?=(?:update|list|delete|describe|listDatasets)\()/);
    expect(list.some((c) => c.includes('null'))).toBe(true); // the remove that should have left a tombstone
    expect(list.length).toBeLessThanOrEqual(3);
  }, 60_000);
});
