import { expectEqual, statusOf } from '../assert.ts';
import type { Real, SyncCommand, SyncModel } from './SyncModel.ts';

export class DescribeDatasetCommand implements SyncCommand {
  check(): boolean {
    return true;
  }

  async run(m: SyncModel, r: Real): Promise<void> {
    const res = await r.driver.call<{ Dataset: { DatasetName: string; NumRecords: number } }>('DescribeDataset', { DatasetName: r.dataset });
    if (!m.exists) {
      expectEqual(statusOf(res), 404, `${this} of a missing dataset: status`);
      return;
    }
    const live = [...m.records.values()].filter((x) => x.value !== null).length;
    expectEqual(res.ok ? [res.output.Dataset.DatasetName, res.output.Dataset.NumRecords] : res.status, [r.dataset, live], `${this}: DatasetName, NumRecords (records holding a value)`);
  }

  toString(): string {
    return 'describeDataset()';
  }
}
