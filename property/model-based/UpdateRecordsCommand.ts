import { expectEqual } from '../assert.ts';
import { deviceLabel, type Real, type SyncCommand, type SyncModel } from './SyncModel.ts';

/** One local change: a new value, or null for a remove. */
export type Change = { key: string; value: string | null };

/**
 * A device pushes its local changes in one UpdateRecords, as the sync
 * managers do, each key with the SyncCount it last saw (stale when another
 * device wrote since), using the session token of its last pull.
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
    const stale = this.changes.filter((c, i) => sent[i] !== (m.records.get(c.key)?.syncCount ?? 0)).map((c) => c.key);
    if (stale.length > 0) {
      // All or nothing: the model stays as it was.
      expectEqual(res.ok ? 200 : res.status, 409, `${this} with stale SyncCounts for ${stale.join(', ')}: status`);
      return;
    }
    expectEqual(res.ok ? 200 : `${res.status} ${res.errorType}`, 200, `${this}: status`);
    m.syncCount += 1;
    m.exists = true;
    for (const c of this.changes) {
      m.records.set(c.key, { value: c.value, syncCount: m.syncCount });
      dev.known.set(c.key, m.syncCount);
    }
    if (res.ok) {
      const returned = res.output.Records.map((x) => [x.Key, x.Value ?? null, x.SyncCount]).sort();
      expectEqual(returned, this.changes.map((c) => [c.key, c.value, m.syncCount]).sort(), `${this}: returned records`);
    }
    // The sync managers fast-forward only when theirs was the one write in between (reference §8.1).
    if (m.syncCount === dev.lastSyncCount + 1) dev.lastSyncCount = m.syncCount;
  }

  toString(): string {
    const what = this.changes.map((c) => (c.value === null ? `-${c.key}` : `${c.key}=${JSON.stringify(c.value)}`));
    return `${deviceLabel(this.device)}.push(${what.join(', ')})`;
  }
}
