// Every Cognito Sync shape with the constraints the service enforces.
// Pure data with no runtime imports: the emulator, the client, the property
// arbitraries and the k6 bundle all read it. shapes.test.ts keeps it equal to
// the AWS service model in ./fixtures.

export type StringShape = { type: 'string'; min?: number; max?: number; pattern?: string; enum?: readonly string[] };
export type ScalarShape = { type: 'long' | 'integer' | 'boolean' | 'timestamp' };
// Shape references are plain names; shapes.test.ts checks that each one resolves.
export type ListShape = { type: 'list'; member: string };
export type MapShape = { type: 'map'; key: string; value: string; max?: number };
export type StructureShape = { type: 'structure'; members: Readonly<Record<string, string>>; required?: readonly string[] };
export type Shape = StringShape | ScalarShape | ListShape | MapShape | StructureShape;

const str = (c: Omit<StringShape, 'type'> = {}): StringShape => ({ type: 'string', ...c });
const long: ScalarShape = { type: 'long' };
const integer: ScalarShape = { type: 'integer' };
const boolean: ScalarShape = { type: 'boolean' };
const timestamp: ScalarShape = { type: 'timestamp' };
const list = (member: string): ListShape => ({ type: 'list', member });
const struct = (members: Record<string, string>, required?: string[]): StructureShape =>
  required ? { type: 'structure', members, required } : { type: 'structure', members };

const ID_PATTERN = '[\\w-]+:[0-9a-f-]+';

export const shapes = {
  // Scalars and constrained strings
  String: str(),
  ExceptionMessage: str(),
  Long: long,
  Integer: integer,
  IntegerString: integer,
  Boolean: boolean,
  Date: timestamp,
  IdentityPoolId: str({ min: 1, max: 55, pattern: ID_PATTERN }),
  IdentityId: str({ min: 1, max: 55, pattern: ID_PATTERN }),
  DatasetName: str({ min: 1, max: 128, pattern: '[a-zA-Z0-9_.:-]+' }),
  RecordKey: str({ min: 1, max: 1024 }),
  RecordValue: str({ max: 1048575 }),
  DeviceId: str({ min: 1, max: 256 }),
  PushToken: str(),
  SyncSessionToken: str(),
  ClientContext: str(),
  StreamName: str({ min: 1, max: 128 }),
  AssumeRoleArn: str({ min: 20, max: 2048, pattern: 'arn:aws:iam::\\d+:role/.*' }),
  ApplicationArn: str({ pattern: 'arn:aws:sns:[-0-9a-z]+:\\d+:app/[A-Z_]+/[a-zA-Z0-9_.-]+' }),
  CognitoEventType: str(),
  LambdaFunctionArn: str(),
  Operation: str({ enum: ['replace', 'remove'] }),
  Platform: str({ enum: ['APNS', 'APNS_SANDBOX', 'GCM', 'ADM'] }),
  StreamingStatus: str({ enum: ['ENABLED', 'DISABLED'] }),
  BulkPublishStatus: str({ enum: ['NOT_STARTED', 'IN_PROGRESS', 'FAILED', 'SUCCEEDED'] }),

  // Collections
  ApplicationArnList: list('ApplicationArn'),
  DatasetList: list('Dataset'),
  RecordList: list('Record'),
  RecordPatchList: list('RecordPatch'),
  IdentityPoolUsageList: list('IdentityPoolUsage'),
  MergedDatasetNameList: list('String'),
  Events: { type: 'map', key: 'CognitoEventType', value: 'LambdaFunctionArn', max: 1 } satisfies MapShape,

  // Structures shared by several operations
  Dataset: struct({
    IdentityId: 'IdentityId', DatasetName: 'DatasetName', CreationDate: 'Date', LastModifiedDate: 'Date',
    LastModifiedBy: 'String', DataStorage: 'Long', NumRecords: 'Long',
  }),
  Record: struct({
    Key: 'RecordKey', Value: 'RecordValue', SyncCount: 'Long', LastModifiedDate: 'Date',
    LastModifiedBy: 'String', DeviceLastModifiedDate: 'Date',
  }),
  RecordPatch: struct(
    { Op: 'Operation', Key: 'RecordKey', Value: 'RecordValue', SyncCount: 'Long', DeviceLastModifiedDate: 'Date' },
    ['Op', 'Key', 'SyncCount'],
  ),
  IdentityPoolUsage: struct({ IdentityPoolId: 'IdentityPoolId', SyncSessionsCount: 'Long', DataStorage: 'Long', LastModifiedDate: 'Date' }),
  IdentityUsage: struct({
    IdentityId: 'IdentityId', IdentityPoolId: 'IdentityPoolId', LastModifiedDate: 'Date', DatasetCount: 'Integer', DataStorage: 'Long',
  }),
  PushSync: struct({ ApplicationArns: 'ApplicationArnList', RoleArn: 'AssumeRoleArn' }),
  CognitoStreams: struct({ StreamName: 'StreamName', RoleArn: 'AssumeRoleArn', StreamingStatus: 'StreamingStatus' }),
} as const satisfies Record<string, Shape>;

export type ShapeName = keyof typeof shapes;

export function shapeOf(name: string): Shape {
  const shape = (shapes as Record<string, Shape>)[name];
  if (!shape) throw new Error(`unknown shape ${name}`);
  return shape;
}
