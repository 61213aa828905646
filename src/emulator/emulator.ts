// The whole emulator in process: Cognito Sync and Cognito Identity behind one
// handle(), SigV4 verified (unless auth is 'off'), and identity merges carried
// into the Sync store. What the CLI serves, what the harness and the tests
// start and what the benchmark measures is this composition (server.ts puts
// it on a socket). Operator endpoints (operator.ts) sit beside the services;
// reset swaps in a freshly composed state, so nothing outlives an instance.
// With stateDir (persist/), the stores journal their changes, the state is
// replayed from the directory before the first request, and no answer leaves
// before the changes recorded so far are on disk.

import { readFileSync } from 'node:fs';
import { ERROR_TYPE_HEADER, ServiceError } from '../model/errors.ts';
import { unverifiedAuthenticator } from './auth/access-key.ts';
import { developerCredentials } from './auth/developer.ts';
import { sigv4Authenticator, verifyCaller, type SigV4Options } from './auth/sigv4-auth.ts';
import type { FaultName } from './faults.ts';
import { createIdentityService, type IdentityService } from './identity/service.ts';
import type { PoolStore } from './sync/pools.ts';
import { createSyncService, type SyncService } from './sync/service.ts';
import { isOperatorPath, operatorEndpoint } from './operator.ts';
import { JournalRelay } from './persist/mutations.ts';
import { exportState, replay } from './persist/replay.ts';
import { openStateDir, type DurableJournal, type StateKeys } from './persist/state-dir.ts';
import { failure } from './wire/respond.ts';
import type { SyncStore } from './sync/store.ts';
import type { Clock, WireRequest, WireResponse } from './types.ts';
import type { VariantName } from './variants.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export type AuthMode = 'sigv4' | 'off';

export type EmulatorOptions = {
  region?: string;
  /**
   * sigv4 (default): verify every signature. off: signatures go unchecked; a key
   * issued by GetCredentialsForIdentity still acts as its identity, any other as the developer.
   */
  auth?: AuthMode;
  faults?: Iterable<FaultName | string>;
  /** Legal-variation switches: choices a correct backend may make differently (variants.ts). */
  variants?: Iterable<VariantName | string>;
  clock?: Clock;
  /** Where the developer credentials' overrides are read (COGNITO_SYNC_EMULATOR_*); process.env by default. */
  env?: NodeJS.ProcessEnv;
  sessionTtlMs?: number;
  credentialTtlMs?: number;
  maxBodyBytes?: number;
  bulkPublishDurationMs?: number;
  /** Random bytes for Sync's IDs and MAC keys; injectable for reproducible tests. */
  randomBytes?: (n: number) => Uint8Array;
  /** Random numbers for Cognito Identity's IDs, keys and secrets; injectable for reproducible tests. */
  random?: () => number;
  /** Where unexpected failures are reported (they become 500 InternalErrorException). */
  onInternalError?: (error: unknown) => void;
  /** Keep all state in this directory across restarts (persist/state-dir.ts); memory only without it. */
  stateDir?: string;
  /** Journal size that triggers a compaction into a snapshot (tests make it small). */
  compactBytes?: number;
  /** Lines the emulator must tell its operator once (a torn journal line it cut off). */
  onNotice?: (line: string) => void;
};

export type Emulator = {
  handle(req: WireRequest): Promise<WireResponse>;
  /** Drops all state, as POST /_emulator/reset does. */
  reset(): void;
  readonly sync: SyncStore;
  readonly pools: PoolStore;
  readonly identity: IdentityService;
  readonly faults: ReadonlySet<FaultName>;
  readonly variants: ReadonlySet<VariantName>;
  readonly maxBodyBytes: number;
  /** Flushes and closes the state directory (a snapshot on the way); nothing to do without one. */
  close(): Promise<void>;
};

/** What the stores of a durable emulator share across resets. */
type Persistence = { journal: JournalRelay; keys: StateKeys };

export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  // A damaged state file throws here (StateFileError, exit code 4), before anything is served or changed.
  const state = opts.stateDir === undefined ? undefined : openStateDir(opts.stateDir, opts.compactBytes === undefined ? {} : { compactBytes: opts.compactBytes });
  for (const line of state?.notices ?? []) opts.onNotice?.(line);
  const persistence: Persistence | undefined = state ? { journal: new JournalRelay(), keys: state.keys } : undefined;
  let current = compose(opts, persistence);
  const stores = () => ({ sync: current.sync.sync, pools: current.sync.pools, identity: current.identity.store });
  let journal: DurableJournal | undefined;
  if (state && persistence) {
    for (const m of state.entries) {
      if (m.t === 'reset') current = compose(opts, persistence);
      else replay([m], stores());
    }
    journal = state.start(() => exportState(stores()));
    persistence.journal.sink = journal;
  }
  const reset = () => {
    current = compose(opts, persistence);
    persistence?.journal.record({ t: 'reset' });
  };
  const onInternalError = opts.onInternalError ?? ((e: unknown) => console.error('emulator internal error:', e));
  // With a state directory an answer waits for the fsync that covers every change recorded so far (group
  // commit). Even a refused request may have recorded one (a refused first write creates the identity's state).
  async function acked(response: WireResponse): Promise<WireResponse> {
    try {
      await journal!.durable();
      return response;
    } catch (e) {
      onInternalError(e);
      return failure(new ServiceError('InternalErrorException', 'Internal error: the state journal could not be written'), current.sync.faults);
    }
  }
  const operator = operatorEndpoint({
    version: VERSION,
    reset,
    state: () => {
      const { pools, identities } = current.identity.dump();
      return {
        identityPools: pools.map((p) => ({ ...p, ...syncSettings(current.sync.pools, p.IdentityPoolId) })),
        identities,
        datasets: current.sync.sync.dump(),
      };
    },
  });
  return {
    handle(req) {
      const response = isOperatorPath(req.path) ? Promise.resolve(operator(req)) : current.sync.handle(req);
      return journal ? response.then(acked) : response;
    },
    reset,
    close: async () => journal?.close(),
    get sync() { return current.sync.sync; },
    get pools() { return current.sync.pools; },
    get identity() { return current.identity; },
    faults: current.sync.faults, variants: current.sync.variants, maxBodyBytes: current.sync.maxBodyBytes,
  };
}

/** Cognito Sync's pool settings, for pools that have any. */
function syncSettings(pools: PoolStore, poolId: string): object {
  if (!pools.knownPoolIds().includes(poolId)) return {};
  const { IdentityPoolId: _, ...configuration } = pools.getConfiguration(poolId);
  return { CognitoSync: { ...configuration, Events: pools.getEvents(poolId) } };
}

/** One emulator's state and services; reset builds a fresh one with the same options. */
function compose(opts: EmulatorOptions, persistence: Persistence | undefined): { identity: IdentityService; sync: SyncService } {
  const region = opts.region ?? 'us-east-1';
  const clock = opts.clock ?? { now: () => Date.now() };
  const verifying = (opts.auth ?? 'sigv4') === 'sigv4';
  let syncStore: SyncStore | undefined;
  const identity = createIdentityService({
    region, clock,
    ...(opts.credentialTtlMs !== undefined ? { credentialTtlMs: opts.credentialTtlMs } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.onInternalError ? { onInternalError: opts.onInternalError } : {}),
    ...(persistence ? { journal: persistence.journal, openIdKey: persistence.keys.openIdTokens } : {}),
    onMerge: (poolId, source, target) => syncStore?.mergeIdentities(poolId, source, target),
  });
  const sigv4: SigV4Options = {
    region, clock,
    credentials: { developer: developerCredentials(opts.env), temporary: (key) => identity.issuedCredentials(key) },
    keyCache: new Map(),
  };

  // Identity operations that AWS serves only to IAM callers need the developer's signature.
  async function identityWithAuth(req: WireRequest): Promise<WireResponse> {
    if (verifying && identity.authOf(req.headers['x-amz-target'] ?? '') === 'developer') {
      try {
        const caller = verifyCaller(req, 'cognito-identity', sigv4);
        if (caller.kind !== 'developer') throw new ServiceError('NotAuthorizedException', 'This operation requires developer credentials');
      } catch (e) {
        if (!(e instanceof ServiceError)) throw e;
        return {
          status: e.status,
          headers: { 'content-type': 'application/x-amz-json-1.1', [ERROR_TYPE_HEADER]: e.type },
          body: JSON.stringify({ __type: e.type, message: e.message }),
        };
      }
    }
    return identity.handle(req);
  }

  const sync = createSyncService({
    faults: opts.faults ?? [], variants: opts.variants ?? [], clock,
    authenticate: verifying ? sigv4Authenticator(sigv4) : unverifiedAuthenticator((key) => identity.issuedCredentials(key)),
    directory: { poolExists: identity.poolExists, identityExists: identity.identityExists, listPoolIds: identity.listPoolIds },
    identity: identityWithAuth,
    ...(opts.sessionTtlMs !== undefined ? { sessionTtlMs: opts.sessionTtlMs } : {}),
    ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}),
    ...(opts.bulkPublishDurationMs !== undefined ? { bulkPublishDurationMs: opts.bulkPublishDurationMs } : {}),
    ...(opts.randomBytes ? { randomBytes: opts.randomBytes } : {}),
    ...(opts.onInternalError ? { onInternalError: opts.onInternalError } : {}),
    ...(persistence ? { persistence: { journal: persistence.journal, tokenKey: persistence.keys.syncTokens } } : {}),
  });
  syncStore = sync.sync;
  return { identity, sync };
}
