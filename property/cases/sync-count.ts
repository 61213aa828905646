// Optimistic concurrency on SyncCount (AWS API reference, UpdateRecords; AWS model:
// SyncSessionToken; aws-sdk-android DefaultDataset fast-forwards only on +1).

import fc from 'fast-check';
import { batch, batches, wrongCount, type Batch } from '../arbitraries.ts';
import { expectEqual, expectTrue, holds, listIn, statusOf } from '../assert.ts';
import { rowsOf } from '../records.ts';
import { Driver, type PatchIn, type Rec } from '../../src/target/driver.ts';
import type { PropertyCase } from '../types.ts';

/** Patches for a batch with the server's current SyncCount for each key. */
export function correctPatches(b: Batch, current: Map<string, { SyncCount: number }>): PatchIn[] {
  return b.map((p) => ({ Op: p.op, Key: p.key, SyncCount: current.get(p.key)?.SyncCount ?? 0, ...(p.op === 'replace' ? { Value: p.value } : {}) }));
}

const valueOf = (p: PatchIn) => (p.Op === 'replace' ? p.Value ?? null : null);

/**
 * What a successful UpdateRecords must leave: DatasetSyncCount one higher,
 * every patched key holding what was sent at that count (a remove as a
 * tombstone), every other record as it was.
 */
export function expectWritten(before: Map<string, Rec>, beforeCount: number, after: { records: Map<string, Rec>; syncCount: number }, patches: PatchIn[], returned: Rec[]): void {
  expectEqual(after.syncCount, beforeCount + 1, 'DatasetSyncCount after one successful UpdateRecords (Android/iOS fast-forward only when it rose by exactly 1)');
  for (const rec of returned) expectEqual(rec.SyncCount ?? null, after.syncCount, `SyncCount returned for ${rec.Key} (Android/iOS read the new DatasetSyncCount from it)`);
  for (const p of patches) {
    const rec = after.records.get(p.Key);
    expectTrue(rec, `${p.Key} missing after ${p.Op} (documented: a remove leaves a tombstone, which other devices pull)`);
    expectEqual(rec!.Value ?? null, valueOf(p), `value of ${p.Key} after ${p.Op} (read your writes; a tombstone has no Value)`);
    expectEqual(rec!.SyncCount ?? null, after.syncCount, `SyncCount of ${p.Key} after ${p.Op} (delta sync: a record carries the DatasetSyncCount of its last write)`);
  }
  const patched = new Set(patches.map((p) => p.Key));
  const untouched = (m: Map<string, Rec>) => rowsOf([...m.values()].filter((r) => !patched.has(r.Key)));
  expectEqual(untouched(after.records), untouched(before), 'records the request did not patch (nothing else changes)');
}

export const correctPatchAdvances: PropertyCase = {
  name: 'sync-count/correct-patch-advances-by-one',
  operations: ['UpdateRecords', 'ListRecords'],
  numRuns: 40,
  timeBudgetMs: 6000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    await holds(this.name, ctx, batches, async (bs) => {
      await d.withDataset('advance', async (name) => {
        for (const b of bs) {
          const before = await d.snapshot(name);
          const patches = correctPatches(b, before.records);
          const r = await d.update(name, patches);
          expectTrue(r.ok, `UpdateRecords with the server's own SyncCounts was refused: ${!r.ok && `${r.status} ${r.errorType} ${r.message}`} (documented: send the record's current SyncCount, 0 for a new key)`);
          const after = await d.snapshot(name);
          expectWritten(before.records, before.syncCount, after, patches, r.ok ? listIn<Rec>(r.output, 'Records', 'UpdateRecords answer') : []);
        }
      });
    });
  },
};

/**
 * How a patch's SyncCount is wrong. Only "stale with a new value" is
 * documented as refused; a stale count on an unchanged value is refused in
 * field reports but not by the docs, and a count above the server's is not
 * documented at all (AWS API reference, UpdateRecords; aws-sdk-net issue #391).
 */
type Wrongness = 'stale-new-value' | 'stale-same-value' | 'future';

function wrongness(p: PatchIn, server: Rec | undefined): Wrongness {
  const right = server?.SyncCount ?? 0;
  if (p.SyncCount > right) return 'future';
  return valueOf(p) === (server?.Value ?? null) && server !== undefined ? 'stale-same-value' : 'stale-new-value';
}

export const wrongCountConflicts: PropertyCase = {
  name: 'sync-count/wrong-count-conflicts-and-changes-nothing',
  operations: ['UpdateRecords', 'ListRecords'],
  numRuns: 30,
  timeBudgetMs: 7000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    const arb = fc.record({ seed: batches, attack: batch, wrongAt: fc.nat(), how: wrongCount, shift: fc.integer({ min: 1, max: 3 }) });
    await holds(this.name, ctx, arb, async ({ seed, attack, wrongAt, how, shift }) => {
      await d.withDataset('conflict', async (name) => {
        for (const b of seed) await d.update(name, correctPatches(b, (await d.snapshot(name)).records));
        const before = await d.snapshot(name);
        const patches = correctPatches(attack, before.records);
        const i = wrongAt % patches.length;
        const right = patches[i]!.SyncCount;
        const wrong = how === 'stale' ? right - shift : how === 'future' ? right + shift : 0;
        fc.pre(wrong !== right && wrong >= 0);
        patches[i] = { ...patches[i]!, SyncCount: wrong };
        const kind = wrongness(patches[i]!, before.records.get(patches[i]!.Key));
        const r = await d.update(name, patches);
        const after = await d.snapshot(name);
        const what = `a ${kind} SyncCount (${wrong} for ${patches[i]!.Key}, server has ${right})`;
        if (kind === 'stale-new-value' || !r.ok) {
          expectEqual(statusOf(r), 409, `status for ${what} (documented: UpdateRecords 409 on a stale SyncCount${kind === 'stale-new-value' ? '' : '; a refusal must be a 409'})`);
          if (!r.ok) expectEqual(r.errorType, 'ResourceConflictException', `error type for ${what} (Android/iOS/JS resolve conflicts only on it)`);
          expectEqual(after.syncCount, before.syncCount, `DatasetSyncCount after a refused request (Android/iOS retry assumes nothing was applied)`);
          expectEqual(rowsOf(after.records.values()), rowsOf(before.records.values()), `records after a refused request (Android/iOS retry assumes nothing was applied)`);
          return;
        }
        // Accepted: legal only where the docs do not demand a refusal, and then it must be a correct write.
        expectWritten(before.records, before.syncCount, after, patches, listIn<Rec>(r.output, 'Records', 'UpdateRecords answer'));
      });
    });
  },
};

export const sessionTokenBound: PropertyCase = {
  name: 'sync-count/session-token-required-and-bound',
  operations: ['UpdateRecords', 'ListRecords'],
  numRuns: 20,
  timeBudgetMs: 2000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    const other = new Driver(ctx.target, await ctx.target.newIdentity());
    await holds(this.name, ctx, batch, async (b) => {
      const name = d.fresh('session');
      const elsewhere = d.fresh('session-other');
      try {
        const patches = correctPatches(b, new Map());
        const missing = await d.call('UpdateRecords', { DatasetName: name, RecordPatches: patches });
        expectEqual(statusOf(missing), 400, 'UpdateRecords without a SyncSessionToken (documented: required)');
        const foreignDataset = await d.update(name, patches, (await d.list(elsewhere)).SyncSessionToken);
        expectEqual(statusOf(foreignDataset), 400, 'a SyncSessionToken issued for another dataset (documented: the token of a ListRecords for this dataset and identity)');
        const foreignIdentity = await d.update(name, patches, (await other.list(name)).SyncSessionToken);
        expectEqual(statusOf(foreignIdentity), 400, 'a SyncSessionToken issued for another identity (documented: the token of a ListRecords for this dataset and identity)');
        const own = await d.update(name, patches);
        expectTrue(own.ok, `a SyncSessionToken issued for this dataset and identity was refused: ${!own.ok && `${own.status} ${own.errorType}`} (documented)`);
      } finally {
        await d.drop(name);
      }
    });
  },
};
