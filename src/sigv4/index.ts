// SigV4 for the harness: pure, with the clock and crypto injected (Node:
// crypto-node.ts; k6: crypto-k6.ts).
export { sign, type SignOptions } from './sign.ts';
export { verify, type VerifyOptions, type VerifyResult } from './verify.ts';
export { canonicalRequest, canonicalUri, canonicalQuery, amzDateOf, signingCache, type SigningCache } from './canonical.ts';
export type { HttpRequest, SigningCredentials, SigV4Crypto } from './types.ts';
