import { amzDateOf, ALGORITHM, canonicalRequest, scope, signingKey, stringToSign, toHex } from './canonical.ts';
import type { HttpRequest, SigningCredentials, SigV4Crypto } from './types.ts';

export type SignOptions = {
  credentials: SigningCredentials;
  region: string;
  service: string;
  now: () => Date;
  crypto: SigV4Crypto;
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
  const key = signingKey(opts.credentials.secretAccessKey, amzDate.slice(0, 8), opts.region, opts.service, opts.crypto);
  const signature = toHex(opts.crypto.hmacSha256(key, stringToSign(amzDate, credentialScope, canonical, opts.crypto)));
  added.authorization = `${ALGORITHM} Credential=${opts.credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return added;
}
