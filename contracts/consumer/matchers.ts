// Matchers that pin types and formats, not values: counts are integers,
// dates are epoch-seconds numbers, IDs follow the model's patterns, errors
// carry x-amzn-ErrorType. Paths and tokens the provider creates come back
// through provider-state generators.

import { Matchers } from '@pact-foundation/pact';
import { operations, type OperationName } from '../../src/model/operations.ts';
import { shapes } from '../../src/model/shapes.ts';

const { integer, number, regex, string, boolean, fromProviderState } = Matchers;

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
export const count = (example = 1) => integer(example);
/** Epoch seconds: any number; an ISO string fails. */
export const epochSeconds = () => number(1_700_000_000);
export const text = (example = 'x') => string(example);
export const flag = (example: boolean) => boolean(example);

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

/** The response a client must parse for an AWS error: the status, the type header and a message. */
export function awsError(type: string, status: number) {
  return {
    status,
    headers: { 'x-amzn-ErrorType': regex(`^${type}(:.*)?$`, type) },
    body: { message: string('message') },
  };
}

export const datasetShape = {
  IdentityId: idLike(EXAMPLE.identityId), DatasetName: text('prefs'), CreationDate: epochSeconds(), LastModifiedDate: epochSeconds(),
  LastModifiedBy: text('123456789012'), DataStorage: count(16), NumRecords: count(2),
};

export const recordShape = {
  Key: text('a'), Value: text('1'), SyncCount: count(1), LastModifiedDate: epochSeconds(), LastModifiedBy: text('123456789012'),
};
