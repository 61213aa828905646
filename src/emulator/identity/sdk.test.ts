// Wire compatibility with the real @aws-sdk/client-cognito-identity: all 23
// operations round-trip through a throwaway loopback server around the
// service, and errors arrive as the SDK's own exception classes.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as ci from '@aws-sdk/client-cognito-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOperationNames } from '../../model/identity-operations.ts';
import { createIdentityService } from './service.ts';

const DEV = 'login.harness';
const FB = 'graph.facebook.com';
const MISSING = 'us-east-1:00000000-0000-0000-0000-000000000000';

const merges: string[][] = [];
const svc = createIdentityService({ accountId: '123456789012', maxPools: 5, onMerge: (...m) => merges.push(m) });
const seen = new Set<string>();
let server: Server;
let client: ci.CognitoIdentityClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      const [path = '/', query = ''] = (req.url ?? '/').split('?');
      void svc.handle({ method: req.method ?? 'GET', path, query, headers, body: Buffer.concat(chunks) }).then((r) => res.writeHead(r.status, r.headers).end(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new ci.CognitoIdentityClient({
    endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLEHARNESS01', secretAccessKey: 'not-a-real-secret-key-for-the-harness01' },
  });
  client.middlewareStack.add((next, context) => (args) => {
    seen.add(context.commandName!.replace(/Command$/, ''));
    return next(args);
  }, { step: 'initialize' });
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!(e instanceof Error)) throw new Error('expected the call to fail');
  return e;
}

describe('Cognito Identity through @aws-sdk/client-cognito-identity', () => {
  let poolId: string;
  let arn: string;

  it('creates, describes, updates and lists pools', async () => {
    const pool = await client.send(new ci.CreateIdentityPoolCommand({
      IdentityPoolName: 'sdk pool', AllowUnauthenticatedIdentities: true, DeveloperProviderName: DEV,
      SupportedLoginProviders: { [FB]: '1234' }, IdentityPoolTags: { team: 'sync' },
    }));
    poolId = pool.IdentityPoolId!;
    arn = svc.poolArn(poolId);
    expect(poolId).toMatch(/^us-east-1:[0-9a-f-]+$/);
    const described = await client.send(new ci.DescribeIdentityPoolCommand({ IdentityPoolId: poolId }));
    expect(described).toMatchObject({ IdentityPoolName: 'sdk pool', DeveloperProviderName: DEV, IdentityPoolTags: { team: 'sync' } });
    const updated = await client.send(new ci.UpdateIdentityPoolCommand({
      IdentityPoolId: poolId, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: true, SupportedLoginProviders: { [FB]: '1234' },
    }));
    expect(updated).toMatchObject({ IdentityPoolName: 'renamed', DeveloperProviderName: DEV });
    const second = await client.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: 'second', AllowUnauthenticatedIdentities: false }));
    const page1 = await client.send(new ci.ListIdentityPoolsCommand({ MaxResults: 1 }));
    const page2 = await client.send(new ci.ListIdentityPoolsCommand({ MaxResults: 1, NextToken: page1.NextToken }));
    expect([...page1.IdentityPools!, ...page2.IdentityPools!].map((p) => p.IdentityPoolId)).toEqual([poolId, second.IdentityPoolId]);
    expect(page2.NextToken).toBeUndefined();
    await client.send(new ci.DeleteIdentityPoolCommand({ IdentityPoolId: second.IdentityPoolId }));
  });

  it('tags pools, sets roles and principal-tag maps', async () => {
    await client.send(new ci.TagResourceCommand({ ResourceArn: arn, Tags: { env: 'ci' } }));
    await client.send(new ci.UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    expect((await client.send(new ci.ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ env: 'ci' });
    const role = 'arn:aws:iam::123456789012:role/harness-auth';
    await client.send(new ci.SetIdentityPoolRolesCommand({
      IdentityPoolId: poolId, Roles: { authenticated: role },
      RoleMappings: { [FB]: { Type: 'Rules', AmbiguousRoleResolution: 'Deny', RulesConfiguration: { Rules: [{ Claim: 'tier', MatchType: 'Equals', Value: 'gold', RoleARN: role }] } } },
    }));
    const roles = await client.send(new ci.GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));
    expect(roles.Roles).toEqual({ authenticated: role });
    expect(roles.RoleMappings?.[FB]?.RulesConfiguration?.Rules?.[0]?.Claim).toBe('tier');
    const set = await client.send(new ci.SetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: FB, UseDefaults: false, PrincipalTags: { user: 'sub' } }));
    expect(set.PrincipalTags).toEqual({ user: 'sub' });
    const got = await client.send(new ci.GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: FB }));
    expect(got).toMatchObject({ IdentityPoolId: poolId, IdentityProviderName: FB, UseDefaults: false, PrincipalTags: { user: 'sub' } });
  });

  it('mints identities, OpenID tokens and temporary credentials the service recognises', async () => {
    const { IdentityId } = await client.send(new ci.GetIdCommand({ IdentityPoolId: poolId }));
    const creds = await client.send(new ci.GetCredentialsForIdentityCommand({ IdentityId }));
    expect(creds.IdentityId).toBe(IdentityId);
    expect(creds.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(creds.Credentials?.Expiration).toBeInstanceOf(Date);
    const issued = svc.lookupCredentials(creds.Credentials!.AccessKeyId!);
    expect(issued).toMatchObject({ identityId: IdentityId, identityPoolId: poolId, secretAccessKey: creds.Credentials!.SecretKey, sessionToken: creds.Credentials!.SessionToken });
    expect(Math.floor(issued!.expiration / 1000)).toBe(creds.Credentials!.Expiration!.getTime() / 1000);
    const token = await client.send(new ci.GetOpenIdTokenCommand({ IdentityId }));
    expect(token.Token?.split('.')).toHaveLength(3);

    const alice = await client.send(new ci.GetIdCommand({ IdentityPoolId: poolId, Logins: { [FB]: 'alice' } }));
    expect((await client.send(new ci.GetIdCommand({ IdentityPoolId: poolId, Logins: { [FB]: 'alice' } }))).IdentityId).toBe(alice.IdentityId);
    const described = await client.send(new ci.DescribeIdentityCommand({ IdentityId: alice.IdentityId }));
    expect(described.Logins).toEqual([FB]);
    expect(described.CreationDate).toBeInstanceOf(Date);
    const listed = await client.send(new ci.ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 60 }));
    expect(listed.Identities?.map((i) => i.IdentityId)).toEqual([IdentityId, alice.IdentityId]);
    await client.send(new ci.UnlinkIdentityCommand({ IdentityId: alice.IdentityId, Logins: { [FB]: 'alice' }, LoginsToRemove: [FB] }));
    expect((await client.send(new ci.DescribeIdentityCommand({ IdentityId: alice.IdentityId }))).Logins).toEqual([]);
    const deleted = await client.send(new ci.DeleteIdentitiesCommand({ IdentityIdsToDelete: [IdentityId!, MISSING] }));
    expect(deleted.UnprocessedIdentityIds).toEqual([]);
    expect(svc.lookupCredentials(creds.Credentials!.AccessKeyId!)).toBeUndefined();
    expect(await rejection(client.send(new ci.DescribeIdentityCommand({ IdentityId })))).toBeInstanceOf(ci.ResourceNotFoundException);
  });

  it('registers, looks up, merges and unlinks developer identities', async () => {
    const a = await client.send(new ci.GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEV]: 'dev-a' }, TokenDuration: 300 }));
    const b = await client.send(new ci.GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEV]: 'dev-b' } }));
    expect(a.IdentityId).not.toBe(b.IdentityId);
    const viaToken = await client.send(new ci.GetCredentialsForIdentityCommand({ IdentityId: a.IdentityId, Logins: { 'cognito-identity.amazonaws.com': a.Token! } }));
    expect(svc.lookupCredentials(viaToken.Credentials!.AccessKeyId!)?.identityId).toBe(a.IdentityId);
    expect(await client.send(new ci.LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: 'dev-a' })))
      .toMatchObject({ IdentityId: a.IdentityId, DeveloperUserIdentifierList: ['dev-a'] });
    const merged = await client.send(new ci.MergeDeveloperIdentitiesCommand({
      IdentityPoolId: poolId, DeveloperProviderName: DEV, SourceUserIdentifier: 'dev-a', DestinationUserIdentifier: 'dev-b',
    }));
    expect(merged.IdentityId).toBe(b.IdentityId);
    expect(merges).toEqual([[poolId, a.IdentityId, b.IdentityId]]);
    expect(svc.identityExists(poolId, a.IdentityId!)).toBe(false);
    await client.send(new ci.UnlinkDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: b.IdentityId, DeveloperProviderName: DEV, DeveloperUserIdentifier: 'dev-a' }));
    expect((await client.send(new ci.LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: b.IdentityId }))).DeveloperUserIdentifierList).toEqual(['dev-b']);
  });

  it('delivers errors as the SDK exception classes, with their HTTP statuses', async () => {
    const cases: [() => Promise<unknown>, abstract new (...args: never[]) => Error, number][] = [
      [() => client.send(new ci.DescribeIdentityPoolCommand({ IdentityPoolId: MISSING })), ci.ResourceNotFoundException, 404],
      [() => client.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: 'bad/name', AllowUnauthenticatedIdentities: true })), ci.InvalidParameterException, 400],
      [() => client.send(new ci.GetIdCommand({ IdentityPoolId: poolId, Logins: { 'www.amazon.com': 'x' } })), ci.NotAuthorizedException, 403],
      [() => client.send(new ci.LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: MISSING.replace('0000-0000-0000-000000000000', '0000-0000-0000-000000000001'), DeveloperUserIdentifier: 'dev-b' })), ci.ResourceNotFoundException, 404],
      [() => client.send(new ci.GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: {} })), ci.InvalidParameterException, 400],
    ];
    const other = await client.send(new ci.GetIdCommand({ IdentityPoolId: poolId }));
    cases.push([() => client.send(new ci.LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: other.IdentityId, DeveloperUserIdentifier: 'dev-b' })), ci.ResourceConflictException, 409]);
    cases.push([() => client.send(new ci.GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: other.IdentityId, Logins: { [DEV]: 'dev-b' } })), ci.DeveloperUserAlreadyRegisteredException, 400]);
    const closed = await client.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: 'closed', AllowUnauthenticatedIdentities: false }));
    cases.push([() => client.send(new ci.GetIdCommand({ IdentityPoolId: closed.IdentityPoolId })), ci.NotAuthorizedException, 403]);
    for (const [call, type, status] of cases) {
      const e = await rejection(call());
      expect(e, e.name).toBeInstanceOf(type);
      expect((e as ci.CognitoIdentityServiceException).$metadata.httpStatusCode, e.name).toBe(status);
      expect(e.message.length).toBeGreaterThan(0);
    }
    for (let i = 0; i < 5 && svc.listPoolIds().length < 5; i++) {
      await client.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: `filler ${i}`, AllowUnauthenticatedIdentities: true }));
    }
    expect(await rejection(client.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: 'one too many', AllowUnauthenticatedIdentities: true }))))
      .toBeInstanceOf(ci.LimitExceededException);
  });

  it('has round-tripped every one of the 23 operations', () => {
    expect([...seen].sort()).toEqual([...identityOperationNames].sort());
    expect(seen.size).toBe(23);
  });
});
