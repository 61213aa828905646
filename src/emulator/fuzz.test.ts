// Bad input never takes the emulator down: random requests (real routes with
// garbage labels, random queries, malformed bodies, wrong types) always get a
// status below 500, and every error carries an AWS error type and a message.

import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, operationNames } from '../model/operations.ts';
import { createEmulator, startEmulator, type RunningEmulator, type WireRequest } from './index.ts';

const SEED = Number(process.env.CSH_SEED ?? 20261125);
const AUTH = 'AWS4-HMAC-SHA256 Credential=FUZZKEY/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00';

const label = fc.oneof(
  fc.constant('us-east-1%3A11111111-2222-4333-8444-555555555555'),
  fc.string({ maxLength: 70 }).map(encodeURIComponent),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '%00', 'a'.repeat(300), '%3A'),
);
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const patch = fc.record({
  Op: fc.oneof(fc.constantFrom('replace', 'remove', 'REPLACE', 'upsert'), jsonValue),
  Key: fc.oneof(fc.string({ maxLength: 8 }), jsonValue),
  Value: fc.oneof(fc.string({ maxLength: 8 }), jsonValue),
  SyncCount: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(1e300), fc.constant('1'), jsonValue),
  DeviceLastModifiedDate: fc.oneof(fc.double(), fc.constant('2026-01-01T00:00:00Z'), jsonValue),
}, { requiredKeys: [] });
const body = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('{', '[]', 'null', '"x"', '{"RecordPatches":', '\u0000\u00ff'),
  fc.record({ SyncSessionToken: fc.oneof(fc.string(), jsonValue), RecordPatches: fc.oneof(fc.array(patch, { maxLength: 4 }), jsonValue) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.record({ Events: jsonValue, PushSync: jsonValue, CognitoStreams: jsonValue, Platform: jsonValue, Token: jsonValue }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
);
const query = fc.array(
  fc.tuple(fc.constantFrom('lastSyncCount', 'maxResults', 'nextToken', 'syncSessionToken', 'x'), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-1', '0', '99999999999999999999', '1e3', '%zz'))),
  { maxLength: 4 },
).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const fuzzRequest: fc.Arbitrary<WireRequest> = fc.record({
  name: fc.constantFrom(...operationNames),
  labels: fc.array(label, { minLength: 4, maxLength: 4 }),
  method: fc.oneof(fc.constant(undefined), fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH')),
  extraPath: fc.oneof(fc.constant(''), fc.constantFrom('/', '/x', '//')),
  query,
  body,
  contentType: fc.constantFrom('application/json', 'application/x-amz-json-1.0', 'application/x-amz-json-1.1', 'text/plain', undefined),
  auth: fc.boolean(),
}).map((r) => {
  const op = operations[r.name];
  let i = 0;
  const path = op.path.replace(/\{[^}]+\}/g, () => r.labels[i++]!) + r.extraPath;
  const headers: Record<string, string> = {};
  if (r.contentType) headers['content-type'] = r.contentType;
  if (r.auth) headers.authorization = AUTH;
  return { method: r.method ?? op.method, path, query: r.query, headers, body: Buffer.from(r.body, 'latin1') };
});

function checkResponse(status: number, errorType: string | undefined, text: string): void {
  expect(status).toBeLessThan(500);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  expect(typeof parsed).toBe('object');
  if (status >= 300) {
    expect(errorType).toMatch(/^[A-Z][A-Za-z]+(Exception)$/);
    expect(typeof parsed.message).toBe('string');
  }
}

describe('the emulator under random requests', () => {
  it(`answers 10,000 random requests with a 4xx or 2xx and an AWS error type (seed ${SEED})`, async () => {
    const internal: unknown[] = [];
    const emulator = createEmulator({ onInternalError: (e) => internal.push(e) });
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (req) => {
        const res = await emulator.handle(req);
        checkResponse(res.status, res.headers['x-amzn-ErrorType'], res.body);
      }),
      { numRuns: 10_000, seed: SEED },
    );
    expect(internal).toEqual([]);
  });
});

describe('the emulator over a socket', () => {
  let running: RunningEmulator;
  beforeAll(async () => {
    running = await startEmulator({ maxBodyBytes: 1024 });
  });
  afterAll(() => running.close());

  function send(method: string, path: string, body?: Buffer): Promise<{ status: number; type: string | undefined; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${running.url}${path}`, { method, headers: { authorization: AUTH, 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['x-amzn-errortype'] as string | undefined, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('caps the request size with a 413 and stays up', async () => {
    const big = await send('POST', '/identitypools/us-east-1%3A1/identities/us-east-1%3A2/datasets/d', Buffer.alloc(64 * 1024, 'x')).catch(() => undefined);
    // The server may answer before the client finishes sending; either way the next request is served.
    if (big) {
      expect(big.status).toBe(413);
      expect(big.type).toBe('RequestEntityTooLargeException');
    }
    const after = await send('GET', '/identitypools');
    expect(after.status).toBe(200);
  });

  it('answers malformed percent-encoding and unknown routes with typed 4xx', async () => {
    const bad = await send('GET', '/identitypools/%E0%A4%A/identities/x/datasets');
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('InvalidParameterException');
    const unknown = await send('GET', '/nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toBe('UnknownOperationException');
  });
});
