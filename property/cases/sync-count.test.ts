// The SyncCount rule where the docs leave a choice: a backend that accepts a
// count above its own, or a stale count on an unchanged value, as a correct
// write is legal; the suite must pass against it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../src/client/request.ts';
import type { PatchIn, Rec } from '../../src/target/driver.ts';
import { resolveTarget, type Target } from '../../src/target/index.ts';
import { tampered } from '../tamper.ts';
import { devicesAgreeWithModel } from './model-based.ts';
import { wrongCountConflicts } from './sync-count.ts';

let target: Target;
beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
});
afterAll(() => target.close());

/** Refused patches that only the docs' silence allows through are sent again with the server's counts. */
function lenient(t: Target): { target: Target; accepted: () => number } {
  let accepted = 0;
  const target = tampered(t, async (op, input, real) => {
    const r = await real(op, input);
    if (op !== 'UpdateRecords' || r.ok || r.status !== 409) return r;
    const { IdentityPoolId, IdentityId, DatasetName } = input;
    const listing = await real('ListRecords', { IdentityPoolId, IdentityId, DatasetName });
    if (!listing.ok) return r;
    const server = new Map(((listing.output as { Records: Rec[] }).Records).map((x) => [x.Key, x]));
    let lenientOnly = true;
    const patches = (input.RecordPatches as PatchIn[]).map((p) => {
      const current = server.get(p.Key);
      const count = current?.SyncCount ?? 0;
      const sameValue = current !== undefined && (current.Value ?? null) === (p.Op === 'replace' ? p.Value ?? null : null);
      if (p.SyncCount > count || (p.SyncCount < count && sameValue)) return { ...p, SyncCount: count };
      if (p.SyncCount !== count) lenientOnly = false;
      return p;
    });
    if (!lenientOnly) return r;
    const again: CallResult = await real(op, { ...input, RecordPatches: patches });
    if (again.ok) accepted++;
    return again;
  });
  return { target, accepted: () => accepted };
}

describe('a backend that accepts future counts and stale counts on unchanged values', () => {
  it('passes the conflict property', async () => {
    const l = lenient(target);
    await expect(wrongCountConflicts.run({ target: l.target, seed: 21, numRuns: 40, interruptAfterTimeLimit: 30_000 })).resolves.toBeUndefined();
    expect(l.accepted()).toBeGreaterThan(0);
  }, 60_000);

  it('passes the model-based property', async () => {
    const l = lenient(target);
    await expect(devicesAgreeWithModel.run({ target: l.target, seed: 21, numRuns: 60, interruptAfterTimeLimit: 30_000 })).resolves.toBeUndefined();
    expect(l.accepted()).toBeGreaterThan(0);
  }, 60_000);
});
