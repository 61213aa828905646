// The real @aws-sdk/client-cognito-identity round-trips all 23 operations
// against the embedded emulator (SigV4 on), and errors arrive as the SDK's
// exception classes.

import * as ci from '@aws-sdk/client-cognito-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedEmulator } from '../../target/embedded.ts';
import { DEVELOPER_CREDENTIALS } from '../../target/developer-credentials.ts';
import type { RunningEmulator } from '../index.ts';
import { identityModel } from './model.ts';

let running: RunningEmulator;
let dev: ci.CognitoIdentityClient;
const seen = new Set<string>();

beforeAll(async () => {
  running = await startEmbeddedEmulator({});
  dev = new ci.CognitoIdentityClient({ endpoint: running.url, region: 'us-east-1', credentials: DEVELOPER_CREDENTIALS, maxAttempts: 1 });
  dev.middlewareStack.add((next, context) => (args) => {
    seen.add(context.commandName!.replace(/Command$/, ''));
    return next(args);
  }, { step: 'initialize' });
});
afterAll(async () => {
  await running.close();
  expect([...seen].sort()).toEqual(Object.keys(identityModel.operations).sort());
  expect(seen.size).toBe(23);
});

describe('Cognito Identity through the SDK', () => {
  let poolId: string;

  it('manages pools: create, describe, update, list, tags, roles, principal tags', async () => {
    const pool = await dev.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: 'harness pool', AllowUnauthenticatedIdentities: true, DeveloperProviderName: 'login.harness', IdentityPoolTags: { team: 'sync' } }));
    poolId = pool.IdentityPoolId!;
    expect(poolId).toMatch(/^us-east-1:[0-9a-f-]+$/);
    expect((await dev.send(new ci.DescribeIdentityPoolCommand({ IdentityPoolId: poolId }))).IdentityPoolTags).toEqual({ team: 'sync' });
    const updated = await dev.send(new ci.UpdateIdentityPoolCommand({ IdentityPoolId: poolId, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: true, DeveloperProviderName: 'login.harness' }));
    expect(updated.IdentityPoolName).toBe('renamed');
    const listed = await dev.send(new ci.ListIdentityPoolsCommand({ MaxResults: 10 }));
    expect(listed.IdentityPools?.map((p) => p.IdentityPoolId)).toContain(poolId);
    const arn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${poolId}`;
    await dev.send(new ci.TagResourceCommand({ ResourceArn: arn, Tags: { env: 'ci' } }));
    await dev.send(new ci.UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    expect((await dev.send(new ci.ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ env: 'ci' });
    await dev.send(new ci.SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { unauthenticated: 'arn:aws:iam::000000000000:role/unauth' } }));
    expect((await dev.send(new ci.GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }))).Roles).toEqual({ unauthenticated: 'arn:aws:iam::000000000000:role/unauth' });
    await dev.send(new ci.SetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: 'login.harness', UseDefaults: false, PrincipalTags: { user: 'sub' } }));
    expect((await dev.send(new ci.GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: 'login.harness' }))).PrincipalTags).toEqual({ user: 'sub' });
  });

  it('mints identities and temporary credentials', async () => {
    const { IdentityId } = await dev.send(new ci.GetIdCommand({ IdentityPoolId: poolId }));
    const creds = await dev.send(new ci.GetCredentialsForIdentityCommand({ IdentityId }));
    expect(creds.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(creds.Credentials?.Expiration).toBeInstanceOf(Date);
    const token = await dev.send(new ci.GetOpenIdTokenCommand({ IdentityId }));
    expect(token.Token?.split('.')).toHaveLength(3);
    expect((await dev.send(new ci.DescribeIdentityCommand({ IdentityId }))).IdentityId).toBe(IdentityId);
    const list = await dev.send(new ci.ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 10 }));
    expect(list.Identities?.map((i) => i.IdentityId)).toContain(IdentityId);
    const del = await dev.send(new ci.DeleteIdentitiesCommand({ IdentityIdsToDelete: [IdentityId!, 'us-east-1:00000000-0000-0000-0000-000000000000'] }));
    expect(del.UnprocessedIdentityIds).toEqual([{ IdentityId: 'us-east-1:00000000-0000-0000-0000-000000000000', ErrorCode: 'IdentityNotFound' }]);
    await expect(dev.send(new ci.DescribeIdentityCommand({ IdentityId }))).rejects.toBeInstanceOf(ci.ResourceNotFoundException);
  });

  it('links, looks up, merges and unlinks developer identities', async () => {
    const a = await dev.send(new ci.GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { 'login.harness': 'alice' } }));
    const b = await dev.send(new ci.GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { 'login.harness': 'bob' } }));
    expect(a.IdentityId).not.toBe(b.IdentityId);
    const found = await dev.send(new ci.LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, DeveloperUserIdentifier: 'alice' }));
    expect(found).toMatchObject({ IdentityId: a.IdentityId, DeveloperUserIdentifierList: ['alice'] });
    const merged = await dev.send(new ci.MergeDeveloperIdentitiesCommand({ IdentityPoolId: poolId, DeveloperProviderName: 'login.harness', SourceUserIdentifier: 'alice', DestinationUserIdentifier: 'bob' }));
    expect(merged.IdentityId).toBe(b.IdentityId);
    await dev.send(new ci.UnlinkDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: b.IdentityId, DeveloperProviderName: 'login.harness', DeveloperUserIdentifier: 'alice' }));
    const { IdentityId } = await dev.send(new ci.GetIdCommand({ IdentityPoolId: poolId }));
    await dev.send(new ci.UnlinkIdentityCommand({ IdentityId, Logins: {}, LoginsToRemove: ['graph.facebook.com'] }));
  });

  it('answers errors as the SDK exception classes', async () => {
    await expect(dev.send(new ci.DescribeIdentityPoolCommand({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' }))).rejects.toBeInstanceOf(ci.ResourceNotFoundException);
    await expect(dev.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: 'bad/name', AllowUnauthenticatedIdentities: true }))).rejects.toBeInstanceOf(ci.InvalidParameterException);
    const closed = await dev.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: 'closed', AllowUnauthenticatedIdentities: false }));
    await expect(dev.send(new ci.GetIdCommand({ IdentityPoolId: closed.IdentityPoolId }))).rejects.toBeInstanceOf(ci.NotAuthorizedException);
    await dev.send(new ci.DeleteIdentityPoolCommand({ IdentityPoolId: closed.IdentityPoolId }));
    await expect(dev.send(new ci.DescribeIdentityPoolCommand({ IdentityPoolId: closed.IdentityPoolId }))).rejects.toBeInstanceOf(ci.ResourceNotFoundException);
  });

  it('refuses developer-only operations to unsigned or wrongly signed callers', async () => {
    const stranger = new ci.CognitoIdentityClient({ endpoint: running.url, region: 'us-east-1', credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'x' }, maxAttempts: 1 });
    const err = await stranger.send(new ci.ListIdentityPoolsCommand({ MaxResults: 1 })).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('UnrecognizedClientException');
  });
});
