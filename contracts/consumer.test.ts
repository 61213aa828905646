// Consumer contracts: the real AWS SDK v3 Cognito Sync client against Pact's
// mock server, for every operation and the errors clients must handle. The
// pact is written to contracts/.staging; afterAll compares it with the
// committed contracts/pacts file (UPDATE_PACTS=1 writes it instead).

import * as sync from '@aws-sdk/client-cognito-sync';
import { Matchers } from '@pact-foundation/pact';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationNames, operations, type OperationName } from '../src/model/operations.ts';
import { awsError, count, datasetShape, EXAMPLE, epochSeconds, flag, idLike, pathOf, recordShape, stateValue, text } from './consumer/matchers.ts';
import { newPact, PACT_FILE, PACTS_DIR, sdkFor, STAGING_DIR } from './consumer/pact.ts';
import { normalizePact } from './pact-file.ts';
import { STATES } from './states.ts';

const { eachLike, like } = Matchers;
const pact = newPact();
const covered = new Set<string>();
const errorsCovered = new Set<string>();

beforeAll(() => {
  rmSync(STAGING_DIR, { recursive: true, force: true });
  mkdirSync(STAGING_DIR, { recursive: true });
});

afterAll(() => {
  const staged = join(STAGING_DIR, PACT_FILE);
  const committed = join(PACTS_DIR, PACT_FILE);
  if (process.env.UPDATE_PACTS === '1') {
    mkdirSync(PACTS_DIR, { recursive: true });
    copyFileSync(staged, committed);
    return;
  }
  expect(existsSync(committed), `${committed} is missing: run npm run contracts:consumer`).toBe(true);
  const fresh = normalizePact(readFileSync(staged, 'utf8'));
  const kept = normalizePact(readFileSync(committed, 'utf8'));
  expect(kept, 'the committed pact is stale: run npm run contracts:consumer and commit contracts/pacts').toEqual(fresh);
});

type Case = {
  op: OperationName;
  state: string;
  params?: Record<string, unknown>;
  description: string;
  path?: Record<string, string>;
  pathFromState?: readonly string[];
  query?: Record<string, unknown>;
  body?: unknown;
  response: { status: number; headers?: Record<string, unknown>; body?: unknown };
  run: (c: sync.CognitoSyncClient) => Promise<void>;
  error?: string;
};

async function contract(c: Case): Promise<void> {
  const op = operations[c.op];
  await pact.addInteraction()
    .given(c.state, c.params as never)
    .uponReceiving(c.description)
    .withRequest(op.method, pathOf(c.op, c.path, c.pathFromState) as never, (b) => {
      if (c.query) b.query(c.query as never);
      if (c.body !== undefined) b.jsonBody(c.body);
    })
    .willRespondWith(c.response.status, (b) => {
      if (c.response.headers) b.headers(c.response.headers as never);
      b.jsonBody(c.response.body ?? {});
    })
    .executeTest(async (server) => {
      await c.run(sdkFor(server.url));
    });
  covered.add(c.op);
  if (c.error) errorsCovered.add(c.error);
}

const ids = { IdentityPoolId: EXAMPLE.identityPoolId, IdentityId: EXAMPLE.identityId };
const dataset = { ...ids, DatasetName: EXAMPLE.datasetName };
const poolOnly = { IdentityPoolId: EXAMPLE.identityPoolId };
const rejects = (p: Promise<unknown>, type: new (...a: never[]) => Error) => expect(p).rejects.toBeInstanceOf(type);

describe('Cognito Sync consumer contracts (AWS SDK v3)', () => {
  it('ListRecords of a dataset that does not exist', () => contract({
    op: 'ListRecords', state: STATES.identity, description: 'ListRecords of a missing dataset',
    query: { lastSyncCount: '0' },
    response: { status: 200, body: { Records: [], Count: count(0), DatasetSyncCount: count(0), DatasetExists: flag(false), DatasetDeletedAfterRequestedSyncCount: flag(false), SyncSessionToken: text('token') } },
    run: async (c) => {
      const r = await c.send(new sync.ListRecordsCommand({ ...dataset, LastSyncCount: 0 }));
      expect(r).toMatchObject({ DatasetExists: false, DatasetSyncCount: 0, Records: [] });
    },
  }));

  it('ListRecords of a dataset with records', () => contract({
    op: 'ListRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a', 'b'], n: 1 }, description: 'ListRecords from sync count 0',
    query: { lastSyncCount: '0' },
    response: { status: 200, body: { Records: eachLike(recordShape), Count: count(2), DatasetSyncCount: count(1), LastModifiedBy: text(), DatasetExists: flag(true), DatasetDeletedAfterRequestedSyncCount: flag(false), SyncSessionToken: text('token') } },
    run: async (c) => {
      const r = await c.send(new sync.ListRecordsCommand({ ...dataset, LastSyncCount: 0 }));
      expect(r.Records?.[0]?.LastModifiedDate).toBeInstanceOf(Date);
      expect(typeof r.DatasetSyncCount).toBe('number');
    },
  }));

  it('ListRecords beyond the dataset sync count', () => contract({
    op: 'ListRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'ListRecords with a lastSyncCount above DatasetSyncCount',
    query: { lastSyncCount: '99' }, error: 'InvalidParameterException',
    response: awsError('InvalidParameterException', 400),
    run: (c) => rejects(c.send(new sync.ListRecordsCommand({ ...dataset, LastSyncCount: 99 })), sync.InvalidParameterException),
  }));

  it('ListRecords of a dataset name that breaks the model constraint', () => contract({
    op: 'ListRecords', state: STATES.identity, description: 'ListRecords of an invalid dataset name',
    path: { DatasetName: 'bad*name' }, pathFromState: ['IdentityPoolId', 'IdentityId'], error: 'InvalidParameterException',
    response: awsError('InvalidParameterException', 400),
    run: (c) => rejects(c.send(new sync.ListRecordsCommand({ ...ids, DatasetName: 'bad*name' })), sync.InvalidParameterException),
  }));

  it('ListRecords of another identity', () => contract({
    op: 'ListRecords', state: STATES.notOwner, description: "ListRecords of another identity's dataset", error: 'NotAuthorizedException',
    response: awsError('NotAuthorizedException', 403),
    run: (c) => rejects(c.send(new sync.ListRecordsCommand(dataset)), sync.NotAuthorizedException),
  }));

  const patch = (syncCount: unknown) => ({ SyncSessionToken: stateValue('syncSessionToken', EXAMPLE.syncSessionToken), RecordPatches: [{ Op: 'replace', Key: 'a', Value: 'new', SyncCount: syncCount }] });
  const sendPatch = (c: sync.CognitoSyncClient, syncCount: number) =>
    c.send(new sync.UpdateRecordsCommand({ ...dataset, SyncSessionToken: EXAMPLE.syncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'a', Value: 'new', SyncCount: syncCount }] }));

  it('UpdateRecords with the current SyncCount', () => contract({
    op: 'UpdateRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a', 'b'], n: 1 }, description: 'UpdateRecords with the current SyncCount',
    body: patch(stateValue('syncCount', 1)),
    response: { status: 200, body: { Records: eachLike(recordShape) } },
    run: async (c) => {
      const r = await sendPatch(c, 1);
      expect(r.Records?.[0]?.SyncCount).toBe(1);
    },
  }));

  it('UpdateRecords with a stale SyncCount', () => contract({
    op: 'UpdateRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 2 }, description: 'UpdateRecords with a stale SyncCount',
    body: patch(0), error: 'ResourceConflictException',
    response: awsError('ResourceConflictException', 409),
    run: (c) => rejects(sendPatch(c, 0), sync.ResourceConflictException),
  }));

  it('UpdateRecords with a SyncSessionToken that is not valid', () => contract({
    op: 'UpdateRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'UpdateRecords with a bad SyncSessionToken',
    body: { SyncSessionToken: 'not-a-token', RecordPatches: [{ Op: 'replace', Key: 'a', Value: 'new', SyncCount: 1 }] }, error: 'InvalidParameterException',
    response: awsError('InvalidParameterException', 400),
    run: (c) => rejects(c.send(new sync.UpdateRecordsCommand({ ...dataset, SyncSessionToken: 'not-a-token', RecordPatches: [{ Op: 'replace', Key: 'a', Value: 'new', SyncCount: 1 }] })), sync.InvalidParameterException),
  }));

  it('UpdateRecords creating a 21st dataset', () => contract({
    op: 'UpdateRecords', state: STATES.fullIdentity, params: { count: 20 }, description: 'UpdateRecords creating the 21st dataset',
    body: { SyncSessionToken: stateValue('syncSessionToken', EXAMPLE.syncSessionToken), RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }] }, error: 'LimitExceededException',
    response: awsError('LimitExceededException', 400),
    run: (c) => rejects(c.send(new sync.UpdateRecordsCommand({ ...dataset, SyncSessionToken: EXAMPLE.syncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }] })), sync.LimitExceededException),
  }));

  it('UpdateRecords taking a dataset over 1 MB', () => contract({
    op: 'UpdateRecords', state: STATES.nearlyFull, params: { datasetName: 'prefs', bytes: 1_048_000 }, description: 'UpdateRecords taking a dataset over 1 MB',
    body: { SyncSessionToken: stateValue('syncSessionToken', EXAMPLE.syncSessionToken), RecordPatches: [{ Op: 'replace', Key: 'extra', Value: 'x'.repeat(1024), SyncCount: 0 }] }, error: 'LimitExceededException',
    response: awsError('LimitExceededException', 400),
    run: (c) => rejects(c.send(new sync.UpdateRecordsCommand({ ...dataset, SyncSessionToken: EXAMPLE.syncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'extra', Value: 'x'.repeat(1024), SyncCount: 0 }] })), sync.LimitExceededException),
  }));

  it('DescribeDataset of an existing dataset', () => contract({
    op: 'DescribeDataset', state: STATES.records, params: { datasetName: 'prefs', keys: ['a', 'b'], n: 1 }, description: 'DescribeDataset of an existing dataset',
    response: { status: 200, body: { Dataset: datasetShape } },
    run: async (c) => {
      const r = await c.send(new sync.DescribeDatasetCommand(dataset));
      expect(r.Dataset?.CreationDate).toBeInstanceOf(Date);
    },
  }));

  it('DescribeDataset of a missing dataset', () => contract({
    op: 'DescribeDataset', state: STATES.identity, description: 'DescribeDataset of a missing dataset', error: 'ResourceNotFoundException',
    response: awsError('ResourceNotFoundException', 404),
    run: (c) => rejects(c.send(new sync.DescribeDatasetCommand(dataset)), sync.ResourceNotFoundException),
  }));

  it('ListDatasets of an identity', () => contract({
    op: 'ListDatasets', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'ListDatasets of an identity with one dataset',
    response: { status: 200, body: { Datasets: eachLike(datasetShape), Count: count(1) } },
    run: async (c) => {
      const r = await c.send(new sync.ListDatasetsCommand(ids));
      expect(r.Count).toBe(1);
    },
  }));

  it('DeleteDataset of an existing dataset', () => contract({
    op: 'DeleteDataset', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'DeleteDataset of an existing dataset',
    response: { status: 200, body: { Dataset: datasetShape } },
    run: async (c) => {
      const r = await c.send(new sync.DeleteDatasetCommand(dataset));
      expect(r.Dataset?.DatasetName).toBeDefined();
    },
  }));

  it('DescribeIdentityUsage', () => contract({
    op: 'DescribeIdentityUsage', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'DescribeIdentityUsage of an identity with data',
    response: { status: 200, body: { IdentityUsage: { IdentityId: idLike(EXAMPLE.identityId), IdentityPoolId: idLike(EXAMPLE.identityPoolId), LastModifiedDate: epochSeconds(), DatasetCount: count(1), DataStorage: count(2) } } },
    run: async (c) => {
      const r = await c.send(new sync.DescribeIdentityUsageCommand(ids));
      expect(r.IdentityUsage?.LastModifiedDate).toBeInstanceOf(Date);
    },
  }));

  // LastModifiedDate exists only for pools that hold data, so the list pins the fields every pool has.
  const usage = { IdentityPoolId: idLike(EXAMPLE.identityPoolId), SyncSessionsCount: count(1), DataStorage: count(2) };

  it('DescribeIdentityPoolUsage', () => contract({
    op: 'DescribeIdentityPoolUsage', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'DescribeIdentityPoolUsage of a pool with data',
    response: { status: 200, body: { IdentityPoolUsage: { ...usage, LastModifiedDate: epochSeconds() } } },
    run: async (c) => {
      const r = await c.send(new sync.DescribeIdentityPoolUsageCommand(poolOnly));
      expect(typeof r.IdentityPoolUsage?.DataStorage).toBe('number');
    },
  }));

  it('ListIdentityPoolUsage', () => contract({
    op: 'ListIdentityPoolUsage', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'ListIdentityPoolUsage', pathFromState: [],
    query: { maxResults: '60' },
    response: { status: 200, body: { IdentityPoolUsages: eachLike(usage), MaxResults: count(60), Count: count(1) } },
    run: async (c) => {
      const r = await c.send(new sync.ListIdentityPoolUsageCommand({ MaxResults: 60 }));
      expect(r.IdentityPoolUsages?.length).toBeGreaterThan(0);
    },
  }));

  const config = {
    PushSync: { ApplicationArns: ['arn:aws:sns:us-east-1:123456789012:app/GCM/harness'], RoleArn: 'arn:aws:iam::123456789012:role/push' },
    CognitoStreams: { StreamName: 'harness-stream', RoleArn: 'arn:aws:iam::123456789012:role/streams', StreamingStatus: 'DISABLED' as const },
  };

  it('SetIdentityPoolConfiguration', () => contract({
    op: 'SetIdentityPoolConfiguration', state: STATES.identity, description: 'SetIdentityPoolConfiguration with push sync and streams',
    body: config,
    response: { status: 200, body: { IdentityPoolId: idLike(EXAMPLE.identityPoolId), PushSync: { ApplicationArns: eachLike(text(config.PushSync.ApplicationArns[0])), RoleArn: text() }, CognitoStreams: like(config.CognitoStreams) } },
    run: async (c) => {
      const r = await c.send(new sync.SetIdentityPoolConfigurationCommand({ ...poolOnly, ...config }));
      expect(r.IdentityPoolId).toBeDefined();
    },
  }));

  it('GetIdentityPoolConfiguration', () => contract({
    op: 'GetIdentityPoolConfiguration', state: STATES.pushConfigured, description: 'GetIdentityPoolConfiguration of a configured pool',
    response: { status: 200, body: { IdentityPoolId: idLike(EXAMPLE.identityPoolId), PushSync: { ApplicationArns: eachLike(text('arn')), RoleArn: text() } } },
    run: async (c) => {
      const r = await c.send(new sync.GetIdentityPoolConfigurationCommand(poolOnly));
      expect(r.PushSync?.ApplicationArns?.length).toBeGreaterThan(0);
    },
  }));

  it('SetCognitoEvents', () => contract({
    op: 'SetCognitoEvents', state: STATES.identity, description: 'SetCognitoEvents with a sync trigger',
    body: { Events: { SyncTrigger: 'arn:aws:lambda:us-east-1:123456789012:function:harness' } },
    response: { status: 200, body: {} },
    run: async (c) => {
      await c.send(new sync.SetCognitoEventsCommand({ ...poolOnly, Events: { SyncTrigger: 'arn:aws:lambda:us-east-1:123456789012:function:harness' } }));
    },
  }));

  it('GetCognitoEvents', () => contract({
    op: 'GetCognitoEvents', state: STATES.events, description: 'GetCognitoEvents of a pool with a sync trigger',
    response: { status: 200, body: { Events: { SyncTrigger: text('arn:aws:lambda:us-east-1:123456789012:function:harness') } } },
    run: async (c) => {
      const r = await c.send(new sync.GetCognitoEventsCommand(poolOnly));
      expect(r.Events?.SyncTrigger).toBeDefined();
    },
  }));

  it('BulkPublish of a pool with streams enabled', () => contract({
    op: 'BulkPublish', state: STATES.streamsReady, description: 'BulkPublish of a pool with streams enabled',
    response: { status: 200, body: { IdentityPoolId: idLike(EXAMPLE.identityPoolId) } },
    run: async (c) => {
      expect((await c.send(new sync.BulkPublishCommand(poolOnly))).IdentityPoolId).toBeDefined();
    },
  }));

  it('BulkPublish while one is in progress', () => contract({
    op: 'BulkPublish', state: STATES.bulkInProgress, description: 'BulkPublish while a bulk publish is in progress', error: 'DuplicateRequestException',
    response: awsError('DuplicateRequestException', 400),
    run: (c) => rejects(c.send(new sync.BulkPublishCommand(poolOnly)), sync.DuplicateRequestException),
  }));

  it('BulkPublish within 24 hours of a success', () => contract({
    op: 'BulkPublish', state: STATES.bulkSucceeded, description: 'BulkPublish within 24 hours of a successful one', error: 'AlreadyStreamedException',
    response: awsError('AlreadyStreamedException', 400),
    run: (c) => rejects(c.send(new sync.BulkPublishCommand(poolOnly)), sync.AlreadyStreamedException),
  }));

  it('GetBulkPublishDetails', () => contract({
    op: 'GetBulkPublishDetails', state: STATES.bulkInProgress, description: 'GetBulkPublishDetails during a bulk publish',
    response: { status: 200, body: { IdentityPoolId: idLike(EXAMPLE.identityPoolId), BulkPublishStatus: Matchers.regex('^(NOT_STARTED|IN_PROGRESS|FAILED|SUCCEEDED)$', 'IN_PROGRESS'), BulkPublishStartTime: epochSeconds() } },
    run: async (c) => {
      const r = await c.send(new sync.GetBulkPublishDetailsCommand(poolOnly));
      expect(r.BulkPublishStartTime).toBeInstanceOf(Date);
    },
  }));

  it('RegisterDevice', () => contract({
    op: 'RegisterDevice', state: STATES.pushConfigured, description: 'RegisterDevice for an identity',
    body: { Platform: 'GCM', Token: 'push-token' },
    response: { status: 200, body: { DeviceId: text(EXAMPLE.deviceId) } },
    run: async (c) => {
      expect((await c.send(new sync.RegisterDeviceCommand({ ...ids, Platform: 'GCM', Token: 'push-token' }))).DeviceId).toBeDefined();
    },
  }));

  it('RegisterDevice with developer credentials', () => contract({
    op: 'RegisterDevice', state: STATES.developerCaller, description: 'RegisterDevice called with developer credentials', error: 'NotAuthorizedException',
    body: { Platform: 'GCM', Token: 'push-token' },
    response: awsError('NotAuthorizedException', 403),
    run: (c) => rejects(c.send(new sync.RegisterDeviceCommand({ ...ids, Platform: 'GCM', Token: 'push-token' })), sync.NotAuthorizedException),
  }));

  const sub = { ...dataset, DeviceId: EXAMPLE.deviceId };
  const subPath = ['IdentityPoolId', 'IdentityId', 'DatasetName', 'DeviceId'] as const;

  it('SubscribeToDataset', () => contract({
    op: 'SubscribeToDataset', state: STATES.device, description: 'SubscribeToDataset from a registered device', pathFromState: subPath,
    response: { status: 200, body: {} },
    run: async (c) => {
      await c.send(new sync.SubscribeToDatasetCommand(sub));
    },
  }));

  it('UnsubscribeFromDataset of a subscription', () => contract({
    op: 'UnsubscribeFromDataset', state: STATES.subscribed, description: 'UnsubscribeFromDataset of a subscription', pathFromState: subPath,
    response: { status: 200, body: {} },
    run: async (c) => {
      await c.send(new sync.UnsubscribeFromDatasetCommand(sub));
    },
  }));

  it('UnsubscribeFromDataset of an unknown subscription', () => contract({
    op: 'UnsubscribeFromDataset', state: STATES.device, description: 'UnsubscribeFromDataset of an unknown subscription', pathFromState: subPath, error: 'ResourceNotFoundException',
    response: awsError('ResourceNotFoundException', 404),
    run: (c) => rejects(c.send(new sync.UnsubscribeFromDatasetCommand(sub)), sync.ResourceNotFoundException),
  }));

  it('covers all 17 operations and the errors clients must handle', () => {
    expect([...covered].sort()).toEqual([...operationNames].sort());
    expect([...errorsCovered].sort()).toEqual(['AlreadyStreamedException', 'DuplicateRequestException', 'InvalidParameterException',
      'LimitExceededException', 'NotAuthorizedException', 'ResourceConflictException', 'ResourceNotFoundException']);
  });
});
