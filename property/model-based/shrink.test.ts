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

/** The commands of a counterexample such as `[[2,device0.pull(),device0.push(-a) /*replayPath="…"*\/]]`. */
function commandsOf(counterexample: string): string[] {
  const list = counterexample.replace(/ \/\*replayPath=.*\*\//, '').replace(/^\[\[\d+,/, '').replace(/\]\]$/, '');
  return list === '' ? [] : list.split(/,(?=device\d\.|deleteDataset\(|describeDataset\(|listDatasets\()/);
}

describe('model-based shrinking', () => {
  it('reports a minimal failing command list', async () => {
    const err = await devicesAgreeWithModel.run({ target, seed: 42, numRuns: 100, interruptAfterTimeLimit: 40_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PropertyFailure);
    const commands = commandsOf((err as PropertyFailure).counterexample ?? '');
    // A push with the remove that should have left a tombstone, and a pull that misses it.
    expect(commands.some((c) => /\.push\(.*-[abc]\b/.test(c))).toBe(true);
    expect(commands.some((c) => c.includes('.pull()'))).toBe(true);
    expect(commands.length).toBeLessThanOrEqual(4);
  }, 60_000);
});
