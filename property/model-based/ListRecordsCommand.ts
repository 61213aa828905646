import { expectEqual } from '../assert.ts';
import type { SyncCommand, SyncModel, Real } from './SyncModel.ts';

/** A device pulls what changed since its last sync, as the mobile sync managers do. */
export class ListRecordsCommand implements SyncCommand {
  constructor(readonly device: number) {}
  check = () => true;
  async run(m: SyncModel, r: Real): Promise<void> {
    const dev = m.devices[this.device % m.devices.length]!;
    let after = dev.lastSyncCount;
    // A device that synced before a delete starts over (DatasetExists/DatasetDeletedAfterRequestedSyncCount).
    if (after > m.syncCount) after = 0;
    const { records, last } = await r.driver.listAll(r.dataset, 5, after);
    expectEqual(last.DatasetExists, m.exists, `${this}: DatasetExists`);
    expectEqual(last.DatasetSyncCount, m.exists ? m.syncCount : 0, `${this}: DatasetSyncCount`);
    const deletedSince = m.deletedAt !== undefined && after > 0 && after <= m.deletedAt;
    const from = deletedSince ? 0 : after;
    const expected = [...m.records].filter(([, rec]) => rec.syncCount > from).map(([k, rec]) => [k, rec.value, rec.syncCount]).sort();
    expectEqual(records.map((x) => [x.Key, x.Value ?? null, x.SyncCount]).sort(), expected, `${this}: records changed after ${from}`);
    for (const x of records) dev.known.set(x.Key, x.SyncCount);
    if (deletedSince || !m.exists) dev.known.clear();
    dev.lastSyncCount = m.exists ? m.syncCount : 0;
  }
  toString = () => `list(device ${this.device})`;
}
