// The whole property registry against the embedded emulator. The same cases
// run against AWS or any URL through `npx cognito-sync-harness properties`.

import { CognitoIdentityClient, CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { registry } from './registry.ts';
import { chooseSeed } from './seed.ts';

const seed = chooseSeed();
let target: Target;

beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
  // A few more pools, so ListIdentityPoolUsage has pages to walk.
  const identity = new CognitoIdentityClient({ endpoint: target.identityEndpoint, region: target.region, credentials: await target.developerCredentials() });
  for (let i = 0; i < 4; i++) await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: `extra ${i}`, AllowUnauthenticatedIdentities: true }));
});

afterAll(async () => {
  // Every case deletes its datasets; cleanup finding none proves nothing was left behind.
  expect(await target.cleanup()).toBe(0);
  await target.close();
});

describe(`properties against the emulator (seed ${seed})`, () => {
  for (const c of registry) {
    it(`${c.name} (numRuns ${c.numRuns})`, async () => {
      await c.run({ target, seed, numRuns: c.numRuns, timeBudgetMs: c.timeBudgetMs * 2 });
    }, c.timeBudgetMs * 2 + 30_000);
  }
});
