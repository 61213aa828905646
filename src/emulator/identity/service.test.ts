// The awsJson1.1 wire handler: request reading, error documents and
// statuses, and every success body checked against the model's output shape.

import { describe, expect, it } from 'vitest';
import { identityOperations, type IdentityOperationName } from '../../model/identity-operations.ts';
import { createIdentityService, type IdentityResponse } from './service.ts';
import { findProblems, type Problem } from './validate.ts';

type Service = ReturnType<typeof createIdentityService>;

function request(target: string | undefined, body: string | Uint8Array, method = 'POST') {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target !== undefined) headers['x-amz-target'] = target;
  return { method, path: '/', query: '', headers, body: typeof body === 'string' ? Buffer.from(body) : body };
}

/** Calls an operation; checks the response against the model, whatever it is. */
async function call(svc: Service, op: IdentityOperationName, input: unknown): Promise<{ res: IdentityResponse; json: Record<string, unknown> }> {
  const res = await svc.handle(request(`AWSCognitoIdentityService.${op}`, JSON.stringify(input)));
  const json = JSON.parse(res.body) as Record<string, unknown>;
  expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  const row = identityOperations.get(op)!;
  if (res.status === 200) {
    const problems: Problem[] = [];
    if (row.output) findProblems(row.output, json, '', problems);
    else expect(json).toEqual({});
    expect(problems, `${op} output`).toEqual([]);
  } else {
    expect(typeof json.__type).toBe('string');
    expect(typeof json.message).toBe('string');
    // Spelled exactly as AWS does: the Android SDK reads the header case-sensitively.
    expect(res.headers['x-amzn-ErrorType']).toBe(json.__type);
    expect([...row.errors, 'SerializationException'], `${op} answered ${json.__type}`).toContain(json.__type);
  }
  return { res, json };
}

async function ok(svc: Service, op: IdentityOperationName, input: unknown): Promise<Record<string, unknown>> {
  const { res, json } = await call(svc, op, input);
  expect(res.status, `${op}: ${res.body}`).toBe(200);
  return json;
}

async function failure(svc: Service, op: IdentityOperationName, input: unknown): Promise<[number, unknown]> {
  const { res, json } = await call(svc, op, input);
  return [res.status, json.__type];
}

const DEV = 'login.harness';
const FB = 'graph.facebook.com';

describe('the wire', () => {
  it('answers unreadable requests with typed 400s', async () => {
    const svc = createIdentityService();
    const cases: [ReturnType<typeof request>, string][] = [
      [request('AWSCognitoIdentityService.GetId', '{"IdentityPoolId":'), 'SerializationException'],
      [request('AWSCognitoIdentityService.GetId', Uint8Array.from([0x7b, 0xff, 0x7d])), 'SerializationException'],
      [request('AWSCognitoIdentityService.GetId', '[1,2]'), 'SerializationException'],
      [request('AWSCognitoIdentityService.GetId', 'null'), 'SerializationException'],
      [request('AWSCognitoIdentityService.GetId', '{"IdentityPoolId":["x"]}'), 'SerializationException'],
      [request('AWSCognitoIdentityService.GetId', ''), 'InvalidParameterException'],
      [request('AWSCognitoIdentityService.Nope', '{}'), 'UnknownOperationException'],
      [request(undefined, '{}'), 'UnknownOperationException'],
      [request('AWSCognitoSyncService.ListDatasets', '{}'), 'UnknownOperationException'],
      [request('AWSCognitoIdentityService.GetId', '{}', 'GET'), 'UnknownOperationException'],
      [request('AWSCognitoIdentityService.GetId', `{"IdentityPoolId":${'['.repeat(100_000)}${']'.repeat(100_000)}}`), 'SerializationException'],
    ];
    for (const [req, type] of cases) {
      const res = await svc.handle(req);
      expect(res.status, type).toBe(400);
      expect(JSON.parse(res.body).__type).toBe(type);
    }
  });

  it('ignores unknown members however deep they nest', async () => {
    const svc = createIdentityService();
    const deep = `{"IdentityPoolId":"us-east-1:0","Extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const res = await svc.handle(request('AWSCognitoIdentityService.DescribeIdentityPool', deep));
    expect([res.status, JSON.parse(res.body).__type]).toEqual([404, 'ResourceNotFoundException']);
  });

  it('maps errors to their AWS statuses', async () => {
    const svc = createIdentityService();
    const missing = 'us-east-1:00000000-0000-0000-0000-000000000000';
    expect(await failure(svc, 'DescribeIdentityPool', { IdentityPoolId: missing })).toEqual([404, 'ResourceNotFoundException']);
    const closed = await ok(svc, 'CreateIdentityPool', { IdentityPoolName: 'closed', AllowUnauthenticatedIdentities: false });
    expect(await failure(svc, 'GetId', { IdentityPoolId: closed.IdentityPoolId })).toEqual([403, 'NotAuthorizedException']);
    const pool = await ok(svc, 'CreateIdentityPool', { IdentityPoolName: 'dev', AllowUnauthenticatedIdentities: true, DeveloperProviderName: DEV });
    const a = await ok(svc, 'GetOpenIdTokenForDeveloperIdentity', { IdentityPoolId: pool.IdentityPoolId, Logins: { [DEV]: 'a' } });
    const b = await ok(svc, 'GetOpenIdTokenForDeveloperIdentity', { IdentityPoolId: pool.IdentityPoolId, Logins: { [DEV]: 'b' } });
    expect(await failure(svc, 'LookupDeveloperIdentity', { IdentityPoolId: pool.IdentityPoolId, IdentityId: b.IdentityId, DeveloperUserIdentifier: 'a' }))
      .toEqual([409, 'ResourceConflictException']);
    expect(await failure(svc, 'GetOpenIdTokenForDeveloperIdentity', { IdentityPoolId: pool.IdentityPoolId, IdentityId: a.IdentityId, Logins: { [DEV]: 'b' } }))
      .toEqual([400, 'DeveloperUserAlreadyRegisteredException']);
    expect(await failure(svc, 'CreateIdentityPool', { IdentityPoolName: 'bad/name', AllowUnauthenticatedIdentities: true })).toEqual([400, 'InvalidParameterException']);
  });

  it('serves all 23 operations with bodies that match the model', async () => {
    const merges: string[][] = [];
    const svc = createIdentityService({ region: 'eu-west-1', accountId: '123456789012', onMerge: (...m) => merges.push(m) });
    const pool = await ok(svc, 'CreateIdentityPool', {
      IdentityPoolName: 'wire pool', AllowUnauthenticatedIdentities: true, DeveloperProviderName: DEV,
      SupportedLoginProviders: { [FB]: '1234' }, IdentityPoolTags: { team: 'sync' }, AllowClassicFlow: null,
    });
    const poolId = pool.IdentityPoolId as string;
    expect(poolId).toMatch(/^eu-west-1:[0-9a-f-]{36}$/);
    expect(pool).not.toHaveProperty('AllowClassicFlow');
    expect(await ok(svc, 'DescribeIdentityPool', { IdentityPoolId: poolId })).toEqual(pool);
    const updated = await ok(svc, 'UpdateIdentityPool', { IdentityPoolId: poolId, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: true, SupportedLoginProviders: { [FB]: '1234' } });
    expect(updated).toMatchObject({ IdentityPoolName: 'renamed', DeveloperProviderName: DEV, IdentityPoolTags: { team: 'sync' } });
    expect((await ok(svc, 'ListIdentityPools', { MaxResults: 60 })).IdentityPools).toEqual([{ IdentityPoolId: poolId, IdentityPoolName: 'renamed' }]);

    const arn = svc.poolArn(poolId);
    expect(arn).toBe(`arn:aws:cognito-identity:eu-west-1:123456789012:identitypool/${poolId}`);
    await ok(svc, 'TagResource', { ResourceArn: arn, Tags: { env: 'ci' } });
    await ok(svc, 'UntagResource', { ResourceArn: arn, TagKeys: ['team'] });
    expect(await ok(svc, 'ListTagsForResource', { ResourceArn: arn })).toEqual({ Tags: { env: 'ci' } });

    const role = 'arn:aws:iam::123456789012:role/unauth';
    await ok(svc, 'SetIdentityPoolRoles', { IdentityPoolId: poolId, Roles: { unauthenticated: role } });
    expect(await ok(svc, 'GetIdentityPoolRoles', { IdentityPoolId: poolId })).toEqual({ IdentityPoolId: poolId, Roles: { unauthenticated: role } });
    const tags = { IdentityPoolId: poolId, IdentityProviderName: FB, UseDefaults: false, PrincipalTags: { user: 'sub' } };
    expect(await ok(svc, 'SetPrincipalTagAttributeMap', tags)).toEqual(tags);
    expect(await ok(svc, 'GetPrincipalTagAttributeMap', { IdentityPoolId: poolId, IdentityProviderName: FB })).toEqual(tags);

    const guest = (await ok(svc, 'GetId', { IdentityPoolId: poolId })).IdentityId as string;
    const creds = await ok(svc, 'GetCredentialsForIdentity', { IdentityId: guest });
    const c = creds.Credentials as Record<string, unknown>;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    expect(Number.isInteger(c.Expiration)).toBe(true);
    expect(svc.lookupCredentials(c.AccessKeyId as string)).toMatchObject({ identityId: guest, identityPoolId: poolId, secretAccessKey: c.SecretKey, sessionToken: c.SessionToken });
    expect(Math.floor(svc.lookupCredentials(c.AccessKeyId as string)!.expiration / 1000)).toBe(c.Expiration);
    expect((await ok(svc, 'GetOpenIdToken', { IdentityId: guest })).IdentityId).toBe(guest);

    const fb = (await ok(svc, 'GetId', { IdentityPoolId: poolId, Logins: { [FB]: 'kim' } })).IdentityId as string;
    const dev = await ok(svc, 'GetOpenIdTokenForDeveloperIdentity', { IdentityPoolId: poolId, Logins: { [DEV]: 'kim-dev' }, TokenDuration: 120 });
    const other = await ok(svc, 'GetOpenIdTokenForDeveloperIdentity', { IdentityPoolId: poolId, Logins: { [DEV]: 'kim-old' } });
    expect(await ok(svc, 'LookupDeveloperIdentity', { IdentityPoolId: poolId, DeveloperUserIdentifier: 'kim-dev' }))
      .toEqual({ IdentityId: dev.IdentityId, DeveloperUserIdentifierList: ['kim-dev'] });
    expect(await ok(svc, 'MergeDeveloperIdentities', { IdentityPoolId: poolId, DeveloperProviderName: DEV, SourceUserIdentifier: 'kim-old', DestinationUserIdentifier: 'kim-dev' }))
      .toEqual({ IdentityId: dev.IdentityId });
    expect(merges).toEqual([[poolId, other.IdentityId, dev.IdentityId]]);
    await ok(svc, 'UnlinkDeveloperIdentity', { IdentityPoolId: poolId, IdentityId: dev.IdentityId, DeveloperProviderName: DEV, DeveloperUserIdentifier: 'kim-old' });
    await ok(svc, 'UnlinkIdentity', { IdentityId: fb, Logins: { [FB]: 'kim' }, LoginsToRemove: [FB] });
    expect((await ok(svc, 'DescribeIdentity', { IdentityId: fb })).Logins).toEqual([]);

    const listed = await ok(svc, 'ListIdentities', { IdentityPoolId: poolId, MaxResults: 60, HideDisabled: true });
    expect((listed.Identities as { IdentityId: string }[]).map((i) => i.IdentityId)).toEqual([guest, dev.IdentityId]);
    expect(await ok(svc, 'DeleteIdentities', { IdentityIdsToDelete: [guest] })).toEqual({ UnprocessedIdentityIds: [] });
    expect(svc.identityExists(poolId, guest)).toBe(false);
    expect(svc.lookupCredentials(c.AccessKeyId as string)).toBeUndefined();
    expect(svc.listPoolIds()).toEqual([poolId]);
    await ok(svc, 'DeleteIdentityPool', { IdentityPoolId: poolId });
    expect(svc.poolExists(poolId)).toBe(false);
    expect(svc.listPoolIds()).toEqual([]);
  });

  it('keeps user-chosen keys such as __proto__ as plain data', async () => {
    const svc = createIdentityService();
    const body = '{"IdentityPoolName":"p","AllowUnauthenticatedIdentities":true,"SupportedLoginProviders":{"__proto__":"app"},"IdentityPoolTags":{"__proto__":"v","constructor":"c"}}';
    const res = await svc.handle(request('AWSCognitoIdentityService.CreateIdentityPool', body));
    expect(res.status).toBe(200);
    const pool = JSON.parse(res.body);
    expect(Object.keys(pool.SupportedLoginProviders)).toEqual(['__proto__']);
    expect(Object.keys(pool.IdentityPoolTags)).toEqual(['__proto__', 'constructor']);
    const id = await svc.handle(request('AWSCognitoIdentityService.GetId', JSON.stringify({ IdentityPoolId: pool.IdentityPoolId, Logins: JSON.parse('{"__proto__":"tok"}') })));
    expect(id.status).toBe(200);
    expect(({} as Record<string, unknown>).app).toBeUndefined();
  });

  it('reproduces IDs and secrets from an injected random source', async () => {
    const make = () => {
      let x = 0;
      return createIdentityService({ random: () => (x = (x * 9301 + 49297) % 233280) / 233280, clock: { now: () => 1_767_225_600_000 } });
    };
    const [s1, s2] = [make(), make()];
    const input = { IdentityPoolName: 'p', AllowUnauthenticatedIdentities: true };
    const p1 = await ok(s1, 'CreateIdentityPool', input);
    const p2 = await ok(s2, 'CreateIdentityPool', input);
    expect(p1.IdentityPoolId).toBe(p2.IdentityPoolId);
    const i1 = await ok(s1, 'GetId', { IdentityPoolId: p1.IdentityPoolId });
    const c1 = await ok(s1, 'GetCredentialsForIdentity', { IdentityId: i1.IdentityId });
    const i2 = await ok(s2, 'GetId', { IdentityPoolId: p2.IdentityPoolId });
    const c2 = await ok(s2, 'GetCredentialsForIdentity', { IdentityId: i2.IdentityId });
    expect(c1).toEqual(c2);
  });

  it('turns an unexpected failure into a 500 InternalErrorException and reports it', async () => {
    const reported: unknown[] = [];
    const svc = createIdentityService({
      onMerge: () => {
        throw new Error('sync store failed');
      },
      onInternalError: (e) => reported.push(e),
    });
    const pool = await ok(svc, 'CreateIdentityPool', { IdentityPoolName: 'p', AllowUnauthenticatedIdentities: true, DeveloperProviderName: DEV });
    await ok(svc, 'GetOpenIdTokenForDeveloperIdentity', { IdentityPoolId: pool.IdentityPoolId, Logins: { [DEV]: 'a' } });
    await ok(svc, 'GetOpenIdTokenForDeveloperIdentity', { IdentityPoolId: pool.IdentityPoolId, Logins: { [DEV]: 'b' } });
    const res = await svc.handle(request('AWSCognitoIdentityService.MergeDeveloperIdentities', JSON.stringify({
      IdentityPoolId: pool.IdentityPoolId, DeveloperProviderName: DEV, SourceUserIdentifier: 'a', DestinationUserIdentifier: 'b',
    })));
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ __type: 'InternalErrorException', message: 'An internal error occurred.' });
    expect(reported).toHaveLength(1);
  });
});
