// Provider states: parameterized sentences shared by the consumer contracts
// and the provider verification. Each handler sets its state up through the
// public API only (Cognito Identity, then Cognito Sync), so the same pact
// replays against the emulator, AWS or any compatible backend. Handlers
// return the values the pact takes through fromProviderState.

import { CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import type { Credentials } from '../src/client/client.ts';
import { NotApplicable } from '../src/results/verdicts.ts';
import { Driver, must } from '../src/target/driver.ts';
import { member, readSession, writeRecords } from './state-reads.ts';
import { identitySdk, type IdentityFixture, type Target } from '../src/target/index.ts';
import { MAX_DATASETS_PER_IDENTITY } from '../src/model/limits.ts';

export const STATES = {
  identity: 'an identity {identityId} of pool {identityPoolId}',
  records: 'dataset {datasetName} of identity {identityId} has records {keys} at sync count {n}',
  fullIdentity: 'identity {identityId} already has {count} datasets',
  nearlyFull: 'dataset {datasetName} of identity {identityId} holds {bytes} bytes',
  notOwner: 'the caller is another identity than {identityId}',
  developerCaller: 'the caller uses developer credentials for identity {identityId}',
  pushConfigured: 'pool {identityPoolId} has push sync configured and identity {identityId} is the caller',
  device: 'identity {identityId} has registered device {deviceId}',
  subscribed: 'device {deviceId} of identity {identityId} is subscribed to dataset {datasetName}',
  events: 'pool {identityPoolId} has a SyncTrigger event',
  streamsReady: 'pool {identityPoolId} has Cognito Streams enabled and no bulk publish yet',
  bulkStarted: 'a bulk publish of pool {identityPoolId} was started',
  bulkInProgress: 'pool {identityPoolId} has a bulk publish in progress',
  bulkSucceeded: 'pool {identityPoolId} had a bulk publish succeed within 24 hours',
} as const;

export type StateValues = Record<string, string | number>;

/** Who signs the replayed request, decided by the state. */
export type Signer = { as: 'developer' } | { as: 'identity'; credentials: Credentials };

export type StateContext = { target: Target; signer: Signer; pools: Set<string>; developerOnPurpose: boolean };

/** What the states store; the consumer expects these back where a Get must return what was set. */
export const PUSH = { ApplicationArns: ['arn:aws:sns:us-east-1:123456789012:app/GCM/harness'], RoleArn: 'arn:aws:iam::123456789012:role/push' };
export const SYNC_TRIGGER = 'arn:aws:lambda:us-east-1:123456789012:function:harness';
const STREAMS = { StreamName: 'harness-stream', RoleArn: 'arn:aws:iam::123456789012:role/streams', StreamingStatus: 'ENABLED' };

async function identityState(ctx: StateContext, datasetLabel = 'prefs'): Promise<{ d: Driver; fixture: IdentityFixture; values: StateValues }> {
  const d = await Driver.create(ctx.target);
  const fixture = d.identity;
  return { d, fixture, values: { identityPoolId: fixture.identityPoolId, identityId: fixture.identityId, datasetName: d.fresh(datasetLabel) } };
}

async function withRecords(ctx: StateContext, name: string, keys: string[], n: number) {
  const base = await identityState(ctx, name);
  const dataset = String(base.values.datasetName);
  const ids = idsOf(base.fixture);
  // Batch 1 writes every key; later batches rewrite the first key, so the dataset ends at sync count n.
  for (let i = 1; i <= n; i++) {
    const batch = i === 1 ? keys : keys.slice(0, 1);
    await writeRecords(base.d.client, ids, dataset, Object.fromEntries(batch.map((k) => [k, `${k}${i}`])), 'seeding records');
  }
  const s = await readSession(base.d.client, ids, dataset);
  // A target that omits DatasetSyncCount fails the ListRecords interactions; here the records still tell it.
  const syncCount = s.syncCount ?? Math.max(0, ...s.records.values());
  return { ...base, values: { ...base.values, syncSessionToken: s.token, syncCount } };
}

const idsOf = (f: IdentityFixture) => ({ IdentityPoolId: f.identityPoolId, IdentityId: f.identityId });

/**
 * A pool of its own for bulk publish states: it is per-pool state that one
 * interaction would otherwise leave for the next. AWS pools are never created.
 */
async function freshPool(ctx: StateContext): Promise<string> {
  if (ctx.target.kind === 'aws') return ctx.target.identityPoolId;
  const identity = identitySdk(ctx.target);
  try {
    const { IdentityPoolId } = await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: `csh contracts ${ctx.pools.size}`, AllowUnauthenticatedIdentities: true }));
    ctx.pools.add(IdentityPoolId!);
    return IdentityPoolId!;
  } finally {
    identity.destroy();
  }
}

async function configure(ctx: StateContext, poolId: string, input: Record<string, unknown>): Promise<void> {
  must(await ctx.target.client('developer').call('SetIdentityPoolConfiguration', { IdentityPoolId: poolId, ...input }), 'SetIdentityPoolConfiguration');
}

/** Waits for SUCCEEDED; FAILED is final, so it ends the wait at once. */
async function waitForBulkSuccess(ctx: StateContext, poolId: string): Promise<void> {
  const c = ctx.target.client('developer');
  let status: string | undefined;
  // Bounded: the emulator finishes in about a second; a slower backend fails the state loudly.
  for (let i = 0; i < 60; i++) {
    status = member<string>(must(await c.call('GetBulkPublishDetails', { IdentityPoolId: poolId }), 'GetBulkPublishDetails'), 'BulkPublishStatus');
    if (status === 'SUCCEEDED') return;
    if (status === 'FAILED') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`bulk publish of ${poolId} did not succeed (last status ${status ?? 'none'})`);
}

/** A fresh pool with streams enabled and a bulk publish started; its status is whatever the target says. */
async function startBulkPublish(ctx: StateContext): Promise<string> {
  const poolId = await freshPool(ctx);
  await configure(ctx, poolId, { CognitoStreams: STREAMS });
  must(await ctx.target.client('developer').call('BulkPublish', { IdentityPoolId: poolId }), 'BulkPublish');
  return poolId;
}

type Params = Record<string, unknown>;

export function stateHandlers(ctx: StateContext): Record<string, (params: Params) => Promise<StateValues>> {
  const asIdentity = (fixture: IdentityFixture) => {
    ctx.signer = { as: 'identity', credentials: fixture.credentials };
  };
  return {
    [STATES.identity]: async () => (await identityState(ctx)).values,
    [STATES.records]: async (p) => (await withRecords(ctx, String(p.datasetName ?? 'prefs'), (p.keys as string[]) ?? ['a'], Number(p.n ?? 1))).values,
    [STATES.fullIdentity]: async (p) => {
      const { d, fixture, values } = await identityState(ctx);
      for (let i = 0; i < Number(p.count ?? MAX_DATASETS_PER_IDENTITY); i++) await writeRecords(d.client, idsOf(fixture), d.fresh('fill'), { k: 'v' }, 'filling datasets');
      return { ...values, syncSessionToken: (await readSession(d.client, idsOf(fixture), String(values.datasetName))).token };
    },
    [STATES.nearlyFull]: async (p) => {
      const { d, fixture, values } = await identityState(ctx, String(p.datasetName ?? 'prefs'));
      const name = String(values.datasetName);
      const bytes = Number(p.bytes ?? 1_048_000);
      // Values under 1 MB each, together `bytes` bytes.
      const chunk = 500_000;
      for (let left = bytes, i = 0; left > 0; left -= chunk, i++) {
        const key = `fill${i}`;
        await writeRecords(d.client, idsOf(fixture), name, { [key]: 'x'.repeat(Math.max(1, Math.min(chunk, left) - key.length)) }, 'filling the dataset');
      }
      return { ...values, syncSessionToken: (await readSession(d.client, idsOf(fixture), name)).token };
    },
    [STATES.notOwner]: async () => {
      const { values } = await identityState(ctx);
      asIdentity(await ctx.target.newIdentity());
      return values;
    },
    [STATES.developerCaller]: async () => {
      const { values } = await identityState(ctx);
      await configure(ctx, String(values.identityPoolId), { PushSync: PUSH });
      ctx.signer = { as: 'developer' };
      ctx.developerOnPurpose = true;
      return values;
    },
    [STATES.pushConfigured]: async () => {
      const { fixture, values } = await identityState(ctx);
      await configure(ctx, String(values.identityPoolId), { PushSync: PUSH });
      asIdentity(fixture);
      return values;
    },
    [STATES.device]: async () => {
      const { fixture, values } = await identityState(ctx);
      await configure(ctx, String(values.identityPoolId), { PushSync: PUSH });
      const device = must(await ctx.target.client(fixture).call('RegisterDevice', { ...idsOf(fixture), Platform: 'GCM', Token: `token-${fixture.identityId}` }), 'RegisterDevice');
      asIdentity(fixture);
      return { ...values, deviceId: String(member(device, 'DeviceId')) };
    },
    [STATES.subscribed]: async () => {
      const { fixture, values } = await identityState(ctx);
      await configure(ctx, String(values.identityPoolId), { PushSync: PUSH });
      const client = ctx.target.client(fixture);
      const ids = { IdentityPoolId: fixture.identityPoolId, IdentityId: fixture.identityId };
      const device = must(await client.call('RegisterDevice', { ...ids, Platform: 'GCM', Token: `token-${fixture.identityId}` }), 'RegisterDevice');
      must(await client.call('SubscribeToDataset', { ...ids, DatasetName: values.datasetName, DeviceId: member(device, 'DeviceId') }), 'SubscribeToDataset');
      asIdentity(fixture);
      return { ...values, deviceId: String(member(device, 'DeviceId')) };
    },
    [STATES.events]: async () => {
      const { values } = await identityState(ctx);
      must(await ctx.target.client('developer').call('SetCognitoEvents', { IdentityPoolId: values.identityPoolId, Events: { SyncTrigger: SYNC_TRIGGER } }), 'SetCognitoEvents');
      return values;
    },
    [STATES.streamsReady]: async () => {
      const poolId = await freshPool(ctx);
      await configure(ctx, poolId, { CognitoStreams: STREAMS });
      return { identityPoolId: poolId };
    },
    [STATES.bulkStarted]: async () => ({ identityPoolId: await startBulkPublish(ctx) }),
    [STATES.bulkInProgress]: async () => {
      const poolId = await startBulkPublish(ctx);
      // A backend may finish a small pool's bulk publish before the next call (variant bulk-instant):
      // then "in progress" cannot be reached there, which is no fault of the backend.
      const status = member<string>(must(await ctx.target.client('developer').call('GetBulkPublishDetails', { IdentityPoolId: poolId }), 'GetBulkPublishDetails'), 'BulkPublishStatus');
      if (status === 'SUCCEEDED' || status === 'FAILED') {
        throw new NotApplicable(`this target's bulk publish of a small pool is already ${status} right after BulkPublish, so no bulk publish can be in progress (AWS documents no duration)`);
      }
      if (status !== 'IN_PROGRESS') throw new Error(`GetBulkPublishDetails right after BulkPublish answered status ${String(status)}`);
      return { identityPoolId: poolId };
    },
    [STATES.bulkSucceeded]: async () => {
      const poolId = await startBulkPublish(ctx);
      await waitForBulkSuccess(ctx, poolId);
      return { identityPoolId: poolId };
    },
  };
}
