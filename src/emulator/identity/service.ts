// Cognito Identity on the wire (awsJson1.1): POST / with
// X-Amz-Target: AWSCognitoIdentityService.<Op>, JSON in and out, errors as
// {"__type", "message"}. Every operation of the model, with real state.

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { WireRequest, WireResponse } from '../types.ts';
import { IdentityError, identityModel, isUnauthenticated, validateIdentity } from './model.ts';
import { IdentityStore, type IssuedCredentials } from './store.ts';

export type IdentityServiceOptions = {
  region?: string;
  accountId?: string;
  clock?: { now(): number };
  credentialTtlMs?: number;
  onMerge?: (poolId: string, sourceIdentityId: string, targetIdentityId: string) => void;
};

type Input = Record<string, unknown>;
type Handler = (input: Input) => unknown;

const PREFIX = 'AWSCognitoIdentityService.';

function page<T>(items: T[], max: number, token: unknown): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Number.parseInt(Buffer.from(String(token), 'base64url').toString(), 10);
  if (!Number.isInteger(start) || start < 0) throw new IdentityError('InvalidParameterException', 'Invalid NextToken');
  const slice = items.slice(start, start + max);
  return start + max < items.length ? { items: slice, next: Buffer.from(String(start + max)).toString('base64url') } : { items: slice };
}

export function createIdentityService(opts: IdentityServiceOptions = {}) {
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.accountId ?? '000000000000';
  const clock = opts.clock ?? { now: () => Date.now() };
  const tokenKey = randomBytes(32);
  const store = new IdentityStore({
    region, now: () => clock.now(), uuid: () => randomUUID(), credentialTtlMs: opts.credentialTtlMs ?? 60 * 60 * 1000,
    secret: (n) => randomBytes(n).toString('base64url'), ...(opts.onMerge ? { onMerge: opts.onMerge } : {}),
  });
  const arn = (poolId: string) => `arn:aws:cognito-identity:${region}:${accountId}:identitypool/${poolId}`;

  function openIdToken(identityId: string, seconds: number): string {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(clock.now() / 1000);
    const body = `${enc({ alg: 'HS256', typ: 'JWT', kid: `${region}-emulator` })}.${enc({ sub: identityId, aud: 'emulator', iss: 'https://cognito-identity.amazonaws.com', iat: now, exp: now + seconds })}`;
    return `${body}.${createHmac('sha256', tokenKey).update(body).digest('base64url')}`;
  }

  const logins = (i: Input) => i.Logins as Record<string, string> | undefined;
  const s = (v: unknown) => v as string;

  const handlers: Record<string, Handler> = {
    CreateIdentityPool: (i) => store.describePool(store.createPool(i)),
    DescribeIdentityPool: (i) => store.describePool(store.pool(s(i.IdentityPoolId))),
    UpdateIdentityPool: (i) => store.describePool(store.updatePool(i)),
    DeleteIdentityPool: (i) => {
      store.deletePool(s(i.IdentityPoolId));
      return {};
    },
    ListIdentityPools: (i) => {
      const p = page(store.poolIds().sort(), i.MaxResults as number, i.NextToken);
      return { IdentityPools: p.items.map((id) => ({ IdentityPoolId: id, IdentityPoolName: store.pool(id).IdentityPoolName })), ...(p.next ? { NextToken: p.next } : {}) };
    },
    GetId: (i) => ({ IdentityId: store.getId(s(i.IdentityPoolId), logins(i)) }),
    GetCredentialsForIdentity: (i) => store.credentialsFor(s(i.IdentityId), logins(i)),
    GetOpenIdToken: (i) => {
      const identity = store.openIdTokenSubject(s(i.IdentityId), logins(i));
      return { IdentityId: identity.identityId, Token: openIdToken(identity.identityId, 600) };
    },
    GetOpenIdTokenForDeveloperIdentity: (i) => {
      const identity = store.developerToken(s(i.IdentityPoolId), i.IdentityId as string | undefined, logins(i)!);
      return { IdentityId: identity.identityId, Token: openIdToken(identity.identityId, (i.TokenDuration as number | undefined) ?? 900) };
    },
    ListIdentities: (i) => {
      const p = page(store.listIdentities(s(i.IdentityPoolId), Boolean(i.HideDisabled)), i.MaxResults as number, i.NextToken);
      return { IdentityPoolId: i.IdentityPoolId, Identities: p.items.map((x) => store.describeIdentity(x)), ...(p.next ? { NextToken: p.next } : {}) };
    },
    DescribeIdentity: (i) => store.describeIdentity(store.identity(s(i.IdentityId))),
    DeleteIdentities: (i) => ({ UnprocessedIdentityIds: store.deleteIdentities(i.IdentityIdsToDelete as string[]) }),
    LookupDeveloperIdentity: (i) => store.lookupDeveloper(s(i.IdentityPoolId), i.IdentityId as string | undefined, i.DeveloperUserIdentifier as string | undefined),
    MergeDeveloperIdentities: (i) => ({
      IdentityId: store.mergeDeveloper(s(i.IdentityPoolId), s(i.DeveloperProviderName), s(i.SourceUserIdentifier), s(i.DestinationUserIdentifier)),
    }),
    UnlinkDeveloperIdentity: (i) => {
      store.unlinkDeveloper(s(i.IdentityPoolId), s(i.IdentityId), s(i.DeveloperProviderName), s(i.DeveloperUserIdentifier));
      return {};
    },
    UnlinkIdentity: (i) => {
      store.unlink(s(i.IdentityId), logins(i) ?? {}, i.LoginsToRemove as string[]);
      return {};
    },
    GetIdentityPoolRoles: (i) => {
      const p = store.pool(s(i.IdentityPoolId));
      return { IdentityPoolId: p.IdentityPoolId, Roles: p.roles, RoleMappings: p.roleMappings };
    },
    SetIdentityPoolRoles: (i) => {
      const p = store.pool(s(i.IdentityPoolId));
      p.roles = { ...(i.Roles as Record<string, string>) };
      p.roleMappings = { ...(i.RoleMappings as Record<string, unknown> | undefined) };
      return {};
    },
    GetPrincipalTagAttributeMap: (i) => {
      const p = store.pool(s(i.IdentityPoolId));
      const m = p.principalTags.get(s(i.IdentityProviderName)) ?? { UseDefaults: true };
      return { IdentityPoolId: p.IdentityPoolId, IdentityProviderName: i.IdentityProviderName, ...m };
    },
    SetPrincipalTagAttributeMap: (i) => {
      const p = store.pool(s(i.IdentityPoolId));
      const m = { UseDefaults: (i.UseDefaults as boolean | undefined) ?? false, ...(i.PrincipalTags ? { PrincipalTags: i.PrincipalTags as Record<string, string> } : {}) };
      p.principalTags.set(s(i.IdentityProviderName), m);
      return { IdentityPoolId: p.IdentityPoolId, IdentityProviderName: i.IdentityProviderName, ...m };
    },
    TagResource: (i) => {
      const p = store.poolByArn(s(i.ResourceArn));
      Object.assign(p.tags, i.Tags as Record<string, string>);
      return {};
    },
    UntagResource: (i) => {
      const p = store.poolByArn(s(i.ResourceArn));
      for (const k of i.TagKeys as string[]) delete p.tags[k];
      return {};
    },
    ListTagsForResource: (i) => ({ Tags: { ...store.poolByArn(s(i.ResourceArn)).tags } }),
  };

  function reply(status: number, body: unknown): WireResponse {
    return { status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(body) };
  }

  function fail(e: IdentityError): WireResponse {
    const r = reply(e.status, { __type: e.type, message: e.message });
    r.headers['x-amzn-errortype'] = e.type;
    return r;
  }

  /** Parses and validates a request; returns the operation name and input. */
  function decode(req: WireRequest): { operation: string; input: Input } {
    const target = req.headers['x-amz-target'] ?? '';
    const operation = target.startsWith(PREFIX) ? target.slice(PREFIX.length) : '';
    const op = identityModel.operations[operation];
    if (!op || !handlers[operation]) throw new IdentityError('UnknownOperationException', `Unknown operation ${target.slice(0, 100)}`);
    let input: unknown;
    try {
      const text = Buffer.from(req.body).toString('utf8');
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new IdentityError('SerializationException', 'Request body is not valid JSON');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new IdentityError('SerializationException', 'Request body must be a JSON object');
    if (op.input) validateIdentity(op.input.shape, input, lowerFirst(op.input.shape));
    return { operation, input: input as Input };
  }

  return {
    store,
    /** 'none' for operations AWS serves without IAM credentials, 'developer' otherwise. */
    authOf(target: string): 'none' | 'developer' | undefined {
      const operation = target.startsWith(PREFIX) ? target.slice(PREFIX.length) : '';
      if (!identityModel.operations[operation]) return undefined;
      return isUnauthenticated(operation) ? 'none' : 'developer';
    },
    async handle(req: WireRequest): Promise<WireResponse> {
      try {
        const { operation, input } = decode(req);
        return reply(200, handlers[operation]!(input) ?? {});
      } catch (e) {
        if (e instanceof IdentityError) return fail(e);
        return fail(new IdentityError('InternalErrorException', 'Internal error'));
      }
    },
    lookupCredentials: (accessKeyId: string): IssuedCredentials | undefined => store.lookupCredentials(accessKeyId),
    poolExists: (poolId: string) => store.hasPool(poolId),
    identityExists: (poolId: string, identityId: string) => store.hasIdentity(poolId, identityId),
    listPoolIds: () => store.poolIds(),
    operations: Object.keys(handlers),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
