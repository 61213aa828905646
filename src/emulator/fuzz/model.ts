// What the fuzz knows each dataset must hold, built only from the requests
// the emulator acknowledged with a 200. The sequence is sequential (races
// excepted, and they are resolved before the next step), so the model is
// exact: every later answer about the dataset can be compared with it.

export type Scope = { poolId: string; identityId: string; dataset: string; key: string };

export function scopeOf(poolId: string, identityId: string, dataset: string): Scope {
  return { poolId, identityId, dataset, key: `${poolId}/${identityId}/${dataset}` };
}

/** A record as the store must hold it; value undefined is a tombstone. */
export type RecordState = { value: string | undefined; syncCount: number };

export type DatasetModel = {
  /** 'unknown' after a write with no patches only: whether that creates a dataset is not documented. */
  exists: 'yes' | 'no' | 'unknown';
  /**
   * The dataset sync count at its (re)creation: 0 for a new name, unknown
   * after a delete (what a re-created dataset starts from is not documented)
   * until the first write shows it.
   */
  offset: number | undefined;
  /** Successful UpdateRecords with patches since the (re)creation. */
  writes: number;
  /** Successful UpdateRecords with patches over the whole run. */
  totalWrites: number;
  deletes: number;
  records: Map<string, RecordState>;
  /** Set when an answer contradicted the model: later answers about it are no longer judged. */
  lost: boolean;
};

export type Patch = { Op: string; Key: string; Value?: unknown; SyncCount: number };

export class Models {
  private readonly byScope = new Map<string, { scope: Scope; model: DatasetModel }>();

  get(scope: Scope): DatasetModel {
    let entry = this.byScope.get(scope.key);
    if (!entry) {
      entry = { scope, model: { exists: 'no', offset: 0, writes: 0, totalWrites: 0, deletes: 0, records: new Map(), lost: false } };
      this.byScope.set(scope.key, entry);
    }
    return entry.model;
  }

  peek(scope: Scope): DatasetModel | undefined {
    return this.byScope.get(scope.key)?.model;
  }

  entries(): Array<{ scope: Scope; model: DatasetModel }> {
    return [...this.byScope.values()];
  }
}

export function expectedSyncCount(m: DatasetModel): number | undefined {
  return m.offset === undefined ? undefined : m.offset + m.writes;
}

/** The SyncCount a client must present for a key: the record's, or 0 for a key never written. */
export function currentSyncCount(m: DatasetModel, key: string): number {
  return m.records.get(key)?.syncCount ?? 0;
}

/** Bytes counted against the 1 MB dataset limit: UTF-8 keys and values, tombstones by their key. */
export function storageBytes(m: DatasetModel): number {
  let n = 0;
  for (const [k, r] of m.records) n += Buffer.byteLength(k) + (r.value === undefined ? 0 : Buffer.byteLength(r.value));
  return n;
}

/** Storage after a set of patches would apply. */
export function storageAfter(m: DatasetModel, patches: readonly Patch[]): number {
  const next = new Map<string, string | undefined>();
  for (const [k, r] of m.records) next.set(k, r.value);
  for (const p of patches) next.set(p.Key, p.Op === 'replace' && typeof p.Value === 'string' ? p.Value : undefined);
  let n = 0;
  for (const [k, v] of next) n += Buffer.byteLength(k) + (v === undefined ? 0 : Buffer.byteLength(v));
  return n;
}

/** What a successful write may leave under a key: one of these values (undefined: a tombstone), or 'any'. */
export type Outcome = { candidates: Array<string | undefined> } | 'any';

/**
 * Per key of a successful write: a remove leaves a tombstone, a replace its
 * Value. A replace without a string Value is left to the answer ('any'), and a
 * key patched twice may end as any of its patches, since AWS documents neither.
 */
export function outcomes(patches: readonly Patch[]): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const p of patches) {
    const before = out.get(p.Key);
    if (before === 'any') continue;
    if (p.Op !== 'remove' && typeof p.Value !== 'string') {
      out.set(p.Key, 'any');
      continue;
    }
    const value = p.Op === 'remove' ? undefined : (p.Value as string);
    out.set(p.Key, { candidates: [...(before?.candidates ?? []), value] });
  }
  return out;
}

export function applyDelete(m: DatasetModel): void {
  m.exists = 'no';
  m.offset = undefined;
  m.writes = 0;
  m.deletes++;
  m.records.clear();
}
