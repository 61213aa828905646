// One device: amazon-cognito-js's CognitoSyncManager with its own local store,
// its own Cognito Identity credentials for the shared identity, and its own
// v2 Cognito Sync client pointed at the target. Nothing here changes what the
// library does; the only hook is the SDK's documented per-client
// customRequestHandler, used to count retries and to inject a write.

import { create as createDomain } from 'node:domain';
import { createRequire } from 'node:module';
import type { Target } from '../src/target/index.ts';
import { MemoryStorage } from './memory-storage.ts';

const require = createRequire(import.meta.url);
// The v2 SDK announces its end of support on load; the documented switch keeps the harness quiet.
(require('aws-sdk/lib/maintenance_mode_message') as { suppress: boolean }).suppress = true;
// The library and the v2 SDK are untyped JavaScript as this suite loads them.
type Any = any;
const AWS = require('aws-sdk') as Any;
require('amazon-cognito-js'); // attaches AWS.CognitoSyncManager

/** How a device signs in: an unauthenticated identity, or a developer-authenticated one with its OpenID token. */
export type DeviceIdentity = { identityPoolId: string; identityId: string; openIdToken?: string };

/** What happened on every device, in order: the callbacks a failure message shows. */
export type Transcript = string[];

export type ConflictChoice = 'remote' | 'local' | { value: (local: string | null, remote: string | null) => string };

export type SyncHandlers = {
  conflict?: ConflictChoice;
  /** onDatasetDeleted answer: true purges the local copy and continues. */
  deleted?: boolean;
  /** onDatasetsMerged answer: true continues the sync. */
  merged?: boolean;
};

export type SyncResult = { ok: boolean; error?: string; thrown?: string[]; conflicts: Array<{ key: string; local: string | null; remote: string | null }>; deleted: string[]; merged: string[][] };

export type Device = {
  readonly name: string;
  put(dataset: string, key: string, value: string): Promise<void>;
  putAll(dataset: string, values: Record<string, string>): Promise<void>;
  remove(dataset: string, key: string): Promise<void>;
  /** Live values (tombstones left out). */
  getAll(dataset: string): Promise<Record<string, string>>;
  /** The local record with its SyncCount, or undefined. */
  record(dataset: string, key: string): Promise<{ value: string | null; syncCount: number; modified: boolean } | undefined>;
  sync(dataset: string, handlers?: SyncHandlers): Promise<SyncResult>;
  /** The dataset SyncCount this device believes it has every change up to. */
  lastSyncCount(dataset: string): Promise<number>;
  /** Runs once, just before this device's next UpdateRecords leaves (after its ListRecords). */
  beforeNextUpdate(fn: () => Promise<void>): void;
  /** Cognito Sync calls this device made, by operation. */
  readonly calls: Record<string, number>;
  /** What the target's last ListRecords answer to this device said about the dataset's existence. */
  lastListing(): { exists: unknown; deletedAfter: unknown } | undefined;
};

export type DeviceOptions = {
  target: Target;
  identity: DeviceIdentity;
  name: string;
  transcript: Transcript;
  /** Forces a smaller ListRecords page than the library's 1,024 (set on the request, the library untouched). */
  maxResults?: number;
  /** Deadline of one synchronize() from start to its last callback. */
  syncTimeoutMs?: number;
};

// The manager reads AWS.config when it is built; building devices one at a time keeps each with its own.
export async function createDevice(opts: DeviceOptions): Promise<Device> {
  const { target, identity, name, transcript } = opts;
  const timeoutMs = target.requestTimeoutMs;
  const httpOptions = { timeout: timeoutMs, connectTimeout: Math.min(3_000, timeoutMs) };
  // The AWS SDKs retry throttling with backoff; eight tries at 50 ms base rides out the throttling variant's 5 %.
  const retry = { maxRetries: 8, retryDelayOptions: { base: 50 } };
  const credentials = new AWS.CognitoIdentityCredentials(
    {
      IdentityPoolId: identity.identityPoolId, IdentityId: identity.identityId,
      ...(identity.openIdToken ? { Logins: { 'cognito-identity.amazonaws.com': identity.openIdToken } } : {}),
    },
    { endpoint: target.identityEndpoint, region: target.region, httpOptions, ...retry },
  );
  await credentials.getPromise();

  const saved = { credentials: AWS.config.credentials, region: AWS.config.region, cognitosync: AWS.config.cognitosync };
  const storage = new MemoryStorage();
  const g = globalThis as Any;
  const hadWindow = 'window' in g;
  const previousWindow = g.window;
  let manager: Any;
  try {
    AWS.config.credentials = credentials;
    AWS.config.region = target.region;
    // Service-specific configuration, as the v2 SDK documents it: the sync endpoint for this client only.
    AWS.config.cognitosync = { endpoint: target.syncEndpoint, httpOptions, ...retry };
    // The library's browser store reads window.localStorage once, when the manager is built.
    g.window = { localStorage: storage };
    manager = new AWS.CognitoSyncManager({ log: () => {} });
  } finally {
    AWS.config.credentials = saved.credentials;
    AWS.config.region = saved.region;
    AWS.config.cognitosync = saved.cognitosync;
    if (hadWindow) g.window = previousWindow;
    else delete g.window;
  }

  const client = manager.remote.client;
  const calls: Record<string, number> = {};
  let inFlight = 0;
  let beforeUpdate: (() => Promise<void>) | undefined;
  let listing: { exists: unknown; deletedAfter: unknown } | undefined;
  client.customRequestHandler = (request: Any) => {
    const op = String(request.operation);
    if (op === 'listRecords' && opts.maxResults) request.params.MaxResults = opts.maxResults;
    // 'send' fires once per attempt, 'complete' once per request: count the request once.
    let counted = false;
    request.on('send', () => {
      calls[op] = (calls[op] ?? 0) + 1;
      if (!counted) inFlight++;
      counted = true;
    });
    request.on('complete', () => {
      if (counted) inFlight--;
    });
    if (op === 'listRecords') {
      request.on('success', (response: Any) => {
        listing = { exists: response.data?.DatasetExists, deletedAfter: response.data?.DatasetDeletedAfterRequestedSyncCount };
      });
    }
    request.on('retry', (response: Any) => {
      if (response.error?.retryable && (response.error.code === 'TooManyRequestsException' || response.error.statusCode === 429)) target.stats.throttled++;
    });
    if (op === 'updateRecords' && beforeUpdate) {
      const fn = beforeUpdate;
      beforeUpdate = undefined;
      request.onAsync('validate', (_req: Any, done: (e?: unknown) => void) => {
        fn().then(() => done(), (e: unknown) => done(e));
      });
    }
  };

  const datasets = new Map<string, Any>();
  const open = (ds: string) => new Promise<Any>((resolve, reject) => {
    const known = datasets.get(ds);
    if (known) return resolve(known);
    manager.openOrCreateDataset(ds, (err: unknown, dataset: Any) => {
      if (err) return reject(err);
      datasets.set(ds, dataset);
      resolve(dataset);
    });
  });
  const call = <T>(ds: string, fn: (dataset: Any, cb: (err: unknown, v: T) => void) => void) => open(ds).then((dataset) => new Promise<T>((resolve, reject) => {
    fn(dataset, (err, v) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(v)));
  }));
  const note = (line: string) => transcript.push(`${name}: ${line}`);

  async function quiet(): Promise<void> {
    // The library may keep working after its final callback (see clients/README.md); wait until the device is idle.
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if (inFlight === 0) return;
    }
  }

  return {
    name, calls,
    lastListing: () => listing,
    put: (ds, key, value) => call(ds, (d, cb) => d.put(key, value, cb)).then(() => void note(`put ${key}=${value}`)),
    putAll: (ds, values) => call(ds, (d, cb) => d.putAll(values, cb)).then(() => void note(`put ${Object.keys(values).length} keys`)),
    remove: (ds, key) => call(ds, (d, cb) => d.remove(key, cb)).then(() => void note(`remove ${key}`)),
    getAll: (ds) => call(ds, (d, cb) => d.getAll(cb)),
    async record(ds, key) {
      // The library answers a missing key with an error ("Key doesn't exist."): that is no record.
      const r = await call<Any>(ds, (d, cb) => d.local.getRecord(d.getIdentityId(), ds, key, cb)).catch((e: unknown) => {
        if (e instanceof Error && /doesn't exist/.test(e.message)) return undefined;
        throw e;
      });
      return r ? { value: r.getValue() ?? null, syncCount: Number(r.getSyncCount()), modified: Boolean(r.isModified()) } : undefined;
    },
    async lastSyncCount(ds) {
      return Number(await call<Any>(ds, (d, cb) => d.local.getLastSyncCount(d.getIdentityId(), ds, cb)));
    },
    beforeNextUpdate(fn) {
      beforeUpdate = fn;
    },
    async sync(ds, handlers = {}) {
      const dataset = await open(ds);
      const result: SyncResult = { ok: false, conflicts: [], deleted: [], merged: [] };
      note(`synchronize ${ds}`);
      const deadline = opts.syncTimeoutMs ?? Math.max(30_000, timeoutMs * 3);
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const timer = setTimeout(() => {
          if (settled) return;
          settled = true;
          note('synchronize: no final callback before the deadline');
          reject(new SyncTimeout(`${name}: synchronize ${ds} gave no onSuccess/onFailure within ${deadline} ms`));
        }, deadline);
        const finish = (ok: boolean, error?: string) => {
          if (settled) {
            note(`${ok ? 'onSuccess' : 'onFailure'} fired again after the sync had ended${error ? ` (${error})` : ''}`);
            return;
          }
          settled = true;
          clearTimeout(timer);
          result.ok = ok;
          if (error) result.error = error;
          resolve();
        };
        // The v2 SDK hands an exception thrown inside a library callback to the active domain (else the process dies):
        // a library that throws mid-sync is then recorded, not fatal.
        const guard = createDomain();
        guard.on('error', (e: unknown) => {
          const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
          result.thrown = [...(result.thrown ?? []), message];
          note(`the library threw ${message}`);
          finish(false, `the library threw ${message}`);
        });
        guard.run(() => dataset.synchronize({
          onSuccess: () => {
            note('onSuccess');
            finish(true);
          },
          onFailure: (err: unknown) => {
            const message = err instanceof Error ? err.message : String(err);
            note(`onFailure(${message})`);
            finish(false, message);
          },
          onConflict: (d: Any, conflicts: Any[], cb: (go: boolean) => void) => {
            const seen = conflicts.map((c) => ({ key: String(c.getKey()), local: c.getLocalRecord().getValue() ?? null, remote: c.getRemoteRecord().getValue() ?? null }));
            result.conflicts.push(...seen);
            note(`onConflict(${seen.map((c) => `${c.key}: local ${c.local} / remote ${c.remote}`).join('; ')})`);
            const choice = handlers.conflict;
            if (!choice) return cb(false);
            const resolved = conflicts.map((c) => choice === 'remote' ? c.resolveWithRemoteRecord()
              : choice === 'local' ? c.resolveWithLocalRecord()
                : c.resolveWithValue(choice.value(c.getLocalRecord().getValue() ?? null, c.getRemoteRecord().getValue() ?? null)));
            d.resolve(resolved, () => cb(true));
          },
          onDatasetDeleted: (_d: Any, deletedName: string, cb: (go: boolean) => void) => {
            result.deleted.push(deletedName);
            note(`onDatasetDeleted(${deletedName})`);
            cb(handlers.deleted ?? false);
          },
          onDatasetsMerged: (_d: Any, names: string[], cb: (go: boolean) => void) => {
            result.merged.push([...names]);
            note(`onDatasetsMerged(${names.join(', ')})`);
            cb(handlers.merged ?? false);
          },
        }));
      });
      await quiet();
      return result;
    },
  };
}

export class SyncTimeout extends Error {}
