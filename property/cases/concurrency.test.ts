// The concurrency property catches lost updates and explains them as a timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from '../../src/target/index.ts';
import { PropertyFailure } from '../types.ts';
import { concurrentWritersLinearizable } from './concurrency.ts';

let target: Target;
beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator', faults: ['lost-update'] });
});
afterAll(() => target.close());

describe('concurrent writers', () => {
  it('report a lost update as a per-client timeline of the racing operations', async () => {
    const err = await concurrentWritersLinearizable.run({ target, seed: 3, numRuns: 5, interruptAfterTimeLimit: 30_000, endOnFailure: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PropertyFailure);
    const message = (err as Error).message;
    expect(message).toMatch(/not linearizable|lost update/);
    expect(message).toMatch(/client +\d+ \|[ [=\]>]+\| cas\(counter-\d, expect \d+, set "\d+"\) → /);
  }, 60_000);
});
