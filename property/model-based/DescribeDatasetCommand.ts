import { expectEqual, expectOneOf, statusOf } from '../assert.ts';
import type { Real, SyncCommand, SyncModel } from './SyncModel.ts';

export class DescribeDatasetCommand implements SyncCommand {
  check(): boolean {
    return true;
  }

  async run(m: SyncModel, r: Real): Promise<void> {
    const res = await r.driver.call<{ Dataset: { DatasetName: string; NumRecords: number } }>('DescribeDataset', { DatasetName: r.dataset });
    if (!m.exists) {
      expectEqual(statusOf(res), 404, `${this} of a missing dataset: status (documented: ResourceNotFoundException)`);
      return;
    }
    expectEqual(res.ok ? res.output.Dataset?.DatasetName : `${res.status} ${res.errorType}`, r.dataset, `${this}: DatasetName (documented)`);
    if (!res.ok) return;
    // [INFERRED] Whether tombstones count in NumRecords is not documented: accept either.
    const live = [...m.records.values()].filter((x) => x.value !== null).length;
    expectOneOf(res.output.Dataset.NumRecords, [...new Set([live, m.records.size])], `${this}: NumRecords, records holding a value or with tombstones too (documented: the number of records)`);
  }

  toString(): string {
    return 'describeDataset()';
  }
}
