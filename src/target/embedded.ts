// The embedded emulator as the harness runs it: Cognito Sync and Cognito
// Identity on one loopback port, SigV4 verified (unless --auth off), identity
// merges carried into the Sync store.

import { ServiceError } from '../model/errors.ts';
import { accessKeyAuthenticator } from '../emulator/auth/access-key.ts';
import { sigv4Authenticator, verifyCaller, type SigV4Options } from '../emulator/auth/sigv4-auth.ts';
import { createIdentityService } from '../emulator/identity/service.ts';
import { startEmulator, type Clock, type RunningEmulator, type WireRequest, type WireResponse } from '../emulator/index.ts';
import { developerCredentials } from './developer-credentials.ts';
import { JournalRelay } from '../emulator/persist/mutations.ts';
import { replay, exportState } from '../emulator/persist/replay.ts';
import { openStateDir, type DurableJournal } from '../emulator/persist/state-dir.ts';

export type EmbeddedOptions = {
  host?: string;
  port?: number;
  region?: string;
  auth?: 'sigv4' | 'off';
  faults?: string[];
  variants?: string[];
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Keep all state in this directory across restarts (persist/state-dir.ts); memory only without it. */
  stateDir?: string;
  /** Journal size that triggers a compaction into a snapshot (tests make it small). */
  compactBytes?: number;
  /** Lines the emulator has to tell its operator once (e.g. a torn journal line it cut off). */
  onNotice?: (line: string) => void;
};

export async function startEmbeddedEmulator(opts: EmbeddedOptions = {}): Promise<RunningEmulator> {
  const region = opts.region ?? 'us-east-1';
  const clock = opts.clock ?? { now: () => Date.now() };
  let running: RunningEmulator | undefined;
  // Durable state: read and checked before anything starts; a damaged file throws here (StateFileError, exit 4).
  const state = opts.stateDir === undefined ? undefined : openStateDir(opts.stateDir, opts.compactBytes === undefined ? {} : { compactBytes: opts.compactBytes });
  for (const line of state?.notices ?? []) opts.onNotice?.(line);
  const relay = new JournalRelay();
  let journal: DurableJournal | undefined;
  const identity = createIdentityService({
    region, clock,
    ...(state ? { journal: relay, openIdKey: state.keys.openIdTokens } : {}),
    onMerge: (poolId, source, target) => running?.emulator.sync.mergeIdentities(poolId, source, target),
  });
  const sigv4: SigV4Options = {
    region, clock,
    credentials: { developer: developerCredentials(opts.env), temporary: (key) => identity.lookupCredentials(key) },
  };
  const verifying = (opts.auth ?? 'sigv4') === 'sigv4';

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
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': e.type },
          body: JSON.stringify({ __type: e.type, message: e.message }),
        };
      }
    }
    return identity.handle(req);
  }

  running = await startEmulator({
    host: opts.host ?? '127.0.0.1', port: opts.port ?? 0, faults: opts.faults ?? [], variants: opts.variants ?? [], clock,
    authenticate: verifying ? sigv4Authenticator(sigv4) : accessKeyAuthenticator,
    directory: { poolExists: identity.poolExists, identityExists: identity.identityExists, listPoolIds: identity.listPoolIds },
    identity: identityWithAuth,
    ...(state ? { persistence: { journal: relay, tokenKey: state.keys.syncTokens, durable: () => journal!.durable() } } : {}),
    beforeListen: (emulator) => {
      if (!state) return;
      const stores = { sync: emulator.sync, pools: emulator.pools, identity: identity.store };
      replay(state.entries, stores);
      journal = state.start(() => exportState(stores));
      relay.sink = journal;
    },
  });
  if (!journal) return running;
  const close = running.close;
  // A clean stop compacts the journal into a snapshot after the last answer.
  return { ...running, close: async () => { await close(); await journal!.close(); } };
}
