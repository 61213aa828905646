import { expectEqual } from '../assert.ts';
import { deviceLabel, type Real, type SyncCommand, type SyncModel } from './SyncModel.ts';

// Smaller than the key space, so pulls span pages.
const PAGE = 2;

/** A device pulls what changed since its last sync, following NextToken, as the sync managers do. */
export class ListRecordsCommand implements SyncCommand {
  constructor(readonly device: number) {}

  check(m: Readonly<SyncModel>): boolean {
    return this.device < m.devices.length;
  }

  async run(m: SyncModel, r: Real): Promise<void> {
    const dev = m.devices[this.device]!;
    const after = dev.lastSyncCount;
    const { records, last } = await r.driver.listAll(r.dataset, PAGE, after);
    const deletedSince = m.exists && m.deletedAt !== undefined && after > 0 && after <= m.deletedAt;
    expectEqual(
      [last.DatasetExists, last.DatasetSyncCount, last.DatasetDeletedAfterRequestedSyncCount],
      [m.exists, m.exists ? m.syncCount : 0, deletedSince],
      `${this} from ${after}: DatasetExists, DatasetSyncCount, DatasetDeletedAfterRequestedSyncCount`,
    );
    // Every record alive now was written after the latest delete, so "changed after `after`" covers both cases.
    const expected = [...m.records].filter(([, rec]) => rec.syncCount > after).map(([k, rec]) => [k, rec.value, rec.syncCount]).sort();
    expectEqual(records.map((x) => [x.Key, x.Value ?? null, x.SyncCount]).sort(), expected, `${this} from ${after}: records (tombstones as null)`);
    // A deleted dataset wipes what the device knew (reference §8.5).
    if (!m.exists || deletedSince) dev.known.clear();
    for (const x of records) dev.known.set(x.Key, x.SyncCount);
    dev.lastSyncCount = last.DatasetSyncCount;
    dev.hasSession = true;
    r.sessions.set(this.device, last.SyncSessionToken);
  }

  toString(): string {
    return `${deviceLabel(this.device)}.pull()`;
  }
}
