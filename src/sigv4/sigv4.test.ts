import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from './crypto-node.ts';
import { canonicalRequest, sign, signingCache, verify, type HttpRequest } from './index.ts';

const AKID = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SUITE_DATE = new Date(Date.UTC(2015, 7, 30, 12, 36, 0));

// From AWS's published SigV4 test suite (us-east-1, service "service", 20150830T123600Z).
const vectors: Array<{ name: string; req: HttpRequest; signature: string }> = [
  { name: 'get-vanilla', req: { method: 'GET', host: 'example.amazonaws.com', path: '/', query: '', headers: {}, body: '' },
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'get-vanilla-query-order-key-case', req: { method: 'GET', host: 'example.amazonaws.com', path: '/', query: 'Param2=value2&Param1=value1', headers: {}, body: '' },
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500' },
  { name: 'post-vanilla', req: { method: 'POST', host: 'example.amazonaws.com', path: '/', query: '', headers: {}, body: '' },
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' },
];

const signWith = (req: HttpRequest, credentials = AKID, now = SUITE_DATE, service = 'service', cache?: ReturnType<typeof signingCache>) =>
  sign(req, { credentials, region: 'us-east-1', service, now: () => now, crypto: nodeCrypto, ...(cache ? { cache } : {}) });

describe('sign against the AWS SigV4 test suite', () => {
  for (const v of vectors) {
    it(v.name, () => {
      const headers = signWith(v.req);
      expect(headers['x-amz-date']).toBe('20150830T123600Z');
      expect(headers.authorization).toBe(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${v.signature}`);
    });
  }

  it('double-encodes the path for non-S3 services (%3A becomes %253A)', () => {
    const canonical = canonicalRequest({ method: 'GET', host: 'h', path: '/identitypools/us-east-1%3Aabc', query: 'lastSyncCount=0', headers: { host: 'h' }, body: '' }, ['host'], 'e3b0');
    expect(canonical.split('\n')[1]).toBe('/identitypools/us-east-1%253Aabc');
  });
});

// Cross-check: the SDK's own signer and ours produce the same Authorization on generated requests.
const segment = fc.oneof(
  fc.constantFrom('identitypools', 'us-east-1%3A0c1ba052-e098-41fa-a76e-eaa2c125f861', 'datasets', 'records', 'a%20b', 'x.y_z-1', '%E2%82%AC'),
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/),
);
const queryPart = fc.tuple(fc.constantFrom('lastSyncCount', 'maxResults', 'nextToken', 'syncSessionToken', 'Z', 'a'), fc.stringMatching(/^[A-Za-z0-9._~-]{0,10}$/));
const generated = fc.record({
  method: fc.constantFrom('GET', 'POST', 'DELETE'),
  segments: fc.array(segment, { minLength: 1, maxLength: 6 }),
  query: fc.uniqueArray(queryPart, { maxLength: 4, selector: ([k]) => k }),
  token: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{10,40}$/), { nil: undefined }),
  body: fc.oneof(fc.constant(''), fc.json({ maxDepth: 2 }), fc.uint8Array({ maxLength: 40 })),
  extra: fc.dictionary(fc.stringMatching(/^x-amz-[a-z]{1,8}$/), fc.stringMatching(/^[ -~]{0,20}$/), { maxKeys: 2 }),
  port: fc.constantFrom('', ':4599', ':80'),
});

describe('sign against @smithy/signature-v4', () => {
  it('produces identical Authorization headers on 1,000 generated requests (seed 424242), with and without a signing cache', async () => {
    // One cache for the whole run, as a k6 VU keeps one: a remembered path, query or key must never leak into another request.
    const cache = signingCache();
    await fc.assert(fc.asyncProperty(generated, async (g) => {
      const host = `127.0.0.1${g.port}`;
      const path = `/${g.segments.join('/')}`;
      const query = g.query.map(([k, v]) => `${k}=${v}`).join('&');
      const credentials = { ...AKID, ...(g.token ? { sessionToken: g.token } : {}) };
      const headers = { 'content-type': 'application/json', ...g.extra };
      const mine = signWith({ method: g.method, host, path, query, headers, body: g.body }, credentials, SUITE_DATE, 'cognito-sync');
      const smithy = new SignatureV4({ service: 'cognito-sync', region: 'us-east-1', credentials, sha256: Sha256, applyChecksum: false });
      const signed = await smithy.sign({
        method: g.method, protocol: 'http:', hostname: '127.0.0.1', ...(g.port ? { port: Number(g.port.slice(1)) } : {}),
        // The SDK hands its signer the wire path, labels already percent-encoded.
        path,
        query: Object.fromEntries(g.query), headers: { ...headers, host }, body: g.body,
      }, { signingDate: SUITE_DATE });
      expect(mine.authorization).toBe(signed.headers.authorization);
      expect(signWith({ method: g.method, host, path, query, headers, body: g.body }, credentials, SUITE_DATE, 'cognito-sync', cache).authorization).toBe(signed.headers.authorization);
    }), { numRuns: 1000, seed: 424242 });
  });
});

describe('verify', () => {
  const req: HttpRequest = { method: 'POST', host: '127.0.0.1:4599', path: '/identitypools/us-east-1%3Aabc/identities/us-east-1%3Adef/datasets/d', query: '', headers: { 'content-type': 'application/json' }, body: '{"SyncSessionToken":"t"}' };
  const now = new Date(Date.UTC(2026, 0, 1, 12));
  const lookup = (id: string) => (id === AKID.accessKeyId ? { secretAccessKey: AKID.secretAccessKey }
    : id === 'ASIATEMP' ? { secretAccessKey: 's', sessionToken: 'tok' }
    : id === 'ASIAOLD' ? { secretAccessKey: 's', sessionToken: 'old', expired: true } : undefined);
  const check = (r: HttpRequest, at = now) => verify(r, { lookup, region: 'us-east-1', service: 'cognito-sync', now: () => at, crypto: nodeCrypto });
  const signed = (r: HttpRequest, opts: { at?: Date; service?: string; credentials?: typeof AKID & { sessionToken?: string } } = {}) =>
    ({ ...r, headers: { ...r.headers, ...signWith(r, opts.credentials ?? AKID, opts.at ?? now, opts.service ?? 'cognito-sync') } });

  it('accepts what sign produced', () => {
    expect(check(signed(req))).toEqual({ ok: true, accessKeyId: 'AKIDEXAMPLE' });
  });
  it('accepts temporary credentials with their session token', () => {
    expect(check(signed(req, { credentials: { accessKeyId: 'ASIATEMP', secretAccessKey: 's', sessionToken: 'tok' } }))).toMatchObject({ ok: true, sessionToken: 'tok' });
  });
  const failures: Array<[string, () => HttpRequest, string]> = [
    ['a tampered signature', () => { const s = signed(req); return { ...s, headers: { ...s.headers, authorization: s.headers.authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } }; }, 'InvalidSignatureException'],
    ['a tampered body', () => ({ ...signed(req), body: '{"SyncSessionToken":"u"}' }), 'InvalidSignatureException'],
    ['a stale date', () => signed(req, { at: new Date(now.getTime() - 6 * 60 * 1000) }), 'InvalidSignatureException'],
    ['a wrong service scope', () => signed(req, { service: 'cognito-identity' }), 'InvalidSignatureException'],
    ['an unknown key', () => signed(req, { credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'x' } }), 'UnrecognizedClientException'],
    ['a missing session token', () => signed(req, { credentials: { accessKeyId: 'ASIATEMP', secretAccessKey: 's' } }), 'UnrecognizedClientException'],
    ['expired temporary credentials', () => signed(req, { credentials: { accessKeyId: 'ASIAOLD', secretAccessKey: 's', sessionToken: 'old' } }), 'ExpiredTokenException'],
    ['expired credentials with a wrong session token', () => signed(req, { credentials: { accessKeyId: 'ASIAOLD', secretAccessKey: 's', sessionToken: 'x' } }), 'UnrecognizedClientException'],
    ['no Authorization header', () => req, 'MissingAuthenticationTokenException'],
    ['a malformed Authorization header', () => ({ ...req, headers: { ...req.headers, authorization: 'AWS4-HMAC-SHA256 nonsense' } }), 'IncompleteSignatureException'],
  ];
  for (const [what, make, type] of failures) {
    it(`refuses ${what} with ${type}`, () => {
      expect(check(make())).toMatchObject({ ok: false, type });
    });
  }
  it('verifies with a key cache as without, refusing a wrong secret whatever the cache holds', () => {
    const keyCache = new Map<string, Uint8Array>();
    let hmacs = 0;
    const counting = {
      ...nodeCrypto,
      hmacSha256: (k: Uint8Array | string, d: string) => { hmacs++; return nodeCrypto.hmacSha256(k, d); },
      hmacSha256Hex: (k: Uint8Array | string, d: string) => { hmacs++; return nodeCrypto.hmacSha256Hex(k, d); },
    };
    const cached = (r: HttpRequest, look = lookup) => verify(r, { lookup: look, region: 'us-east-1', service: 'cognito-sync', now: () => now, crypto: counting, keyCache });
    for (let i = 0; i < 3; i++) expect(cached(signed(req))).toEqual({ ok: true, accessKeyId: 'AKIDEXAMPLE' });
    expect(hmacs).toBe(4 + 3); // the key derived once, then one signature per request
    // The same access key with another secret (a rotated or forged one) must not be served the cached key.
    const rotated = (id: string) => (id === AKID.accessKeyId ? { secretAccessKey: 'another-secret' } : undefined);
    expect(cached(signed(req), rotated)).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
    for (const [, make, type] of failures) expect(cached(make())).toMatchObject({ ok: false, type });
  });
  it('signs identically with a signing cache, and derives the key once per day', () => {
    const cache = signingCache();
    let hmacs = 0;
    const counting = {
      ...nodeCrypto,
      hmacSha256: (k: Uint8Array | string, d: string) => { hmacs++; return nodeCrypto.hmacSha256(k, d); },
      hmacSha256Hex: (k: Uint8Array | string, d: string) => { hmacs++; return nodeCrypto.hmacSha256Hex(k, d); },
    };
    const plain = sign(req, { credentials: AKID, region: 'us-east-1', service: 'cognito-sync', now: () => now, crypto: nodeCrypto });
    for (let i = 0; i < 3; i++) {
      expect(sign(req, { credentials: AKID, region: 'us-east-1', service: 'cognito-sync', now: () => now, crypto: counting, cache })).toEqual(plain);
    }
    expect(hmacs).toBe(4 + 3); // four to derive the key once, then one signature per request
    // The next day needs a key of its own.
    const tomorrow = new Date(now.getTime() + 86_400_000);
    const next = sign(req, { credentials: AKID, region: 'us-east-1', service: 'cognito-sync', now: () => tomorrow, crypto: counting, cache });
    expect(next).toEqual(sign(req, { credentials: AKID, region: 'us-east-1', service: 'cognito-sync', now: () => tomorrow, crypto: nodeCrypto }));
    expect(hmacs).toBe(4 + 3 + 5);
  });

  it('folds whitespace in header values as SigV4 asks, with or without runs of it', () => {
    const canonical = (v: string) => canonicalRequest({ method: 'GET', host: 'h', path: '/', query: '', headers: { host: 'h', 'x-amz-a': v }, body: '' }, ['host', 'x-amz-a'], 'e3b0').split('\n')[4];
    expect(canonical('  a   b\tc ')).toBe('x-amz-a:a b c');
    expect(canonical('a b')).toBe('x-amz-a:a b');
    expect(canonical('a\u00a0b')).toBe('x-amz-a:a b');
  });

  it('reads the clock once per signature', () => {
    let calls = 0;
    sign(req, { credentials: AKID, region: 'us-east-1', service: 'cognito-sync', now: () => { calls++; return now; }, crypto: nodeCrypto });
    expect(calls).toBe(1);
  });
});
