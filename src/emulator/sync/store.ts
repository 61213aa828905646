// Cognito Sync state of one emulator instance: identities, datasets, records
// and sync sessions. Plain arguments in, plain objects out; the wire layer
// does the JSON. Semantic fault switches act here.

import { ServiceError } from '../../model/errors.ts';
import { DATASET_NAME_MAX, MAX_DATASET_BYTES, MAX_DATASETS_PER_IDENTITY } from '../../model/limits.ts';
import type { FaultName } from '../faults.ts';
import type { Clock } from '../types.ts';
import type { VariantName } from '../variants.ts';
import { DatasetRecords, recordBytes, type Position, type StoredRecord } from './dataset.ts';
import { pageOf, type Page } from './paging.ts';
import { PageMemo } from './page-memo.ts';
import { NO_JOURNAL, type Journal, type SyncMutation } from '../persist/mutations.ts';
import type { TokenCodec } from '../tokens.ts';

export type Patch = { Op: 'replace' | 'remove'; Key: string; Value?: string; SyncCount: number; DeviceLastModifiedDate?: number };

type DatasetState = {
  name: string;
  created: number;
  modified: number;
  modifiedBy: string;
  syncCount: number;
  records: DatasetRecords;
  /** stale-read fault only: the dataset as it was before the latest write. */
  previous?: { syncCount: number; records: DatasetRecords };
};

type IdentityState = {
  datasets: Map<string, DatasetState>;
  /** SyncCount at which a dataset of that name was last deleted (names stay monotonic across re-creation). */
  deletedAt: Map<string, number>;
  /** Dataset name → names of the datasets merged into it (AWS model: MergedDatasetNames). */
  merged: Map<string, Set<string>>;
  modified: number;
};

export type DatasetOut = {
  IdentityId: string; DatasetName: string; CreationDate: number; LastModifiedDate: number;
  LastModifiedBy: string; DataStorage: number; NumRecords: number;
};

export type ListRecordsOut = {
  Records: readonly StoredRecord[]; NextToken?: string; Count: number; DatasetSyncCount: number; LastModifiedBy?: string;
  MergedDatasetNames?: string[]; DatasetExists: boolean; DatasetDeletedAfterRequestedSyncCount: boolean; SyncSessionToken: string;
};

export type SyncStoreOptions = {
  clock: Clock; tokens: TokenCodec; faults: ReadonlySet<FaultName>; variants: ReadonlySet<VariantName>;
  sessionTtlMs: number; onSession(poolId: string): void;
  /** Where changes are recorded for --state-dir (persist/); nothing by default. */
  journal?: Journal;
};

/** What a NextToken of ListRecords carries: where the page ends, and the session of the walk. */
type RecordsCursor = Position & { session?: string };

const seconds = (ms: number) => ms / 1000;

export class SyncStore {
  // poolId → identityId → state
  private readonly pools = new Map<string, Map<string, IdentityState>>();

  private readonly journal: Journal;
  private readonly pages = new PageMemo();

  constructor(private readonly opts: SyncStoreOptions) {
    this.journal = opts.journal ?? NO_JOURNAL;
  }

  private identity(poolId: string, identityId: string, create: boolean, at?: number): IdentityState | undefined {
    let ids = this.pools.get(poolId);
    if (!ids) {
      if (!create) return undefined;
      ids = new Map();
      this.pools.set(poolId, ids);
    }
    let state = ids.get(identityId);
    if (!state && create) {
      const modified = at ?? this.opts.clock.now();
      state = { datasets: new Map(), deletedAt: new Map(), merged: new Map(), modified };
      ids.set(identityId, state);
      this.journal.record({ t: 'sync.touch', pool: poolId, id: identityId, at: modified });
    }
    return state;
  }

  private datasetOut(identityId: string, d: DatasetState): DatasetOut {
    return {
      IdentityId: identityId, DatasetName: d.name, CreationDate: seconds(d.created), LastModifiedDate: seconds(d.modified),
      LastModifiedBy: d.modifiedBy, DataStorage: d.records.storage, NumRecords: d.records.valueCount,
    };
  }

  describeDataset(poolId: string, identityId: string, name: string): DatasetOut {
    const d = this.identity(poolId, identityId, false)?.datasets.get(name);
    if (!d) throw new ServiceError('ResourceNotFoundException', `Dataset ${name} not found`);
    return this.datasetOut(identityId, d);
  }

  deleteDataset(poolId: string, identityId: string, name: string): DatasetOut {
    const id = this.identity(poolId, identityId, false);
    const d = id?.datasets.get(name);
    if (!id || !d) throw new ServiceError('ResourceNotFoundException', `Dataset ${name} not found`);
    const out = this.datasetOut(identityId, d);
    const m: SyncMutation = { t: 'sync.delete', pool: poolId, id: identityId, name, at: this.opts.clock.now() };
    this.journal.record(m);
    this.applyDelete(id, m);
    return out;
  }

  private applyDelete(id: IdentityState, m: { name: string; at: number }): void {
    const d = id.datasets.get(m.name);
    if (!d) return;
    id.datasets.delete(m.name);
    id.deletedAt.set(m.name, d.syncCount);
    // Datasets this one was merged with stop reporting the merge, and a deleted merged copy is no longer reported.
    id.merged.delete(m.name);
    for (const names of id.merged.values()) names.delete(m.name);
    id.modified = m.at;
  }

  listDatasets(poolId: string, identityId: string, maxResults: number, nextToken: string | undefined): Page<DatasetOut> {
    const id = this.identity(poolId, identityId, false);
    const names = id ? [...id.datasets.keys()].sort() : [];
    const page = pageOf(names, maxResults, nextToken, this.pageContext('datasets', `${poolId}/${identityId}`));
    return { ...page, items: page.items.map((n) => this.datasetOut(identityId, id!.datasets.get(n)!)) };
  }

  private pageContext(kind: string, scope: string) {
    return { tokens: this.opts.tokens, kind, scope, now: this.opts.clock.now(), faults: this.opts.faults };
  }

  listRecords(
    poolId: string, identityId: string, name: string,
    q: { lastSyncCount?: number; maxResults: number; nextToken?: string; syncSessionToken?: string },
  ): ListRecordsOut {
    const scope = `${poolId}/${identityId}/${name}`;
    const now = this.opts.clock.now();
    const { faults, variants } = this.opts;
    if (q.syncSessionToken !== undefined && this.readSession(q.syncSessionToken, scope, now) === undefined) {
      throw new ServiceError('InvalidParameterException', 'SyncSessionToken not valid for these inputs');
    }
    const id = this.identity(poolId, identityId, false);
    const live = id?.datasets.get(name);
    const mergedNames = id?.merged.get(name);
    const merged = mergedNames && mergedNames.size > 0 ? [...mergedNames].sort() : undefined;
    const n = q.lastSyncCount ?? 0;
    const deletedAt = id?.deletedAt.get(name);
    // A client that last synced an earlier incarnation must start over (aws-sdk-android DefaultDataset / aws-sdk-ios AWSCognitoDataset).
    const deletedSince = deletedAt !== undefined && n > 0 && n <= deletedAt;
    if (!live) {
      // No page of a missing dataset was ever issued, so any token is foreign.
      if (q.nextToken !== undefined) throw new ServiceError('InvalidParameterException', 'Invalid NextToken');
      return {
        Records: [], Count: 0, DatasetSyncCount: 0, DatasetExists: faults.has('dataset-always-exists'),
        DatasetDeletedAfterRequestedSyncCount: deletedSince && variants.has('deleted-flag-true'),
        SyncSessionToken: q.syncSessionToken ?? this.newSession(poolId, scope, now), ...(merged ? { MergedDatasetNames: merged } : {}),
      };
    }
    const view = faults.has('stale-read') && live.previous ? live.previous : live;
    if (n > view.syncCount) throw new ServiceError('InvalidParameterException', `No such SyncCount: ${n} exists for this Dataset`);
    const after = deletedSince || faults.has('delta-ignored') ? 0 : n;

    const from = q.nextToken === undefined ? undefined
      : this.opts.tokens.read<RecordsCursor>(q.nextToken, 'records', `${scope}@${after}`, now);
    if (q.nextToken !== undefined && !from) throw new ServiceError('InvalidParameterException', 'Invalid NextToken');
    // [INFERRED] The emulator's choice: echo a token passed in, else open a session. The variants choose otherwise.
    const session = variants.has('session-per-page') ? this.newSession(poolId, scope, now)
      : q.syncSessionToken ?? (variants.has('session-sticky') ? from?.session : undefined) ?? this.newSession(poolId, scope, now);
    const page = this.pages.page(view.records, scope, after, from, q.maxResults);
    const { items, more } = page;
    const out: ListRecordsOut = {
      Records: items, Count: items.length, LastModifiedBy: live.modifiedBy,
      DatasetSyncCount: faults.has('lagging-sync-count') ? Math.max(0, view.syncCount - 1) : view.syncCount,
      DatasetExists: true, DatasetDeletedAfterRequestedSyncCount: deletedSince, SyncSessionToken: session,
      ...(merged ? { MergedDatasetNames: merged } : {}),
    };
    if (more && items.length > 0) {
      const resumeAt = faults.has('page-dup') && items.length > 1 ? items[items.length - 2]! : items[items.length - 1]!;
      if (faults.has('page-drop') && items.length > 1) out.Records = items.slice(0, -1);
      out.Count = out.Records.length;
      const cursor: RecordsCursor = { syncCount: resumeAt.SyncCount, key: resumeAt.Key, ...(variants.has('session-sticky') ? { session } : {}) };
      // A cursor that names its session is this answer's alone; any other is the same for every reader of the page.
      const shared = cursor.session === undefined;
      let token = shared ? this.pages.heldToken(page, cursor, now) : undefined;
      if (token === undefined) {
        token = this.opts.tokens.issue('records', `${scope}@${after}`, cursor, now + this.opts.sessionTtlMs);
        if (shared) this.pages.keepToken(page, cursor, now, token);
      }
      out.NextToken = token;
    } else if (faults.has('endless-pages')) {
      // The last page points at itself again: a walk that follows NextToken never ends.
      const last = items.at(-1);
      const cursor: Position = last ? { syncCount: last.SyncCount, key: last.Key } : from ? { syncCount: from.syncCount, key: from.key } : { syncCount: after, key: '' };
      out.NextToken = this.opts.tokens.issue('records', `${scope}@${after}`, cursor, now + this.opts.sessionTtlMs);
    }
    return out;
  }

  private newSession(poolId: string, scope: string, now: number): string {
    this.opts.onSession(poolId);
    return this.opts.tokens.issue('session', scope, 0, now + this.opts.sessionTtlMs);
  }

  /** A session token this instance issued for this scope (any scope under the session-unbound fault). */
  private readSession(token: string, scope: string, now: number): unknown {
    return this.opts.tokens.read(token, 'session', this.opts.faults.has('session-unbound') ? undefined : scope, now);
  }

  /**
   * Checks an UpdateRecords call against the current state and returns the
   * write to commit; nothing changes until commit(). The lost-update fault
   * yields between the two.
   */
  planUpdate(poolId: string, identityId: string, name: string, sessionToken: string, patches: Patch[], by: string): () => StoredRecord[] {
    const scope = `${poolId}/${identityId}/${name}`;
    const now = this.opts.clock.now();
    if (this.readSession(sessionToken, scope, now) === undefined) {
      throw new ServiceError('InvalidParameterException', 'SyncSessionToken not valid for these inputs');
    }
    const faults = this.opts.faults;
    const id = this.identity(poolId, identityId, true, now)!;
    const existing = id.datasets.get(name);
    if (!existing && id.datasets.size >= MAX_DATASETS_PER_IDENTITY && !faults.has('limits-unenforced')) {
      throw new ServiceError('LimitExceededException', `Maximum number of datasets (${MAX_DATASETS_PER_IDENTITY}) per identity exceeded`);
    }
    const base = existing?.syncCount ?? id.deletedAt.get(name) ?? 0;
    // The last patch of a key wins; each patch is checked against the state before the request.
    const accepted: Patch[] = [];
    for (const p of patches) {
      const current = existing?.records.get(p.Key)?.SyncCount ?? 0;
      if ((p.SyncCount !== current && !faults.has('accept-stale')) || faults.has('always-conflict')) {
        if (faults.has('partial-apply') && accepted.length > 0) this.commit(poolId, identityId, id, name, existing, base, accepted, by, now)();
        throw new ServiceError('ResourceConflictException', `Current SyncCount for: ${p.Key} is: ${current} not: ${p.SyncCount}`);
      }
      accepted.push(p);
    }
    return this.commit(poolId, identityId, id, name, existing, base, accepted, by, now);
  }

  private commit(poolId: string, identityId: string, id: IdentityState, name: string, existing: DatasetState | undefined, base: number, patches: Patch[], by: string, now: number): () => StoredRecord[] {
    const faults = this.opts.faults;
    const next = patches.length === 0 || faults.has('no-increment') ? base : base + 1;
    const latest = new Map<string, StoredRecord>();
    for (const p of patches) {
      latest.set(p.Key, {
        Key: p.Key, SyncCount: next, LastModifiedDate: seconds(now), LastModifiedBy: by,
        ...(p.Op === 'replace' && p.Value !== undefined ? { Value: p.Value } : {}),
        ...(p.DeviceLastModifiedDate !== undefined ? { DeviceLastModifiedDate: p.DeviceLastModifiedDate } : {}),
      });
    }
    const written = [...latest.values()];
    const before = existing?.records.storage ?? 0;
    let after = before;
    for (const r of written) after += recordBytes(r) - (existing?.records.get(r.Key) ? recordBytes(existing.records.get(r.Key)!) : 0);
    if (after > MAX_DATASET_BYTES && !faults.has('limits-unenforced')) {
      throw new ServiceError('LimitExceededException', 'For each dataset, the total sizes of keys and values cannot exceed 1 MB');
    }
    return () => {
      if (faults.has('write-dropped')) return written;
      const removed = faults.has('tombstone-vanish') ? written.filter((r) => r.Value === undefined) : [];
      const m: SyncMutation = {
        t: 'sync.write', pool: poolId, id: identityId, name, at: now, by, base, count: next,
        records: written.filter((r) => !removed.includes(r)), ...(removed.length ? { drop: removed.map((r) => r.Key) } : {}),
      };
      this.journal.record(m);
      this.applyWrite(id, m, existing);
      return written;
    };
  }

  /** A committed UpdateRecords batch; `existing` is the dataset the live request planned against. */
  private applyWrite(id: IdentityState, m: Extract<SyncMutation, { t: 'sync.write' }>, existing?: DatasetState): void {
    // Looked up again: under lost-update another writer may have created it meanwhile.
    const d = id.datasets.get(m.name) ?? existing ?? this.createDataset(id, m.name, m.base, m.at);
    if (!id.datasets.has(m.name)) id.datasets.set(m.name, d);
    if (this.opts.faults.has('stale-read')) d.previous = { syncCount: d.syncCount, records: d.records.clone() };
    d.records.writeBatch(m.records);
    for (const key of m.drop ?? []) d.records.drop(key);
    d.syncCount = m.count;
    d.modified = m.at;
    d.modifiedBy = m.by;
    id.modified = m.at;
  }

  private createDataset(id: IdentityState, name: string, base: number, now: number): DatasetState {
    const d: DatasetState = { name, created: now, modified: now, modifiedBy: '', syncCount: base, records: new DatasetRecords() };
    id.datasets.set(name, d);
    return d;
  }

  /**
   * [INFERRED] An identity merge, as clients observe it: each dataset of the
   * source reappears under the target as "<name>.<sourceIdentityId>" (the
   * local naming of aws-sdk-android SQLiteLocalStorage) at sync count 1
   * (aws-sdk-net PR #414), and the target's dataset of
   * the same name reports it in MergedDatasetNames.
   */
  mergeIdentities(poolId: string, sourceId: string, targetId: string): void {
    if (!this.identity(poolId, sourceId, false) || sourceId === targetId) return;
    const m: SyncMutation = { t: 'sync.merge', pool: poolId, from: sourceId, to: targetId, at: this.opts.clock.now() };
    this.journal.record(m);
    this.applyMerge(m);
  }

  private applyMerge(m: Extract<SyncMutation, { t: 'sync.merge' }>): void {
    const source = this.identity(m.pool, m.from, false);
    if (!source || m.from === m.to) return;
    const target = this.identity(m.pool, m.to, true, m.at)!;
    for (const d of source.datasets.values()) {
      const copyName = `${d.name}.${m.from}`.slice(0, DATASET_NAME_MAX);
      const copy = this.createDataset(target, copyName, 0, m.at);
      copy.records.writeBatch(d.records.all().map((r) => ({ ...r, SyncCount: 1 })));
      copy.syncCount = 1;
      let names = target.merged.get(d.name);
      if (!names) target.merged.set(d.name, (names = new Set()));
      names.add(copyName);
    }
    this.pools.get(m.pool)?.delete(m.from);
  }

  /** Replays one journaled change (persist/); the journal must not record while this runs. */
  apply(m: SyncMutation): void {
    switch (m.t) {
      case 'sync.touch':
        this.identity(m.pool, m.id, true, m.at);
        return;
      case 'sync.write':
        this.applyWrite(this.identity(m.pool, m.id, true, m.at)!, m);
        return;
      case 'sync.delete': {
        const id = this.identity(m.pool, m.id, false);
        if (id) this.applyDelete(id, m);
        return;
      }
      case 'sync.merge':
        this.applyMerge(m);
        return;
      case 'sync.identity': {
        const id = this.identity(m.pool, m.id, true, m.modified)!;
        id.modified = m.modified;
        id.deletedAt = new Map(m.deletedAt);
        id.merged = new Map(m.merged.map(([name, names]) => [name, new Set(names)]));
        return;
      }
      case 'sync.dataset': {
        const id = this.identity(m.pool, m.id, true, m.modified)!;
        const d = this.createDataset(id, m.name, m.count, m.created);
        d.modified = m.modified;
        d.modifiedBy = m.by;
        d.records.writeAll(m.records);
        return;
      }
      case 'sync.pool':
        return; // PoolStore's
    }
  }

  /** Images of every identity and dataset, for a snapshot. */
  *exportState(): Generator<SyncMutation> {
    for (const [pool, ids] of this.pools) {
      for (const [idName, id] of ids) {
        yield {
          t: 'sync.identity', pool, id: idName, modified: id.modified, deletedAt: [...id.deletedAt],
          merged: [...id.merged].map(([name, names]) => [name, [...names]]),
        };
        for (const d of id.datasets.values()) {
          yield { t: 'sync.dataset', pool, id: idName, name: d.name, created: d.created, modified: d.modified, by: d.modifiedBy, count: d.syncCount, records: d.records.all() };
        }
      }
    }
  }

  identityUsage(poolId: string, identityId: string) {
    const id = this.identity(poolId, identityId, false);
    let storage = 0;
    for (const d of id?.datasets.values() ?? []) storage += d.records.storage;
    return {
      IdentityId: identityId, IdentityPoolId: poolId, DatasetCount: id?.datasets.size ?? 0, DataStorage: storage,
      ...(id ? { LastModifiedDate: seconds(id.modified) } : {}),
    };
  }

  /** Bytes stored and last change for a pool, for the usage operations. */
  poolStorage(poolId: string): { dataStorage: number; modified?: number } {
    let dataStorage = 0;
    let modified: number | undefined;
    for (const id of this.pools.get(poolId)?.values() ?? []) {
      for (const d of id.datasets.values()) dataStorage += d.records.storage;
      modified = Math.max(modified ?? 0, id.modified);
    }
    return modified === undefined ? { dataStorage } : { dataStorage, modified };
  }

  /** Datasets held across all pools and identities (for leftover checks in tests). */
  datasetCount(): number {
    let n = 0;
    for (const ids of this.pools.values()) for (const id of ids.values()) n += id.datasets.size;
    return n;
  }

  knownPoolIds(): string[] {
    return [...this.pools.keys()];
  }

  /** Every dataset with its records, tombstones included (for the operator's state dump). */
  dump(): Array<{ IdentityPoolId: string; IdentityId: string; DatasetName: string; SyncCount: number; CreationDate: number; LastModifiedDate: number; LastModifiedBy: string; Records: StoredRecord[] }> {
    const out = [];
    for (const [poolId, ids] of this.pools) {
      for (const [identityId, id] of ids) {
        for (const d of id.datasets.values()) {
          out.push({
            IdentityPoolId: poolId, IdentityId: identityId, DatasetName: d.name, SyncCount: d.syncCount,
            CreationDate: seconds(d.created), LastModifiedDate: seconds(d.modified), LastModifiedBy: d.modifiedBy, Records: d.records.all().map((r) => ({ ...r })),
          });
        }
      }
    }
    return out;
  }

  /** Every dataset name of every identity; for tests and the leftover check. */
  datasetNames(poolId: string, identityId: string): string[] {
    return [...(this.identity(poolId, identityId, false)?.datasets.keys() ?? [])];
  }
}
