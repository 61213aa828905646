// Opaque tokens (SyncSessionToken, NextToken): a JSON payload plus an HMAC
// under a key owned by one emulator instance. A forged, foreign, expired or
// mis-scoped token is told apart from a valid one without any lookup table.

import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenCodec = {
  issue(kind: string, scope: string, data: unknown, expiresAt: number): string;
  /** The data, or undefined when the token is not one this instance issued for this kind and scope, or has expired. */
  read<T>(token: string, kind: string, scope: string, now: number): T | undefined;
};

export function createTokenCodec(key: Uint8Array): TokenCodec {
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url').slice(0, 32);
  return {
    issue(kind, scope, data, expiresAt) {
      const payload = Buffer.from(JSON.stringify({ k: kind, s: scope, d: data, e: expiresAt })).toString('base64url');
      return `${payload}.${mac(payload)}`;
    },
    read<T>(token: string, kind: string, scope: string, now: number): T | undefined {
      const dot = token.indexOf('.');
      if (dot <= 0) return undefined;
      const payload = token.slice(0, dot);
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(token.slice(dot + 1));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { k: string; s: string; d: T; e: number };
        if (body.k !== kind || body.s !== scope || body.e < now) return undefined;
        return body.d;
      } catch {
        return undefined;
      }
    },
  };
}
