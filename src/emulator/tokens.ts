// Opaque tokens of both services (Cognito Sync's SyncSessionToken and
// NextToken, Cognito Identity's NextToken): a JSON payload plus a MAC under
// a key owned by one emulator instance. A forged, foreign, expired or
// mis-scoped token is told apart from a valid one without any lookup table.
//
// Two spellings: compact base64url (default), or the opaque-tokens variant's
// long standard base64 with "+", "/" and "=", which a client must URL-encode.

import { hash, timingSafeEqual } from 'node:crypto';

export type TokenCodec = {
  issue(kind: string, scope: string, data: unknown, expiresAt: number): string;
  /**
   * The data, or undefined when the token is not one this instance issued for
   * this kind and scope, or has expired. scope undefined accepts any scope.
   */
  read<T>(token: string, kind: string, scope: string | undefined, now: number): T | undefined;
};

/**
 * The MAC: SHA-256 nested twice, an outer key over (an inner key and the payload), the construction HMAC
 * rests on, with two keys derived from the instance key. Computed with node's one-shot hash on strings
 * (the payload is base64 text): createHmac builds a context object per call, and on the ListRecords
 * path, which issues a session token per answer, that object cost twice the hashing itself.
 */
function macOf(key: Uint8Array, encoding: 'base64' | 'base64url'): (payload: string) => string {
  const derive = (label: string) => hash('sha256', Buffer.concat([Buffer.from(label), key]), 'base64url');
  const inner = derive('inner:');
  const outer = derive('outer:');
  return (payload) => hash('sha256', outer + hash('sha256', inner + payload, 'base64url'), encoding).slice(0, 32);
}

type Body<T> = { k: string; s: string; d: T; e: number };

// The opaque spelling: a marker that needs URL-encoding, a padded payload, and filler that makes it long.
const OPAQUE_PREFIX = 'v2+/';
const OPAQUE_FILLER = 'x'.repeat(300);
const VERIFIED_CAPACITY = 4096;

export function createTokenCodec(key: Uint8Array, opaque = false): TokenCodec {
  const encoding = opaque ? 'base64' : 'base64url';
  const verified = new Map<string, Body<unknown>>();
  const mac = macOf(key, encoding);
  return {
    issue(kind, scope, data, expiresAt) {
      const json = JSON.stringify(opaque ? { k: kind, s: scope, d: data, e: expiresAt, f: OPAQUE_FILLER } : { k: kind, s: scope, d: data, e: expiresAt });
      const payload = Buffer.from(json).toString(encoding);
      return opaque ? `${OPAQUE_PREFIX}${payload}.${mac(payload)}==` : `${payload}.${mac(payload)}`;
    },
    read<T>(token: string, kind: string, scope: string | undefined, now: number): T | undefined {
      const known = verified.get(token) as Body<T> | undefined;
      if (known) return known.k !== kind || (scope !== undefined && known.s !== scope) || known.e < now ? undefined : known.d;
      const body = verify<T>(token);
      if (body) remember(token, body);
      return body && !(body.k !== kind || (scope !== undefined && body.s !== scope) || body.e < now) ? body.d : undefined;
    },
  };

  // Tokens this instance already verified, newest last; the same string always verifies the same way. A client
  // sends one session token on every page and write of a sync, so the MAC and the decoding are paid once per
  // token rather than once per request. Filled on read, not on issue: most issued tokens are never read back.
  // Bounded: the oldest entries go first.
  function remember(token: string, body: Body<unknown>): void {
    if (verified.size >= VERIFIED_CAPACITY) verified.delete(verified.keys().next().value!);
    verified.set(token, body);
  }

  /** The body of a token this instance issued (MAC checked), whatever its kind, scope or expiry; undefined for any other string. */
  function verify<T>(token: string): Body<T> | undefined {
    let text = token;
    if (opaque) {
      if (!text.startsWith(OPAQUE_PREFIX) || !text.endsWith('==')) return undefined;
      text = text.slice(OPAQUE_PREFIX.length, -2);
    }
    const dot = text.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const payload = text.slice(0, dot);
    const expected = Buffer.from(mac(payload));
    const given = Buffer.from(text.slice(dot + 1));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const body = JSON.parse(Buffer.from(payload, encoding).toString('utf8')) as Body<T>;
      return typeof body === 'object' && body !== null && typeof body.k === 'string' && typeof body.s === 'string' && typeof body.e === 'number' ? body : undefined;
    } catch {
      return undefined;
    }
  }
}
