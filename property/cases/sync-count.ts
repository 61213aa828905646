// Optimistic concurrency on SyncCount (reference §8.1, §8.4, §8.6).

import fc from 'fast-check';
import { batch, batches, wrongCount, type Batch } from '../arbitraries.ts';
import { expectEqual, expectTrue, holds, statusOf } from '../assert.ts';
import { Driver, type PatchIn } from '../../src/target/driver.ts';
import type { PropertyCase } from '../types.ts';

/** Patches for a batch with the server's current SyncCount for each key. */
export function correctPatches(b: Batch, current: Map<string, { SyncCount: number }>): PatchIn[] {
  return b.map((p) => ({ Op: p.op, Key: p.key, SyncCount: current.get(p.key)?.SyncCount ?? 0, ...(p.op === 'replace' ? { Value: p.value } : {}) }));
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
          const r = await d.update(name, correctPatches(b, before.records));
          expectTrue(r.ok, `UpdateRecords with the server's SyncCounts was refused: ${!r.ok && `${r.errorType} ${r.message}`}`);
          const after = await d.snapshot(name);
          expectEqual(after.syncCount, before.syncCount + 1, 'DatasetSyncCount after one successful UpdateRecords');
          if (r.ok) for (const rec of r.output.Records) expectEqual(rec.SyncCount, after.syncCount, `returned SyncCount of ${rec.Key}`);
          // Read your writes: every written key now holds what was sent, removes as tombstones.
          for (const p of b) {
            const rec = after.records.get(p.key);
            expectTrue(rec, `${p.key} missing after ${p.op} (a remove must leave a tombstone)`);
            expectEqual(rec!.Value ?? null, p.op === 'replace' ? p.value : null, `value of ${p.key} after ${p.op}`);
            expectEqual(rec!.SyncCount, after.syncCount, `SyncCount of ${p.key}`);
          }
        }
      });
    });
  },
};

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
        const r = await d.update(name, patches);
        expectEqual(statusOf(r), 409, `status for a ${how} SyncCount (${wrong}, server has ${right})`);
        if (!r.ok) expectEqual(r.errorType, 'ResourceConflictException', 'error type');
        const after = await d.snapshot(name);
        expectEqual(after.syncCount, before.syncCount, 'DatasetSyncCount after a refused request');
        expectEqual([...after.records.entries()].sort(), [...before.records.entries()].sort(), 'records after a refused request');
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
        expectEqual(statusOf(missing), 400, 'UpdateRecords without a SyncSessionToken');
        const foreignDataset = await d.update(name, patches, (await d.list(elsewhere)).SyncSessionToken);
        expectEqual(statusOf(foreignDataset), 400, 'a token issued for another dataset');
        const foreignIdentity = await d.update(name, patches, (await other.list(name)).SyncSessionToken);
        expectEqual(statusOf(foreignIdentity), 400, 'a token issued for another identity');
        expectTrue((await d.update(name, patches)).ok, 'a token issued for this dataset works');
      } finally {
        await d.drop(name);
      }
    });
  },
};
