// Delta sync by lastSyncCount, deletion flags, limits and constraints
// (reference §4, §5, §8.2, §8.5).

import fc from 'fast-check';
import { batches, invalidDatasetName, invalidRecordKey, MAX_DATASET_BYTES, MAX_DATASETS_PER_IDENTITY } from '../arbitraries.ts';
import { expectEqual, expectTrue, holds, statusOf } from '../assert.ts';
import { Driver, type Rec } from '../../src/target/driver.ts';
import type { PropertyCase } from '../types.ts';
import { correctPatches } from './sync-count.ts';

const asRow = (r: Rec) => [r.Key, r.Value ?? null, r.SyncCount] as const;
const rows = (rs: Rec[]) => rs.map(asRow).sort((a, b) => a[0].localeCompare(b[0]));

export const deltaIsExact: PropertyCase = {
  name: 'delta/list-after-n-returns-exactly-later-changes',
  operations: ['ListRecords', 'UpdateRecords'],
  numRuns: 30,
  timeBudgetMs: 5000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    await holds(this.name, ctx, fc.tuple(batches, fc.integer({ min: 1, max: 4 })), async ([bs, pageSize]) => {
      await d.withDataset('delta', async (name) => {
        // The model: key → the record as its latest write left it.
        const latest = new Map<string, Rec>();
        for (const b of bs) {
          const r = await d.update(name, correctPatches(b, (await d.snapshot(name)).records));
          expectTrue(r.ok, `UpdateRecords with the server's SyncCounts: ${!r.ok && `${r.status} ${r.errorType}`}`);
          if (r.ok) for (const rec of r.output.Records) latest.set(rec.Key, rec);
        }
        const count = (await d.list(name)).DatasetSyncCount;
        expectEqual(count, bs.length, 'DatasetSyncCount after the batches');
        for (let n = 0; n <= count; n++) {
          const { records } = await d.listAll(name, pageSize, n);
          const expected = [...latest.values()].filter((r) => r.SyncCount > n);
          expectEqual(rows(records), rows(expected), `records changed after SyncCount ${n} (key, value or tombstone, SyncCount)`);
        }
        const beyond = await d.call('ListRecords', { DatasetName: name, LastSyncCount: count + 1 });
        expectEqual(statusOf(beyond), 400, `ListRecords with lastSyncCount ${count + 1} > DatasetSyncCount ${count}`);
      });
    });
  },
};

export const deleteAndRecreateFlags: PropertyCase = {
  name: 'delta/delete-and-recreate-flags',
  operations: ['DeleteDataset', 'ListRecords', 'UpdateRecords', 'DescribeDataset'],
  numRuns: 25,
  timeBudgetMs: 3000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    await holds(this.name, ctx, fc.tuple(batches, fc.nat()), async ([bs, pick]) => {
      await d.withDataset('recreate', async (name) => {
        for (const b of bs) await d.update(name, correctPatches(b, (await d.snapshot(name)).records));
        const last = (await d.list(name)).DatasetSyncCount;
        expectEqual(last, bs.length, 'DatasetSyncCount after the batches');
        // Any count a device may have synced to before the delete.
        const synced = 1 + (pick % last);
        expectTrue((await d.call('DeleteDataset', { DatasetName: name })).ok, 'DeleteDataset of an existing dataset');
        expectEqual(statusOf(await d.call('DescribeDataset', { DatasetName: name })), 404, 'DescribeDataset after DeleteDataset');
        const gone = await d.list(name, { LastSyncCount: synced });
        expectEqual([gone.DatasetExists, gone.Records.length], [false, 0], `ListRecords(${synced}) of the deleted dataset: DatasetExists, records`);
        const again = await d.update(name, [{ Op: 'replace', Key: 'again', Value: 'v', SyncCount: 0 }]);
        expectTrue(again.ok, 'UpdateRecords re-creates the dataset');
        const back = await d.list(name, { LastSyncCount: synced });
        expectEqual([back.DatasetExists, back.DatasetDeletedAfterRequestedSyncCount], [true, true], `flags for a device that synced to ${synced} before the delete`);
        // The device starts over: it must be given everything the new dataset holds.
        expectEqual(back.Records.map((r) => r.Key), ['again'], 'records for a device that synced before the delete');
      });
    });
  },
};

export const limitsAndConstraints: PropertyCase = {
  name: 'limits/datasets-size-and-constraints',
  operations: ['UpdateRecords', 'ListRecords'],
  numRuns: 2,
  timeBudgetMs: 3000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    await holds(this.name, ctx, fc.tuple(invalidDatasetName, invalidRecordKey), async ([badName, badKey]) => {
      const names: string[] = [];
      try {
        const invalid = await d.call('ListRecords', { DatasetName: badName });
        expectEqual(invalid.ok ? 'ok' : invalid.errorType, 'InvalidParameterException', `ListRecords of dataset name ${JSON.stringify(badName.slice(0, 40))}`);
        const first = d.fresh('limit');
        names.push(first);
        const longKey = await d.update(first, [{ Op: 'replace', Key: badKey, Value: 'v', SyncCount: 0 }]);
        expectEqual(longKey.ok ? 'ok' : longKey.errorType, 'InvalidParameterException', `a ${badKey.length}-character key`);
        // The size limit: a bit more than half of it fits once, not twice.
        const half = Math.ceil(MAX_DATASET_BYTES * 0.55);
        expectTrue((await d.update(first, [{ Op: 'replace', Key: 'big1', Value: 'x'.repeat(half), SyncCount: 0 }])).ok, `a ${half}-byte value fits`);
        const over = await d.update(first, [{ Op: 'replace', Key: 'big2', Value: 'y'.repeat(half), SyncCount: 0 }]);
        expectEqual(over.ok ? 'ok' : over.errorType, 'LimitExceededException', `a write that takes the dataset over ${MAX_DATASET_BYTES} bytes`);
        // Datasets per identity: the driver's identity holds only this case's datasets.
        for (let i = 1; i < MAX_DATASETS_PER_IDENTITY; i++) {
          const n = d.fresh('limit');
          names.push(n);
          expectTrue((await d.update(n, [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }])).ok, `dataset ${i + 1} of ${MAX_DATASETS_PER_IDENTITY}`);
        }
        const extra = d.fresh('limit');
        const refused = await d.update(extra, [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }]);
        if (refused.ok) names.push(extra);
        expectEqual(refused.ok ? 'ok' : refused.errorType, 'LimitExceededException', `dataset ${MAX_DATASETS_PER_IDENTITY + 1}`);
      } finally {
        for (const n of names) await d.drop(n);
      }
    });
  },
};
