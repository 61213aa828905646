// The operation table: one row per Cognito Sync operation. The emulator's
// router and validator, the client's request builder, the contracts, the
// properties and the k6 request builders all read this table; none of them
// restates a path, a binding or a constraint. operations.test.ts keeps it
// equal to the AWS service model.
//
// Pure data with no runtime imports, so it bundles into k6.

import type { ModeledErrorType } from './errors.ts';

export type Method = 'GET' | 'POST' | 'DELETE';

/** Where an input member travels on the wire. */
export type Binding =
  | { in: 'label'; name: string }
  | { in: 'query'; name: string }
  | { in: 'header'; name: string }
  | { in: 'body' };

export type Member = { shape: string; binding: Binding; required: boolean };

/**
 * Who may call an operation, as the AWS docs state per operation:
 * developer = IAM credentials, identity = Cognito Identity temporary credentials.
 */
export type CredentialKind = 'developer' | 'identity' | 'either';

export type Operation = {
  readonly name: string;
  readonly method: Method;
  /** Path template with {Label} placeholders, as in the model's requestUri. */
  readonly path: string;
  readonly input: Readonly<Record<string, Member>>;
  /** Output members (all in the JSON body) and their shapes. */
  readonly output: Readonly<Record<string, string>>;
  readonly errors: readonly ModeledErrorType[];
  readonly credentials: CredentialKind;
  /** The paginated list member, for ListRecords / ListDatasets / ListIdentityPoolUsage. */
  readonly pageItems?: string;
};

// Member builders keep each row on a few lines.
const label = (shape: string): Member => ({ shape, binding: { in: 'label', name: '' }, required: true });
const query = (name: string, shape: string): Member => ({ shape, binding: { in: 'query', name }, required: false });
const header = (name: string, shape: string): Member => ({ shape, binding: { in: 'header', name }, required: false });
const body = (shape: string, required = false): Member => ({ shape, binding: { in: 'body' }, required });

const POOL = { IdentityPoolId: label('IdentityPoolId') };
const IDENTITY = { ...POOL, IdentityId: label('IdentityId') };
const DATASET = { ...IDENTITY, DatasetName: label('DatasetName') };
const PAGE = { NextToken: query('nextToken', 'String'), MaxResults: query('maxResults', 'IntegerString') };

const NA = 'NotAuthorizedException';
const IP = 'InvalidParameterException';
const RNF = 'ResourceNotFoundException';
const IE = 'InternalErrorException';
const TMR = 'TooManyRequestsException';
const IC = 'InvalidConfigurationException';

type Row = Omit<Operation, 'name'>;

const rows = {
  BulkPublish: {
    method: 'POST', path: '/identitypools/{IdentityPoolId}/bulkpublish',
    input: POOL, output: { IdentityPoolId: 'IdentityPoolId' },
    errors: [NA, IP, RNF, IE, 'DuplicateRequestException', 'AlreadyStreamedException'], credentials: 'developer',
  },
  DeleteDataset: {
    method: 'DELETE', path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}',
    input: DATASET, output: { Dataset: 'Dataset' },
    errors: [NA, IP, RNF, IE, TMR, 'ResourceConflictException'], credentials: 'either',
  },
  DescribeDataset: {
    method: 'GET', path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}',
    input: DATASET, output: { Dataset: 'Dataset' },
    errors: [NA, IP, RNF, IE, TMR], credentials: 'either',
  },
  DescribeIdentityPoolUsage: {
    method: 'GET', path: '/identitypools/{IdentityPoolId}',
    input: POOL, output: { IdentityPoolUsage: 'IdentityPoolUsage' },
    errors: [NA, IP, RNF, IE, TMR], credentials: 'developer',
  },
  DescribeIdentityUsage: {
    method: 'GET', path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}',
    input: IDENTITY, output: { IdentityUsage: 'IdentityUsage' },
    errors: [NA, IP, RNF, IE, TMR], credentials: 'either',
  },
  GetBulkPublishDetails: {
    method: 'POST', path: '/identitypools/{IdentityPoolId}/getBulkPublishDetails',
    input: POOL,
    output: {
      IdentityPoolId: 'IdentityPoolId', BulkPublishStartTime: 'Date', BulkPublishCompleteTime: 'Date',
      BulkPublishStatus: 'BulkPublishStatus', FailureMessage: 'String',
    },
    errors: [NA, IP, RNF, IE], credentials: 'developer',
  },
  GetCognitoEvents: {
    method: 'GET', path: '/identitypools/{IdentityPoolId}/events',
    input: POOL, output: { Events: 'Events' },
    errors: [IP, RNF, NA, IE, TMR], credentials: 'developer',
  },
  GetIdentityPoolConfiguration: {
    method: 'GET', path: '/identitypools/{IdentityPoolId}/configuration',
    input: POOL, output: { IdentityPoolId: 'IdentityPoolId', PushSync: 'PushSync', CognitoStreams: 'CognitoStreams' },
    errors: [NA, IP, RNF, IE, TMR], credentials: 'developer',
  },
  ListDatasets: {
    method: 'GET', path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets',
    input: { ...IDENTITY, ...PAGE }, output: { Datasets: 'DatasetList', Count: 'Integer', NextToken: 'String' },
    errors: [NA, IP, IE, TMR], credentials: 'either', pageItems: 'Datasets',
  },
  ListIdentityPoolUsage: {
    method: 'GET', path: '/identitypools',
    input: PAGE,
    output: { IdentityPoolUsages: 'IdentityPoolUsageList', MaxResults: 'Integer', Count: 'Integer', NextToken: 'String' },
    errors: [NA, IP, IE, TMR], credentials: 'developer', pageItems: 'IdentityPoolUsages',
  },
  ListRecords: {
    method: 'GET', path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}/records',
    input: {
      ...DATASET, LastSyncCount: query('lastSyncCount', 'Long'), ...PAGE,
      SyncSessionToken: query('syncSessionToken', 'SyncSessionToken'),
    },
    output: {
      Records: 'RecordList', NextToken: 'String', Count: 'Integer', DatasetSyncCount: 'Long', LastModifiedBy: 'String',
      MergedDatasetNames: 'MergedDatasetNameList', DatasetExists: 'Boolean', DatasetDeletedAfterRequestedSyncCount: 'Boolean',
      SyncSessionToken: 'String',
    },
    errors: [IP, NA, TMR, IE], credentials: 'either', pageItems: 'Records',
  },
  RegisterDevice: {
    method: 'POST', path: '/identitypools/{IdentityPoolId}/identity/{IdentityId}/device',
    input: { ...IDENTITY, Platform: body('Platform', true), Token: body('PushToken', true) },
    output: { DeviceId: 'DeviceId' },
    errors: [NA, IP, RNF, IE, IC, TMR], credentials: 'identity',
  },
  SetCognitoEvents: {
    method: 'POST', path: '/identitypools/{IdentityPoolId}/events',
    input: { ...POOL, Events: body('Events', true) }, output: {},
    errors: [IP, RNF, NA, IE, TMR], credentials: 'developer',
  },
  SetIdentityPoolConfiguration: {
    method: 'POST', path: '/identitypools/{IdentityPoolId}/configuration',
    input: { ...POOL, PushSync: body('PushSync'), CognitoStreams: body('CognitoStreams') },
    output: { IdentityPoolId: 'IdentityPoolId', PushSync: 'PushSync', CognitoStreams: 'CognitoStreams' },
    errors: [NA, IP, RNF, IE, TMR, 'ConcurrentModificationException'], credentials: 'developer',
  },
  SubscribeToDataset: {
    method: 'POST', path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}/subscriptions/{DeviceId}',
    input: { ...DATASET, DeviceId: label('DeviceId') }, output: {},
    errors: [NA, IP, RNF, IE, IC, TMR], credentials: 'identity',
  },
  UnsubscribeFromDataset: {
    method: 'DELETE', path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}/subscriptions/{DeviceId}',
    input: { ...DATASET, DeviceId: label('DeviceId') }, output: {},
    errors: [NA, IP, RNF, IE, IC, TMR], credentials: 'identity',
  },
  UpdateRecords: {
    method: 'POST', path: '/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}',
    input: {
      ...DATASET, DeviceId: body('DeviceId'), RecordPatches: body('RecordPatchList'),
      SyncSessionToken: body('SyncSessionToken', true), ClientContext: header('x-amz-Client-Context', 'ClientContext'),
    },
    output: { Records: 'RecordList' },
    errors: [IP, 'LimitExceededException', NA, RNF, 'ResourceConflictException', 'InvalidLambdaFunctionOutputException',
      'LambdaThrottledException', TMR, IE],
    credentials: 'either',
  },
} as const satisfies Record<string, Row>;

export type OperationName = keyof typeof rows;

// Label bindings take their wire name from the member name; filled in once here.
function finish(name: string, row: Row): Operation {
  const input: Record<string, Member> = {};
  for (const [member, spec] of Object.entries(row.input)) {
    input[member] = spec.binding.in === 'label' ? { ...spec, binding: { in: 'label', name: member } } : spec;
  }
  return { name, ...row, input };
}

export const operations: Readonly<Record<OperationName, Operation>> = Object.fromEntries(
  Object.entries(rows).map(([name, row]) => [name, finish(name, row as Row)]),
) as Record<OperationName, Operation>;

export const operationNames = Object.keys(rows) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(rows, name);
}
