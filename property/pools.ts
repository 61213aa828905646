// Extra identity pools on a fresh emulator, so ListIdentityPoolUsage has
// pages to walk. Only for targets this run started: it creates pools.

import { CognitoIdentityClient, CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import type { Target } from '../src/target/index.ts';

export async function addIdentityPools(target: Target, count: number): Promise<void> {
  if (target.kind !== 'emulator') throw new Error(`addIdentityPools creates pools; refusing on ${target.name}`);
  const identity = new CognitoIdentityClient({ endpoint: target.identityEndpoint, region: target.region, credentials: await target.developerCredentials() });
  try {
    for (let i = 0; i < count; i++) await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: `extra ${i}`, AllowUnauthenticatedIdentities: true }));
  } finally {
    identity.destroy();
  }
}
