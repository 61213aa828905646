import { expectEqual, statusOf } from '../assert.ts';
import type { Real, SyncCommand, SyncModel } from './SyncModel.ts';

export class DeleteDatasetCommand implements SyncCommand {
  check(): boolean {
    return true;
  }

  async run(m: SyncModel, r: Real): Promise<void> {
    const res = await r.driver.call('DeleteDataset', { DatasetName: r.dataset });
    expectEqual(statusOf(res), m.exists ? 200 : 404, `${this} of ${m.exists ? 'an existing' : 'a missing'} dataset: status (documented: ResourceNotFoundException for a missing one, which Android and iOS ignore)`);
    if (!m.exists) return;
    m.exists = false;
    m.deletedAt = m.syncCount;
    m.records.clear();
  }

  toString(): string {
    return 'deleteDataset()';
  }
}
