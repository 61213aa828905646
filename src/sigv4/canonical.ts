// The canonical request of SigV4 for non-S3 services: the path is
// URI-encoded once more (so %3A becomes %253A), the query is sorted and
// re-encoded, header values are trimmed with inner spaces folded.

import type { HttpRequest, SigV4Crypto } from './types.ts';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

// Non-S3 services normalize the path first (RFC 3986: '.', '..' and empty
// segments go), then encode each segment once more.
export function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(uriEncode(s));
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

export function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs = query.split('&').filter((p) => p !== '').map((p) => {
    const eq = p.indexOf('=');
    const k = eq < 0 ? p : p.slice(0, eq);
    const v = eq < 0 ? '' : p.slice(eq + 1);
    return [uriEncode(safeDecode(k)), uriEncode(safeDecode(v))] as const;
  });
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

export function canonicalRequest(req: HttpRequest, signedHeaders: string[], payloadHash: string): string {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) lower[k.toLowerCase()] = v;
  lower.host ??= req.host;
  const headerLines = signedHeaders.map((h) => `${h}:${canonicalHeaderValue(lower[h] ?? '')}\n`).join('');
  return [req.method.toUpperCase(), canonicalUri(req.path), canonicalQuery(req.query), headerLines, signedHeaders.join(';'), payloadHash].join('\n');
}

export function scope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

export function stringToSign(amzDate: string, credentialScope: string, canonical: string, crypto: SigV4Crypto): string {
  return [ALGORITHM, amzDate, credentialScope, crypto.sha256Hex(canonical)].join('\n');
}

export function signingKey(secret: string, date: string, region: string, service: string, crypto: SigV4Crypto): Uint8Array {
  const kDate = crypto.hmacSha256(`AWS4${secret}`, date);
  const kRegion = crypto.hmacSha256(kDate, region);
  const kService = crypto.hmacSha256(kRegion, service);
  return crypto.hmacSha256(kService, 'aws4_request');
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** 20150830T123600Z */
export function amzDateOf(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
