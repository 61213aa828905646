// Wire compatibility: the real AWS SDK for JavaScript v3 drives all 17
// operations against the emulator's Sync layer on a socket, and every error
// arrives as the SDK's own exception class. The Sync layer alone, so that a
// test authenticator can name the caller kind from the access key.

import {
  AlreadyStreamedException, BulkPublishCommand, CognitoSyncClient, DeleteDatasetCommand, DescribeDatasetCommand,
  DescribeIdentityPoolUsageCommand, DescribeIdentityUsageCommand, DuplicateRequestException, GetBulkPublishDetailsCommand,
  GetCognitoEventsCommand, GetIdentityPoolConfigurationCommand, InvalidConfigurationException, InvalidParameterException,
  LimitExceededException, ListDatasetsCommand, ListIdentityPoolUsageCommand, ListRecordsCommand, NotAuthorizedException,
  RegisterDeviceCommand, ResourceConflictException, ResourceNotFoundException, SetCognitoEventsCommand,
  SetIdentityPoolConfigurationCommand, SubscribeToDatasetCommand, UnsubscribeFromDatasetCommand, UpdateRecordsCommand,
} from '@aws-sdk/client-cognito-sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationNames } from '../model/operations.ts';
import type { Caller } from './types.ts';
import { listen, type Listening } from './server.ts';
import { createSyncService, type SyncService } from './sync/service.ts';

const POOL = 'us-east-1:11111111-2222-4333-8444-555555555555';
const ID = 'us-east-1:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const credentials = { accessKeyId: 'SDKTESTKEYFAKE', secretAccessKey: 'fake-secret' };

let running: Listening<SyncService>;
let now = Date.UTC(2026, 0, 1);
let dev: CognitoSyncClient;
let identity: CognitoSyncClient;
const seen = new Set<string>();

// Test-only authenticator: the access key names the caller kind, so one emulator serves both.
function authenticate(req: { headers: Record<string, string> }): Caller {
  const key = /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
  return key.startsWith('IDENTITY') ? { kind: 'identity', accessKeyId: key, identityId: ID } : { kind: 'developer', accessKeyId: key };
}

function client(accessKeyId: string): CognitoSyncClient {
  const c = new CognitoSyncClient({ endpoint: running.url, region: 'us-east-1', credentials: { ...credentials, accessKeyId }, maxAttempts: 1 });
  c.middlewareStack.add((next, context) => (args) => {
    seen.add(context.commandName!.replace(/Command$/, ''));
    return next(args);
  }, { step: 'initialize' });
  return c;
}

beforeAll(async () => {
  running = await listen(createSyncService({ clock: { now: () => now }, authenticate, bulkPublishDurationMs: 60_000 }));
  dev = client('DEVELOPERKEY');
  identity = client('IDENTITYKEY');
});
afterAll(async () => {
  await running.close();
  expect([...seen].sort()).toEqual([...operationNames].sort());
});

const ds = (name: string) => ({ IdentityPoolId: POOL, IdentityId: ID, DatasetName: name });

async function sync(c: CognitoSyncClient, name: string, patches: { Op: 'replace' | 'remove'; Key: string; Value?: string; SyncCount: number }[]) {
  const list = await c.send(new ListRecordsCommand({ ...ds(name), LastSyncCount: 0 }));
  return c.send(new UpdateRecordsCommand({ ...ds(name), SyncSessionToken: list.SyncSessionToken, RecordPatches: patches }));
}

describe('records through the SDK', () => {
  it('lists a missing dataset as not existing, with a session token', async () => {
    const r = await dev.send(new ListRecordsCommand({ ...ds('fresh') }));
    expect(r).toMatchObject({ DatasetExists: false, DatasetSyncCount: 0, Records: [], Count: 0, DatasetDeletedAfterRequestedSyncCount: false });
    expect(r.SyncSessionToken).toEqual(expect.any(String));
  });

  it('creates the dataset on write and numbers records with the new DatasetSyncCount', async () => {
    const up = await sync(dev, 'prefs', [{ Op: 'replace', Key: 'a', Value: '1', SyncCount: 0 }, { Op: 'replace', Key: 'b', Value: '2', SyncCount: 0 }]);
    expect(up.Records?.map((r) => [r.Key, r.SyncCount])).toEqual([['a', 1], ['b', 1]]);
    expect(up.Records?.[0]?.LastModifiedDate).toBeInstanceOf(Date);
    const list = await dev.send(new ListRecordsCommand({ ...ds('prefs'), LastSyncCount: 0 }));
    expect(list).toMatchObject({ DatasetExists: true, DatasetSyncCount: 1, Count: 2 });
    const d = await dev.send(new DescribeDatasetCommand(ds('prefs')));
    expect(d.Dataset).toMatchObject({ DatasetName: 'prefs', NumRecords: 2, DataStorage: 4, IdentityId: ID });
    expect(d.Dataset?.CreationDate).toBeInstanceOf(Date);
  });

  it('rejects a stale SyncCount with ResourceConflictException and the AWS message', async () => {
    const err = await sync(dev, 'prefs', [{ Op: 'replace', Key: 'a', Value: 'x', SyncCount: 0 }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceConflictException);
    expect((err as Error).message).toBe('Current SyncCount for: a is: 1 not: 0');
  });

  it('rejects a token for another dataset and a lastSyncCount beyond the dataset', async () => {
    const other = await dev.send(new ListRecordsCommand(ds('other')));
    const err = await dev.send(new UpdateRecordsCommand({ ...ds('prefs'), SyncSessionToken: other.SyncSessionToken, RecordPatches: [] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect((err as Error).message).toBe('SyncSessionToken not valid for these inputs');
    const beyond = await dev.send(new ListRecordsCommand({ ...ds('prefs'), LastSyncCount: 99 })).catch((e: unknown) => e);
    expect(beyond).toBeInstanceOf(InvalidParameterException);
    expect((beyond as Error).message).toBe('No such SyncCount: 99 exists for this Dataset');
  });

  it('pages ListDatasets, deletes a dataset, then 404s on describe', async () => {
    await sync(dev, 'second', [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }]);
    const page = await dev.send(new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: ID, MaxResults: 1 }));
    expect(page.Count).toBe(1);
    expect(page.NextToken).toEqual(expect.any(String));
    const rest = await dev.send(new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: ID, NextToken: page.NextToken }));
    expect([...page.Datasets!, ...rest.Datasets!].map((d) => d.DatasetName)).toEqual(['prefs', 'second']);
    expect(rest.NextToken).toBeUndefined();
    const deleted = await dev.send(new DeleteDatasetCommand(ds('prefs')));
    expect(deleted.Dataset?.DatasetName).toBe('prefs');
    await expect(dev.send(new DescribeDatasetCommand(ds('prefs')))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses the 21st dataset with LimitExceededException', async () => {
    const existing = (await dev.send(new ListDatasetsCommand({ IdentityPoolId: POOL, IdentityId: ID }))).Count ?? 0;
    for (let i = existing; i < 20; i++) await sync(dev, `fill-${i}`, [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }]);
    await expect(sync(dev, 'one-too-many', [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }])).rejects.toBeInstanceOf(LimitExceededException);
  });
});

describe('usage and configuration through the SDK', () => {
  it('reports identity and pool usage', async () => {
    const u = await dev.send(new DescribeIdentityUsageCommand({ IdentityPoolId: POOL, IdentityId: ID }));
    expect(u.IdentityUsage).toMatchObject({ IdentityId: ID, IdentityPoolId: POOL, DatasetCount: 20 });
    const p = await dev.send(new DescribeIdentityPoolUsageCommand({ IdentityPoolId: POOL }));
    expect(p.IdentityPoolUsage?.SyncSessionsCount).toBeGreaterThan(0);
    const all = await dev.send(new ListIdentityPoolUsageCommand({ MaxResults: 5 }));
    expect(all.IdentityPoolUsages?.map((x) => x.IdentityPoolId)).toContain(POOL);
  });

  it('stores Cognito Events (max one) and the pool configuration', async () => {
    await dev.send(new SetCognitoEventsCommand({ IdentityPoolId: POOL, Events: { SyncTrigger: 'arn:aws:lambda:us-east-1:123456789012:function:f' } }));
    expect((await dev.send(new GetCognitoEventsCommand({ IdentityPoolId: POOL }))).Events).toEqual({ SyncTrigger: 'arn:aws:lambda:us-east-1:123456789012:function:f' });
    await expect(dev.send(new SetCognitoEventsCommand({ IdentityPoolId: POOL, Events: { A: 'x', B: 'y' } }))).rejects.toBeInstanceOf(InvalidParameterException);
    await dev.send(new SetCognitoEventsCommand({ IdentityPoolId: POOL, Events: { SyncTrigger: '' } }));
    expect((await dev.send(new GetCognitoEventsCommand({ IdentityPoolId: POOL }))).Events).toEqual({});
    await expect(dev.send(new SetIdentityPoolConfigurationCommand({ IdentityPoolId: POOL, PushSync: { RoleArn: 'not-an-arn' } }))).rejects.toBeInstanceOf(InvalidParameterException);
    const cfg = await dev.send(new GetIdentityPoolConfigurationCommand({ IdentityPoolId: POOL }));
    expect(cfg.IdentityPoolId).toBe(POOL);
  });

  it('runs bulk publish as a state machine on the injected clock', async () => {
    await dev.send(new SetIdentityPoolConfigurationCommand({
      IdentityPoolId: POOL, CognitoStreams: { StreamName: 's', RoleArn: 'arn:aws:iam::123456789012:role/r', StreamingStatus: 'ENABLED' },
    }));
    expect((await dev.send(new GetBulkPublishDetailsCommand({ IdentityPoolId: POOL }))).BulkPublishStatus).toBe('NOT_STARTED');
    expect((await dev.send(new BulkPublishCommand({ IdentityPoolId: POOL }))).IdentityPoolId).toBe(POOL);
    await expect(dev.send(new BulkPublishCommand({ IdentityPoolId: POOL }))).rejects.toBeInstanceOf(DuplicateRequestException);
    now += 61_000;
    const done = await dev.send(new GetBulkPublishDetailsCommand({ IdentityPoolId: POOL }));
    expect(done.BulkPublishStatus).toBe('SUCCEEDED');
    expect(done.BulkPublishCompleteTime).toBeInstanceOf(Date);
    await expect(dev.send(new BulkPublishCommand({ IdentityPoolId: POOL }))).rejects.toBeInstanceOf(AlreadyStreamedException);
  });
});

describe('push sync through the SDK', () => {
  it('needs push sync configured, then registers, subscribes and unsubscribes', async () => {
    const other = 'us-east-1:99999999-2222-4333-8444-555555555555';
    await expect(identity.send(new RegisterDeviceCommand({ IdentityPoolId: other, IdentityId: ID, Platform: 'GCM', Token: 't' })))
      .rejects.toBeInstanceOf(InvalidConfigurationException);
    await dev.send(new SetIdentityPoolConfigurationCommand({
      IdentityPoolId: POOL, PushSync: { ApplicationArns: ['arn:aws:sns:us-east-1:123456789012:app/GCM/myapp'], RoleArn: 'arn:aws:iam::123456789012:role/push' },
    }));
    const { DeviceId } = await identity.send(new RegisterDeviceCommand({ IdentityPoolId: POOL, IdentityId: ID, Platform: 'GCM', Token: 'tok' }));
    expect(DeviceId).toEqual(expect.any(String));
    const sub = { ...ds('fill-0'), DeviceId };
    await expect(identity.send(new UnsubscribeFromDatasetCommand(sub))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await identity.send(new SubscribeToDatasetCommand(sub));
    await identity.send(new UnsubscribeFromDatasetCommand(sub));
  });

  it('refuses developer credentials on identity-only operations and identities on developer-only ones', async () => {
    await expect(dev.send(new RegisterDeviceCommand({ IdentityPoolId: POOL, IdentityId: ID, Platform: 'GCM', Token: 't' }))).rejects.toBeInstanceOf(NotAuthorizedException);
    await expect(identity.send(new BulkPublishCommand({ IdentityPoolId: POOL }))).rejects.toBeInstanceOf(NotAuthorizedException);
    const stranger = { IdentityPoolId: POOL, IdentityId: 'us-east-1:00000000-0000-4000-8000-000000000000' };
    await expect(identity.send(new ListDatasetsCommand(stranger))).rejects.toBeInstanceOf(NotAuthorizedException);
  });
});
