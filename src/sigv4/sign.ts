import { amzDateCached, ALGORITHM, canonicalRequest, payloadHash, remember, signingKey, type SigningCache } from './canonical.ts';
import type { HttpRequest, SigningCredentials, SigV4Crypto } from './types.ts';

export type SignOptions = {
  credentials: SigningCredentials;
  region: string;
  service: string;
  now: () => Date;
  crypto: SigV4Crypto;
  /**
   * Optional per-client memo (signingCache()): a derived key depends only on
   * secret, date, region and service, so it is kept for the day instead of
   * costing four HMACs a request; canonical paths and header values repeat too.
   */
  cache?: SigningCache;
};

// Hop-by-hop and client-identifying headers that proxies and libraries rewrite
// in flight stay unsigned; the set is the one the AWS SDK's signer uses.
const UNSIGNED = new Set([
  'authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards', 'pragma',
  'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id',
  // set below from the request and the clock, whatever the caller passed
  'host', 'x-amz-date', 'x-amz-security-token',
]);

/**
 * Signs a request; returns the headers to add (host, x-amz-date,
 * x-amz-security-token when a session token is given, authorization).
 */
export function sign(req: HttpRequest, opts: SignOptions): Record<string, string> {
  const { credentials, region, service, crypto, cache } = opts;
  const amzDate = amzDateCached(opts.now(), cache);
  const date = amzDate.slice(0, 8);
  const added: Record<string, string> = { host: req.host, 'x-amz-date': amzDate };
  if (credentials.sessionToken) added['x-amz-security-token'] = credentials.sessionToken;
  const headers: Record<string, string> = {};
  for (const k in req.headers) {
    const name = k.toLowerCase();
    if (!UNSIGNED.has(name)) headers[name] = req.headers[k]!;
  }
  headers.host = added.host!;
  headers['x-amz-date'] = amzDate;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const signedHeaders = Object.keys(headers).sort();
  const credentialScope = `${date}/${region}/${service}/aws4_request`;
  const canonical = canonicalRequest({ method: req.method, host: req.host, path: req.path, query: req.query, headers, body: req.body }, signedHeaders, payloadHash(req.body, crypto), cache);
  // The secret is part of the key's identity, never of a log: the memo lives only in this client.
  const memoKey = `${credentials.accessKeyId}/${credentials.secretAccessKey}/${credentialScope}`;
  let key = cache?.keys.entries[memoKey];
  if (!key) {
    key = signingKey(credentials.secretAccessKey, date, region, service, crypto);
    if (cache) remember(cache.keys, memoKey, () => key!, 64);
  }
  const signature = crypto.hmacSha256Hex(key, `${ALGORITHM}\n${amzDate}\n${credentialScope}\n${crypto.sha256Hex(canonical)}`);
  added.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return added;
}
