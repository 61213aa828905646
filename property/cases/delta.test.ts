// The deletion flags: which answers a correct backend may give, and which
// would make a real client lose data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from '../../src/target/index.ts';
import { tampered } from '../tamper.ts';
import { PropertyFailure } from '../types.ts';
import { deleteAndRecreateFlags } from './delta.ts';

let target: Target;
beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
});
afterAll(() => target.close());

const ctx = (t: Target) => ({ target: t, seed: 5, numRuns: 5, interruptAfterTimeLimit: 20_000, endOnFailure: true });

/** A backend that raises the deleted flag on every ListRecords of a dataset it ever deleted, from sync count 0 too. */
function flagFromZero(t: Target): Target {
  const deleted = new Set<unknown>();
  return tampered(t, async (op, input, real) => {
    if (op === 'DeleteDataset') deleted.add(input.DatasetName);
    const r = await real(op, input);
    if (op === 'ListRecords' && r.ok && deleted.has(input.DatasetName) && !input.LastSyncCount) {
      return { ...r, output: { ...r.output, DatasetDeletedAfterRequestedSyncCount: true } };
    }
    return r;
  });
}

describe('delete-and-recreate flags', () => {
  it('fail on an assertion when the deleted flag is raised from sync count 0 (Android would wipe unsynced data)', async () => {
    const err = await deleteAndRecreateFlags.run(ctx(flagFromZero(target))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PropertyFailure);
    expect((err as PropertyFailure).kind).toBe('assertion');
    expect((err as PropertyFailure).message).toMatch(/ListRecords from 0 of the deleted dataset.*Android removes the local dataset/);
  }, 30_000);

  it('hold on the emulator as it is (flag false for a deleted, not re-created dataset)', async () => {
    await expect(deleteAndRecreateFlags.run(ctx(target))).resolves.toBeUndefined();
  }, 30_000);
});
