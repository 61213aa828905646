// Matchers for what AWS documents or real clients rely on, and nothing the
// emulator merely chose. Values a provider generates (tokens, IDs, dates,
// LastModifiedBy) are matched by type; dates are epoch-second numbers, whole
// or fractional (restJson1); exact values only where a client acts on them.
// Response bodies may carry members the pact does not name (Pact allows
// extra keys in responses), so AWS adding members never breaks a contract.
// Paths and tokens the provider creates come back through provider-state
// generators.

import { Matchers } from '@pact-foundation/pact';
import { operations, type OperationName } from '../../src/model/operations.ts';
import { shapes } from '../../src/model/shapes.ts';

const { integer, number, regex, string, equal, fromProviderState } = Matchers;

export const EXAMPLE = {
  identityPoolId: 'us-east-1:0c1ba052-e098-41fa-a76e-eaa2c125f861',
  identityId: 'us-east-1:9643aaaa-0000-4000-8000-000000000001',
  otherIdentityId: 'us-east-1:9643aaaa-0000-4000-8000-000000000002',
  datasetName: 'prefs',
  deviceId: '5cd28fbe-dd83-47ab-9f83-19093a5fb014',
  syncSessionToken: 'example-sync-session-token',
} as const;

/** The model's ID pattern (IdentityPoolId and IdentityId share it). */
export const idLike = (example: string) => regex(`^${shapes.IdentityId.pattern}$`, example);
/** A count the provider computes: any integer (page sizes and totals are not pinned). */
export const count = (example = 1) => integer(example);
/** Epoch seconds, whole or fractional; an ISO string fails (JS v3 and the mobile SDKs parse numbers only). */
export const epochSeconds = () => number(1_700_000_000);
export const text = (example = 'x') => string(example);
/** A value a client acts on: it must be exactly this. */
export const exactly = <T>(value: T) => equal(value);

/**
 * restJson1 answers JSON; AWS JSON services use application/json or
 * application/x-amz-json-1.x, with or without parameters. No client reads it.
 */
export const JSON_CONTENT_TYPE = regex('^application/(json|x-amz-json-1\\.[01])(\\s*;.*)?$', 'application/json');

/**
 * The request path of an operation, from the table's template. Labels named
 * in `state` are filled in by the provider at verification time.
 */
export function pathOf(op: OperationName, values: Record<string, string> = {}, fromState: readonly string[] = ['IdentityPoolId', 'IdentityId', 'DatasetName']) {
  const template = operations[op].path;
  const stateName: Record<string, string> = { IdentityPoolId: 'identityPoolId', IdentityId: 'identityId', DatasetName: 'datasetName', DeviceId: 'deviceId' };
  const example = template.replace(/\{(\w+)\}/g, (_, label: string) => values[label] ?? EXAMPLE[stateName[label] as keyof typeof EXAMPLE] ?? label);
  const expression = template.replace(/\{(\w+)\}/g, (_, label: string) => (fromState.includes(label) ? `\${${stateName[label]}}` : values[label] ?? EXAMPLE[stateName[label] as keyof typeof EXAMPLE] ?? label));
  const pattern = `^${template.replace(/\{(\w+)\}/g, '[^/]+')}$`;
  if (!expression.includes('${')) return regex(pattern, example);
  // A regex matcher that also carries a provider-state generator (Pact V4 supports both on one rule).
  return { 'pact:matcher:type': 'regex', regex: pattern, 'pact:generator:type': 'ProviderState', expression, value: example } as unknown as ReturnType<typeof regex>;
}

export const stateValue = <T>(name: string, example: T) => fromProviderState(`\${${name}}`, example as never);

/**
 * The response a client must parse for an AWS error: the status, the type in
 * x-amzn-ErrorType (full shape name, optionally ":suffix"; Android and iOS
 * split on ":" and match the full name) and the required `message` member.
 * Header names match case-insensitively in Pact; the verification relay
 * enforces the exact spelling Android needs.
 */
export function awsError(type: string, status: number, message: unknown = string('message')) {
  return {
    status,
    headers: { 'x-amzn-ErrorType': regex(`^${type}(:.*)?$`, type) },
    body: { message },
  };
}

/** The Dataset structure of the AWS model, every member AWS shows in its examples. */
export const datasetShape = {
  IdentityId: idLike(EXAMPLE.identityId), DatasetName: text('prefs'), CreationDate: epochSeconds(), LastModifiedDate: epochSeconds(),
  LastModifiedBy: text('123456789012'), DataStorage: count(16), NumRecords: count(2),
};

/**
 * A Record as sync managers apply it: Key, Value (absent only for a
 * tombstone), the SyncCount they push back, and the server's dates and
 * modifier. DeviceLastModifiedDate is the client's own and may be absent.
 */
export const recordShape = {
  Key: text('a'), Value: text('1'), SyncCount: count(1), LastModifiedDate: epochSeconds(), LastModifiedBy: text('123456789012'),
};

/** A record with this key among the answer's records, in any position. */
export const recordWithKey = (key: string, example: Partial<Record<keyof typeof recordShape, unknown>> = {}) => ({ ...recordShape, ...example, Key: exactly(key) });
