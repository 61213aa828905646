import { expectEqual } from '../assert.ts';
import type { SyncCommand, SyncModel, Real } from './SyncModel.ts';

export class DescribeDatasetCommand implements SyncCommand {
  check = () => true;
  async run(m: SyncModel, r: Real): Promise<void> {
    const res = await r.driver.call<{ Dataset: { NumRecords: number } }>('DescribeDataset', { DatasetName: r.dataset });
    if (!m.exists) {
      expectEqual(res.ok ? 200 : res.status, 404, 'DescribeDataset of a missing dataset');
      return;
    }
    const values = [...m.records.values()].filter((x) => x.value !== null).length;
    expectEqual(res.ok ? res.output.Dataset.NumRecords : `${res.status}`, values, 'NumRecords (records holding a value)');
  }
  toString = () => 'describe()';
}
