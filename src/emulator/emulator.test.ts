// The composed emulator over a real socket: error headers spelled as AWS
// spells them, credential expiry, --auth off keeping caller kinds, and the
// operator endpoints. Requests are made with node:http, whose rawHeaders keep
// the header names exactly as the server wrote them (fetch lower-cases them).

import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest } from '../client/request.ts';
import type { OperationName } from '../model/operations.ts';
import { createRouter } from '../model/routes.ts';
import { nodeCrypto } from '../sigv4/crypto-node.ts';
import { sign } from '../sigv4/index.ts';
import { DEVELOPER_CREDENTIALS, startEmulator, type RunningEmulator } from './index.ts';
import { OPERATOR_PREFIX } from './operator.ts';

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type Answer = { status: number; rawNames: string[]; header(name: string): string | undefined; json: Record<string, unknown> };

const START = Date.UTC(2026, 0, 1, 12);
const HOUR = 60 * 60 * 1000;
const APP_ARN = 'arn:aws:sns:us-east-1:000000000000:app/GCM/harness';

/** A client of one emulator: signs with SigV4 at the emulator's clock, or sends an unsigned Authorization naming a key. */
function clientOf(running: () => RunningEmulator, now: () => number, signed: boolean) {
  function send(method: string, path: string, headers: Record<string, string>, body: string): Promise<Answer> {
    const url = new URL(running().url);
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method, path, headers, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          const rawNames = res.rawHeaders.filter((_, i) => i % 2 === 0);
          resolve({
            status: res.statusCode!, rawNames, header: (n) => res.headers[n.toLowerCase()] as string | undefined,
            json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within 10 s`)));
      req.on('error', reject);
      req.end(body || undefined);
    });
  }

  function authorize(service: string, method: string, path: string, query: string, headers: Record<string, string>, body: string, keys: Keys) {
    const host = new URL(running().url).host;
    if (!signed) {
      return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00` };
    }
    const added = sign({ method, host, path, query, headers, body }, { credentials: keys, region: 'us-east-1', service, now: () => new Date(now()), crypto: nodeCrypto });
    const { host: _host, ...rest } = added;
    return { ...headers, ...rest };
  }

  return {
    send,
    sync(name: OperationName, input: Record<string, unknown>, keys: Keys = DEVELOPER_CREDENTIALS): Promise<Answer> {
      const r = buildRequest(name, input);
      const headers = authorize('cognito-sync', r.method, r.path, r.query, { ...r.headers, 'content-type': 'application/json' }, r.body, keys);
      return send(r.method, r.path + (r.query ? `?${r.query}` : ''), headers, r.body);
    },
    identity(op: string, input: object, keys: Keys = DEVELOPER_CREDENTIALS): Promise<Answer> {
      const body = JSON.stringify(input);
      const headers = { 'x-amz-target': `AWSCognitoIdentityService.${op}`, 'content-type': 'application/x-amz-json-1.1' };
      return send('POST', '/', authorize('cognito-identity', 'POST', '/', '', headers, body, keys), body);
    },
  };
}

type Client = ReturnType<typeof clientOf>;

async function ok(answer: Promise<Answer>): Promise<Record<string, unknown>> {
  const a = await answer;
  if (a.status !== 200) throw new Error(`expected 200, got ${a.status} ${a.header('x-amzn-errortype')}: ${JSON.stringify(a.json)}`);
  return a.json;
}

/** A pool with push sync configured and `n` identities holding their own temporary credentials. */
async function world(c: Client, n: number) {
  const { IdentityPoolId: poolId } = (await ok(c.identity('CreateIdentityPool', { IdentityPoolName: 'emulator_test', AllowUnauthenticatedIdentities: true }))) as { IdentityPoolId: string };
  await ok(c.sync('SetIdentityPoolConfiguration', { IdentityPoolId: poolId, PushSync: { ApplicationArns: [APP_ARN] } }));
  const identities: Array<{ identityId: string; keys: Keys; expiration: number }> = [];
  for (let i = 0; i < n; i++) {
    const { IdentityId } = (await ok(c.identity('GetId', { IdentityPoolId: poolId }))) as { IdentityId: string };
    const { Credentials } = (await ok(c.identity('GetCredentialsForIdentity', { IdentityId }))) as {
      Credentials: { AccessKeyId: string; SecretKey: string; SessionToken: string; Expiration: number };
    };
    identities.push({
      identityId: IdentityId, expiration: Credentials.Expiration * 1000,
      keys: { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken },
    });
  }
  return { poolId, identities };
}

const UNKNOWN: Keys = { accessKeyId: 'NOBODYKNOWSTHISKEY', secretAccessKey: 'not-a-secret' };

describe('the composed emulator with SigV4 on', () => {
  let now = START;
  let running: RunningEmulator;
  let c: Client;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    running = await startEmulator({ clock: { now: () => now }, env: {} });
    c = clientOf(() => running, () => now, true);
    w = await world(c, 1);
  });
  afterAll(() => running.close());

  describe('spells the error type header x-amzn-ErrorType, exactly, on every error', () => {
    // The Android SDK looks the header up by this spelling in a case-sensitive map (see the README).
    function expectErrorHeader(a: Answer, status: number, type: string) {
      expect(a.status).toBe(status);
      const spellings = a.rawNames.filter((n) => n.toLowerCase() === 'x-amzn-errortype');
      expect(spellings).toEqual(['x-amzn-ErrorType']);
      expect(a.header('x-amzn-ErrorType')).toBe(type);
    }
    const ds = () => ({ IdentityPoolId: w.poolId, IdentityId: w.identities[0]!.identityId });

    it('409 ResourceConflictException from Cognito Sync', async () => {
      const { SyncSessionToken } = await ok(c.sync('ListRecords', { ...ds(), DatasetName: 'conflict' }));
      const patch = (SyncCount: number) => ({ ...ds(), DatasetName: 'conflict', SyncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount }] });
      await ok(c.sync('UpdateRecords', patch(0)));
      expectErrorHeader(await c.sync('UpdateRecords', patch(0)), 409, 'ResourceConflictException');
    });
    it('404 ResourceNotFoundException from Cognito Sync', async () => {
      expectErrorHeader(await c.sync('DescribeDataset', { ...ds(), DatasetName: 'never-made' }), 404, 'ResourceNotFoundException');
    });
    it('403 UnrecognizedClientException from Cognito Sync', async () => {
      expectErrorHeader(await c.sync('ListDatasets', ds(), UNKNOWN), 403, 'UnrecognizedClientException');
    });
    it('400 InvalidParameterException from Cognito Sync', async () => {
      expectErrorHeader(await c.sync('ListRecords', { ...ds(), DatasetName: 'not a valid name!' }), 400, 'InvalidParameterException');
    });
    it('an error from Cognito Identity, with __type in the body too', async () => {
      const a = await c.identity('DescribeIdentityPool', { IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000' });
      expectErrorHeader(a, 404, 'ResourceNotFoundException');
      expect(a.json.__type).toBe('ResourceNotFoundException');
    });
    it('UnknownOperationException: 404 for a path no Sync operation serves (restJson1), 400 for an unknown X-Amz-Target (awsJson1.1)', async () => {
      expectErrorHeader(await c.send('GET', '/nowhere', {}, ''), 404, 'UnknownOperationException');
      expectErrorHeader(await c.identity('NoSuchOperation', {}), 400, 'UnknownOperationException');
    });
    it('an error Cognito Identity refuses before the operation (unsigned developer call)', async () => {
      expectErrorHeader(await c.identity('ListIdentityPools', { MaxResults: 1 }, UNKNOWN), 403, 'UnrecognizedClientException');
    });
  });

  describe('credential expiry', () => {
    afterEach(() => {
      now = START;
    });

    it('answers 403 ExpiredTokenException for temporary credentials past their Expiration, and UnrecognizedClientException for an unknown key', async () => {
      const me = w.identities[0]!;
      const list = (keys: Keys) => c.sync('ListDatasets', { IdentityPoolId: w.poolId, IdentityId: me.identityId }, keys);
      now = me.expiration - 1000;
      expect((await list(me.keys)).status).toBe(200);
      now = me.expiration + 1000;
      const expired = await list(me.keys);
      expect(expired.status).toBe(403);
      expect(expired.header('x-amzn-ErrorType')).toBe('ExpiredTokenException');
      expect(expired.json.message).toBe('The security token included in the request is expired');
      const unknown = await list(UNKNOWN);
      expect(unknown.status).toBe(403);
      expect(unknown.header('x-amzn-ErrorType')).toBe('UnrecognizedClientException');
    });

    it('still refuses a wrong session token as unrecognized, expired or not', async () => {
      const me = w.identities[0]!;
      now = me.expiration + 1000;
      const a = await c.sync('ListDatasets', { IdentityPoolId: w.poolId, IdentityId: me.identityId }, { ...me.keys, sessionToken: 'forged' });
      expect(a.header('x-amzn-ErrorType')).toBe('UnrecognizedClientException');
    });
  });
});

describe('the composed emulator with --auth off', () => {
  let running: RunningEmulator;
  let c: Client;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    running = await startEmulator({ auth: 'off', env: {} });
    c = clientOf(() => running, () => Date.now(), false);
    w = await world(c, 2);
  });
  afterAll(() => running.close());

  it('lets a key issued by GetCredentialsForIdentity act as its identity: RegisterDevice, Subscribe and Unsubscribe work, unsigned', async () => {
    const [alice] = w.identities;
    const at = { IdentityPoolId: w.poolId, IdentityId: alice!.identityId };
    const { DeviceId } = (await ok(c.sync('RegisterDevice', { ...at, Platform: 'GCM', Token: 'push-token' }, alice!.keys))) as { DeviceId: string };
    expect(DeviceId).toEqual(expect.any(String));
    await ok(c.sync('SubscribeToDataset', { ...at, DatasetName: 'd', DeviceId }, alice!.keys));
    await ok(c.sync('UnsubscribeFromDataset', { ...at, DatasetName: 'd', DeviceId }, alice!.keys));
  });

  it('keeps identities apart: one identity\'s key cannot read another\'s data', async () => {
    const [alice, bob] = w.identities;
    const a = await c.sync('ListRecords', { IdentityPoolId: w.poolId, IdentityId: bob!.identityId, DatasetName: 'd' }, alice!.keys);
    expect(a.status).toBe(403);
    expect(a.header('x-amzn-ErrorType')).toBe('NotAuthorizedException');
    await ok(c.sync('ListRecords', { IdentityPoolId: w.poolId, IdentityId: alice!.identityId, DatasetName: 'd' }, alice!.keys));
  });

  it('lets any other key act as the developer: developer operations work, identity-only ones are refused', async () => {
    const [alice] = w.identities;
    await ok(c.sync('ListRecords', { IdentityPoolId: w.poolId, IdentityId: alice!.identityId, DatasetName: 'd' }, UNKNOWN));
    await ok(c.sync('DescribeIdentityPoolUsage', { IdentityPoolId: w.poolId }, UNKNOWN));
    const a = await c.sync('RegisterDevice', { IdentityPoolId: w.poolId, IdentityId: alice!.identityId, Platform: 'GCM', Token: 't' }, UNKNOWN);
    expect(a.status).toBe(403);
    expect(a.header('x-amzn-ErrorType')).toBe('NotAuthorizedException');
    const b = await c.sync('DescribeIdentityPoolUsage', { IdentityPoolId: w.poolId }, alice!.keys);
    expect(b.header('x-amzn-ErrorType')).toBe('NotAuthorizedException');
  });
});

describe('operator endpoints under /_emulator', () => {
  let running: RunningEmulator;
  let c: Client;
  beforeAll(async () => {
    running = await startEmulator({ env: {} });
    c = clientOf(() => running, () => Date.now(), true);
  });
  afterAll(() => running.close());

  it('are out of reach of every Cognito Sync operation (and Cognito Identity only serves POST /)', () => {
    const route = createRouter();
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const path of ['/_emulator', '/_emulator/health', '/_emulator/reset', '/_emulator/state', '/_emulator/a/b/c/d/e/f']) {
        expect(route(method, path), `${method} ${path}`).toBeUndefined();
      }
    }
    expect(OPERATOR_PREFIX).toBe('/_emulator');
  });

  it('GET /_emulator/health answers status and version, unsigned', async () => {
    const a = await c.send('GET', '/_emulator/health', {}, '');
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('GET /_emulator/state dumps pools, identities, datasets and records, and no credentials', async () => {
    const w = await world(c, 1);
    const me = w.identities[0]!;
    const at = { IdentityPoolId: w.poolId, IdentityId: me.identityId, DatasetName: 'settings' };
    const { SyncSessionToken } = await ok(c.sync('ListRecords', at));
    await ok(c.sync('UpdateRecords', { ...at, SyncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'theme', Value: 'dark', SyncCount: 0 }] }));
    const a = await c.send('GET', '/_emulator/state', {}, '');
    expect(a.status).toBe(200);
    const state = a.json as { identityPools: Array<Record<string, unknown>>; identities: Array<Record<string, unknown>>; datasets: Array<Record<string, unknown>> };
    expect(state.identityPools).toContainEqual(expect.objectContaining({
      IdentityPoolId: w.poolId, IdentityPoolName: 'emulator_test', CognitoSync: expect.objectContaining({ PushSync: { ApplicationArns: [APP_ARN] } }),
    }));
    expect(state.identities).toContainEqual(expect.objectContaining({ IdentityPoolId: w.poolId, IdentityId: me.identityId }));
    expect(state.datasets).toContainEqual(expect.objectContaining({
      IdentityPoolId: w.poolId, IdentityId: me.identityId, DatasetName: 'settings', SyncCount: 1,
      Records: [expect.objectContaining({ Key: 'theme', Value: 'dark', SyncCount: 1 })],
    }));
    const text = JSON.stringify(a.json);
    expect(text).not.toContain(me.keys.secretAccessKey);
    expect(text).not.toContain(me.keys.accessKeyId);
  });

  it('POST /_emulator/reset drops all state: pools, identities, datasets and issued credentials', async () => {
    const w = await world(c, 1);
    const me = w.identities[0]!;
    const reset = await c.send('POST', '/_emulator/reset', {}, '');
    expect(reset.status).toBe(200);
    const state = (await c.send('GET', '/_emulator/state', {}, '')).json;
    expect(state).toEqual({ identityPools: [], identities: [], datasets: [] });
    const gone = await c.identity('DescribeIdentityPool', { IdentityPoolId: w.poolId });
    expect(gone.header('x-amzn-ErrorType')).toBe('ResourceNotFoundException');
    const stale = await c.sync('ListDatasets', { IdentityPoolId: w.poolId, IdentityId: me.identityId }, me.keys);
    expect(stale.header('x-amzn-ErrorType')).toBe('UnrecognizedClientException');
    // The emulator serves on after a reset.
    await world(c, 1);
  });

  it('reset is also a method for tests in the same process', async () => {
    await world(c, 1);
    expect(running.emulator.identity.listPoolIds().length).toBeGreaterThan(0);
    running.emulator.reset();
    expect(running.emulator.identity.listPoolIds()).toEqual([]);
    expect(running.emulator.sync.datasetCount()).toBe(0);
  });

  it.each([
    ['GET', '/_emulator'],
    ['GET', '/_emulator/nope'],
    ['POST', '/_emulator/health'],
    ['GET', '/_emulator/reset'],
    ['DELETE', '/_emulator/state'],
  ])('%s %s is a 404 with a typed error', async (method, path) => {
    const a = await c.send(method, path, {}, '');
    expect(a.status).toBe(404);
    expect(a.rawNames).toContain('x-amzn-ErrorType');
    expect(a.header('x-amzn-ErrorType')).toBe('UnknownOperationException');
    expect(a.json.message).toMatch(/No operator endpoint/);
  });
});
