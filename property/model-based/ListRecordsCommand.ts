import { expectEqual, expectOneOf } from '../assert.ts';
import { rowsOf } from '../records.ts';
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
    const deletedBefore = m.deletedAt !== undefined && after > 0 && after <= m.deletedAt;
    expectEqual([last.DatasetExists, last.DatasetSyncCount], [m.exists, m.exists ? m.syncCount : 0],
      `${this} from ${after}: DatasetExists, DatasetSyncCount (documented: 0 for a dataset that does not exist)`);
    // Re-created since the device's sync: the flag must be set. Deleted and not re-created: either answer is legal
    // (Android/iOS act on DatasetExists=false, JS only on the flag). Otherwise it must stay false, or Android
    // drops the device's unsynced local data.
    expectOneOf(last.DatasetDeletedAfterRequestedSyncCount, !deletedBefore ? [false] : m.exists ? [true] : [false, true],
      `${this} from ${after}: DatasetDeletedAfterRequestedSyncCount (documented: "whether to delete the dataset locally")`);
    // Every record alive now was written after the latest delete, so "changed after `after`" covers both cases.
    const expected = [...m.records].filter(([, rec]) => rec.syncCount > after).map(([Key, rec]) => ({ Key, Value: rec.value ?? undefined, SyncCount: rec.syncCount }));
    expectEqual(rowsOf(records), rowsOf(expected), `${this} from ${after}: records, tombstones with a null value (documented: the records changed after lastSyncCount)`);
    // A deleted dataset wipes what the device knew (aws-sdk-android DefaultDataset / aws-sdk-ios AWSCognitoDataset).
    if (!m.exists || deletedBefore) dev.known.clear();
    for (const x of records) dev.known.set(x.Key, x.SyncCount);
    dev.lastSyncCount = last.DatasetSyncCount;
    dev.hasSession = true;
    r.sessions.set(this.device, last.SyncSessionToken);
  }

  toString(): string {
    return `${deviceLabel(this.device)}.pull()`;
  }
}
