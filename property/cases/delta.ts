// Delta sync by lastSyncCount, deletion flags, limits and constraints
// (reference §4, §5, §8.2, §8.5).

import fc from 'fast-check';
import { batches, DATASET_NAME_MAX, RECORD_KEY_MAX } from '../arbitraries.ts';
import { expectEqual, expectTrue, holds } from '../assert.ts';
import { Driver } from '../../src/target/driver.ts';
import type { PropertyCase } from '../types.ts';
import { correctPatches } from './sync-count.ts';

export const deltaIsExact: PropertyCase = {
  name: 'delta/list-after-n-returns-exactly-later-changes',
  operations: ['ListRecords', 'UpdateRecords'],
  numRuns: 20,
  timeBudgetMs: 8000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    await holds(this.name, ctx, batches, async (bs) => {
      await d.withDataset('delta', async (name) => {
        // The model: key → SyncCount of its latest write.
        const written = new Map<string, number>();
        for (const b of bs) {
          const r = await d.update(name, correctPatches(b, (await d.snapshot(name)).records));
          if (r.ok) for (const rec of r.output.Records) written.set(rec.Key, rec.SyncCount);
        }
        const count = (await d.list(name)).DatasetSyncCount;
        expectEqual(count, bs.length, 'DatasetSyncCount after the batches');
        for (let n = 0; n <= count; n++) {
          const { records } = await d.listAll(name, undefined, n);
          const expected = [...written].filter(([, sc]) => sc > n).map(([k]) => k).sort();
          expectEqual(records.map((r) => r.Key).sort(), expected, `keys changed after SyncCount ${n}`);
        }
        const beyond = await d.call('ListRecords', { DatasetName: name, LastSyncCount: count + 1 });
        expectEqual(beyond.ok ? 200 : beyond.status, 400, `ListRecords with lastSyncCount ${count + 1} > DatasetSyncCount ${count}`);
      });
    });
  },
};

export const deleteAndRecreateFlags: PropertyCase = {
  name: 'delta/delete-and-recreate-flags',
  operations: ['DeleteDataset', 'ListRecords', 'UpdateRecords', 'DescribeDataset'],
  numRuns: 10,
  timeBudgetMs: 6000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    await holds(this.name, ctx, batches, async (bs) => {
      await d.withDataset('recreate', async (name) => {
        for (const b of bs) await d.update(name, correctPatches(b, (await d.snapshot(name)).records));
        const last = (await d.list(name)).DatasetSyncCount;
        const del = await d.call('DeleteDataset', { DatasetName: name });
        expectTrue(del.ok, 'DeleteDataset of an existing dataset');
        const describe = await d.call('DescribeDataset', { DatasetName: name });
        expectEqual(describe.ok ? 200 : describe.status, 404, 'DescribeDataset after DeleteDataset');
        const gone = await d.list(name, { LastSyncCount: last });
        expectEqual([gone.DatasetExists, gone.Records.length], [false, 0], 'ListRecords of the deleted dataset (DatasetExists, records)');
        await d.update(name, [{ Op: 'replace', Key: 'again', Value: 'v', SyncCount: 0 }]);
        const back = await d.list(name, { LastSyncCount: last });
        expectEqual([back.DatasetExists, back.DatasetDeletedAfterRequestedSyncCount], [true, true], 'flags for a client that last synced before the delete');
      });
    });
  },
};

export const limitsAndConstraints: PropertyCase = {
  name: 'limits/datasets-size-and-constraints',
  operations: ['UpdateRecords', 'ListRecords'],
  numRuns: 1,
  timeBudgetMs: 15000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    const badName = fc.oneof(
      fc.stringMatching(/^[a-z]{0,4}[ /#?%*]{1,3}[a-z]{0,4}$/),
      fc.constant('x'.repeat(DATASET_NAME_MAX + 1)),
    );
    await holds(this.name, ctx, fc.tuple(badName, fc.integer({ min: RECORD_KEY_MAX + 1, max: RECORD_KEY_MAX + 50 })), async ([bad, keyLength]) => {
      const names: string[] = [];
      try {
        const invalid = await d.call('ListRecords', { DatasetName: bad });
        expectEqual(invalid.ok ? 'ok' : invalid.errorType, 'InvalidParameterException', `ListRecords of dataset name ${JSON.stringify(bad.slice(0, 40))}`);
        const first = d.fresh('limit');
        names.push(first);
        const longKey = await d.update(first, [{ Op: 'replace', Key: 'k'.repeat(keyLength), Value: 'v', SyncCount: 0 }]);
        expectEqual(longKey.ok ? 'ok' : longKey.errorType, 'InvalidParameterException', `a ${keyLength}-character key`);
        // 1 MB per dataset: two values of 600,000 bytes cannot both fit.
        expectTrue((await d.update(first, [{ Op: 'replace', Key: 'big1', Value: 'x'.repeat(600_000), SyncCount: 0 }])).ok, 'a 600 kB value fits');
        const over = await d.update(first, [{ Op: 'replace', Key: 'big2', Value: 'y'.repeat(600_000), SyncCount: 0 }]);
        expectEqual(over.ok ? 'ok' : over.errorType, 'LimitExceededException', 'a write that takes the dataset over 1 MB');
        // 20 datasets per identity.
        for (let i = 1; i < 20; i++) {
          const n = d.fresh('limit');
          names.push(n);
          expectTrue((await d.update(n, [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }])).ok, `dataset ${i + 1} of 20`);
        }
        const extra = d.fresh('limit');
        const refused = await d.update(extra, [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }]);
        if (refused.ok) names.push(extra);
        expectEqual(refused.ok ? 'ok' : refused.errorType, 'LimitExceededException', 'the 21st dataset');
      } finally {
        for (const n of names) await d.drop(n);
      }
    });
  },
};
