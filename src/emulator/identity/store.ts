// Cognito Identity state of one emulator instance: pools, identities with
// their logins, developer identities, and the temporary credentials issued.

import { IdentityError } from './model.ts';

type Pool = {
  IdentityPoolId: string;
  IdentityPoolName: string;
  AllowUnauthenticatedIdentities: boolean;
  AllowClassicFlow?: boolean;
  SupportedLoginProviders?: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs?: string[];
  CognitoIdentityProviders?: unknown[];
  SamlProviderARNs?: string[];
  tags: Record<string, string>;
  roles: Record<string, string>;
  roleMappings: Record<string, unknown>;
  principalTags: Map<string, { UseDefaults: boolean; PrincipalTags?: Record<string, string> }>;
};

type Identity = { poolId: string; identityId: string; logins: Map<string, string>; created: number; modified: number };

export type IssuedCredentials = { secretAccessKey: string; sessionToken: string; identityId: string; identityPoolId: string; expiration: number };

export type IdentityStoreOptions = {
  region: string;
  now: () => number;
  uuid: () => string;
  secret: (bytes: number) => string;
  credentialTtlMs: number;
  onMerge?: (poolId: string, sourceIdentityId: string, targetIdentityId: string) => void;
};

const DEVELOPER_LOGIN = 'cognito-identity.amazonaws.com';

export class IdentityStore {
  private readonly pools = new Map<string, Pool>();
  private readonly identities = new Map<string, Identity>();
  /** `${poolId}\0${provider}\0${token}` → identityId */
  private readonly loginIndex = new Map<string, string>();
  private readonly credentials = new Map<string, IssuedCredentials>();

  constructor(private readonly opts: IdentityStoreOptions) {}

  pool(poolId: string): Pool {
    const p = this.pools.get(poolId);
    if (!p) throw new IdentityError('ResourceNotFoundException', `IdentityPool '${poolId}' not found.`);
    return p;
  }

  identity(identityId: string): Identity {
    const i = this.identities.get(identityId);
    if (!i) throw new IdentityError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    return i;
  }

  poolIds(): string[] {
    return [...this.pools.keys()];
  }

  hasPool(poolId: string): boolean {
    return this.pools.has(poolId);
  }

  hasIdentity(poolId: string, identityId: string): boolean {
    return this.identities.get(identityId)?.poolId === poolId;
  }

  createPool(input: Record<string, unknown>): Pool {
    const id = `${this.opts.region}:${this.opts.uuid()}`;
    const { IdentityPoolTags, ...rest } = input;
    const p: Pool = {
      ...(rest as Omit<Pool, 'IdentityPoolId' | 'tags' | 'roles' | 'roleMappings' | 'principalTags'>),
      IdentityPoolId: id, tags: { ...(IdentityPoolTags as Record<string, string> | undefined) }, roles: {}, roleMappings: {}, principalTags: new Map(),
    };
    this.pools.set(id, p);
    return p;
  }

  describePool(p: Pool): Record<string, unknown> {
    const { tags, roles: _r, roleMappings: _m, principalTags: _p, ...rest } = p;
    return { ...rest, ...(Object.keys(tags).length ? { IdentityPoolTags: tags } : {}) };
  }

  updatePool(input: Record<string, unknown>): Pool {
    const p = this.pool(input.IdentityPoolId as string);
    const { IdentityPoolTags, IdentityPoolId: _id, ...rest } = input;
    Object.assign(p, rest);
    if (IdentityPoolTags) p.tags = { ...(IdentityPoolTags as Record<string, string>) };
    return p;
  }

  deletePool(poolId: string): void {
    this.pool(poolId);
    this.pools.delete(poolId);
    for (const [id, i] of this.identities) if (i.poolId === poolId) this.deleteIdentity(id);
  }

  private newIdentity(poolId: string): Identity {
    const now = this.opts.now();
    const i: Identity = { poolId, identityId: `${this.opts.region}:${this.opts.uuid()}`, logins: new Map(), created: now, modified: now };
    this.identities.set(i.identityId, i);
    return i;
  }

  private deleteIdentity(identityId: string): void {
    const i = this.identities.get(identityId);
    if (!i) return;
    for (const [provider, token] of i.logins) this.loginIndex.delete(`${i.poolId}\0${provider}\0${token}`);
    this.identities.delete(identityId);
  }

  /** Links logins to an identity; a login already on another identity merges that identity into this one. */
  private link(target: Identity, logins: Record<string, string>): void {
    for (const [provider, token] of Object.entries(logins)) {
      const key = `${target.poolId}\0${provider}\0${token}`;
      const owner = this.loginIndex.get(key);
      if (owner && owner !== target.identityId) this.merge(owner, target.identityId);
      target.logins.set(provider, token);
      this.loginIndex.set(key, target.identityId);
    }
    target.modified = this.opts.now();
  }

  private merge(sourceId: string, targetId: string): void {
    const source = this.identities.get(sourceId);
    const target = this.identities.get(targetId);
    if (!source || !target) return;
    for (const [provider, token] of source.logins) {
      target.logins.set(provider, token);
      this.loginIndex.set(`${target.poolId}\0${provider}\0${token}`, targetId);
    }
    this.identities.delete(sourceId);
    this.opts.onMerge?.(target.poolId, sourceId, targetId);
  }

  private findByLogins(poolId: string, logins: Record<string, string>): Identity | undefined {
    for (const [provider, token] of Object.entries(logins)) {
      const id = this.loginIndex.get(`${poolId}\0${provider}\0${token}`);
      if (id) return this.identities.get(id);
    }
    return undefined;
  }

  getId(poolId: string, logins: Record<string, string> | undefined): string {
    const p = this.pool(poolId);
    if (!logins || Object.keys(logins).length === 0) {
      if (!p.AllowUnauthenticatedIdentities) throw new IdentityError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
      return this.newIdentity(poolId).identityId;
    }
    const existing = this.findByLogins(poolId, logins);
    const identity = existing ?? this.newIdentity(poolId);
    this.link(identity, logins);
    return identity.identityId;
  }

  /** Checks that an identity may use these logins (unauthenticated only when the pool allows it). */
  private checkLogins(identity: Identity, logins: Record<string, string> | undefined): void {
    const p = this.pool(identity.poolId);
    if (!logins || Object.keys(logins).length === 0) {
      if (identity.logins.size > 0) throw new IdentityError('NotAuthorizedException', 'Logins don\'t match. Please include at least one valid login for this identity or identity pool.');
      if (!p.AllowUnauthenticatedIdentities) throw new IdentityError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
      return;
    }
    for (const [provider, token] of Object.entries(logins)) {
      if (identity.logins.get(provider) !== token) throw new IdentityError('NotAuthorizedException', 'Invalid login token.');
    }
  }

  credentialsFor(identityId: string, logins: Record<string, string> | undefined) {
    const identity = this.identity(identityId);
    this.checkLogins(identity, logins);
    const accessKeyId = `ASIA${this.opts.secret(12).toUpperCase().replace(/[^A-Z0-9]/g, 'X').slice(0, 16)}`;
    const issued: IssuedCredentials = {
      secretAccessKey: this.opts.secret(30), sessionToken: this.opts.secret(96), identityId,
      identityPoolId: identity.poolId, expiration: this.opts.now() + this.opts.credentialTtlMs,
    };
    this.credentials.set(accessKeyId, issued);
    return { IdentityId: identityId, Credentials: { AccessKeyId: accessKeyId, SecretKey: issued.secretAccessKey, SessionToken: issued.sessionToken, Expiration: issued.expiration / 1000 } };
  }

  lookupCredentials(accessKeyId: string): IssuedCredentials | undefined {
    const c = this.credentials.get(accessKeyId);
    if (!c || c.expiration <= this.opts.now() || !this.identities.has(c.identityId)) return undefined;
    return c;
  }

  openIdTokenSubject(identityId: string, logins: Record<string, string> | undefined): Identity {
    const identity = this.identity(identityId);
    this.checkLogins(identity, logins);
    return identity;
  }

  developerToken(poolId: string, identityId: string | undefined, logins: Record<string, string>): Identity {
    const p = this.pool(poolId);
    for (const provider of Object.keys(logins)) {
      if (provider !== p.DeveloperProviderName && !p.SupportedLoginProviders?.[provider]) {
        throw new IdentityError('NotAuthorizedException', `Login provider ${provider} is not configured for this identity pool.`);
      }
    }
    const developerLogins = Object.fromEntries(Object.entries(logins).map(([k, v]) => [k === p.DeveloperProviderName ? DEVELOPER_LOGIN + '/' + k : k, v]));
    let identity: Identity;
    if (identityId) {
      identity = this.identity(identityId);
      if (identity.poolId !== poolId) throw new IdentityError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    } else {
      identity = this.findByLogins(poolId, developerLogins) ?? this.newIdentity(poolId);
    }
    this.link(identity, developerLogins);
    return identity;
  }

  private developerKey(p: Pool, provider: string, user: string): string {
    return `${p.IdentityPoolId}\0${DEVELOPER_LOGIN}/${provider}\0${user}`;
  }

  lookupDeveloper(poolId: string, identityId: string | undefined, user: string | undefined) {
    const p = this.pool(poolId);
    let identity: Identity | undefined;
    if (identityId) identity = this.identities.get(identityId);
    else if (user && p.DeveloperProviderName) {
      const id = this.loginIndex.get(this.developerKey(p, p.DeveloperProviderName, user));
      identity = id ? this.identities.get(id) : undefined;
    }
    if (!identity || identity.poolId !== poolId) throw new IdentityError('ResourceNotFoundException', 'No identity found for the given developer user identifier.');
    const users = [...identity.logins].filter(([k]) => k.startsWith(`${DEVELOPER_LOGIN}/`)).map(([, v]) => v);
    return { IdentityId: identity.identityId, DeveloperUserIdentifierList: users };
  }

  mergeDeveloper(poolId: string, provider: string, sourceUser: string, destinationUser: string): string {
    const p = this.pool(poolId);
    if (p.DeveloperProviderName !== provider) throw new IdentityError('NotAuthorizedException', `Developer provider ${provider} is not configured for this identity pool.`);
    const source = this.loginIndex.get(this.developerKey(p, provider, sourceUser));
    const destination = this.loginIndex.get(this.developerKey(p, provider, destinationUser));
    if (!source || !destination) throw new IdentityError('ResourceNotFoundException', 'Developer user identifier not found.');
    if (source !== destination) this.merge(source, destination);
    return destination;
  }

  unlinkDeveloper(poolId: string, identityId: string, provider: string, user: string): void {
    const p = this.pool(poolId);
    const identity = this.identity(identityId);
    const login = `${DEVELOPER_LOGIN}/${provider}`;
    if (identity.logins.get(login) !== user) throw new IdentityError('ResourceNotFoundException', 'Developer user identifier is not linked to this identity.');
    identity.logins.delete(login);
    this.loginIndex.delete(this.developerKey(p, provider, user));
  }

  unlink(identityId: string, logins: Record<string, string>, remove: string[]): void {
    const identity = this.identity(identityId);
    this.checkLogins(identity, logins);
    for (const provider of remove) {
      const token = identity.logins.get(provider);
      if (token === undefined) continue;
      identity.logins.delete(provider);
      this.loginIndex.delete(`${identity.poolId}\0${provider}\0${token}`);
    }
  }

  listIdentities(poolId: string, hideDisabled: boolean): Identity[] {
    this.pool(poolId);
    void hideDisabled; // the emulator never disables identities
    return [...this.identities.values()].filter((i) => i.poolId === poolId).sort((a, b) => (a.identityId < b.identityId ? -1 : 1));
  }

  describeIdentity(i: Identity) {
    return { IdentityId: i.identityId, Logins: [...i.logins.keys()], CreationDate: i.created / 1000, LastModifiedDate: i.modified / 1000 };
  }

  deleteIdentities(ids: string[]) {
    const unprocessed = [];
    for (const id of ids) {
      if (this.identities.has(id)) this.deleteIdentity(id);
      else unprocessed.push({ IdentityId: id, ErrorCode: 'IdentityNotFound' });
    }
    return unprocessed;
  }

  poolByArn(arn: string): Pool {
    const m = /^arn:aws:cognito-identity:[^:]+:\d+:identitypool\/(.+)$/.exec(arn);
    if (!m) throw new IdentityError('InvalidParameterException', `${arn} is not an identity pool ARN`);
    return this.pool(m[1]!);
  }
}
