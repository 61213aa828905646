// The store-level changes the emulator journals when it runs with --state-dir.
// Each is plain JSON; replaying them in order on an empty emulator rebuilds the
// state. Live writes record deltas ("write"); a snapshot records images.

import type { StoredRecord } from '../sync/dataset.ts';

/** Stores call this and nothing else; without --state-dir it does nothing. */
export type Journal = { record(m: Mutation): void };

export const NO_JOURNAL: Journal = { record: () => {} };

/**
 * What the stores hold: it forwards to a sink that starts as nothing, so a
 * replay on start records nothing, and --state-dir switches it on afterwards.
 */
export class JournalRelay implements Journal {
  sink: Journal = NO_JOURNAL;
  record(m: Mutation): void {
    this.sink.record(m);
  }
}

export type SyncMutation =
  /** One UpdateRecords batch as committed (tombstones included; `drop` only under the tombstone-vanish fault). */
  | { t: 'sync.write'; pool: string; id: string; name: string; at: number; by: string; base: number; count: number; records: StoredRecord[]; drop?: string[] }
  /** An identity's Sync state came into being (its first write, even a refused one). */
  | { t: 'sync.touch'; pool: string; id: string; at: number }
  | { t: 'sync.delete'; pool: string; id: string; name: string; at: number }
  | { t: 'sync.merge'; pool: string; from: string; to: string; at: number }
  /** Snapshot images: an identity's Sync bookkeeping, and one dataset whole. */
  | { t: 'sync.identity'; pool: string; id: string; modified: number; deletedAt: [string, number][]; merged: [string, string[]][] }
  | { t: 'sync.dataset'; pool: string; id: string; name: string; created: number; modified: number; by: string; count: number; records: StoredRecord[] }
  /** A pool's Sync settings, bulk publish, devices and subscriptions, whole (they are small). */
  | { t: 'sync.pool'; pool: string; image: SyncPoolImage };

export type SyncPoolImage = {
  pushSync?: { ApplicationArns?: string[]; RoleArn?: string };
  streams?: { StreamName?: string; RoleArn?: string; StreamingStatus?: 'ENABLED' | 'DISABLED' };
  events: Record<string, string>;
  bulk: { status: 'NOT_STARTED' | 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED'; started?: number; completed?: number; failure?: string; fails: boolean };
  lastSuccess?: number;
  sessions: number;
  devices: [string, { identityId: string; key: string }][];
  subscriptions: string[];
};

export type IdentityPoolImage = {
  id: string; seq: number; config: Record<string, unknown>;
  tags: [string, string][]; roles: [string, string][]; roleMappings: [string, unknown][]; principalTags: [string, unknown][];
};

export type IdentityImage = {
  id: string; poolId: string; seq: number; logins: [string, string][]; developerUsers: string[];
  authenticated: boolean; created: number; modified: number;
};

export type IssuedCredentialsImage = { secretAccessKey: string; sessionToken: string; identityId: string; identityPoolId: string; expiration: number };

export type IdentityMutation =
  | { t: 'id.pool'; id: string; image: IdentityPoolImage | null }
  | { t: 'id.identity'; id: string; image: IdentityImage | null }
  | { t: 'id.credentials'; key: string; image: IssuedCredentialsImage };

/** POST /_emulator/reset: everything before it is dropped. */
export type ResetMutation = { t: 'reset' };

export type Mutation = SyncMutation | IdentityMutation | ResetMutation;
