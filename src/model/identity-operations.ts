// The Cognito Identity operation table. Shapes and error lists are read from
// the official AWS model at startup; the one thing written here is who may
// call each operation. operations.test.ts checks it against the model the
// same way as the Cognito Sync table (operations.ts). Node only (it reads the
// model file); the k6 bundle never needs Cognito Identity's table.

import { readFileSync } from 'node:fs';
import type { ModelShape } from './validate.ts';

/** A shape of the AWS model, as the validator reads it, with the flags only the model file has. */
export type AwsShape = ModelShape & { sensitive?: boolean; exception?: boolean; fault?: boolean };

type AwsOperation = { name: string; input?: { shape: string }; output?: { shape: string }; errors?: { shape: string }[]; authtype?: string };

export type IdentityModel = {
  metadata: { targetPrefix: string; jsonVersion: string; apiVersion: string };
  operations: Record<string, AwsOperation>;
  shapes: Record<string, AwsShape>;
};

export const identityModel: IdentityModel = JSON.parse(
  readFileSync(new URL('./fixtures/cognito-identity-2014-06-30.service-2.json', import.meta.url), 'utf8'),
);

export type Auth = 'none' | 'developer';

// Public APIs need no credentials on AWS; everything else wants IAM (developer) credentials.
const auth = {
  CreateIdentityPool: 'developer',
  DeleteIdentities: 'developer',
  DeleteIdentityPool: 'developer',
  DescribeIdentity: 'developer',
  DescribeIdentityPool: 'developer',
  GetCredentialsForIdentity: 'none',
  GetId: 'none',
  GetIdentityPoolRoles: 'developer',
  GetOpenIdToken: 'none',
  GetOpenIdTokenForDeveloperIdentity: 'developer',
  GetPrincipalTagAttributeMap: 'developer',
  ListIdentities: 'developer',
  ListIdentityPools: 'developer',
  ListTagsForResource: 'developer',
  LookupDeveloperIdentity: 'developer',
  MergeDeveloperIdentities: 'developer',
  SetIdentityPoolRoles: 'developer',
  SetPrincipalTagAttributeMap: 'developer',
  TagResource: 'developer',
  UnlinkDeveloperIdentity: 'developer',
  UnlinkIdentity: 'none',
  UntagResource: 'developer',
  UpdateIdentityPool: 'developer',
} as const satisfies Record<string, Auth>;

export type IdentityOperationName = keyof typeof auth;

export type IdentityOperation = {
  name: IdentityOperationName;
  /** Input structure shape in the model. */
  input: string;
  /** Output structure shape; undefined when AWS answers with an empty body. */
  output: string | undefined;
  /** Modeled error shapes, in the model's order. */
  errors: readonly string[];
  auth: Auth;
};

export const identityOperationNames = Object.keys(auth) as IdentityOperationName[];

function row(name: IdentityOperationName): IdentityOperation {
  const op = identityModel.operations[name];
  if (!op?.input) throw new Error(`Cognito Identity model has no input for ${name}`);
  return Object.freeze({
    name,
    input: op.input.shape,
    output: op.output?.shape,
    errors: Object.freeze((op.errors ?? []).map((e) => e.shape)),
    auth: auth[name],
  });
}

// A Map, not an object: operation names come from a request header.
export const identityOperations: ReadonlyMap<string, IdentityOperation> = new Map(identityOperationNames.map((n) => [n, row(n)]));

export const TARGET_PREFIX = `${identityModel.metadata.targetPrefix}.`;

/** The operation named by an `X-Amz-Target` header value, if it is one of ours. */
export function operationOfTarget(target: string | undefined): IdentityOperation | undefined {
  if (!target?.startsWith(TARGET_PREFIX)) return undefined;
  return identityOperations.get(target.slice(TARGET_PREFIX.length));
}
