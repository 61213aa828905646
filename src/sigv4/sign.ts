import { amzDateOf, ALGORITHM, canonicalRequest, scope, signingKey, stringToSign, toHex } from './canonical.ts';
import type { HttpRequest, SigningCredentials, SigV4Crypto } from './types.ts';

export type SignOptions = {
  credentials: SigningCredentials;
  region: string;
  service: string;
  now: () => Date;
  crypto: SigV4Crypto;
  /**
   * Optional memo for derived signing keys. A key depends only on secret,
   * date, region and service, so a client may keep it for the day instead of
   * spending four HMACs on every request.
   */
  keyCache?: Map<string, Uint8Array>;
};

// Hop-by-hop and client-identifying headers that proxies and libraries rewrite
// in flight stay unsigned; the set is the one the AWS SDK's signer uses.
const UNSIGNED = new Set([
  'authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards', 'pragma',
  'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id',
]);

/**
 * Signs a request; returns the headers to add (host, x-amz-date,
 * x-amz-security-token when a session token is given, authorization).
 */
export function sign(req: HttpRequest, opts: SignOptions): Record<string, string> {
  const amzDate = amzDateOf(opts.now());
  const added: Record<string, string> = { host: req.host, 'x-amz-date': amzDate };
  if (opts.credentials.sessionToken) added['x-amz-security-token'] = opts.credentials.sessionToken;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    const name = k.toLowerCase();
    if (!UNSIGNED.has(name) && name !== 'host' && name !== 'x-amz-date' && name !== 'x-amz-security-token') headers[name] = v;
  }
  Object.assign(headers, added);
  const signedHeaders = Object.keys(headers).sort();
  const credentialScope = scope(amzDate.slice(0, 8), opts.region, opts.service);
  const canonical = canonicalRequest({ ...req, headers }, signedHeaders, opts.crypto.sha256Hex(req.body));
  const date = amzDate.slice(0, 8);
  const cacheKey = `${opts.credentials.accessKeyId}/${date}/${opts.region}/${opts.service}`;
  let key = opts.keyCache?.get(cacheKey);
  if (!key) {
    key = signingKey(opts.credentials.secretAccessKey, date, opts.region, opts.service, opts.crypto);
    if (opts.keyCache) {
      if (opts.keyCache.size > 64) opts.keyCache.clear(); // bounded: a few identities, one day at a time
      opts.keyCache.set(cacheKey, key);
    }
  }
  const signature = toHex(opts.crypto.hmacSha256(key, stringToSign(amzDate, credentialScope, canonical, opts.crypto)));
  added.authorization = `${ALGORITHM} Credential=${opts.credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return added;
}
