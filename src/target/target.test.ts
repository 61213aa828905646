// Targets, credentials and authorization, end to end over HTTP against the
// embedded emulator with SigV4 verification on.

import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest } from '../client/request.ts';
import { HarnessError } from '../harness-error.ts';
import { nodeCrypto } from '../sigv4/crypto-node.ts';
import { sign } from '../sigv4/index.ts';
import { resolveTarget, type IdentityFixture, type Target } from './index.ts';

let target: Target;
let alice: IdentityFixture;
let bob: IdentityFixture;

beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
  [alice, bob] = await Promise.all([target.newIdentity(), target.newIdentity()]);
});
afterAll(() => target.close());

async function rawCall(opts: { service?: string; at?: Date; tamper?: boolean }) {
  const url = new URL(target.syncEndpoint);
  const req = buildRequest('ListRecords', { IdentityPoolId: target.identityPoolId, IdentityId: alice.identityId, DatasetName: target.datasetName('raw') });
  const headers = sign({ method: req.method, host: url.host, path: req.path, query: req.query, headers: req.headers, body: req.body }, {
    credentials: alice.credentials, region: target.region, service: opts.service ?? 'cognito-sync', now: () => opts.at ?? new Date(), crypto: nodeCrypto,
  });
  if (opts.tamper) headers.authorization = headers.authorization!.replace(/Signature=(.)/, (_, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`);
  const { host: _host, ...send } = headers;
  const res = await fetch(`${url.origin}${req.path}`, { method: req.method, headers: send });
  return { status: res.status, type: res.headers.get('x-amzn-errortype') };
}

describe('SigV4 verification in the emulator', () => {
  it('accepts a correctly signed request', async () => {
    expect((await rawCall({})).status).toBe(200);
  });
  it('refuses a tampered signature with 403 InvalidSignatureException', async () => {
    expect(await rawCall({ tamper: true })).toEqual({ status: 403, type: 'InvalidSignatureException' });
  });
  it('refuses a stale date with 403 InvalidSignatureException', async () => {
    expect(await rawCall({ at: new Date(Date.now() - 10 * 60 * 1000) })).toEqual({ status: 403, type: 'InvalidSignatureException' });
  });
  it('refuses a wrong service scope with 403 InvalidSignatureException', async () => {
    expect(await rawCall({ service: 'cognito-identity' })).toEqual({ status: 403, type: 'InvalidSignatureException' });
  });
});

describe('SigV4 on Cognito Identity in the embedded emulator', () => {
  it('serves developer-only identity operations to the developer and refuses unknown keys', async () => {
    const { CognitoIdentityClient, ListIdentityPoolsCommand } = await import('@aws-sdk/client-cognito-identity');
    const client = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
      new CognitoIdentityClient({ endpoint: target.identityEndpoint, region: target.region, credentials, maxAttempts: 1 });
    const pools = await client(await target.developerCredentials()).send(new ListIdentityPoolsCommand({ MaxResults: 10 }));
    expect(pools.IdentityPools?.map((p) => p.IdentityPoolId)).toContain(target.identityPoolId);
    const err = await client({ accessKeyId: 'NOBODY', secretAccessKey: 'x' }).send(new ListIdentityPoolsCommand({ MaxResults: 1 })).catch((e: Error) => e);
    expect((err as Error).name).toBe('UnrecognizedClientException');
  });
});

describe('credential kinds and isolation', () => {
  const dataset = () => target.datasetName('isolation');

  it("lets an identity read its own data but not another identity's", async () => {
    const own = await target.client(alice).call('ListRecords', { IdentityPoolId: target.identityPoolId, IdentityId: alice.identityId, DatasetName: dataset() });
    expect(own.ok).toBe(true);
    const other = await target.client(alice).call('ListRecords', { IdentityPoolId: target.identityPoolId, IdentityId: bob.identityId, DatasetName: dataset() });
    expect(other).toMatchObject({ ok: false, status: 403, errorType: 'NotAuthorizedException' });
  });

  it('refuses a developer-only operation called with identity credentials', async () => {
    const r = await target.client(alice).call('DescribeIdentityPoolUsage', { IdentityPoolId: target.identityPoolId });
    expect(r).toMatchObject({ ok: false, status: 403, errorType: 'NotAuthorizedException' });
    expect((await target.client('developer').call('DescribeIdentityPoolUsage', { IdentityPoolId: target.identityPoolId })).ok).toBe(true);
  });

  it('answers a pool that does not exist with ResourceNotFoundException', async () => {
    const r = await target.client('developer').call('DescribeIdentityPoolUsage', { IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000' });
    expect(r).toMatchObject({ ok: false, status: 404, errorType: 'ResourceNotFoundException' });
  });
});

describe('cleanup', () => {
  it('deletes every dataset the run created, and only those', async () => {
    const c = target.client(alice);
    const names = [target.datasetName('a'), target.datasetName('b'), 'not-ours'];
    for (const DatasetName of names) {
      const list = await c.call<{ SyncSessionToken: string }>('ListRecords', { IdentityPoolId: target.identityPoolId, IdentityId: alice.identityId, DatasetName });
      if (!list.ok) throw new Error(list.message);
      const up = await c.call('UpdateRecords', {
        IdentityPoolId: target.identityPoolId, IdentityId: alice.identityId, DatasetName,
        SyncSessionToken: list.output.SyncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }],
      });
      expect(up.ok).toBe(true);
    }
    expect(await target.cleanup()).toBe(2);
    const left = await c.call<{ Datasets: Array<{ DatasetName: string }> }>('ListDatasets', { IdentityPoolId: target.identityPoolId, IdentityId: alice.identityId });
    expect(left.ok && left.output.Datasets.map((d) => d.DatasetName)).toEqual(['not-ours']);
  });
});

describe('target resolution', () => {
  it('refuses real AWS without --allow-aws, naming the fix', async () => {
    const err = await resolveTarget({ target: 'aws' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as Error).message).toMatch(/--allow-aws/);
  });

  it('reports a dead endpoint in one line, naming the cause and the fix', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const err = await resolveTarget({ target: `http://127.0.0.1:${port}`, env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as Error).message).toMatch(/^Cannot reach http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\. .+/);
    expect((err as Error).message).not.toContain('\n');
  });

  it('rejects a target that is neither emulator, aws nor a URL', async () => {
    await expect(resolveTarget({ target: 'moon' })).rejects.toThrow(/is not a target/);
  });
});
