import { expectEqual } from '../assert.ts';
import type { SyncCommand, SyncModel, Real } from './SyncModel.ts';

export class DeleteDatasetCommand implements SyncCommand {
  check = (m: Readonly<SyncModel>) => m.exists;
  async run(m: SyncModel, r: Real): Promise<void> {
    const res = await r.driver.call('DeleteDataset', { DatasetName: r.dataset });
    expectEqual(res.ok ? 200 : res.status, 200, 'DeleteDataset of an existing dataset');
    m.exists = false;
    m.deletedAt = m.syncCount;
    m.records.clear();
  }
  toString = () => 'delete()';
}
