// Identity pools of one emulated account and region: configuration, tags,
// roles and role mappings, principal-tag attribute maps.

import { ServiceError } from '../../model/errors.ts';
import { invalid, notFound } from './errors.ts';
import type { Paging } from './paging.ts';
import { NO_JOURNAL, type IdentityPoolImage, type Journal } from '../persist/mutations.ts';
import { MAX_IDENTITY_POOLS } from '../../model/limits.ts';

export type CognitoIdentityProvider = { ProviderName?: string; ClientId?: string; ServerSideTokenCheck?: boolean };

export type PoolConfig = {
  IdentityPoolName: string;
  AllowUnauthenticatedIdentities: boolean;
  AllowClassicFlow?: boolean;
  SupportedLoginProviders?: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs?: string[];
  CognitoIdentityProviders?: CognitoIdentityProvider[];
  SamlProviderARNs?: string[];
};

export type PoolDescription = { IdentityPoolId: string } & PoolConfig & { IdentityPoolTags: Record<string, string> };

export type MappingRule = { Claim: string; MatchType: string; Value: string; RoleARN: string };
export type RoleMapping = { Type: string; AmbiguousRoleResolution?: string; RulesConfiguration?: { Rules: MappingRule[] } };
export type PrincipalTagMap = { UseDefaults: boolean; PrincipalTags?: Record<string, string> };

export type Pool = {
  readonly id: string;
  readonly seq: number;
  config: PoolConfig;
  /** Login keys of the public providers configured on the pool. */
  providers: Set<string>;
  tags: Map<string, string>;
  roles: Map<string, string>;
  roleMappings: Map<string, RoleMapping>;
  principalTags: Map<string, PrincipalTagMap>;
};

// AWS's default quotas: 1,000 identity pools per account, 50 tags per pool.
export const MAX_TAGS = 50;

const OIDC_ARN = /^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/(.+)$/;
const SAML_ARN = /^arn:aws[\w-]*:iam::\d{12}:saml-provider\/.+$/;
const POOL_ARN = /^arn:aws[\w-]*:cognito-identity:([\w-]+):(\d{12}):identitypool\/(.+)$/;

function providersOf(config: PoolConfig): Set<string> {
  const providers = new Set(Object.keys(config.SupportedLoginProviders ?? {}));
  for (const arn of config.OpenIdConnectProviderARNs ?? []) {
    const m = OIDC_ARN.exec(arn);
    if (!m) throw invalid('Invalid OpenId Connect provider ARN.');
    providers.add(m[1]!);
  }
  for (const p of config.CognitoIdentityProviders ?? []) {
    if (!p.ProviderName || !p.ClientId) throw invalid('Invalid Cognito Identity Provider');
    providers.add(p.ProviderName);
  }
  for (const arn of config.SamlProviderARNs ?? []) {
    if (!SAML_ARN.test(arn)) throw invalid('Invalid SAML provider ARN.');
    providers.add(arn);
  }
  return providers;
}

function checkTags(tags: Map<string, string>): void {
  if (tags.size > MAX_TAGS) throw invalid(`An identity pool can have at most ${MAX_TAGS} tags.`);
  for (const key of tags.keys()) if (key.toLowerCase().startsWith('aws:')) throw invalid('Tag keys beginning with aws: are reserved.');
}

export class PoolRegistry {
  private readonly pools = new Map<string, Pool>();
  private seq = 0;

  private readonly journal: Journal;

  constructor(private readonly opts: { region: string; accountId: string; uuid: () => string; paging: Paging; maxPools?: number; journal?: Journal }) {
    this.journal = opts.journal ?? NO_JOURNAL;
  }

  // A pool is journaled whole after each change (persist/): pools are few and small.
  private changed(pool: Pool): Pool {
    this.journal.record({ t: 'id.pool', id: pool.id, image: imageOf(pool) });
    return pool;
  }

  /** Replays a journaled image, or a deletion (null). */
  restore(id: string, image: IdentityPoolImage | null): void {
    if (!image) {
      this.pools.delete(id);
      return;
    }
    const config = structuredClone(image.config) as PoolConfig;
    this.pools.set(id, {
      id, seq: image.seq, config, providers: providersOf(config), tags: new Map(image.tags), roles: new Map(image.roles),
      roleMappings: new Map(image.roleMappings as [string, RoleMapping][]), principalTags: new Map(image.principalTags as [string, PrincipalTagMap][]),
    });
    this.seq = Math.max(this.seq, image.seq);
  }

  /** Images of every pool, for a snapshot. */
  *exportState(): Generator<{ t: 'id.pool'; id: string; image: IdentityPoolImage }> {
    for (const pool of this.pools.values()) yield { t: 'id.pool', id: pool.id, image: imageOf(pool) };
  }

  get(poolId: string): Pool {
    const pool = this.pools.get(poolId);
    if (!pool) throw notFound(`IdentityPool '${poolId}'`);
    return pool;
  }

  has(poolId: string): boolean {
    return this.pools.has(poolId);
  }

  ids(): string[] {
    return [...this.pools.keys()];
  }

  arn(poolId: string): string {
    return `arn:aws:cognito-identity:${this.opts.region}:${this.opts.accountId}:identitypool/${poolId}`;
  }

  byArn(arn: string): Pool {
    const m = POOL_ARN.exec(arn);
    if (!m) throw invalid('The resource ARN is not an identity pool ARN.');
    if (m[1] !== this.opts.region || m[2] !== this.opts.accountId) throw notFound(`Resource ${arn}`);
    return this.get(m[3]!);
  }

  create(config: PoolConfig, tags: Record<string, string> = {}): Pool {
    if (this.pools.size >= (this.opts.maxPools ?? MAX_IDENTITY_POOLS)) {
      throw new ServiceError('LimitExceededException', 'The number of identity pools has reached the limit for this account.');
    }
    const pool: Pool = {
      id: `${this.opts.region}:${this.opts.uuid()}`,
      seq: ++this.seq,
      config: structuredClone(config),
      providers: providersOf(config),
      tags: new Map(Object.entries(tags)),
      roles: new Map(),
      roleMappings: new Map(),
      principalTags: new Map(),
    };
    checkTags(pool.tags);
    this.pools.set(pool.id, pool);
    return this.changed(pool);
  }

  /** Replaces the configuration: AWS resets every omitted field to its default, except the developer provider. */
  update(poolId: string, config: PoolConfig, tags: Record<string, string> | undefined): Pool {
    const pool = this.get(poolId);
    const current = pool.config.DeveloperProviderName;
    if (current !== undefined && config.DeveloperProviderName !== undefined && config.DeveloperProviderName !== current) {
      throw invalid('The developer provider name of an identity pool cannot be changed once set.');
    }
    const next = structuredClone(config);
    if (current !== undefined) next.DeveloperProviderName = current;
    const providers = providersOf(next);
    const nextTags = tags ? new Map(Object.entries(tags)) : pool.tags;
    checkTags(nextTags);
    pool.config = next;
    pool.providers = providers;
    pool.tags = nextTags;
    return this.changed(pool);
  }

  delete(poolId: string): void {
    this.get(poolId);
    this.pools.delete(poolId);
    this.journal.record({ t: 'id.pool', id: poolId, image: null });
  }

  describe(pool: Pool): PoolDescription {
    return { IdentityPoolId: pool.id, ...structuredClone(pool.config), IdentityPoolTags: Object.fromEntries(pool.tags) };
  }

  list(max: number, nextToken: string | undefined): { pools: Pool[]; nextToken?: string } {
    const after = this.opts.paging.decode(nextToken, 'pools', '') ?? 0;
    const rest = [...this.pools.values()].filter((p) => p.seq > after);
    const page = rest.slice(0, max);
    return rest.length > max ? { pools: page, nextToken: this.opts.paging.encode('pools', '', page.at(-1)!.seq) } : { pools: page };
  }

  tag(arn: string, tags: Record<string, string>): void {
    const pool = this.byArn(arn);
    const next = new Map([...pool.tags, ...Object.entries(tags)]);
    checkTags(next);
    pool.tags = next;
    this.changed(pool);
  }

  untag(arn: string, keys: string[]): void {
    const pool = this.byArn(arn);
    for (const key of keys) pool.tags.delete(key);
    this.changed(pool);
  }

  setRoles(poolId: string, roles: Record<string, string>, mappings: Record<string, RoleMapping> | undefined): void {
    const pool = this.get(poolId);
    const next = new Map(Object.entries(mappings ?? {}));
    for (const [provider, mapping] of next) {
      if (!this.isMappable(pool, provider)) throw invalid(`${provider} is not a valid RoleMapping ProviderName or is not a configured provider.`);
      if (!mapping.AmbiguousRoleResolution) throw invalid('AmbiguousRoleResolution must be specified for Token or Rules role mappings.');
      if (mapping.Type === 'Rules' && !mapping.RulesConfiguration) throw invalid('RulesConfiguration must be specified for Rules role mappings.');
    }
    pool.roles = new Map(Object.entries(roles));
    pool.roleMappings = new Map([...next].map(([k, v]) => [k, structuredClone(v)]));
    this.changed(pool);
  }

  // Role mappings name a provider the pool trusts; user pools are keyed provider:client.
  private isMappable(pool: Pool, provider: string): boolean {
    if (pool.providers.has(provider)) return true;
    return (pool.config.CognitoIdentityProviders ?? []).some((p) => `${p.ProviderName}:${p.ClientId}` === provider);
  }

  setPrincipalTags(poolId: string, provider: string, map: PrincipalTagMap): PrincipalTagMap {
    const pool = this.get(poolId);
    const stored = { UseDefaults: map.UseDefaults, ...(map.PrincipalTags ? { PrincipalTags: { ...map.PrincipalTags } } : {}) };
    pool.principalTags.set(provider, stored);
    this.changed(pool);
    return structuredClone(stored);
  }

  principalTags(poolId: string, provider: string): PrincipalTagMap {
    const stored = this.get(poolId).principalTags.get(provider);
    return stored ? structuredClone(stored) : { UseDefaults: false };
  }
}

function imageOf(pool: Pool): IdentityPoolImage {
  return structuredClone({
    id: pool.id, seq: pool.seq, config: pool.config, tags: [...pool.tags], roles: [...pool.roles],
    roleMappings: [...pool.roleMappings], principalTags: [...pool.principalTags],
  });
}
