// Server-side SigV4 check, with the error types and messages AWS front ends use.

import { ALGORITHM, canonicalRequest, payloadHash, scope, signingKey, stringToSign } from './canonical.ts';
import type { HttpRequest, SigV4Crypto } from './types.ts';

export type VerifyOptions = {
  /** The secret of a key; `expired` marks temporary credentials past their Expiration. */
  lookup: (accessKeyId: string) => { secretAccessKey: string; sessionToken?: string; expired?: boolean } | undefined;
  /** When given, the credential scope must name this region. */
  region?: string;
  service: string;
  now: () => Date;
  crypto: SigV4Crypto;
  maxSkewMs?: number;
  /**
   * Optional memo for derived signing keys, as in SignOptions: a key depends
   * only on secret, date, region and service, so a server may keep it for the
   * day instead of spending four HMACs on every request it checks.
   */
  keyCache?: Map<string, Uint8Array>;
};

export type VerifyResult = { ok: true; accessKeyId: string; sessionToken?: string } | { ok: false; type: string; message: string };

const HEADER = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]{64})$/;

const fail = (type: string, message: string): VerifyResult => ({ ok: false, type, message });

export function verify(req: HttpRequest, opts: VerifyOptions): VerifyResult {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const auth = headers.authorization;
  if (!auth) return fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (!auth.startsWith(`${ALGORITHM} `)) return fail('IncompleteSignatureException', `Unsupported authorization scheme: ${auth.split(' ')[0]}`);
  const m = HEADER.exec(auth.trim());
  if (!m) return fail('IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature parameters');
  const [, accessKeyId, date, region, service, signed, signature] = m as unknown as [string, string, string, string, string, string, string];
  const amzDate = headers['x-amz-date'];
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) return fail('IncompleteSignatureException', 'Authorization header requires existence of either a X-Amz-Date or a Date header');
  if (service !== opts.service) return fail('InvalidSignatureException', `Credential should be scoped to correct service: '${opts.service}'.`);
  if (opts.region && region !== opts.region) return fail('InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`);
  if (amzDate.slice(0, 8) !== date) return fail('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}'`);
  const signedHeaders = signed.split(';');
  if (!signedHeaders.includes('host')) return fail('InvalidSignatureException', "'Host' must be a signed header.");

  const at = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  const now = opts.now().getTime();
  const skew = opts.maxSkewMs ?? 5 * 60 * 1000;
  if (Math.abs(now - at) > skew) {
    const stamp = (t: number) => new Date(t).toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
    return fail('InvalidSignatureException', at < now
      ? `Signature expired: ${amzDate} is now earlier than ${stamp(now - skew)} (${stamp(now)} - 5 min.)`
      : `Signature not yet current: ${amzDate} is still later than ${stamp(now + skew)} (${stamp(now)} + 5 min.)`);
  }

  const secret = opts.lookup(accessKeyId);
  if (!secret) return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (secret.sessionToken !== undefined && headers['x-amz-security-token'] !== secret.sessionToken) {
    return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (secret.sessionToken !== undefined && !signedHeaders.includes('x-amz-security-token')) {
    return fail('InvalidSignatureException', "'X-Amz-Security-Token' must be a signed header when a session token is used.");
  }
  // The AWS SDKs refresh credentials and retry on this code alone (the v2 SDK for JavaScript, for one).
  if (secret.expired) return fail('ExpiredTokenException', 'The security token included in the request is expired');

  const canonical = canonicalRequest({ ...req, headers }, signedHeaders, payloadHash(req.body, opts.crypto));
  const key = cachedSigningKey(secret.secretAccessKey, date, region, service, opts);
  const expected = opts.crypto.hmacSha256Hex(key, stringToSign(amzDate, scope(date, region, service), canonical, opts.crypto));
  if (!constantTimeEqual(expected, signature)) {
    return fail('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
  }
  return { ok: true, accessKeyId, ...(secret.sessionToken !== undefined ? { sessionToken: secret.sessionToken } : {}) };
}

function cachedSigningKey(secretAccessKey: string, date: string, region: string, service: string, opts: VerifyOptions): Uint8Array {
  if (!opts.keyCache) return signingKey(secretAccessKey, date, region, service, opts.crypto);
  // Keyed by the secret itself: an access key's secret never changes, but a memo must not be able to serve another's key.
  const cacheKey = `${secretAccessKey}\n${date}/${region}/${service}`;
  let key = opts.keyCache.get(cacheKey);
  if (!key) {
    key = signingKey(secretAccessKey, date, region, service, opts.crypto);
    if (opts.keyCache.size >= KEY_CACHE_CAPACITY) opts.keyCache.clear(); // bounded: a burst of new identities starts it afresh
    opts.keyCache.set(cacheKey, key);
  }
  return key;
}

const KEY_CACHE_CAPACITY = 4096;

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
