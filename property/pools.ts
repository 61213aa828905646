// Extra identity pools on a fresh emulator, so ListIdentityPoolUsage has
// pages to walk. Only for targets this run started: it creates pools.

import { CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import { identitySdk, type Target } from '../src/target/index.ts';

export async function addIdentityPools(target: Target, count: number): Promise<void> {
  if (target.kind !== 'emulator') throw new Error(`addIdentityPools creates pools; refusing on ${target.name}`);
  const identity = identitySdk(target);
  try {
    for (let i = 0; i < count; i++) await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: `extra ${i}`, AllowUnauthenticatedIdentities: true }));
  } finally {
    identity.destroy();
  }
}
