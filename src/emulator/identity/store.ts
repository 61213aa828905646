// Cognito Identity state of one emulator instance: pools (pools.ts),
// identities with their linked logins and developer user identifiers, the
// OpenID tokens and temporary credentials issued to them. Logins presented
// to the public APIs are taken at their word (the emulator cannot ask
// Facebook), so a provider's token names the user: the same token is the
// same user. Tokens for cognito-identity.amazonaws.com are checked.

import { ServiceError } from '../../model/errors.ts';
import { conflict, invalid, notAuthorized, notFound } from './errors.ts';
import { createHmac } from 'node:crypto';
import { createTokenCodec } from '../tokens.ts';
import { createPaging, type Paging } from './paging.ts';
import { PoolRegistry, type Pool } from './pools.ts';
import { NO_JOURNAL, type IdentityImage, type IdentityMutation, type Journal } from '../persist/mutations.ts';
import { COGNITO_ISSUER_LOGIN, createOpenIdTokens, mintCredentials, type Entropy, type OpenIdClaims, type OpenIdTokens } from './tokens.ts';
import { IDENTITY_LOOKUP_PAGE, MAX_LINKED_LOGINS } from '../../model/limits.ts';

export type IdentityStoreOptions = {
  region: string;
  accountId: string;
  now: () => number;
  entropy: Entropy;
  credentialTtlMs: number;
  maxPools?: number;
  onMerge?: (poolId: string, sourceIdentityId: string, targetIdentityId: string) => void;
  /** Where changes are recorded for --state-dir (persist/); nothing by default. */
  journal?: Journal;
  /** The OpenID token key, when tokens must outlive a restart; else a fresh one. */
  openIdKey?: Uint8Array;
};

type Identity = {
  readonly id: string;
  readonly poolId: string;
  readonly seq: number;
  /** Public provider → token (one user per provider). */
  logins: Map<string, string>;
  /** Developer user identifiers, in link order; the provider is the pool's. */
  developerUsers: string[];
  /** Ever linked to a login; such an identity never falls back to unauthenticated access. */
  authenticated: boolean;
  readonly created: number;
  modified: number;
};

export type IdentityDescription = { IdentityId: string; Logins: string[]; CreationDate: number; LastModifiedDate: number };

export type IssuedCredentials = {
  secretAccessKey: string;
  sessionToken: string;
  identityId: string;
  identityPoolId: string;
  /** Epoch milliseconds. */
  expiration: number;
};

type Presented = { provider: string; token: string; kind: 'public' | 'developer' | 'cognito'; owner: Identity | undefined };

const OPEN_ID_TOKEN_SECONDS = 600;
const DEVELOPER_TOKEN_SECONDS = 900;
const LOGINS_MISMATCH = "Logins don't match. Please include at least one valid login for this identity or identity pool.";
const UNAUTH_DISABLED = 'Unauthenticated access is not supported for this identity pool.';
const UNSUPPORTED_PROVIDER = 'Token is not from a supported provider of this identity pool.';
const CREDENTIAL_SWEEP_EVERY = 1024;
/**
 * How long expired credentials are still recognised, so that a call made with
 * them is answered ExpiredTokenException (the code on which the AWS SDKs
 * refresh credentials and retry) rather than UnrecognizedClientException.
 * Bounded so that issued credentials do not pile up.
 */
const EXPIRED_KEPT_MS = 24 * 60 * 60 * 1000;

const loginKey = (poolId: string, provider: string, token: string) => JSON.stringify([poolId, provider, token]);
const developerKey = (poolId: string, user: string) => JSON.stringify([poolId, user]);
const seconds = (ms: number) => ms / 1000;

export class IdentityStore {
  readonly pools: PoolRegistry;
  private readonly identities = new Map<string, Identity>();
  private readonly byPool = new Map<string, Map<string, Identity>>();
  private readonly loginIndex = new Map<string, string>();
  private readonly developerIndex = new Map<string, string>();
  private readonly credentials = new Map<string, IssuedCredentials>();
  private readonly tokens: OpenIdTokens;
  private readonly paging: Paging;
  private seq = 0;
  private issuedSinceSweep = 0;
  private readonly journal: Journal;

  constructor(private readonly opts: IdentityStoreOptions) {
    this.journal = opts.journal ?? NO_JOURNAL;
    // A durable emulator brings its key back from the state directory; the entropy is drawn either way, so seeded tests' IDs stay as they were.
    const drawn = opts.entropy.bytes(32);
    const key = opts.openIdKey ?? drawn;
    this.tokens = createOpenIdTokens(key);
    // Pagination tokens get their own key, derived so that the entropy drawn (and seeded tests' IDs) stay as they were.
    this.paging = createPaging(createTokenCodec(createHmac('sha256', key).update('pagination').digest()));
    this.pools = new PoolRegistry({
      region: opts.region, accountId: opts.accountId, uuid: () => opts.entropy.uuid(), paging: this.paging, maxPools: opts.maxPools, journal: this.journal,
    });
  }

  // ---- durability (persist/): identities and credentials are journaled as images --

  private saved(identity: Identity): void {
    this.journal.record({ t: 'id.identity', id: identity.id, image: imageOf(identity) });
  }

  /** Replays one journaled change. */
  apply(m: IdentityMutation): void {
    if (m.t === 'id.pool') {
      this.pools.restore(m.id, m.image);
    } else if (m.t === 'id.credentials') {
      this.credentials.set(m.key, { ...m.image });
    } else {
      const old = this.identities.get(m.id);
      if (!m.image) {
        if (old) this.remove(old, false);
        return;
      }
      const i = m.image;
      const identity: Identity = {
        id: i.id, poolId: i.poolId, seq: i.seq, logins: new Map(i.logins), developerUsers: [...i.developerUsers],
        authenticated: i.authenticated, created: i.created, modified: i.modified,
      };
      if (old) {
        // Replaced in place: listings follow the maps' insertion order, which must not change.
        for (const [provider, token] of old.logins) this.loginIndex.delete(loginKey(old.poolId, provider, token));
        for (const user of old.developerUsers) this.developerIndex.delete(developerKey(old.poolId, user));
      }
      this.register(identity);
      for (const [provider, token] of identity.logins) this.loginIndex.set(loginKey(identity.poolId, provider, token), identity.id);
      for (const user of identity.developerUsers) this.developerIndex.set(developerKey(identity.poolId, user), identity.id);
      this.seq = Math.max(this.seq, i.seq);
    }
  }

  /** Images of every pool, identity and live credential pair, for a snapshot. */
  *exportState(): Generator<IdentityMutation> {
    yield* this.pools.exportState();
    for (const identity of this.identities.values()) yield { t: 'id.identity', id: identity.id, image: imageOf(identity) };
    const now = this.opts.now();
    for (const [key, c] of this.credentials) {
      if (c.expiration > now && this.identities.has(c.identityId)) yield { t: 'id.credentials', key, image: { ...c } };
    }
  }

  // ---- directory -------------------------------------------------------

  poolExists(poolId: string): boolean {
    return this.pools.has(poolId);
  }

  identityExists(poolId: string, identityId: string): boolean {
    return this.identities.get(identityId)?.poolId === poolId;
  }

  deletePool(poolId: string): void {
    this.pools.delete(poolId);
    for (const identity of [...(this.byPool.get(poolId)?.values() ?? [])]) this.remove(identity);
    this.byPool.delete(poolId);
  }

  // ---- identities ------------------------------------------------------

  private identity(identityId: string, poolId?: string): Identity {
    const identity = this.identities.get(identityId);
    if (!identity || (poolId !== undefined && identity.poolId !== poolId)) throw notFound(`Identity '${identityId}'`);
    return identity;
  }

  private fresh(pool: Pool): Identity {
    const now = this.opts.now();
    return {
      id: `${this.opts.region}:${this.opts.entropy.uuid()}`, poolId: pool.id, seq: ++this.seq,
      logins: new Map(), developerUsers: [], authenticated: false, created: now, modified: now,
    };
  }

  private register(identity: Identity): void {
    this.identities.set(identity.id, identity);
    let members = this.byPool.get(identity.poolId);
    if (!members) this.byPool.set(identity.poolId, (members = new Map()));
    members.set(identity.id, identity);
  }

  private remove(identity: Identity, journal = true): void {
    if (journal) this.journal.record({ t: 'id.identity', id: identity.id, image: null });
    for (const [provider, token] of identity.logins) this.loginIndex.delete(loginKey(identity.poolId, provider, token));
    for (const user of identity.developerUsers) this.developerIndex.delete(developerKey(identity.poolId, user));
    this.identities.delete(identity.id);
    this.byPool.get(identity.poolId)?.delete(identity.id);
  }

  private isDisabled(identity: Identity): boolean {
    return identity.authenticated && identity.logins.size === 0 && identity.developerUsers.length === 0;
  }

  /** Reads a Logins map against the pool: which provider each login is for, and who owns it now. */
  private present(pool: Pool, logins: Record<string, string>, developer: boolean): Presented[] {
    return Object.entries(logins).map(([provider, token]) => {
      if (provider === COGNITO_ISSUER_LOGIN) {
        const claims = this.tokens.verify(token, Math.floor(seconds(this.opts.now())));
        const owner = claims && claims.aud === pool.id ? this.identities.get(claims.sub) : undefined;
        if (!owner || owner.poolId !== pool.id) throw notAuthorized('Invalid login token.');
        return { provider, token, kind: 'cognito', owner };
      }
      if (developer && provider === pool.config.DeveloperProviderName) {
        const id = this.developerIndex.get(developerKey(pool.id, token));
        return { provider, token, kind: 'developer', owner: id === undefined ? undefined : this.identities.get(id) };
      }
      if (!pool.providers.has(provider)) {
        throw notAuthorized(developer ? 'This identity pool does not support the specified developer provider.' : UNSUPPORTED_PROVIDER);
      }
      const id = this.loginIndex.get(loginKey(pool.id, provider, token));
      return { provider, token, kind: 'public', owner: id === undefined ? undefined : this.identities.get(id) };
    });
  }

  /**
   * Makes `target` own every presented login, merging into it each identity
   * that owned one (and each of `alsoMerge`). Checks everything before it
   * changes anything: one user per public provider, at most 20 linked logins.
   */
  private combine(target: Identity, presented: Presented[], alsoMerge: Identity[] = []): void {
    const sources = [...new Set([...presented.map((p) => p.owner), ...alsoMerge])].filter((s): s is Identity => s !== undefined && s !== target);
    const logins = new Map(target.logins);
    const add = (provider: string, token: string) => {
      const held = logins.get(provider);
      if (held !== undefined && held !== token) throw conflict(`The identities to link hold different users of the same provider ${provider}.`);
      logins.set(provider, token);
    };
    for (const source of sources) for (const [provider, token] of source.logins) add(provider, token);
    for (const p of presented) if (p.kind === 'public') add(p.provider, p.token);
    const users = new Set([...target.developerUsers, ...sources.flatMap((s) => s.developerUsers)]);
    for (const p of presented) if (p.kind === 'developer') users.add(p.token);
    if (logins.size + users.size > MAX_LINKED_LOGINS) throw conflict(`An identity can have at most ${MAX_LINKED_LOGINS} linked logins.`);

    for (const source of sources) this.remove(source);
    if (!this.identities.has(target.id)) this.register(target);
    target.logins = logins;
    target.developerUsers = [...users];
    for (const [provider, token] of logins) this.loginIndex.set(loginKey(target.poolId, provider, token), target.id);
    for (const user of users) this.developerIndex.set(developerKey(target.poolId, user), target.id);
    target.authenticated ||= logins.size > 0 || users.size > 0;
    target.modified = this.opts.now();
    this.saved(target);
    for (const source of sources) this.opts.onMerge?.(target.poolId, source.id, target.id);
  }

  getId(poolId: string, logins: Record<string, string> | undefined): string {
    const pool = this.pools.get(poolId);
    if (!logins || Object.keys(logins).length === 0) {
      if (!pool.config.AllowUnauthenticatedIdentities) throw notAuthorized(UNAUTH_DISABLED);
      const identity = this.fresh(pool);
      this.register(identity);
      this.saved(identity);
      return identity.id;
    }
    const presented = this.present(pool, logins, false);
    const target = presented.find((p) => p.owner)?.owner ?? this.fresh(pool);
    this.combine(target, presented);
    return target.id;
  }

  /**
   * The identity a public-API caller may act as. Without logins only an
   * identity that never signed in, of a pool open to guests. With logins, at
   * least one must be the identity's own unless it is still a guest; `link`
   * then adds the new ones, and a guest signing in with a login another
   * identity owns is merged into that identity, which is returned.
   */
  private authenticate(identityId: string, logins: Record<string, string> | undefined, link: boolean): Identity {
    const identity = this.identity(identityId);
    const pool = this.pools.get(identity.poolId);
    if (!logins || Object.keys(logins).length === 0) {
      if (identity.authenticated) throw notAuthorized(LOGINS_MISMATCH);
      if (!pool.config.AllowUnauthenticatedIdentities) throw notAuthorized(UNAUTH_DISABLED);
      return identity;
    }
    const presented = this.present(pool, logins, false);
    if (identity.authenticated && !presented.some((p) => p.owner === identity)) throw notAuthorized(LOGINS_MISMATCH);
    if (!link) {
      if (presented.some((p) => p.owner !== identity)) throw notAuthorized(LOGINS_MISMATCH);
      return identity;
    }
    const other = identity.authenticated ? undefined : presented.find((p) => p.owner && p.owner !== identity)?.owner;
    const target = other ?? identity;
    this.combine(target, presented, [identity]);
    return target;
  }

  credentialsFor(identityId: string, logins: Record<string, string> | undefined): { identityId: string; accessKeyId: string } & IssuedCredentials {
    const identity = this.authenticate(identityId, logins, true);
    this.sweepCredentials();
    const minted = mintCredentials(this.opts.entropy);
    const issued: IssuedCredentials = {
      secretAccessKey: minted.secretAccessKey, sessionToken: minted.sessionToken,
      identityId: identity.id, identityPoolId: identity.poolId, expiration: this.opts.now() + this.opts.credentialTtlMs,
    };
    this.credentials.set(minted.accessKeyId, issued);
    this.journal.record({ t: 'id.credentials', key: minted.accessKeyId, image: issued });
    return { accessKeyId: minted.accessKeyId, ...issued };
  }

  private sweepCredentials(): void {
    if (++this.issuedSinceSweep < CREDENTIAL_SWEEP_EVERY) return;
    this.issuedSinceSweep = 0;
    const now = this.opts.now();
    for (const [key, c] of this.credentials) if (c.expiration + EXPIRED_KEPT_MS <= now || !this.identities.has(c.identityId)) this.credentials.delete(key);
  }

  /** Credentials this instance issued, unexpired, whose identity still exists. */
  lookupCredentials(accessKeyId: string): IssuedCredentials | undefined {
    const c = this.issuedCredentials(accessKeyId);
    if (!c || c.expired) return undefined;
    const { expired: _, ...issued } = c;
    return issued;
  }

  /** Credentials this instance issued whose identity still exists, expired or not (for a while after expiry). */
  issuedCredentials(accessKeyId: string): (IssuedCredentials & { expired: boolean }) | undefined {
    const c = this.credentials.get(accessKeyId);
    if (!c) return undefined;
    const now = this.opts.now();
    if (c.expiration + EXPIRED_KEPT_MS <= now || !this.identityExists(c.identityPoolId, c.identityId)) {
      this.credentials.delete(accessKeyId);
      return undefined;
    }
    return { ...c, expired: c.expiration <= now };
  }

  private signToken(identity: Identity, lifetimeSeconds: number, extraAmr: string[], principalTags?: Record<string, string>): string {
    const iat = Math.floor(seconds(this.opts.now()));
    const claims: OpenIdClaims = {
      iss: `https://${COGNITO_ISSUER_LOGIN}`, sub: identity.id, aud: identity.poolId,
      amr: identity.authenticated ? ['authenticated', ...identity.logins.keys(), ...extraAmr] : ['unauthenticated'],
      iat, exp: iat + lifetimeSeconds,
    };
    if (principalTags && Object.keys(principalTags).length > 0) {
      claims['https://aws.amazon.com/tags'] = { principal_tags: Object.fromEntries(Object.entries(principalTags).map(([k, v]) => [k, [v]])) };
    }
    return this.tokens.sign(claims);
  }

  openIdToken(identityId: string, logins: Record<string, string> | undefined): { identityId: string; token: string } {
    const identity = this.authenticate(identityId, logins, true);
    return { identityId: identity.id, token: this.signToken(identity, OPEN_ID_TOKEN_SECONDS, []) };
  }

  developerToken(
    poolId: string, identityId: string | undefined, logins: Record<string, string>, principalTags?: Record<string, string>, tokenSeconds?: number,
  ): { identityId: string; token: string } {
    const pool = this.pools.get(poolId);
    if (Object.keys(logins).length === 0) throw invalid('Logins must name at least one login.');
    const presented = this.present(pool, logins, true);
    const developer = presented.find((p) => p.kind === 'developer');
    let target: Identity;
    if (identityId !== undefined) {
      target = this.identity(identityId, poolId);
      if (developer?.owner && developer.owner !== target) {
        throw new ServiceError('DeveloperUserAlreadyRegisteredException', 'The developer user identifier is already registered with a different identity ID.');
      }
    } else {
      target = developer?.owner ?? presented.find((p) => p.owner)?.owner ?? this.fresh(pool);
    }
    this.combine(target, presented);
    const amr = developer ? [developer.provider, `${developer.provider}:${pool.id}:${developer.token}`] : [];
    return { identityId: target.id, token: this.signToken(target, tokenSeconds ?? DEVELOPER_TOKEN_SECONDS, amr, principalTags) };
  }

  /** Every identity, as DescribeIdentity shows it, with its pool (for the operator's state dump). */
  dumpIdentities(): Array<IdentityDescription & { IdentityPoolId: string }> {
    return [...this.identities.values()].map((i) => ({ IdentityPoolId: i.poolId, ...this.description(i) }));
  }

  describeIdentity(identityId: string): IdentityDescription {
    return this.description(this.identity(identityId));
  }

  private description(identity: Identity): IdentityDescription {
    const developer = this.pools.has(identity.poolId) ? this.pools.get(identity.poolId).config.DeveloperProviderName : undefined;
    const logins = [...identity.logins.keys()];
    if (developer && identity.developerUsers.length > 0) logins.push(developer);
    return { IdentityId: identity.id, Logins: logins, CreationDate: seconds(identity.created), LastModifiedDate: seconds(identity.modified) };
  }

  listIdentities(poolId: string, max: number, nextToken: string | undefined, hideDisabled: boolean): { identities: IdentityDescription[]; nextToken?: string } {
    this.pools.get(poolId);
    const after = this.paging.decode(nextToken, 'identities', poolId) ?? 0;
    const rest = [...(this.byPool.get(poolId)?.values() ?? [])].filter((i) => i.seq > after && !(hideDisabled && this.isDisabled(i)));
    const page = rest.slice(0, max);
    const identities = page.map((i) => this.description(i));
    return rest.length > max ? { identities, nextToken: this.paging.encode('identities', poolId, page.at(-1)!.seq) } : { identities };
  }

  /** Deletes the identities that exist; AWS reports nothing for unknown IDs. */
  deleteIdentities(identityIds: string[]): { IdentityId: string; ErrorCode: string }[] {
    for (const id of identityIds) {
      const identity = this.identities.get(id);
      if (identity) this.remove(identity);
    }
    return [];
  }

  // ---- developer identities -------------------------------------------

  private checkDeveloperProvider(pool: Pool, provider: string): void {
    if (pool.config.DeveloperProviderName !== provider) throw notAuthorized('This identity pool does not support the specified developer provider.');
  }

  private developerOwner(poolId: string, user: string): Identity | undefined {
    const id = this.developerIndex.get(developerKey(poolId, user));
    return id === undefined ? undefined : this.identities.get(id);
  }

  lookupDeveloper(
    poolId: string, identityId: string | undefined, user: string | undefined, max: number | undefined, nextToken: string | undefined,
  ): { identityId: string; users: string[]; nextToken?: string } {
    this.pools.get(poolId);
    if (identityId === undefined && user === undefined) throw invalid('Either IdentityId or DeveloperUserIdentifier must be specified.');
    let identity: Identity;
    if (user === undefined) {
      identity = this.identity(identityId!, poolId);
    } else {
      const owner = this.developerOwner(poolId, user);
      if (identityId !== undefined) {
        identity = this.identity(identityId, poolId);
        if (owner !== identity) throw conflict('The developer user identifier does not belong to the given identity.');
      } else if (!owner) {
        throw notFound('Developer user identifier');
      } else {
        identity = owner;
      }
    }
    const limit = max ?? IDENTITY_LOOKUP_PAGE;
    const start = this.paging.decode(nextToken, 'developer', identity.id) ?? 0;
    const users = identity.developerUsers.slice(start, start + limit);
    const more = start + limit < identity.developerUsers.length;
    return { identityId: identity.id, users, ...(more ? { nextToken: this.paging.encode('developer', identity.id, start + limit) } : {}) };
  }

  mergeDeveloper(poolId: string, provider: string, sourceUser: string, destinationUser: string): string {
    const pool = this.pools.get(poolId);
    this.checkDeveloperProvider(pool, provider);
    const destination = this.developerOwner(poolId, destinationUser);
    if (!destination) throw notFound('Destination developer user identifier');
    const source = this.developerOwner(poolId, sourceUser);
    if (!source) throw notFound('Source developer user identifier');
    if (source !== destination) this.combine(destination, [], [source]);
    return destination.id;
  }

  unlinkDeveloper(poolId: string, identityId: string, provider: string, user: string): void {
    const pool = this.pools.get(poolId);
    const identity = this.identity(identityId, poolId);
    this.checkDeveloperProvider(pool, provider);
    const owner = this.developerOwner(poolId, user);
    if (!owner) throw notFound('Developer user identifier');
    if (owner !== identity) throw conflict('The developer user identifier is linked to a different identity.');
    identity.developerUsers = identity.developerUsers.filter((u) => u !== user);
    this.developerIndex.delete(developerKey(poolId, user));
    identity.modified = this.opts.now();
    this.saved(identity);
  }

  unlinkIdentity(identityId: string, logins: Record<string, string>, remove: string[]): void {
    const identity = this.authenticate(identityId, logins, false);
    for (const provider of remove) {
      const token = identity.logins.get(provider);
      if (token === undefined) continue;
      identity.logins.delete(provider);
      this.loginIndex.delete(loginKey(identity.poolId, provider, token));
    }
    identity.modified = this.opts.now();
    this.saved(identity);
  }
}

function imageOf(identity: Identity): IdentityImage {
  return {
    id: identity.id, poolId: identity.poolId, seq: identity.seq, logins: [...identity.logins], developerUsers: [...identity.developerUsers],
    authenticated: identity.authenticated, created: identity.created, modified: identity.modified,
  };
}
