// The canonical request of SigV4 for non-S3 services: the path is
// URI-encoded once more (so %3A becomes %253A), the query is sorted and
// re-encoded, header values are trimmed with inner spaces folded.

import type { HttpRequest, SigV4Crypto } from './types.ts';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** SHA-256 of the empty payload, the body of every GET: no hashing needed. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const RESERVED_BY_RFC3986 = /[!'()*]/;

export function uriEncode(value: string): string {
  const e = encodeURIComponent(value);
  // encodeURIComponent leaves !'()* alone; SigV4 encodes everything but unreserved characters (RFC 3986).
  return RESERVED_BY_RFC3986.test(e) ? e.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : e;
}

function safeDecode(value: string): string {
  if (value.indexOf('%') < 0 && value.indexOf('+') < 0) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** A bounded string-keyed memo. A plain object, not a Map: in k6's JS runtime a Map lookup by a long string costs several times more. */
export type Memo<V> = { entries: Record<string, V>; size: number };

const memo = <V>(): Memo<V> => ({ entries: Object.create(null) as Record<string, V>, size: 0 });

/**
 * Looks `key` up, else makes it from the key and keeps it; a full memo starts
 * over (a client's working set is small). `make` takes the key so that callers
 * pass a plain function, not a closure allocated on every request.
 */
export function remember<V>(m: Memo<V>, key: string, make: (key: string) => V, max = 256): V {
  let v = m.entries[key];
  if (v === undefined) {
    v = make(key);
    if (m.size >= max) {
      m.entries = Object.create(null) as Record<string, V>;
      m.size = 0;
    }
    m.entries[key] = v;
    m.size++;
  }
  return v;
}

/**
 * What a client may keep between requests, per client (a k6 VU keeps one):
 * derived signing keys (they change once a day), the date stamp (once a
 * second), and the canonical forms of the paths and header values it sends
 * again and again. Each is bounded.
 */
export type SigningCache = { keys: Memo<Uint8Array>; uris: Memo<string>; values: Memo<string>; date: { second: number; text: string } };

export function signingCache(): SigningCache {
  return { keys: memo(), uris: memo(), values: memo(), date: { second: NaN, text: '' } };
}

/** amzDateOf, computed once per second of the clock. */
export function amzDateCached(d: Date, cache: SigningCache | undefined): string {
  if (!cache) return amzDateOf(d);
  const second = Math.floor(d.getTime() / 1000);
  if (second !== cache.date.second) cache.date = { second, text: amzDateOf(d) };
  return cache.date.text;
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

// A pair of only unreserved characters (RFC 3986) and one '=' is its own canonical form.
const PLAIN_PAIR = /^[A-Za-z0-9._~-]*(=[A-Za-z0-9._~-]*)?$/;

// A query of only unreserved characters, '=' and '&' needs no re-encoding, only (perhaps) sorting.
const NOT_PLAIN_QUERY = /[^A-Za-z0-9._~=&-]/;

export function canonicalQuery(query: string): string {
  if (query === '') return '';
  // Every page of a walk has a new NextToken, so queries rarely repeat: the common case must be cheap by
  // itself. In k6's JS runtime a regular expression test is the dearest step, so the common case (what
  // buildRequest sends: plain pairs in name order) is known by one test of the whole query and is its own form.
  const parts = query.split('&');
  if (!NOT_PLAIN_QUERY.test(query) && plainAndSorted(parts)) return query;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p === '') continue;
    const eq = p.indexOf('=');
    const k = eq < 0 ? p : p.slice(0, eq);
    const v = eq < 0 ? '' : p.slice(eq + 1);
    pairs.push(PLAIN_PAIR.test(p) ? [k, v] : [uriEncode(safeDecode(k)), uriEncode(safeDecode(v))]);
  }
  pairs.sort(byKeyThenValue);
  let out = '';
  for (let i = 0; i < pairs.length; i++) out += `${i ? '&' : ''}${pairs[i]![0]}=${pairs[i]![1]}`;
  return out;
}

/** Every pair non-empty with exactly one '=', and names strictly ascending (so no two pairs tie). */
function plainAndSorted(parts: string[]): boolean {
  let previous = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const eq = p.indexOf('=');
    if (eq <= 0 || eq !== p.lastIndexOf('=')) return false;
    const name = p.slice(0, eq);
    if (i > 0 && !(previous < name)) return false;
    previous = name;
  }
  return true;
}

function byKeyThenValue([ak, av]: [string, string], [bk, bv]: [string, string]): number {
  return ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0;
}

export function canonicalHeaderValue(value: string): string {
  const t = value.trim();
  // Only a run of whitespace, or whitespace other than a space, changes anything.
  return /\s\s|[^\S ]/.test(t) ? t.replace(/\s+/g, ' ') : t;
}

/**
 * The canonical request. `req.headers` must have lowercase names (sign and
 * verify lowercase them once); a missing host header is taken from req.host.
 */
export function canonicalRequest(req: HttpRequest, signedHeaders: string[], payloadHash: string, cache?: SigningCache): string {
  const h = req.headers;
  let headerLines = '';
  // Indexed loops and plain functions: k6's JS runtime pays for iterators and closures on every request.
  for (let i = 0; i < signedHeaders.length; i++) {
    const name = signedHeaders[i]!;
    const v = h[name] ?? (name === 'host' ? req.host : '');
    headerLines += `${name}:${cache ? remember(cache.values, v, canonicalHeaderValue) : canonicalHeaderValue(v)}\n`;
  }
  const uri = cache ? remember(cache.uris, req.path, canonicalUri) : canonicalUri(req.path);
  // Not remembered: every page of a walk has a new NextToken, so a memo of queries would only churn.
  const query = canonicalQuery(req.query);
  return `${req.method.toUpperCase()}\n${uri}\n${query}\n${headerLines}\n${signedHeaders.join(';')}\n${payloadHash}`;
}

export function scope(date: string, region: string, service: string): string {
  return `${date}/${region}/${service}/aws4_request`;
}

export function stringToSign(amzDate: string, credentialScope: string, canonical: string, crypto: SigV4Crypto): string {
  return `${ALGORITHM}\n${amzDate}\n${credentialScope}\n${crypto.sha256Hex(canonical)}`;
}

export function payloadHash(body: string | Uint8Array, crypto: SigV4Crypto): string {
  return body.length === 0 ? EMPTY_SHA256 : crypto.sha256Hex(body);
}

export function signingKey(secret: string, date: string, region: string, service: string, crypto: SigV4Crypto): Uint8Array {
  const kDate = crypto.hmacSha256(`AWS4${secret}`, date);
  const kRegion = crypto.hmacSha256(kDate, region);
  const kService = crypto.hmacSha256(kRegion, service);
  return crypto.hmacSha256(kService, 'aws4_request');
}

/** 20150830T123600Z */
export function amzDateOf(d: Date): string {
  const iso = d.toISOString(); // 2015-08-30T12:36:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}
