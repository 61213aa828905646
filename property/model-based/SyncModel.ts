// The model: simpler than the service. One dataset, its records as
// key → (value, or null for a tombstone; SyncCount), and what each simulated
// device of the one identity knows, as the mobile sync managers keep it.

import type fc from 'fast-check';
import type { Driver } from '../../src/target/driver.ts';

export type ModelRecord = { value: string | null; syncCount: number };

export type Device = {
  /** The DatasetSyncCount of the device's last pull (or fast-forwarded push). */
  lastSyncCount: number;
  /** key → the record SyncCount this device last saw; what it sends when it writes the key. */
  known: Map<string, number>;
  /** Whether it has pulled once and so holds a SyncSessionToken. */
  hasSession: boolean;
};

export type SyncModel = {
  exists: boolean;
  /** Keeps counting across a delete and re-create, as DatasetDeletedAfterRequestedSyncCount implies. */
  syncCount: number;
  records: Map<string, ModelRecord>;
  /** The sync count at the latest delete. */
  deletedAt: number | undefined;
  devices: Device[];
};

/** The system side: the driver, the dataset, and each device's session token. */
export type Real = { driver: Driver; dataset: string; sessions: Map<number, string> };
export type SyncCommand = fc.AsyncCommand<SyncModel, Real, false>;

export function newModel(devices: number): SyncModel {
  return {
    exists: false, syncCount: 0, records: new Map(), deletedAt: undefined,
    devices: Array.from({ length: devices }, () => ({ lastSyncCount: 0, known: new Map(), hasSession: false })),
  };
}

export function deviceLabel(device: number): string {
  return `device${device}`;
}
