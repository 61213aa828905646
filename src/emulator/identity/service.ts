// Cognito Identity on the wire (awsJson1.1): POST / with
// X-Amz-Target: AWSCognitoIdentityService.<Op>, a JSON body in and out, and
// errors as {"__type", "message"}. Requests are read and validated against
// the AWS model, then handed to the store; authentication is the caller's
// business (authOf tells it which operations want developer credentials).

import { AWS_JSON_UNKNOWN_OPERATION_STATUS, ERROR_TYPE_HEADER, ServiceError } from '../../model/errors.ts';
import { operationOfTarget, type Auth, type IdentityOperationName } from '../../model/identity-operations.ts';
import type { PoolConfig, PrincipalTagMap, RoleMapping } from './pools.ts';
import { IdentityStore, type IssuedCredentials } from './store.ts';
import { createEntropy } from './tokens.ts';
import type { Journal } from '../persist/mutations.ts';
import { project, validateInput } from './validate.ts';

export type IdentityRequest = { method: string; path: string; query: string; headers: Record<string, string>; body: Uint8Array };
export type IdentityResponse = { status: number; headers: Record<string, string>; body: string };

export type IdentityServiceOptions = {
  region?: string;
  /** The account in identity pool ARNs. */
  accountId?: string;
  clock?: { now(): number };
  /** Replaces node:crypto for IDs, keys and secrets, for reproducible tests. */
  random?: () => number;
  credentialTtlMs?: number;
  maxPools?: number;
  onMerge?: (poolId: string, sourceIdentityId: string, targetIdentityId: string) => void;
  /** Where changes are recorded for --state-dir (persist/). */
  journal?: Journal;
  /** The OpenID token key, when tokens must outlive a restart. */
  openIdKey?: Uint8Array;
  /** Where unexpected failures go (they become 500 InternalErrorException). */
  onInternalError?: (error: unknown) => void;
};

type Input = Record<string, unknown>;
type Handler = (input: Input) => object;

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const POOL_FIELDS = ['AllowClassicFlow', 'SupportedLoginProviders', 'DeveloperProviderName', 'OpenIdConnectProviderARNs', 'CognitoIdentityProviders', 'SamlProviderARNs'] as const;

function poolConfig(i: Input): PoolConfig {
  const config: PoolConfig = { IdentityPoolName: i.IdentityPoolName as string, AllowUnauthenticatedIdentities: i.AllowUnauthenticatedIdentities as boolean };
  for (const field of POOL_FIELDS) if (i[field] !== undefined) Object.assign(config, { [field]: i[field] });
  return config;
}

export function createIdentityService(opts: IdentityServiceOptions = {}) {
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.accountId ?? '000000000000';
  const clock = opts.clock ?? { now: () => Date.now() };
  const entropy = createEntropy(opts.random);
  const onInternalError = opts.onInternalError ?? ((e: unknown) => console.error('cognito-identity emulator internal error:', e));
  const store = new IdentityStore({
    region, accountId, entropy, now: () => clock.now(), credentialTtlMs: opts.credentialTtlMs ?? 60 * 60 * 1000,
    ...(opts.maxPools !== undefined ? { maxPools: opts.maxPools } : {}),
    ...(opts.onMerge ? { onMerge: opts.onMerge } : {}),
    ...(opts.journal ? { journal: opts.journal } : {}),
    ...(opts.openIdKey ? { openIdKey: opts.openIdKey } : {}),
  });
  const pools = store.pools;
  const s = (v: unknown) => v as string;
  const o = <T>(v: unknown) => v as T | undefined;
  const logins = (i: Input) => o<Record<string, string>>(i.Logins);
  const principalTags = (poolId: string, provider: string, m: PrincipalTagMap) => ({ IdentityPoolId: poolId, IdentityProviderName: provider, ...m });

  const handlers: Record<IdentityOperationName, Handler> = {
    CreateIdentityPool: (i) => pools.describe(pools.create(poolConfig(i), o(i.IdentityPoolTags))),
    DescribeIdentityPool: (i) => pools.describe(pools.get(s(i.IdentityPoolId))),
    UpdateIdentityPool: (i) => pools.describe(pools.update(s(i.IdentityPoolId), poolConfig(i), o(i.IdentityPoolTags))),
    DeleteIdentityPool: (i) => (store.deletePool(s(i.IdentityPoolId)), {}),
    ListIdentityPools: (i) => {
      const page = pools.list(i.MaxResults as number, o(i.NextToken));
      return {
        IdentityPools: page.pools.map((p) => ({ IdentityPoolId: p.id, IdentityPoolName: p.config.IdentityPoolName })),
        ...(page.nextToken ? { NextToken: page.nextToken } : {}),
      };
    },
    GetId: (i) => ({ IdentityId: store.getId(s(i.IdentityPoolId), logins(i)) }),
    GetCredentialsForIdentity: (i) => {
      const c = store.credentialsFor(s(i.IdentityId), logins(i));
      return {
        IdentityId: c.identityId,
        Credentials: { AccessKeyId: c.accessKeyId, SecretKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: Math.floor(c.expiration / 1000) },
      };
    },
    GetOpenIdToken: (i) => {
      const t = store.openIdToken(s(i.IdentityId), logins(i));
      return { IdentityId: t.identityId, Token: t.token };
    },
    GetOpenIdTokenForDeveloperIdentity: (i) => {
      const t = store.developerToken(s(i.IdentityPoolId), o(i.IdentityId), logins(i)!, o(i.PrincipalTags), o(i.TokenDuration));
      return { IdentityId: t.identityId, Token: t.token };
    },
    ListIdentities: (i) => {
      const page = store.listIdentities(s(i.IdentityPoolId), i.MaxResults as number, o(i.NextToken), i.HideDisabled === true);
      return { IdentityPoolId: i.IdentityPoolId, Identities: page.identities, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
    },
    DescribeIdentity: (i) => store.describeIdentity(s(i.IdentityId)),
    DeleteIdentities: (i) => ({ UnprocessedIdentityIds: store.deleteIdentities(i.IdentityIdsToDelete as string[]) }),
    LookupDeveloperIdentity: (i) => {
      const r = store.lookupDeveloper(s(i.IdentityPoolId), o(i.IdentityId), o(i.DeveloperUserIdentifier), o(i.MaxResults), o(i.NextToken));
      return { IdentityId: r.identityId, DeveloperUserIdentifierList: r.users, ...(r.nextToken ? { NextToken: r.nextToken } : {}) };
    },
    MergeDeveloperIdentities: (i) => ({
      IdentityId: store.mergeDeveloper(s(i.IdentityPoolId), s(i.DeveloperProviderName), s(i.SourceUserIdentifier), s(i.DestinationUserIdentifier)),
    }),
    UnlinkDeveloperIdentity: (i) => (store.unlinkDeveloper(s(i.IdentityPoolId), s(i.IdentityId), s(i.DeveloperProviderName), s(i.DeveloperUserIdentifier)), {}),
    UnlinkIdentity: (i) => (store.unlinkIdentity(s(i.IdentityId), logins(i)!, i.LoginsToRemove as string[]), {}),
    GetIdentityPoolRoles: (i) => {
      const p = pools.get(s(i.IdentityPoolId));
      return { IdentityPoolId: p.id, Roles: Object.fromEntries(p.roles), ...(p.roleMappings.size ? { RoleMappings: Object.fromEntries(p.roleMappings) } : {}) };
    },
    SetIdentityPoolRoles: (i) => (pools.setRoles(s(i.IdentityPoolId), i.Roles as Record<string, string>, o<Record<string, RoleMapping>>(i.RoleMappings)), {}),
    GetPrincipalTagAttributeMap: (i) => principalTags(s(i.IdentityPoolId), s(i.IdentityProviderName), pools.principalTags(s(i.IdentityPoolId), s(i.IdentityProviderName))),
    SetPrincipalTagAttributeMap: (i) => {
      const map: PrincipalTagMap = { UseDefaults: i.UseDefaults === true, ...(i.PrincipalTags ? { PrincipalTags: i.PrincipalTags as Record<string, string> } : {}) };
      return principalTags(s(i.IdentityPoolId), s(i.IdentityProviderName), pools.setPrincipalTags(s(i.IdentityPoolId), s(i.IdentityProviderName), map));
    },
    TagResource: (i) => (pools.tag(s(i.ResourceArn), i.Tags as Record<string, string>), {}),
    UntagResource: (i) => (pools.untag(s(i.ResourceArn), i.TagKeys as string[]), {}),
    ListTagsForResource: (i) => ({ Tags: Object.fromEntries(pools.byArn(s(i.ResourceArn)).tags) }),
  };

  function respond(status: number, body: object): IdentityResponse {
    return { status, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': entropy.uuid() }, body: JSON.stringify(body) };
  }

  function fail(e: ServiceError): IdentityResponse {
    const r = respond(e.status, { __type: e.type, message: e.message });
    r.headers[ERROR_TYPE_HEADER] = e.type;
    return r;
  }

  function dispatch(req: IdentityRequest): object {
    const target = req.headers['x-amz-target'];
    const op = req.method === 'POST' ? operationOfTarget(target) : undefined;
    if (!op) throw new ServiceError('UnknownOperationException', `Unknown operation ${String(target ?? '').slice(0, 120)}`, AWS_JSON_UNKNOWN_OPERATION_STATUS);
    let input: unknown;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(req.body);
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new ServiceError('SerializationException', 'The request body is not valid JSON.');
    }
    validateInput(op.input, input);
    return handlers[op.name](project(op.input, input) as Input);
  }

  return {
    /** The store behind the wire, for tests. */
    store,
    /** Who may call the operation an X-Amz-Target names: 'none' (public API), 'developer' (IAM), or undefined when it names none. */
    authOf(target: string): Auth | undefined {
      return operationOfTarget(target)?.auth;
    },
    async handle(req: IdentityRequest): Promise<IdentityResponse> {
      try {
        return respond(200, dispatch(req));
      } catch (e) {
        if (e instanceof ServiceError) return fail(e);
        onInternalError(e);
        return fail(new ServiceError('InternalErrorException', 'An internal error occurred.'));
      }
    },
    /** Temporary credentials GetCredentialsForIdentity issued, while unexpired and their identity exists. */
    lookupCredentials: (accessKeyId: string): IssuedCredentials | undefined => store.lookupCredentials(accessKeyId),
    /** The same, expired ones included (for a day), each marked. */
    issuedCredentials: (accessKeyId: string) => store.issuedCredentials(accessKeyId),
    poolExists: (poolId: string): boolean => store.poolExists(poolId),
    identityExists: (poolId: string, identityId: string): boolean => store.identityExists(poolId, identityId),
    listPoolIds: (): string[] => pools.ids(),
    /** Pools as DescribeIdentityPool shows them, and identities as DescribeIdentity does (no credentials, no tokens). */
    dump: () => ({ pools: pools.ids().map((id) => pools.describe(pools.get(id))), identities: store.dumpIdentities() }),
    poolArn: (poolId: string): string => pools.arn(poolId),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
