// The model: simpler than the service. One dataset, its records as
// key → (value or null for a tombstone, SyncCount), and what each simulated
// device last synced.

import type fc from 'fast-check';
import type { Driver } from '../../src/target/driver.ts';

export type ModelRecord = { value: string | null; syncCount: number };

export type SyncModel = {
  exists: boolean;
  syncCount: number;
  records: Map<string, ModelRecord>;
  /** Sync count at the last delete, or undefined. */
  deletedAt: number | undefined;
  devices: Array<{ lastSyncCount: number; known: Map<string, number> }>;
};

export type Real = { driver: Driver; dataset: string };
export type SyncCommand = fc.AsyncCommand<SyncModel, Real, false>;

export function newModel(devices: number): SyncModel {
  return { exists: false, syncCount: 0, records: new Map(), deletedAt: undefined, devices: Array.from({ length: devices }, () => ({ lastSyncCount: 0, known: new Map() })) };
}
