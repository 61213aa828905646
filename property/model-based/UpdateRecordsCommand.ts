import { expectEqual, expectTrue, listIn, statusOf } from '../assert.ts';
import { rowsOf } from '../records.ts';
import type { Rec } from '../../src/target/driver.ts';
import { deviceLabel, type Real, type SyncCommand, type SyncModel } from './SyncModel.ts';

/** One local change: a new value, or null for a remove. */
export type Change = { key: string; value: string | null };

/**
 * A device pushes its local changes in one UpdateRecords, as the sync
 * managers do, each key with the SyncCount it last saw (stale when another
 * device wrote since, above the server's when the dataset was deleted since),
 * using the session token of its last pull.
 */
export class UpdateRecordsCommand implements SyncCommand {
  constructor(readonly device: number, readonly changes: readonly Change[]) {}

  check(m: Readonly<SyncModel>): boolean {
    return m.devices[this.device]?.hasSession === true;
  }

  async run(m: SyncModel, r: Real): Promise<void> {
    const dev = m.devices[this.device]!;
    const sent = this.changes.map((c) => dev.known.get(c.key) ?? 0);
    const patches = this.changes.map((c, i) => ({
      Op: c.value === null ? 'remove' as const : 'replace' as const, Key: c.key, SyncCount: sent[i]!, ...(c.value === null ? {} : { Value: c.value }),
    }));
    const res = await r.driver.update(r.dataset, patches, r.sessions.get(this.device));
    // Only a stale count with a new value is documented as refused. A stale count on an unchanged value
    // (refused in field reports) and a count above the server's (undocumented) may go either way.
    const mustRefuse: string[] = [];
    const mayRefuse: string[] = [];
    this.changes.forEach((c, i) => {
      const server = m.records.get(c.key);
      const current = server?.syncCount ?? 0;
      if (sent[i]! < current && server!.value !== c.value) mustRefuse.push(c.key);
      else if (sent[i]! !== current) mayRefuse.push(c.key);
    });
    if (mustRefuse.length > 0 || (!res.ok && mayRefuse.length > 0)) {
      // All or nothing: the model stays as it was, and later pulls check that the server did too.
      const why = mustRefuse.length > 0 ? `stale SyncCounts with new values for ${mustRefuse.join(', ')}` : `wrong SyncCounts for ${mayRefuse.join(', ')}`;
      expectEqual(statusOf(res), 409, `${this} with ${why}: status (documented: UpdateRecords 409 on a stale SyncCount; Android/iOS retry after a 409 only)`);
      return;
    }
    expectTrue(res.ok, `${this}: ${!res.ok && `${res.status} ${res.errorType}`} for patches with the server's own SyncCounts (documented)`);
    m.syncCount += 1;
    m.exists = true;
    for (const c of this.changes) {
      m.records.set(c.key, { value: c.value, syncCount: m.syncCount });
      dev.known.set(c.key, m.syncCount);
    }
    if (res.ok) {
      const returned = listIn<Rec>(res.output, 'Records', 'UpdateRecords answer');
      const expected = this.changes.map((c) => ({ Key: c.key, Value: c.value ?? undefined, SyncCount: m.syncCount }));
      expectEqual(rowsOf(returned), rowsOf(expected), `${this}: returned records, each at the new DatasetSyncCount (Android/iOS fast-forward from them)`);
    }
    // The sync managers fast-forward only when theirs was the one write in between (aws-sdk-android DefaultDataset, aws-sdk-ios AWSCognitoDataset).
    if (m.syncCount === dev.lastSyncCount + 1) dev.lastSyncCount = m.syncCount;
  }

  toString(): string {
    const what = this.changes.map((c) => (c.value === null ? `-${c.key}` : `${c.key}=${JSON.stringify(c.value)}`));
    return `${deviceLabel(this.device)}.push(${what.join(', ')})`;
  }
}
