// One dataset's records, kept in (SyncCount, Key) order so that a delta read
// (SyncCount > n) and each page of it cost in proportion to the page: a binary
// search finds the start, and the scan stops at the page size.

export type StoredRecord = {
  Key: string;
  /** Absent for a tombstone (a removed record). */
  Value?: string;
  SyncCount: number;
  LastModifiedDate: number;
  LastModifiedBy: string;
  DeviceLastModifiedDate?: number;
};

// A log entry holds its record, and is marked dead when a later write supersedes (or a drop removes)
// it: a page then walks the log without a lookup by key per record.
type Entry = { syncCount: number; key: string; record: StoredRecord; live: boolean };

export type Position = { syncCount: number; key: string };

export class DatasetRecords {
  private readonly byKey = new Map<string, Entry>();
  // Append-only log ordered by (syncCount, key); superseded entries are skipped and compacted away.
  private log: Entry[] = [];
  private stale = 0;
  private bytes = 0;
  private tombstoneCount = 0;
  private changes = 0;

  /** Moves on with every change of the records, so a page remembered at one version is known stale at the next. */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Bytes counted towards the 1 MB limit: UTF-8 key + value; a tombstone counts its key. */
  get storage(): number {
    return this.bytes;
  }

  get(key: string): StoredRecord | undefined {
    return this.byKey.get(key)?.record;
  }

  /** Records that hold a value (tombstones excluded). */
  get valueCount(): number {
    return this.byKey.size - this.tombstoneCount;
  }

  /** Writes one batch; all records share syncCount, which must exceed every earlier one. */
  writeBatch(records: StoredRecord[]): void {
    this.changes++;
    const sorted = [...records].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
    for (const r of sorted) {
      const old = this.byKey.get(r.Key);
      if (old) this.forget(old);
      this.log.push(this.remember(r));
    }
    if (this.stale > 64 && this.stale > this.log.length / 2) this.compact();
  }

  /** Removes a record outright (only the tombstone-vanish fault does this). */
  drop(key: string): void {
    const old = this.byKey.get(key);
    if (!old) return;
    this.changes++;
    this.forget(old);
    this.byKey.delete(key);
  }

  private remember(r: StoredRecord): Entry {
    const entry: Entry = { syncCount: r.SyncCount, key: r.Key, record: r, live: true };
    this.byKey.set(r.Key, entry);
    this.bytes += recordBytes(r);
    if (r.Value === undefined) this.tombstoneCount++;
    return entry;
  }

  private forget(old: Entry): void {
    old.live = false;
    this.stale++;
    this.bytes -= recordBytes(old.record);
    if (old.record.Value === undefined) this.tombstoneCount--;
  }

  /**
   * Up to `limit` records with SyncCount > after, starting after `from` when
   * given; `more` says whether any remain.
   */
  page(after: number, from: Position | undefined, limit: number): { items: StoredRecord[]; more: boolean } {
    let i = from ? this.firstAfter(from) : this.firstAfter({ syncCount: after, key: '\uffff\uffff' });
    const items: StoredRecord[] = [];
    for (; i < this.log.length; i++) {
      const e = this.log[i]!;
      if (!e.live) continue; // superseded or dropped
      if (items.length === limit) return { items, more: true };
      items.push(e.record);
    }
    return { items, more: false };
  }

  all(): StoredRecord[] {
    return this.page(-1, undefined, Number.MAX_SAFE_INTEGER).items;
  }

  clone(): DatasetRecords {
    const copy = new DatasetRecords();
    copy.writeAll(this.all());
    return copy;
  }

  /** Loads records already in (SyncCount, Key) order, as all() returns them; for an empty instance. */
  writeAll(records: StoredRecord[]): void {
    this.changes++;
    for (const r of records) this.log.push(this.remember(r));
  }

  // Index of the first log entry strictly after (syncCount, key).
  private firstAfter(p: Position): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.log[mid]!;
      if (e.syncCount < p.syncCount || (e.syncCount === p.syncCount && e.key <= p.key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compact(): void {
    this.log = this.log.filter((e) => e.live);
    this.stale = 0;
  }
}

export function recordBytes(r: { Key: string; Value?: string }): number {
  return Buffer.byteLength(r.Key) + (r.Value === undefined ? 0 : Buffer.byteLength(r.Value));
}
