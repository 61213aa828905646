// The embedded emulator as the harness runs it: Cognito Sync and Cognito
// Identity on one loopback port, SigV4 verified (unless --auth off), identity
// merges carried into the Sync store.

import { ServiceError } from '../model/errors.ts';
import { accessKeyAuthenticator } from '../emulator/auth/access-key.ts';
import { sigv4Authenticator, verifyCaller, type SigV4Options } from '../emulator/auth/sigv4-auth.ts';
import { createIdentityService } from '../emulator/identity/service.ts';
import { startEmulator, type Clock, type RunningEmulator, type WireRequest, type WireResponse } from '../emulator/index.ts';
import { developerCredentials } from './developer-credentials.ts';

export type EmbeddedOptions = {
  host?: string;
  port?: number;
  region?: string;
  auth?: 'sigv4' | 'off';
  faults?: string[];
  variants?: string[];
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Origins browsers may call from (`*`, exact, or `http://host:*`); default: any localhost / 127.0.0.1 port. */
  corsOrigins?: readonly string[];
};

export async function startEmbeddedEmulator(opts: EmbeddedOptions = {}): Promise<RunningEmulator> {
  const region = opts.region ?? 'us-east-1';
  const clock = opts.clock ?? { now: () => Date.now() };
  let running: RunningEmulator | undefined;
  const identity = createIdentityService({
    region, clock,
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
    host: opts.host ?? '127.0.0.1', port: opts.port ?? 0, corsOrigins: opts.corsOrigins, faults: opts.faults ?? [], variants: opts.variants ?? [], clock,
    authenticate: verifying ? sigv4Authenticator(sigv4) : accessKeyAuthenticator,
    directory: { poolExists: identity.poolExists, identityExists: identity.identityExists, listPoolIds: identity.listPoolIds },
    identity: identityWithAuth,
  });
  return running;
}
