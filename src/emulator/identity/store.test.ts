// The identity store's rules, without the wire: pools, identities and their
// logins, merges, developer identities, tokens and temporary credentials.

import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../model/errors.ts';
import type { PoolConfig } from './pools.ts';
import { IdentityStore } from './store.ts';
import { createEntropy } from './tokens.ts';

const SYNC_ID_PATTERN = /^[\w-]+:[0-9a-f-]+$/;
const FB = 'graph.facebook.com';
const GOOGLE = 'accounts.google.com';
const DEV = 'login.harness';

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function setup(config: Partial<PoolConfig> = {}, extra: { maxPools?: number } = {}, seed = 7) {
  let now = 1_767_225_600_000;
  const merges: [string, string, string][] = [];
  const store = new IdentityStore({
    region: 'us-east-1', accountId: '123456789012', now: () => now, entropy: createEntropy(seeded(seed)), credentialTtlMs: 3_600_000,
    onMerge: (...m) => merges.push(m), ...extra,
  });
  const pool = store.pools.create({
    IdentityPoolName: 'harness', AllowUnauthenticatedIdentities: true, DeveloperProviderName: DEV,
    SupportedLoginProviders: { [FB]: 'app-1', [GOOGLE]: 'app-2' }, ...config,
  });
  return { store, poolId: pool.id, merges, advance: (ms: number) => void (now += ms), now: () => now };
}

function typeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof ServiceError) return e.type;
    throw e;
  }
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

describe('pools', () => {
  it('get IDs of the form region:uuid that Cognito Sync accepts', () => {
    const { store, poolId } = setup();
    expect(poolId).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(poolId).toMatch(SYNC_ID_PATTERN);
    expect(store.poolExists(poolId)).toBe(true);
    expect(store.poolExists('us-east-1:00000000-0000-0000-0000-000000000000')).toBe(false);
  });

  it('describe what was created, tags included', () => {
    const { store } = setup();
    const pool = store.pools.create({ IdentityPoolName: 'tagged', AllowUnauthenticatedIdentities: false, AllowClassicFlow: true }, { team: 'sync' });
    expect(store.pools.describe(pool)).toEqual({
      IdentityPoolId: pool.id, IdentityPoolName: 'tagged', AllowUnauthenticatedIdentities: false, AllowClassicFlow: true, IdentityPoolTags: { team: 'sync' },
    });
  });

  it('update resets omitted fields, keeps tags unless given, and never changes the developer provider', () => {
    const { store, poolId } = setup({}, {});
    store.pools.tag(store.pools.arn(poolId), { env: 'ci' });
    const updated = store.pools.update(poolId, { IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: false }, undefined);
    expect(store.pools.describe(updated)).toEqual({
      IdentityPoolId: poolId, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: false, DeveloperProviderName: DEV, IdentityPoolTags: { env: 'ci' },
    });
    expect(typeOf(() => store.pools.update(poolId, { IdentityPoolName: 'x', AllowUnauthenticatedIdentities: false, DeveloperProviderName: 'other' }, undefined)))
      .toBe('InvalidParameterException');
    store.pools.update(poolId, { IdentityPoolName: 'x', AllowUnauthenticatedIdentities: false }, { only: 'this' });
    expect(Object.fromEntries(store.pools.get(poolId).tags)).toEqual({ only: 'this' });
  });

  it('list in creation order, page by page, with tokens bound to the listing', () => {
    const { store, poolId } = setup();
    const ids = [poolId, ...Array.from({ length: 4 }, (_, i) => store.pools.create({ IdentityPoolName: `p${i}`, AllowUnauthenticatedIdentities: true }).id)];
    const seen: string[] = [];
    let token: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = store.pools.list(2, token);
      seen.push(...page.pools.map((p) => p.id));
      token = page.nextToken;
      if (!token) break;
    }
    expect(seen).toEqual(ids);
    expect(typeOf(() => store.pools.list(2, 'garbage'))).toBe('InvalidParameterException');
    const identityToken = (() => {
      for (let i = 0; i < 3; i++) store.getId(poolId, undefined);
      return store.listIdentities(poolId, 1, undefined, false).nextToken!;
    })();
    expect(typeOf(() => store.pools.list(2, identityToken))).toBe('InvalidParameterException');
  });

  it('stop at the pool limit with LimitExceededException', () => {
    const { store } = setup({}, { maxPools: 2 });
    store.pools.create({ IdentityPoolName: 'second', AllowUnauthenticatedIdentities: true });
    expect(typeOf(() => store.pools.create({ IdentityPoolName: 'third', AllowUnauthenticatedIdentities: true }))).toBe('LimitExceededException');
  });

  it('refuse malformed provider configuration', () => {
    const { store } = setup();
    const base = { IdentityPoolName: 'p', AllowUnauthenticatedIdentities: true };
    expect(typeOf(() => store.pools.create({ ...base, OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:role/not-oidc'] }))).toBe('InvalidParameterException');
    expect(typeOf(() => store.pools.create({ ...base, CognitoIdentityProviders: [{ ClientId: 'abc' }] }))).toBe('InvalidParameterException');
    expect(typeOf(() => store.pools.create({ ...base, SamlProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/x'] }))).toBe('InvalidParameterException');
  });

  it('tag by ARN, within the 50-tag quota, with aws: keys reserved', () => {
    const { store, poolId } = setup();
    const arn = store.pools.arn(poolId);
    expect(arn).toBe(`arn:aws:cognito-identity:us-east-1:123456789012:identitypool/${poolId}`);
    store.pools.tag(arn, { a: '1', b: '2' });
    store.pools.untag(arn, ['a', 'missing']);
    expect(Object.fromEntries(store.pools.byArn(arn).tags)).toEqual({ b: '2' });
    expect(typeOf(() => store.pools.tag('arn:aws:s3:::bucket-name-here', { a: '1' }))).toBe('InvalidParameterException');
    expect(typeOf(() => store.pools.tag(arn.replace('us-east-1:123', 'eu-west-1:123'), { a: '1' }))).toBe('ResourceNotFoundException');
    expect(typeOf(() => store.pools.tag(arn, { 'aws:cost': 'x' }))).toBe('InvalidParameterException');
    expect(typeOf(() => store.pools.tag(arn, Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']))))).toBe('InvalidParameterException');
    expect(store.pools.byArn(arn).tags.size).toBe(1);
  });

  it('set roles and role mappings only for configured providers', () => {
    const { store, poolId } = setup({
      CognitoIdentityProviders: [{ ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', ClientId: 'client1' }],
    });
    const role = 'arn:aws:iam::123456789012:role/auth';
    const rules = { Rules: [{ Claim: 'tier', MatchType: 'Equals', Value: 'gold', RoleARN: role }] };
    store.pools.setRoles(poolId, { authenticated: role }, {
      [FB]: { Type: 'Rules', AmbiguousRoleResolution: 'Deny', RulesConfiguration: rules },
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client1': { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' },
    });
    const pool = store.pools.get(poolId);
    expect(Object.fromEntries(pool.roles)).toEqual({ authenticated: role });
    expect([...pool.roleMappings.keys()]).toEqual([FB, 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client1']);
    expect(typeOf(() => store.pools.setRoles(poolId, {}, { 'www.amazon.com': { Type: 'Token', AmbiguousRoleResolution: 'Deny' } }))).toBe('InvalidParameterException');
    expect(typeOf(() => store.pools.setRoles(poolId, {}, { [FB]: { Type: 'Token' } }))).toBe('InvalidParameterException');
    expect(typeOf(() => store.pools.setRoles(poolId, {}, { [FB]: { Type: 'Rules', AmbiguousRoleResolution: 'Deny' } }))).toBe('InvalidParameterException');
    expect(pool.roles.size).toBe(1);
  });

  it('keep principal-tag maps per provider, defaulting to none', () => {
    const { store, poolId } = setup();
    expect(store.pools.principalTags(poolId, FB)).toEqual({ UseDefaults: false });
    store.pools.setPrincipalTags(poolId, FB, { UseDefaults: false, PrincipalTags: { user: 'sub' } });
    expect(store.pools.principalTags(poolId, FB)).toEqual({ UseDefaults: false, PrincipalTags: { user: 'sub' } });
    expect(store.pools.principalTags(poolId, GOOGLE)).toEqual({ UseDefaults: false });
  });

  it('take their identities and credentials with them when deleted', () => {
    const { store, poolId } = setup();
    const id = store.getId(poolId, undefined);
    const c = store.credentialsFor(id, undefined);
    store.deletePool(poolId);
    expect(store.poolExists(poolId)).toBe(false);
    expect(store.identityExists(poolId, id)).toBe(false);
    expect(store.lookupCredentials(c.accessKeyId)).toBeUndefined();
    expect(typeOf(() => store.describeIdentity(id))).toBe('ResourceNotFoundException');
    expect(typeOf(() => store.deletePool(poolId))).toBe('ResourceNotFoundException');
  });
});

describe('GetId', () => {
  it('mints a new guest identity per call when the pool allows guests, and refuses otherwise', () => {
    const { store, poolId } = setup();
    const a = store.getId(poolId, undefined);
    const b = store.getId(poolId, {});
    expect(a).not.toBe(b);
    expect(a).toMatch(SYNC_ID_PATTERN);
    expect(store.identityExists(poolId, a)).toBe(true);
    const closed = setup({ AllowUnauthenticatedIdentities: false });
    expect(typeOf(() => closed.store.getId(closed.poolId, undefined))).toBe('NotAuthorizedException');
  });

  it('returns the same identity for the same login, another for another user', () => {
    const { store, poolId } = setup();
    const alice = store.getId(poolId, { [FB]: 'alice' });
    expect(store.getId(poolId, { [FB]: 'alice' })).toBe(alice);
    expect(store.getId(poolId, { [FB]: 'bob' })).not.toBe(alice);
    expect(store.describeIdentity(alice).Logins).toEqual([FB]);
  });

  it('refuses providers the pool does not trust, the developer provider included', () => {
    const { store, poolId } = setup();
    expect(typeOf(() => store.getId(poolId, { 'www.amazon.com': 'x' }))).toBe('NotAuthorizedException');
    expect(typeOf(() => store.getId(poolId, { [DEV]: 'x' }))).toBe('NotAuthorizedException');
    expect(typeOf(() => store.getId('us-east-1:00000000-0000-0000-0000-000000000000', undefined))).toBe('ResourceNotFoundException');
  });

  it('links several logins, merging identities that each held one', () => {
    const { store, poolId, merges } = setup();
    const fb = store.getId(poolId, { [FB]: 'alice' });
    const google = store.getId(poolId, { [GOOGLE]: 'alice@example.com' });
    const merged = store.getId(poolId, { [FB]: 'alice', [GOOGLE]: 'alice@example.com' });
    expect(merged).toBe(fb);
    expect(merges).toEqual([[poolId, google, fb]]);
    expect(store.identityExists(poolId, google)).toBe(false);
    expect(store.describeIdentity(fb).Logins.sort()).toEqual([GOOGLE, FB].sort());
    expect(store.getId(poolId, { [GOOGLE]: 'alice@example.com' })).toBe(fb);
  });

  it('refuses to merge two users of one provider and changes nothing', () => {
    const { store, poolId, merges } = setup();
    const a = store.getId(poolId, { [FB]: 'alice', [GOOGLE]: 'g-alice' });
    const b = store.getId(poolId, { [FB]: 'bob' });
    expect(typeOf(() => store.getId(poolId, { [GOOGLE]: 'g-alice', [FB]: 'bob' }))).toBe('ResourceConflictException');
    expect(merges).toEqual([]);
    expect(store.identityExists(poolId, b)).toBe(true);
    expect(store.getId(poolId, { [FB]: 'alice' })).toBe(a);
  });
});

describe('credentials and OpenID tokens', () => {
  it('issues ASIA keys that the service recognises until they expire', () => {
    const { store, poolId, advance, now } = setup();
    const id = store.getId(poolId, undefined);
    const c = store.credentialsFor(id, undefined);
    expect(c.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.secretAccessKey).toHaveLength(40);
    expect(c.sessionToken.length).toBeGreaterThan(100);
    expect(c.expiration).toBe(now() + 3_600_000);
    expect(store.lookupCredentials(c.accessKeyId)).toEqual({
      secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, identityId: id, identityPoolId: poolId, expiration: c.expiration,
    });
    expect(store.lookupCredentials('ASIANOTISSUED0000000')).toBeUndefined();
    advance(3_599_999);
    expect(store.lookupCredentials(c.accessKeyId)).toBeDefined();
    advance(1);
    expect(store.lookupCredentials(c.accessKeyId)).toBeUndefined();
  });

  it('gives every call fresh keys', () => {
    const { store, poolId } = setup();
    const id = store.getId(poolId, undefined);
    const keys = new Set(Array.from({ length: 20 }, () => store.credentialsFor(id, undefined).accessKeyId));
    expect(keys.size).toBe(20);
  });

  it('wants a signed-in identity to show one of its logins', () => {
    const { store, poolId } = setup();
    const alice = store.getId(poolId, { [FB]: 'alice' });
    expect(typeOf(() => store.credentialsFor(alice, undefined))).toBe('NotAuthorizedException');
    expect(typeOf(() => store.credentialsFor(alice, { [FB]: 'mallory' }))).toBe('NotAuthorizedException');
    expect(store.credentialsFor(alice, { [FB]: 'alice' }).identityId).toBe(alice);
    expect(typeOf(() => store.credentialsFor('us-east-1:00000000-0000-0000-0000-000000000000', undefined))).toBe('ResourceNotFoundException');
  });

  it('refuses guests once the pool closes to them', () => {
    const { store, poolId } = setup();
    const guest = store.getId(poolId, undefined);
    store.pools.update(poolId, { IdentityPoolName: 'closed', AllowUnauthenticatedIdentities: false }, undefined);
    expect(typeOf(() => store.credentialsFor(guest, undefined))).toBe('NotAuthorizedException');
  });

  it('turns a guest into a signed-in identity when it brings a new login', () => {
    const { store, poolId, merges } = setup();
    const guest = store.getId(poolId, undefined);
    expect(store.credentialsFor(guest, { [FB]: 'carol' }).identityId).toBe(guest);
    expect(store.getId(poolId, { [FB]: 'carol' })).toBe(guest);
    expect(typeOf(() => store.credentialsFor(guest, undefined))).toBe('NotAuthorizedException');
    expect(merges).toEqual([]);
  });

  it('merges a guest into the identity that already owns the login it signs in with', () => {
    const { store, poolId, merges } = setup();
    const dave = store.getId(poolId, { [FB]: 'dave' });
    const guest = store.getId(poolId, undefined);
    const t = store.openIdToken(guest, { [FB]: 'dave' });
    expect(t.identityId).toBe(dave);
    expect(merges).toEqual([[poolId, guest, dave]]);
    expect(store.identityExists(poolId, guest)).toBe(false);
  });

  it('signs OpenID tokens for the identity, valid 10 minutes', () => {
    const { store, poolId, now } = setup();
    const guest = store.getId(poolId, undefined);
    const { token } = store.openIdToken(guest, undefined);
    const claims = claimsOf(token);
    expect(claims).toMatchObject({ iss: 'https://cognito-identity.amazonaws.com', sub: guest, aud: poolId, amr: ['unauthenticated'] });
    expect(claims.iat).toBe(Math.floor(now() / 1000));
    expect(claims.exp).toBe((claims.iat as number) + 600);
  });
});

describe('developer identities', () => {
  it('register a user once and accept the token as a cognito-identity.amazonaws.com login', () => {
    const { store, poolId } = setup();
    const first = store.developerToken(poolId, undefined, { [DEV]: 'user-1' });
    expect(store.developerToken(poolId, undefined, { [DEV]: 'user-1' }).identityId).toBe(first.identityId);
    const claims = claimsOf(first.token);
    expect(claims).toMatchObject({ sub: first.identityId, aud: poolId, amr: ['authenticated', DEV, `${DEV}:${poolId}:user-1`] });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    const c = store.credentialsFor(first.identityId, { 'cognito-identity.amazonaws.com': first.token });
    expect(c.identityId).toBe(first.identityId);
    expect(store.getId(poolId, { 'cognito-identity.amazonaws.com': first.token })).toBe(first.identityId);
    expect(store.describeIdentity(first.identityId).Logins).toEqual([DEV]);
  });

  it('refuse tampered, expired and foreign tokens', () => {
    const { store, poolId, advance } = setup();
    const { identityId, token } = store.developerToken(poolId, undefined, { [DEV]: 'user-1' }, undefined, 60);
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${Buffer.alloc(32).toString('base64url')}`;
    expect(typeOf(() => store.credentialsFor(identityId, { 'cognito-identity.amazonaws.com': forged }))).toBe('NotAuthorizedException');
    const other = setup({}, {}, 8);
    const foreign = other.store.developerToken(other.poolId, undefined, { [DEV]: 'user-1' }).token;
    expect(typeOf(() => store.credentialsFor(identityId, { 'cognito-identity.amazonaws.com': foreign }))).toBe('NotAuthorizedException');
    advance(61_000);
    expect(typeOf(() => store.credentialsFor(identityId, { 'cognito-identity.amazonaws.com': token }))).toBe('NotAuthorizedException');
  });

  it('carry principal tags and a custom duration in the token', () => {
    const { store, poolId } = setup();
    const { token } = store.developerToken(poolId, undefined, { [DEV]: 'u' }, { team: 'sync' }, 3600);
    const claims = claimsOf(token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    expect(claims['https://aws.amazon.com/tags']).toEqual({ principal_tags: { team: ['sync'] } });
  });

  it('link to a given identity, but never a user registered to another', () => {
    const { store, poolId } = setup();
    const guest = store.getId(poolId, undefined);
    expect(store.developerToken(poolId, guest, { [DEV]: 'erin' }).identityId).toBe(guest);
    const other = store.getId(poolId, undefined);
    expect(typeOf(() => store.developerToken(poolId, other, { [DEV]: 'erin' }))).toBe('DeveloperUserAlreadyRegisteredException');
    expect(typeOf(() => store.developerToken(poolId, undefined, { 'other.dev': 'erin' }))).toBe('NotAuthorizedException');
    expect(typeOf(() => store.developerToken(poolId, undefined, {}))).toBe('InvalidParameterException');
    expect(typeOf(() => store.developerToken(poolId, 'us-east-1:00000000-0000-0000-0000-000000000000', { [DEV]: 'x' }))).toBe('ResourceNotFoundException');
  });

  it('merge a public login held by another identity into the developer identity', () => {
    const { store, poolId, merges } = setup();
    const fb = store.getId(poolId, { [FB]: 'frank' });
    const dev = store.developerToken(poolId, undefined, { [DEV]: 'frank-dev' }).identityId;
    expect(store.developerToken(poolId, undefined, { [DEV]: 'frank-dev', [FB]: 'frank' }).identityId).toBe(dev);
    expect(merges).toEqual([[poolId, fb, dev]]);
  });

  it('look up users by identity or identity by user, page by page', () => {
    const { store, poolId } = setup();
    const id = store.developerToken(poolId, undefined, { [DEV]: 'u0' }).identityId;
    for (let i = 1; i < 5; i++) store.developerToken(poolId, id, { [DEV]: `u${i}` });
    expect(store.lookupDeveloper(poolId, undefined, 'u3', undefined, undefined)).toEqual({ identityId: id, users: ['u0', 'u1', 'u2', 'u3', 'u4'] });
    const first = store.lookupDeveloper(poolId, id, undefined, 2, undefined);
    expect(first.users).toEqual(['u0', 'u1']);
    const second = store.lookupDeveloper(poolId, id, undefined, 2, first.nextToken);
    const third = store.lookupDeveloper(poolId, id, undefined, 2, second.nextToken);
    expect([...second.users, ...third.users]).toEqual(['u2', 'u3', 'u4']);
    expect(third.nextToken).toBeUndefined();
    expect(store.lookupDeveloper(poolId, id, 'u1', undefined, undefined).identityId).toBe(id);
    const other = store.getId(poolId, undefined);
    expect(typeOf(() => store.lookupDeveloper(poolId, other, 'u1', undefined, undefined))).toBe('ResourceConflictException');
    expect(typeOf(() => store.lookupDeveloper(poolId, undefined, 'nobody', undefined, undefined))).toBe('ResourceNotFoundException');
    expect(typeOf(() => store.lookupDeveloper(poolId, undefined, undefined, undefined, undefined))).toBe('InvalidParameterException');
  });

  it('merge two users into the destination identity and tell Cognito Sync', () => {
    const { store, poolId, merges } = setup();
    const src = store.developerToken(poolId, undefined, { [DEV]: 'src' }).identityId;
    const dst = store.developerToken(poolId, undefined, { [DEV]: 'dst' }).identityId;
    expect(store.mergeDeveloper(poolId, DEV, 'src', 'dst')).toBe(dst);
    expect(merges).toEqual([[poolId, src, dst]]);
    expect(store.identityExists(poolId, src)).toBe(false);
    expect(store.lookupDeveloper(poolId, undefined, 'src', undefined, undefined)).toEqual({ identityId: dst, users: ['dst', 'src'] });
    expect(store.mergeDeveloper(poolId, DEV, 'src', 'dst')).toBe(dst);
    expect(merges).toHaveLength(1);
    expect(typeOf(() => store.mergeDeveloper(poolId, 'other.dev', 'src', 'dst'))).toBe('NotAuthorizedException');
    expect(typeOf(() => store.mergeDeveloper(poolId, DEV, 'ghost', 'dst'))).toBe('ResourceNotFoundException');
  });

  it('refuse a merge past 20 linked logins', () => {
    const { store, poolId, merges } = setup();
    const a = store.developerToken(poolId, undefined, { [DEV]: 'a0' }).identityId;
    for (let i = 1; i < 15; i++) store.developerToken(poolId, a, { [DEV]: `a${i}` });
    const b = store.developerToken(poolId, undefined, { [DEV]: 'b0' }).identityId;
    for (let i = 1; i < 6; i++) store.developerToken(poolId, b, { [DEV]: `b${i}` });
    expect(typeOf(() => store.mergeDeveloper(poolId, DEV, 'a0', 'b0'))).toBe('ResourceConflictException');
    expect(merges).toEqual([]);
    expect(store.identityExists(poolId, a)).toBe(true);
  });

  it('unlink a user; an identity left without logins is disabled', () => {
    const { store, poolId } = setup();
    const id = store.developerToken(poolId, undefined, { [DEV]: 'gina' }).identityId;
    const other = store.developerToken(poolId, undefined, { [DEV]: 'hank' }).identityId;
    expect(typeOf(() => store.unlinkDeveloper(poolId, other, DEV, 'gina'))).toBe('ResourceConflictException');
    store.unlinkDeveloper(poolId, id, DEV, 'gina');
    expect(typeOf(() => store.lookupDeveloper(poolId, undefined, 'gina', undefined, undefined))).toBe('ResourceNotFoundException');
    expect(typeOf(() => store.unlinkDeveloper(poolId, id, DEV, 'gina'))).toBe('ResourceNotFoundException');
    expect(typeOf(() => store.credentialsFor(id, undefined))).toBe('NotAuthorizedException');
    expect(store.listIdentities(poolId, 60, undefined, true).identities.map((i) => i.IdentityId)).toEqual([other]);
    expect(store.listIdentities(poolId, 60, undefined, false).identities.map((i) => i.IdentityId)).toEqual([id, other]);
    expect(store.developerToken(poolId, undefined, { [DEV]: 'gina' }).identityId).not.toBe(id);
  });
});

describe('identities', () => {
  it('unlink public logins only for a caller that shows them', () => {
    const { store, poolId } = setup();
    const id = store.getId(poolId, { [FB]: 'ivy', [GOOGLE]: 'g-ivy' });
    expect(typeOf(() => store.unlinkIdentity(id, { [FB]: 'mallory' }, [FB]))).toBe('NotAuthorizedException');
    expect(typeOf(() => store.unlinkIdentity(id, {}, [FB]))).toBe('NotAuthorizedException');
    store.unlinkIdentity(id, { [GOOGLE]: 'g-ivy' }, [FB, 'www.amazon.com']);
    expect(store.describeIdentity(id).Logins).toEqual([GOOGLE]);
    expect(store.getId(poolId, { [FB]: 'ivy' })).not.toBe(id);
  });

  it('list page by page in creation order, and describe with dates in seconds', () => {
    const { store, poolId, advance } = setup();
    const ids = Array.from({ length: 5 }, () => {
      advance(1500);
      return store.getId(poolId, undefined);
    });
    const seen: string[] = [];
    let token: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = store.listIdentities(poolId, 2, token, false);
      seen.push(...page.identities.map((i) => i.IdentityId));
      token = page.nextToken;
      if (!token) break;
    }
    expect(seen).toEqual(ids);
    const d = store.describeIdentity(ids[0]!);
    expect(d.CreationDate).toBe(1_767_225_601.5);
    expect(d.LastModifiedDate).toBe(d.CreationDate);
    const other = store.pools.create({ IdentityPoolName: 'o', AllowUnauthenticatedIdentities: true }).id;
    expect(typeOf(() => store.listIdentities(other, 2, store.listIdentities(poolId, 2, undefined, false).nextToken, false))).toBe('InvalidParameterException');
  });

  it('delete what exists and say nothing of the rest', () => {
    const { store, poolId } = setup();
    const a = store.getId(poolId, { [FB]: 'jo' });
    const b = store.getId(poolId, undefined);
    expect(store.deleteIdentities([a, 'us-east-1:00000000-0000-0000-0000-000000000000'])).toEqual([]);
    expect(store.identityExists(poolId, a)).toBe(false);
    expect(store.identityExists(poolId, b)).toBe(true);
    expect(store.getId(poolId, { [FB]: 'jo' })).not.toBe(a);
  });

  it('exist only in their own pool', () => {
    const { store, poolId } = setup();
    const other = store.pools.create({ IdentityPoolName: 'o', AllowUnauthenticatedIdentities: true }).id;
    const id = store.getId(poolId, undefined);
    expect(store.identityExists(poolId, id)).toBe(true);
    expect(store.identityExists(other, id)).toBe(false);
  });
});
