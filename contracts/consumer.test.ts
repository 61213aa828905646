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
import { awsError, count, datasetShape, EXAMPLE, epochSeconds, exactly, idLike, JSON_CONTENT_TYPE, pathOf, recordShape, recordWithKey, stateValue, text } from './consumer/matchers.ts';
import { newPact, PACTS_DIR, sdkFor, STAGING_DIR } from './consumer/pact.ts';
import { PACT_FILE } from './names.ts';
import { normalizePact } from './pact-file.ts';
import { PUSH, STATES, SYNC_TRIGGER } from './states.ts';

const { arrayContaining, eachLike, regex } = Matchers;
const pact = newPact();
const MATCH_SETTLE_MS = 150;
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
  /** undefined body: any body or none is accepted. */
  response: { status: number; headers?: Record<string, unknown>; body?: unknown };
  run: (c: sync.CognitoSyncClient) => Promise<void>;
  error?: string;
  /** What the expectation rests on, in a few words: it travels in the pact and into every failure reason. */
  basis: string;
};

async function contract(c: Case): Promise<void> {
  const op = operations[c.op];
  await pact.addInteraction()
    .given(c.state, c.params as never)
    .comment(c.basis)
    .uponReceiving(c.description)
    .withRequest(op.method, pathOf(c.op, c.path, c.pathFromState) as never, (b) => {
      if (c.query) b.query(c.query as never);
      if (c.body !== undefined) b.jsonBody(c.body);
    })
    .willRespondWith(c.response.status, (b) => {
      // Set before the body, so the body does not pin Content-Type to exactly application/json.
      if (c.response.body !== undefined) b.headers({ 'Content-Type': JSON_CONTENT_TYPE, ...c.response.headers } as never);
      else if (c.response.headers) b.headers(c.response.headers as never);
      if (c.response.body !== undefined) b.jsonBody(c.response.body);
    })
    .executeTest(async (server) => {
      await c.run(sdkFor(server.url));
      // Pact's mock server records a match only after it has answered; on a busy machine the check that
      // follows can run first and report the request as never received (pact-foundation/pact-reference
      // issue 535, since pact-js 16.3). A short pause lets the record land.
      await new Promise((resolve) => setTimeout(resolve, MATCH_SETTLE_MS));
    });
  covered.add(c.op);
  if (c.error) errorsCovered.add(c.error);
}

const ids = { IdentityPoolId: EXAMPLE.identityPoolId, IdentityId: EXAMPLE.identityId };
const dataset = { ...ids, DatasetName: EXAMPLE.datasetName };
const poolOnly = { IdentityPoolId: EXAMPLE.identityPoolId };
const rejects = (p: Promise<unknown>, type: new (...a: never[]) => Error) => expect(p).rejects.toBeInstanceOf(type);

describe('Cognito Sync consumer contracts (AWS SDK v3)', () => {
  // Exact values: the AWS model's example for a missing dataset, and what clients do with them. Android's
  // DefaultDataset removes local data on DatasetExists=false after a sync; a nonzero DatasetSyncCount would be
  // sent back as lastSyncCount and answered "No such SyncCount". LastModifiedBy is null in that example: not required.
  it('ListRecords of a dataset that does not exist', () => contract({
    op: 'ListRecords', state: STATES.identity, description: 'ListRecords of a missing dataset',
    basis: 'AWS ListRecords example: DatasetExists=false, DatasetSyncCount=0; Android DefaultDataset deletes local data on DatasetExists=false',
    query: { lastSyncCount: '0' },
    response: { status: 200, body: { Records: [], Count: count(0), DatasetSyncCount: exactly(0), DatasetExists: exactly(false), DatasetDeletedAfterRequestedSyncCount: exactly(false), SyncSessionToken: text('token') } },
    run: async (c) => {
      const r = await c.send(new sync.ListRecordsCommand({ ...dataset, LastSyncCount: 0 }));
      expect(r).toMatchObject({ DatasetExists: false, DatasetDeletedAfterRequestedSyncCount: false, DatasetSyncCount: 0, Records: [] });
    },
  }));

  // Both written keys come back, in any order, among possibly more pages' worth of records; DatasetExists=true and
  // the deleted flag false, or Android and iOS would drop the dataset. Top-level LastModifiedBy may be null or absent.
  it('ListRecords of a dataset with records', () => contract({
    op: 'ListRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a', 'b'], n: 1 }, description: 'ListRecords from sync count 0',
    basis: 'AWS model; sync managers apply Records by key, keep DatasetSyncCount and SyncSessionToken, and delete local data on DatasetExists=false or the deleted flag',
    query: { lastSyncCount: '0' },
    response: { status: 200, body: { Records: arrayContaining(recordWithKey('a', { Value: text('a1') }), recordWithKey('b', { Value: text('b1') })), Count: count(2), DatasetSyncCount: count(1), DatasetExists: exactly(true), DatasetDeletedAfterRequestedSyncCount: exactly(false), SyncSessionToken: text('token') } },
    run: async (c) => {
      const r = await c.send(new sync.ListRecordsCommand({ ...dataset, LastSyncCount: 0 }));
      expect(r.Records?.map((x) => x.Key).sort()).toEqual(['a', 'b']);
      expect(r.Records?.[0]?.LastModifiedDate).toBeInstanceOf(Date);
      expect(r).toMatchObject({ DatasetExists: true, DatasetDeletedAfterRequestedSyncCount: false });
    },
  }));

  // iOS recognises this error by its message prefix and repairs the dataset's sync count.
  it('ListRecords beyond the dataset sync count', () => contract({
    op: 'ListRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'ListRecords with a lastSyncCount above DatasetSyncCount',
    basis: "observed AWS error InvalidParameterException 'No such SyncCount: n exists for this Dataset'; iOS AWSCognitoDataset repairs on that prefix",
    query: { lastSyncCount: '99' }, error: 'InvalidParameterException',
    response: awsError('InvalidParameterException', 400, regex('^No such SyncCount.*', 'No such SyncCount: 99 exists for this Dataset')),
    run: (c) => rejects(c.send(new sync.ListRecordsCommand({ ...dataset, LastSyncCount: 99 })), sync.InvalidParameterException),
  }));

  it('ListRecords of a dataset name that breaks the model constraint', () => contract({
    op: 'ListRecords', state: STATES.identity, description: 'ListRecords of an invalid dataset name',
    basis: 'AWS model: DatasetName matches [a-zA-Z0-9_.:-]+, else InvalidParameterException 400',
    path: { DatasetName: 'bad*name' }, pathFromState: ['IdentityPoolId', 'IdentityId'], error: 'InvalidParameterException',
    response: awsError('InvalidParameterException', 400),
    run: (c) => rejects(c.send(new sync.ListRecordsCommand({ ...ids, DatasetName: 'bad*name' })), sync.InvalidParameterException),
  }));

  it('ListRecords of another identity', () => contract({
    op: 'ListRecords', state: STATES.notOwner, description: "ListRecords of another identity's dataset", error: 'NotAuthorizedException',
    basis: 'documented: each identity has access only to its own data; NotAuthorizedException 403',
    response: awsError('NotAuthorizedException', 403),
    run: (c) => rejects(c.send(new sync.ListRecordsCommand(dataset)), sync.NotAuthorizedException),
  }));

  const patch = (syncCount: unknown) => ({ SyncSessionToken: stateValue('syncSessionToken', EXAMPLE.syncSessionToken), RecordPatches: [{ Op: 'replace', Key: 'a', Value: 'new', SyncCount: syncCount }] });
  const sendPatch = (c: sync.CognitoSyncClient, syncCount: number) =>
    c.send(new sync.UpdateRecordsCommand({ ...dataset, SyncSessionToken: EXAMPLE.syncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'a', Value: 'new', SyncCount: syncCount }] }));

  // The written key must come back with its new SyncCount: Android and iOS fast-forward from it. Its Value is not
  // pinned (a Cognito Events Lambda may rewrite values), nor the order or other records a Lambda may add.
  it('UpdateRecords with the current SyncCount', () => contract({
    op: 'UpdateRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a', 'b'], n: 1 }, description: 'UpdateRecords with the current SyncCount',
    basis: 'documented: a successful UpdateRecords returns the written records with their new SyncCount; Android/iOS fast-forward from it',
    body: patch(stateValue('syncCount', 1)),
    response: { status: 200, body: { Records: arrayContaining(recordWithKey('a', { Value: text('new'), SyncCount: count(2) })) } },
    run: async (c) => {
      const r = await sendPatch(c, 1);
      expect(r.Records?.find((x) => x.Key === 'a')?.SyncCount).toBe(2);
    },
  }));

  it('UpdateRecords with a stale SyncCount', () => contract({
    op: 'UpdateRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 2 }, description: 'UpdateRecords with a stale SyncCount',
    basis: 'documented: UpdateRecords 409 ResourceConflictException on a stale SyncCount; sync managers resolve conflicts only on it',
    body: patch(0), error: 'ResourceConflictException',
    response: awsError('ResourceConflictException', 409),
    run: (c) => rejects(sendPatch(c, 0), sync.ResourceConflictException),
  }));

  it('UpdateRecords with a SyncSessionToken that is not valid', () => contract({
    op: 'UpdateRecords', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'UpdateRecords with a bad SyncSessionToken',
    basis: 'documented: the SyncSessionToken must come from ListRecords for this identity and dataset; InvalidParameterException 400',
    body: { SyncSessionToken: 'not-a-token', RecordPatches: [{ Op: 'replace', Key: 'a', Value: 'new', SyncCount: 1 }] }, error: 'InvalidParameterException',
    response: awsError('InvalidParameterException', 400),
    run: (c) => rejects(c.send(new sync.UpdateRecordsCommand({ ...dataset, SyncSessionToken: 'not-a-token', RecordPatches: [{ Op: 'replace', Key: 'a', Value: 'new', SyncCount: 1 }] })), sync.InvalidParameterException),
  }));

  it('UpdateRecords creating a 21st dataset', () => contract({
    op: 'UpdateRecords', state: STATES.fullIdentity, params: { count: 20 }, description: 'UpdateRecords creating the 21st dataset',
    basis: 'documented limit: 20 datasets per identity; LimitExceededException 400',
    body: { SyncSessionToken: stateValue('syncSessionToken', EXAMPLE.syncSessionToken), RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }] }, error: 'LimitExceededException',
    response: awsError('LimitExceededException', 400),
    run: (c) => rejects(c.send(new sync.UpdateRecordsCommand({ ...dataset, SyncSessionToken: EXAMPLE.syncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }] })), sync.LimitExceededException),
  }));

  it('UpdateRecords taking a dataset over 1 MB', () => contract({
    op: 'UpdateRecords', state: STATES.nearlyFull, params: { datasetName: 'prefs', bytes: 1_048_000 }, description: 'UpdateRecords taking a dataset over 1 MB',
    basis: 'documented limit: 1 MB per dataset; LimitExceededException, which Android maps to DataLimitExceededException',
    body: { SyncSessionToken: stateValue('syncSessionToken', EXAMPLE.syncSessionToken), RecordPatches: [{ Op: 'replace', Key: 'extra', Value: 'x'.repeat(1024), SyncCount: 0 }] }, error: 'LimitExceededException',
    response: awsError('LimitExceededException', 400),
    run: (c) => rejects(c.send(new sync.UpdateRecordsCommand({ ...dataset, SyncSessionToken: EXAMPLE.syncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'extra', Value: 'x'.repeat(1024), SyncCount: 0 }] })), sync.LimitExceededException),
  }));

  it('DescribeDataset of an existing dataset', () => contract({
    op: 'DescribeDataset', state: STATES.records, params: { datasetName: 'prefs', keys: ['a', 'b'], n: 1 }, description: 'DescribeDataset of an existing dataset',
    basis: 'AWS model Dataset structure; dates are epoch seconds (restJson1)',
    response: { status: 200, body: { Dataset: datasetShape } },
    run: async (c) => {
      const r = await c.send(new sync.DescribeDatasetCommand(dataset));
      expect(r.Dataset?.CreationDate).toBeInstanceOf(Date);
    },
  }));

  it('DescribeDataset of a missing dataset', () => contract({
    op: 'DescribeDataset', state: STATES.identity, description: 'DescribeDataset of a missing dataset', error: 'ResourceNotFoundException',
    basis: 'AWS model: ResourceNotFoundException 404, which Android maps to DatasetNotFoundException',
    response: awsError('ResourceNotFoundException', 404),
    run: (c) => rejects(c.send(new sync.DescribeDatasetCommand(dataset)), sync.ResourceNotFoundException),
  }));

  it('ListDatasets of an identity', () => contract({
    op: 'ListDatasets', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'ListDatasets of an identity with one dataset',
    basis: 'AWS model ListDatasets output; Android refreshes dataset metadata from it',
    response: { status: 200, body: { Datasets: eachLike(datasetShape), Count: count(1) } },
    run: async (c) => {
      const r = await c.send(new sync.ListDatasetsCommand(ids));
      expect(r.Datasets?.[0]?.LastModifiedDate).toBeInstanceOf(Date);
    },
  }));

  it('DeleteDataset of an existing dataset', () => contract({
    op: 'DeleteDataset', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'DeleteDataset of an existing dataset',
    basis: 'AWS model: DeleteDataset returns the deleted Dataset',
    response: { status: 200, body: { Dataset: datasetShape } },
    run: async (c) => {
      const r = await c.send(new sync.DeleteDatasetCommand(dataset));
      expect(r.Dataset?.DatasetName).toBeDefined();
    },
  }));

  it('DescribeIdentityUsage', () => contract({
    op: 'DescribeIdentityUsage', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'DescribeIdentityUsage of an identity with data',
    basis: 'AWS model IdentityUsage structure',
    response: { status: 200, body: { IdentityUsage: { IdentityId: idLike(EXAMPLE.identityId), IdentityPoolId: idLike(EXAMPLE.identityPoolId), LastModifiedDate: epochSeconds(), DatasetCount: count(1), DataStorage: count(2) } } },
    run: async (c) => {
      const r = await c.send(new sync.DescribeIdentityUsageCommand(ids));
      expect(r.IdentityUsage?.LastModifiedDate).toBeInstanceOf(Date);
    },
  }));

  // SyncSessionsCount is null in the AWS examples, so it is not required; LastModifiedDate exists only for pools
  // that hold data, so the list pins the members every pool has.
  const usage = { IdentityPoolId: idLike(EXAMPLE.identityPoolId), DataStorage: count(2) };

  it('DescribeIdentityPoolUsage', () => contract({
    op: 'DescribeIdentityPoolUsage', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'DescribeIdentityPoolUsage of a pool with data',
    basis: 'AWS model IdentityPoolUsage structure; SyncSessionsCount is null in the AWS example',
    response: { status: 200, body: { IdentityPoolUsage: { ...usage, LastModifiedDate: epochSeconds() } } },
    run: async (c) => {
      const r = await c.send(new sync.DescribeIdentityPoolUsageCommand(poolOnly));
      expect(typeof r.IdentityPoolUsage?.DataStorage).toBe('number');
    },
  }));

  // No maxResults: AWS documents no maximum, so any value could be refused or clamped by a correct backend.
  it('ListIdentityPoolUsage', () => contract({
    op: 'ListIdentityPoolUsage', state: STATES.records, params: { datasetName: 'prefs', keys: ['a'], n: 1 }, description: 'ListIdentityPoolUsage', pathFromState: [],
    basis: 'AWS model ListIdentityPoolUsage output; page sizes are undocumented and not pinned',
    response: { status: 200, body: { IdentityPoolUsages: eachLike(usage), MaxResults: count(60), Count: count(1) } },
    run: async (c) => {
      const r = await c.send(new sync.ListIdentityPoolUsageCommand({}));
      expect(r.IdentityPoolUsages?.length).toBeGreaterThan(0);
    },
  }));

  const config = {
    PushSync: { ApplicationArns: ['arn:aws:sns:us-east-1:123456789012:app/GCM/harness'], RoleArn: 'arn:aws:iam::123456789012:role/push' },
    CognitoStreams: { StreamName: 'harness-stream', RoleArn: 'arn:aws:iam::123456789012:role/streams', StreamingStatus: 'DISABLED' as const },
  };

  // The answer is the configuration now in force, so it carries what was just set.
  it('SetIdentityPoolConfiguration', () => contract({
    op: 'SetIdentityPoolConfiguration', state: STATES.identity, description: 'SetIdentityPoolConfiguration with push sync and streams',
    basis: 'AWS model: SetIdentityPoolConfiguration returns the push sync and streams options of the pool',
    body: config,
    response: { status: 200, body: {
      IdentityPoolId: idLike(EXAMPLE.identityPoolId),
      PushSync: { ApplicationArns: exactly(config.PushSync.ApplicationArns), RoleArn: exactly(config.PushSync.RoleArn) },
      CognitoStreams: { StreamName: exactly(config.CognitoStreams.StreamName), RoleArn: exactly(config.CognitoStreams.RoleArn), StreamingStatus: exactly(config.CognitoStreams.StreamingStatus) },
    } },
    run: async (c) => {
      const r = await c.send(new sync.SetIdentityPoolConfigurationCommand({ ...poolOnly, ...config }));
      expect(r.PushSync).toEqual(config.PushSync);
    },
  }));

  it('GetIdentityPoolConfiguration', () => contract({
    op: 'GetIdentityPoolConfiguration', state: STATES.pushConfigured, description: 'GetIdentityPoolConfiguration of a configured pool',
    basis: 'AWS model: GetIdentityPoolConfiguration returns the stored push sync options',
    response: { status: 200, body: { IdentityPoolId: idLike(EXAMPLE.identityPoolId), PushSync: { ApplicationArns: exactly(PUSH.ApplicationArns), RoleArn: exactly(PUSH.RoleArn) } } },
    run: async (c) => {
      const r = await c.send(new sync.GetIdentityPoolConfigurationCommand(poolOnly));
      expect(r.PushSync).toEqual(PUSH);
    },
  }));

  // The output is Unit: clients read neither a body nor its type, so none is required.
  it('SetCognitoEvents', () => contract({
    op: 'SetCognitoEvents', state: STATES.identity, description: 'SetCognitoEvents with a sync trigger',
    basis: 'AWS model: SetCognitoEvents answers 200 with no output',
    body: { Events: { SyncTrigger: SYNC_TRIGGER } },
    response: { status: 200 },
    run: async (c) => {
      await c.send(new sync.SetCognitoEventsCommand({ ...poolOnly, Events: { SyncTrigger: SYNC_TRIGGER } }));
    },
  }));

  it('GetCognitoEvents', () => contract({
    op: 'GetCognitoEvents', state: STATES.events, description: 'GetCognitoEvents of a pool with a sync trigger',
    basis: 'AWS model: GetCognitoEvents returns the stored events',
    response: { status: 200, body: { Events: { SyncTrigger: exactly(SYNC_TRIGGER) } } },
    run: async (c) => {
      const r = await c.send(new sync.GetCognitoEventsCommand(poolOnly));
      expect(r.Events?.SyncTrigger).toBe(SYNC_TRIGGER);
    },
  }));

  it('BulkPublish of a pool with streams enabled', () => contract({
    op: 'BulkPublish', state: STATES.streamsReady, description: 'BulkPublish of a pool with streams enabled',
    basis: 'AWS model: BulkPublish returns the IdentityPoolId',
    response: { status: 200, body: { IdentityPoolId: idLike(EXAMPLE.identityPoolId) } },
    run: async (c) => {
      expect((await c.send(new sync.BulkPublishCommand(poolOnly))).IdentityPoolId).toBeDefined();
    },
  }));

  // Not every backend can hold a bulk publish in progress: the state reports not-applicable where it cannot.
  it('BulkPublish while one is in progress', () => contract({
    op: 'BulkPublish', state: STATES.bulkInProgress, description: 'BulkPublish while a bulk publish is in progress', error: 'DuplicateRequestException',
    basis: 'documented: DuplicateRequestException while a bulk publish is IN_PROGRESS',
    response: awsError('DuplicateRequestException', 400),
    run: (c) => rejects(c.send(new sync.BulkPublishCommand(poolOnly)), sync.DuplicateRequestException),
  }));

  it('BulkPublish within 24 hours of a success', () => contract({
    op: 'BulkPublish', state: STATES.bulkSucceeded, description: 'BulkPublish within 24 hours of a successful one', error: 'AlreadyStreamedException',
    basis: 'documented: AlreadyStreamedException within 24 hours of a successful bulk publish',
    response: awsError('AlreadyStreamedException', 400),
    run: (c) => rejects(c.send(new sync.BulkPublishCommand(poolOnly)), sync.AlreadyStreamedException),
  }));

  // Whatever the status once started (a small pool may already be done): never NOT_STARTED, and a start time.
  it('GetBulkPublishDetails', () => contract({
    op: 'GetBulkPublishDetails', state: STATES.bulkStarted, description: 'GetBulkPublishDetails after a bulk publish was started',
    basis: 'AWS model: BulkPublishStatus enum and BulkPublishStartTime once a bulk publish started',
    response: { status: 200, body: { IdentityPoolId: idLike(EXAMPLE.identityPoolId), BulkPublishStatus: regex('^(IN_PROGRESS|FAILED|SUCCEEDED)$', 'IN_PROGRESS'), BulkPublishStartTime: epochSeconds() } },
    run: async (c) => {
      const r = await c.send(new sync.GetBulkPublishDetailsCommand(poolOnly));
      expect(r.BulkPublishStartTime).toBeInstanceOf(Date);
    },
  }));

  it('RegisterDevice', () => contract({
    op: 'RegisterDevice', state: STATES.pushConfigured, description: 'RegisterDevice for an identity',
    basis: 'AWS model: RegisterDevice returns the DeviceId Cognito generated; Android subscribes with it',
    body: { Platform: 'GCM', Token: 'push-token' },
    response: { status: 200, body: { DeviceId: text(EXAMPLE.deviceId) } },
    run: async (c) => {
      expect((await c.send(new sync.RegisterDeviceCommand({ ...ids, Platform: 'GCM', Token: 'push-token' }))).DeviceId).toBeDefined();
    },
  }));

  it('RegisterDevice with developer credentials', () => contract({
    op: 'RegisterDevice', state: STATES.developerCaller, description: 'RegisterDevice called with developer credentials', error: 'NotAuthorizedException',
    basis: 'documented: RegisterDevice takes Cognito Identity credentials only; NotAuthorizedException 403',
    body: { Platform: 'GCM', Token: 'push-token' },
    response: awsError('NotAuthorizedException', 403),
    run: (c) => rejects(c.send(new sync.RegisterDeviceCommand({ ...ids, Platform: 'GCM', Token: 'push-token' })), sync.NotAuthorizedException),
  }));

  const sub = { ...dataset, DeviceId: EXAMPLE.deviceId };
  const subPath = ['IdentityPoolId', 'IdentityId', 'DatasetName', 'DeviceId'] as const;

  // An empty structure: a JSON object must come back, since Android's unmarshaller reads one.
  it('SubscribeToDataset', () => contract({
    op: 'SubscribeToDataset', state: STATES.device, description: 'SubscribeToDataset from a registered device', pathFromState: subPath,
    basis: 'AWS model: 200 with an empty JSON object, which the SDK unmarshallers read',
    response: { status: 200, body: {} },
    run: async (c) => {
      await c.send(new sync.SubscribeToDatasetCommand(sub));
    },
  }));

  it('UnsubscribeFromDataset of a subscription', () => contract({
    op: 'UnsubscribeFromDataset', state: STATES.subscribed, description: 'UnsubscribeFromDataset of a subscription', pathFromState: subPath,
    basis: 'AWS model: 200 with an empty JSON object, which the SDK unmarshallers read',
    response: { status: 200, body: {} },
    run: async (c) => {
      await c.send(new sync.UnsubscribeFromDatasetCommand(sub));
    },
  }));

  it('UnsubscribeFromDataset of an unknown subscription', () => contract({
    op: 'UnsubscribeFromDataset', state: STATES.device, description: 'UnsubscribeFromDataset of an unknown subscription', pathFromState: subPath, error: 'ResourceNotFoundException',
    basis: 'documented: ResourceNotFoundException 404, which Android CognitoSyncManager tolerates when unsubscribing',
    response: awsError('ResourceNotFoundException', 404),
    run: (c) => rejects(c.send(new sync.UnsubscribeFromDatasetCommand(sub)), sync.ResourceNotFoundException),
  }));

  it('covers all 17 operations and the errors clients must handle', () => {
    expect([...covered].sort()).toEqual([...operationNames].sort());
    expect([...errorsCovered].sort()).toEqual(['AlreadyStreamedException', 'DuplicateRequestException', 'InvalidParameterException',
      'LimitExceededException', 'NotAuthorizedException', 'ResourceConflictException', 'ResourceNotFoundException']);
  });
});
