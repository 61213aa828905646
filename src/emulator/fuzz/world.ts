// The fuzz's world: the composed emulator in process (../emulator.ts), with
// pools and identities created through Cognito Identity's wire API and each
// identity's temporary credentials fetched with GetCredentialsForIdentity.
// No SigV4 (auth 'off'): a request's Credential= key names the caller, and a
// key Cognito Identity issued makes the call an identity call, so the fuzz
// needs no signer.

import { createEmulator, type Emulator } from '../emulator.ts';
import type { WireRequest, WireResponse } from '../types.ts';
import type { Rng } from './random.ts';

export type Identity = { poolId: string; identityId: string; accessKeyId: string };

export type World = {
  emulator: Emulator;
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
  // The whole emulator as the CLI serves it with --auth off: a key Cognito Identity issued makes the call an identity call.
  const emulator = createEmulator({
    auth: 'off', faults: opts.faults ?? [], variants: opts.variants ?? [], clock,
    random: () => identityRng.float(),
    randomBytes: (n) => emulatorRng.bytes(n),
    onInternalError: (e) => internalErrors.push(e),
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
