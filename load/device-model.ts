// The device workload model: how a fleet of mobile devices syncs, so that a
// capacity figure can be given in devices instead of requests. Pure (no k6,
// no Node I/O besides reading the file), so k6 and Node share the types.
//
// Defaults follow what the public sources say the mobile sync managers do
// (aws-sdk-android CognitoSyncManager/DefaultDataset, aws-sdk-ios
// AWSCognitoDataset, amazon-cognito-js), and are marked where they are
// our own assumption because no source gives a figure.

import { readFileSync } from 'node:fs';
import { HarnessError } from '../src/harness-error.ts';
import { MAX_DATASETS_PER_IDENTITY } from '../src/model/limits.ts';
import type { ScenarioModel } from './lib/fixtures.ts';

export type Distribution =
  | { distribution: 'fixed'; mean: number }
  | { distribution: 'exponential'; mean: number }
  | { distribution: 'uniform'; min: number; max: number };

export type DeviceModel = {
  /** The fleet the fixtures stand for, and the default plan. */
  devices: number;
  /** Devices signed in as one identity (phone + tablet ...). identities = ceil(devices / devicesPerIdentity). */
  devicesPerIdentity: number;
  /** Seconds between two syncs of one device. */
  syncInterval: Distribution;
  /** Datasets per identity; a sync pulls each of them (the app calls synchronize() per dataset). */
  datasetsPerIdentity: number;
  /** Records per dataset, drawn per dataset when fixtures are prepared. */
  recordsPerDataset: Distribution;
  /** Records a device pushes in a sync that has local changes (one dataset per sync). */
  recordsChangedPerSync: number;
  /** Share of syncs whose push races another device of the same identity (one of them gets 409 and retries). */
  conflictShare: number;
  /** Share of syncs that are a device's first (lastSyncCount=0: a full pull of every dataset). */
  firstSyncShare: number;
};

/**
 * The documented defaults. Grounding:
 * - maxResults 1024 per ListRecords page, 1024 records and 1 MB per dataset, 20 datasets per
 *   identity: AWS Cognito developer guide "Synchronizing data"; aws-sdk-android Record javadoc
 *   ("up to 1k records"); aws-sdk-ios AWSCognitoConstants (AWSCognitoMaxNumRecords = 1024).
 * - A sync is app-driven: the managers have no timer; apps call synchronize() on start, resume
 *   and after local edits (AWS Cognito developer guide "Synchronizing data", "Handling callbacks").
 *   No source gives an interval; 15 minutes with exponential gaps (independent devices
 *   make a Poisson stream) is our assumption, to be replaced by your own telemetry.
 * - First sync = ListRecords with lastSyncCount=0 and every record (aws-sdk-android
 *   DefaultDataset; amazon-cognito-js also resets lastSyncCount to 0 in refreshDatasetMetadata).
 *   5% is our assumption (installs, reinstalls, new devices).
 * - After a 409 the managers re-list and retry up to 3 times (aws-sdk-android
 *   DefaultDataset MAX_RETRY, amazon-cognito-js MAX_RETRY). 2% conflicting syncs, 2 datasets,
 *   10–200 records, 2 changed records per sync and 2 devices per identity are our assumptions.
 */
export const DEFAULT_MODEL: DeviceModel = {
  devices: 2000,
  devicesPerIdentity: 2,
  syncInterval: { distribution: 'exponential', mean: 900 },
  datasetsPerIdentity: 2,
  recordsPerDataset: { distribution: 'uniform', min: 10, max: 200 },
  recordsChangedPerSync: 2,
  conflictShare: 0.02,
  firstSyncShare: 0.05,
};

/** The records a client may hold in one dataset (client constants; the service documents 1 MB). */
export const MAX_RECORDS_PER_DATASET = 1024;
const KEYS = ['devices', 'devicesPerIdentity', 'syncInterval', 'datasetsPerIdentity', 'recordsPerDataset', 'recordsChangedPerSync', 'conflictShare', 'firstSyncShare'] as const;

const bad = (where: string, what: string) => new HarnessError(`Device model ${where}: ${what}`, 'Fix the value (see "Capacity planning" in README.md for the format)');

function num(where: string, v: unknown, min: number, max: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw bad(where, `takes ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not ${JSON.stringify(v)}`);
  }
  return v;
}

function dist(where: string, v: unknown, min: number, max: number): Distribution {
  if (typeof v === 'number') return { distribution: 'fixed', mean: num(where, v, min, max) };
  if (typeof v !== 'object' || v === null) throw bad(where, `takes a number or {"distribution": "fixed"|"exponential"|"uniform", ...}, not ${JSON.stringify(v)}`);
  const d = v as Record<string, unknown>;
  const extra = Object.keys(d).filter((k) => !['distribution', 'mean', 'min', 'max'].includes(k));
  if (extra.length) throw bad(where, `has unknown member ${extra[0]}`);
  if (d.distribution === 'fixed' || d.distribution === 'exponential') return { distribution: d.distribution, mean: num(`${where}.mean`, d.mean, min, max) };
  if (d.distribution === 'uniform') {
    const lo = num(`${where}.min`, d.min, min, max);
    const hi = num(`${where}.max`, d.max, min, max);
    if (lo > hi) throw bad(where, `min ${lo} is above max ${hi}`);
    return { distribution: 'uniform', min: lo, max: hi };
  }
  throw bad(`${where}.distribution`, `takes fixed, exponential or uniform, not ${JSON.stringify(d.distribution)}`);
}

/** Checks a model given as JSON (all members optional, defaults fill the rest); one-line errors. */
export function parseModel(raw: unknown, base: DeviceModel = DEFAULT_MODEL): DeviceModel {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('file', 'must hold a JSON object');
  const r = raw as Record<string, unknown>;
  const unknown = Object.keys(r).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length) throw bad(unknown[0]!, `is not a model member (members: ${KEYS.join(', ')})`);
  const has = (k: string) => r[k] !== undefined;
  const m: DeviceModel = {
    devices: has('devices') ? num('devices', r.devices, 1, 100_000_000, true) : base.devices,
    devicesPerIdentity: has('devicesPerIdentity') ? num('devicesPerIdentity', r.devicesPerIdentity, 1, 100) : base.devicesPerIdentity,
    syncInterval: has('syncInterval') ? dist('syncInterval', r.syncInterval, 0.01, 30 * 86_400) : base.syncInterval,
    datasetsPerIdentity: has('datasetsPerIdentity') ? num('datasetsPerIdentity', r.datasetsPerIdentity, 1, MAX_DATASETS_PER_IDENTITY, true) : base.datasetsPerIdentity,
    recordsPerDataset: has('recordsPerDataset') ? dist('recordsPerDataset', r.recordsPerDataset, 0, MAX_RECORDS_PER_DATASET) : base.recordsPerDataset,
    recordsChangedPerSync: has('recordsChangedPerSync') ? num('recordsChangedPerSync', r.recordsChangedPerSync, 0, 100, true) : base.recordsChangedPerSync,
    conflictShare: has('conflictShare') ? num('conflictShare', r.conflictShare, 0, 1) : base.conflictShare,
    firstSyncShare: has('firstSyncShare') ? num('firstSyncShare', r.firstSyncShare, 0, 1) : base.firstSyncShare,
  };
  if (m.recordsPerDataset.distribution === 'exponential' && m.recordsPerDataset.mean > MAX_RECORDS_PER_DATASET / 4) {
    throw bad('recordsPerDataset.mean', `an exponential mean above ${MAX_RECORDS_PER_DATASET / 4} is cut at ${MAX_RECORDS_PER_DATASET} records too often; use uniform`);
  }
  if (m.conflictShare > 0 && m.recordsChangedPerSync === 0) throw bad('conflictShare', 'needs recordsChangedPerSync above 0 (only a push can conflict)');
  return m;
}

export function readModel(file: string): DeviceModel {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new HarnessError(`Cannot read the device model ${file}`, 'Check the path given to --model');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HarnessError(`Device model ${file} is not JSON (${e instanceof Error ? e.message : String(e)})`, 'Fix the file; see "Capacity planning" in README.md');
  }
  return parseModel(raw);
}

export const meanOf = (d: Distribution) => (d.distribution === 'uniform' ? (d.min + d.max) / 2 : d.mean);
export const identitiesOf = (m: DeviceModel) => Math.ceil(m.devices / m.devicesPerIdentity);

/** Syncs per second that `devices` devices make on average: each syncs once per mean interval. */
export const syncRate = (m: DeviceModel, devices: number) => devices / meanOf(m.syncInterval);
export const devicesAt = (m: DeviceModel, rate: number) => Math.floor(rate * meanOf(m.syncInterval));

/** A draw from a distribution; `random` is injected so that tests and k6 can pass their own. */
export function draw(d: Distribution, random: () => number = Math.random): number {
  if (d.distribution === 'fixed') return d.mean;
  if (d.distribution === 'uniform') return d.min + random() * (d.max - d.min);
  return -d.mean * Math.log(1 - random());
}

/**
 * Requests per sync the model implies (ListRecords pages, UpdateRecords),
 * before retries on 409: each dataset is pulled, one of them pushed, and a
 * conflicting sync costs a second push and a re-list.
 */
export function requestsPerSync(m: DeviceModel): Record<'ListRecords' | 'UpdateRecords', number> {
  const pagesFull = Math.max(1, Math.ceil(meanOf(m.recordsPerDataset) / MAX_RECORDS_PER_DATASET));
  const list = m.datasetsPerIdentity * (m.firstSyncShare * pagesFull + (1 - m.firstSyncShare)) + m.conflictShare;
  const push = m.recordsChangedPerSync > 0 ? 1 + 2 * m.conflictShare : 0;
  return { ListRecords: list, UpdateRecords: push };
}

/** What the k6 scenario needs from the model (it cannot read files itself). */
export const scenarioModel = (m: DeviceModel): ScenarioModel => ({ recordsChangedPerSync: m.recordsChangedPerSync, conflictShare: m.conflictShare, firstSyncShare: m.firstSyncShare });

export function describeModel(m: DeviceModel): string {
  const d = (x: Distribution) => (x.distribution === 'uniform' ? `uniform ${x.min}–${x.max}` : `${x.distribution} mean ${x.mean}`);
  return `${m.devices} devices, ${m.devicesPerIdentity} per identity (${identitiesOf(m)} identities), sync every ${d(m.syncInterval)} s, ${m.datasetsPerIdentity} datasets of ${d(m.recordsPerDataset)} records, ${m.recordsChangedPerSync} changed per sync, ${m.conflictShare * 100}% conflicting, ${m.firstSyncShare * 100}% first syncs`;
}
