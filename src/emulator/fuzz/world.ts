// The fuzz's world: an in-process emulator wired to its own Cognito Identity
// the way ../emulator.ts wires them (directory + identity endpoint),
// with pools and identities created through Cognito Identity's wire API and
// each identity's temporary credentials fetched with GetCredentialsForIdentity.
// No SigV4: a request's Credential= key names the caller, and a key Cognito
// Identity issued makes the call an identity call, so the fuzz needs no signer.

import { accessKeyAuthenticator } from '../auth/access-key.ts';
import { createSyncService, type SyncService } from '../sync/service.ts';
import { createIdentityService } from '../identity/service.ts';
import type { Authenticator, WireRequest, WireResponse } from '../types.ts';
import type { Rng } from './random.ts';

export type Identity = { poolId: string; identityId: string; accessKeyId: string };

export type World = {
  emulator: SyncService;
  handle(req: WireRequest): Promise<WireResponse>;
  clock: { now(): number; advance(ms: number): void };
  pools: string[];
  identities: Identity[];
  /** Well-formed IDs of things that do not exist: a pool never created, an identity deleted through Cognito Identity. */
  ghosts: { poolId: string; identityId: string };
  internalErrors: unknown[];
};

export type WorldOptions = { rng: Rng; faults?: string[]; variants?: string[]; pools?: number; identitiesPerPool?: number };

const START = Date.UTC(2026, 0, 1);
export const DEVELOPER_KEY = 'FUZZDEVELOPERKEY';

export function authorization(accessKeyId: string): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00`;
}

export async function buildWorld(opts: WorldOptions): Promise<World> {
  let now = START;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const internalErrors: unknown[] = [];
  const identityRng = opts.rng.fork();
  const emulatorRng = opts.rng.fork();
  const identity = createIdentityService({ clock, random: () => identityRng.float(), onInternalError: (e) => internalErrors.push(e) });
  const authenticate: Authenticator = (req) => {
    const caller = accessKeyAuthenticator(req);
    const issued = identity.lookupCredentials(caller.accessKeyId);
    return issued ? { kind: 'identity', accessKeyId: caller.accessKeyId, identityId: issued.identityId } : caller;
  };
  const emulator = createSyncService({
    faults: opts.faults ?? [], variants: opts.variants ?? [], clock, authenticate,
    randomBytes: (n) => emulatorRng.bytes(n),
    onInternalError: (e) => internalErrors.push(e),
    directory: { poolExists: identity.poolExists, identityExists: identity.identityExists, listPoolIds: identity.listPoolIds },
    identity: (req) => identity.handle(req),
  });

  async function cognitoIdentity(op: string, input: object): Promise<Record<string, unknown>> {
    const res = await emulator.handle({
      method: 'POST', path: '/', query: '', body: Buffer.from(JSON.stringify(input)),
      headers: { 'x-amz-target': `AWSCognitoIdentityService.${op}`, 'content-type': 'application/x-amz-json-1.1', authorization: authorization(DEVELOPER_KEY) },
    });
    if (res.status !== 200) throw new Error(`fuzz setup: Cognito Identity ${op} answered ${res.status} ${res.body.slice(0, 200)}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  }

  const pools: string[] = [];
  const identities: Identity[] = [];
  for (let p = 0; p < (opts.pools ?? 2); p++) {
    const pool = await cognitoIdentity('CreateIdentityPool', { IdentityPoolName: `fuzz${p}`, AllowUnauthenticatedIdentities: true });
    const poolId = pool.IdentityPoolId as string;
    pools.push(poolId);
    for (let i = 0; i < (opts.identitiesPerPool ?? 3); i++) {
      const { IdentityId } = await cognitoIdentity('GetId', { IdentityPoolId: poolId });
      const { Credentials } = await cognitoIdentity('GetCredentialsForIdentity', { IdentityId });
      identities.push({ poolId, identityId: IdentityId as string, accessKeyId: (Credentials as { AccessKeyId: string }).AccessKeyId });
    }
  }
  const { IdentityId: deleted } = await cognitoIdentity('GetId', { IdentityPoolId: pools[0] });
  await cognitoIdentity('DeleteIdentities', { IdentityIdsToDelete: [deleted] });
  const ghosts = { poolId: 'us-east-1:00000000-0000-4000-8000-000000000000', identityId: deleted as string };

  return { emulator, handle: (req) => emulator.handle(req), clock, pools, identities, ghosts, internalErrors };
}
