// Pool-level Cognito Sync state: configuration (push sync, streams), Cognito
// Events, bulk publish, registered devices and dataset subscriptions.

import { ServiceError } from '../../model/errors.ts';
import type { FaultName } from '../faults.ts';
import type { Clock } from '../types.ts';
import { NO_JOURNAL, type Journal, type SyncPoolImage } from '../persist/mutations.ts';

export type PushSync = { ApplicationArns?: string[]; RoleArn?: string };
export type CognitoStreams = { StreamName?: string; RoleArn?: string; StreamingStatus?: 'ENABLED' | 'DISABLED' };

type Bulk = { status: 'NOT_STARTED' | 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED'; started?: number; completed?: number; failure?: string; fails: boolean };

type PoolState = {
  pushSync?: PushSync;
  streams?: CognitoStreams;
  events: Record<string, string>;
  bulk: Bulk;
  lastSuccess?: number;
  sessions: number;
  /** deviceId → owner identity; the same (identity, platform, token) keeps its device ID. */
  devices: Map<string, { identityId: string; key: string }>;
  subscriptions: Set<string>;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export class PoolStore {
  private readonly pools = new Map<string, PoolState>();

  constructor(
    private readonly clock: Clock,
    private readonly bulkPublishDurationMs: number,
    private readonly newId: () => string,
    private readonly faults: ReadonlySet<FaultName> = new Set(),
    private readonly journal: Journal = NO_JOURNAL,
  ) {}

  // The whole pool is journaled after each change: it is small, and an image replays without logic.
  // The SyncSessionsCount counter is not (every ListRecords bumps it); snapshots keep it.
  private changed(poolId: string, p: PoolState): void {
    this.journal.record({ t: 'sync.pool', pool: poolId, image: structuredClone({ ...p, devices: [...p.devices], subscriptions: [...p.subscriptions] }) });
  }

  /** Replays a journaled image (persist/). */
  restore(poolId: string, image: SyncPoolImage): void {
    this.pools.set(poolId, { ...structuredClone(image), devices: new Map(image.devices), subscriptions: new Set(image.subscriptions) });
  }

  /** Images of every pool, for a snapshot. */
  *exportState(): Generator<{ t: 'sync.pool'; pool: string; image: SyncPoolImage }> {
    for (const [pool, p] of this.pools) yield { t: 'sync.pool', pool, image: { ...p, devices: [...p.devices], subscriptions: [...p.subscriptions] } };
  }

  private pool(poolId: string): PoolState {
    let p = this.pools.get(poolId);
    if (!p) {
      p = { events: {}, bulk: { status: 'NOT_STARTED', fails: false }, sessions: 0, devices: new Map(), subscriptions: new Set() };
      this.pools.set(poolId, p);
    }
    return p;
  }

  countSession(poolId: string): void {
    this.pool(poolId).sessions++;
  }

  sessions(poolId: string): number {
    return this.pools.get(poolId)?.sessions ?? 0;
  }

  knownPoolIds(): string[] {
    return [...this.pools.keys()];
  }

  getConfiguration(poolId: string) {
    const p = this.pool(poolId);
    return { IdentityPoolId: poolId, ...(p.pushSync ? { PushSync: p.pushSync } : {}), ...(p.streams ? { CognitoStreams: p.streams } : {}) };
  }

  setConfiguration(poolId: string, pushSync: PushSync | undefined, streams: CognitoStreams | undefined) {
    const p = this.pool(poolId);
    if (this.faults.has('settings-not-stored')) return { IdentityPoolId: poolId };
    if (pushSync) p.pushSync = pushSync;
    if (streams) p.streams = { ...p.streams, ...streams };
    this.changed(poolId, p);
    return this.getConfiguration(poolId);
  }

  getEvents(poolId: string): Record<string, string> {
    return { ...this.pool(poolId).events };
  }

  /** Only the keys given change; an empty value removes its key. */
  setEvents(poolId: string, events: Record<string, string>): void {
    const p = this.pool(poolId);
    const next = { ...p.events };
    for (const [k, v] of Object.entries(events)) {
      if (v === '') delete next[k];
      else next[k] = v;
    }
    if (Object.keys(next).length > 1) {
      throw new ServiceError('InvalidParameterException', 'An identity pool can have at most 1 Cognito event');
    }
    if (!this.faults.has('settings-not-stored')) p.events = next;
    this.changed(poolId, p);
  }

  private settle(p: PoolState): Bulk {
    const b = p.bulk;
    if (b.status === 'IN_PROGRESS' && this.clock.now() >= b.started! + this.bulkPublishDurationMs) {
      b.completed = b.started! + this.bulkPublishDurationMs;
      if (b.fails) {
        b.status = 'FAILED';
        b.failure = 'Cognito Streams is not enabled for this identity pool';
      } else {
        b.status = 'SUCCEEDED';
        p.lastSuccess = b.completed;
      }
    }
    return b;
  }

  bulkPublish(poolId: string) {
    const p = this.pool(poolId);
    const b = this.settle(p);
    const now = this.clock.now();
    if (b.status === 'IN_PROGRESS') throw new ServiceError('DuplicateRequestException', 'A bulk publish is already in progress for this identity pool');
    if (p.lastSuccess !== undefined && now - p.lastSuccess < DAY_MS) {
      throw new ServiceError('AlreadyStreamedException', 'A bulk publish already succeeded for this identity pool in the last 24 hours');
    }
    p.bulk = { status: 'IN_PROGRESS', started: now, fails: p.streams?.StreamingStatus !== 'ENABLED' };
    this.changed(poolId, p);
    return { IdentityPoolId: poolId };
  }

  bulkPublishDetails(poolId: string) {
    const b = this.settle(this.pool(poolId));
    return {
      IdentityPoolId: poolId, BulkPublishStatus: b.status,
      ...(b.started !== undefined ? { BulkPublishStartTime: b.started / 1000 } : {}),
      ...(b.status === 'SUCCEEDED' && b.completed !== undefined ? { BulkPublishCompleteTime: b.completed / 1000 } : {}),
      ...(b.failure ? { FailureMessage: b.failure } : {}),
    };
  }

  private requirePush(p: PoolState): void {
    if (!p.pushSync?.ApplicationArns?.length) {
      throw new ServiceError('InvalidConfigurationException', 'Push sync is not configured for this identity pool');
    }
  }

  registerDevice(poolId: string, identityId: string, platform: string, token: string) {
    const p = this.pool(poolId);
    this.requirePush(p);
    const key = `${platform}\u0000${token}`;
    for (const [deviceId, d] of p.devices) if (d.identityId === identityId && d.key === key) return { DeviceId: deviceId };
    const deviceId = this.newId();
    p.devices.set(deviceId, { identityId, key });
    this.changed(poolId, p);
    return { DeviceId: deviceId };
  }

  subscribe(poolId: string, identityId: string, dataset: string, deviceId: string): void {
    const p = this.pool(poolId);
    this.requirePush(p);
    if (p.devices.get(deviceId)?.identityId !== identityId) throw new ServiceError('ResourceNotFoundException', `Device ${deviceId} is not registered for this identity`);
    p.subscriptions.add(`${identityId}/${dataset}/${deviceId}`);
    this.changed(poolId, p);
  }

  unsubscribe(poolId: string, identityId: string, dataset: string, deviceId: string): void {
    const p = this.pool(poolId);
    this.requirePush(p);
    if (!p.subscriptions.delete(`${identityId}/${dataset}/${deviceId}`)) {
      throw new ServiceError('ResourceNotFoundException', `Device ${deviceId} is not subscribed to dataset ${dataset}`);
    }
    this.changed(poolId, p);
  }
}
