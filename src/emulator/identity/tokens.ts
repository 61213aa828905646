// Randomness, OpenID tokens and temporary credentials of one emulated
// Cognito Identity. An injected random function makes IDs and secrets
// reproducible in tests; without one, node:crypto supplies them.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type Entropy = { bytes(n: number): Uint8Array; uuid(): string };

export function createEntropy(random?: () => number): Entropy {
  const bytes = random
    ? (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256) & 0xff)
    : (n: number) => new Uint8Array(randomBytes(n));
  return {
    bytes,
    uuid() {
      const b = bytes(16);
      b[6] = (b[6]! & 0x0f) | 0x40; // version 4
      b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
      const hex = Buffer.from(b).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },
  };
}

/** The issuer AWS puts in Cognito Identity OpenID tokens, and the Logins key clients use to present them. */
export const COGNITO_ISSUER_LOGIN = 'cognito-identity.amazonaws.com';

export type OpenIdClaims = {
  iss: string;
  sub: string;
  aud: string;
  amr: string[];
  iat: number;
  exp: number;
  'https://aws.amazon.com/tags'?: { principal_tags: Record<string, string[]> };
};

// AWS signs these with RS512 keys it publishes; the emulator only needs to
// recognise its own tokens, so an HMAC key per instance is enough.
export function createOpenIdTokens(key: Uint8Array) {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const mac = (data: string) => createHmac('sha256', key).update(data).digest();
  return {
    sign(claims: OpenIdClaims): string {
      const body = `${enc({ kid: 'emulator-1', typ: 'JWS', alg: 'HS256' })}.${enc(claims)}`;
      return `${body}.${mac(body).toString('base64url')}`;
    },
    /** The claims of a token this instance signed and that has not expired; otherwise undefined. */
    verify(token: string, nowSeconds: number): OpenIdClaims | undefined {
      const parts = token.split('.');
      if (parts.length !== 3) return undefined;
      const expected = mac(`${parts[0]}.${parts[1]}`);
      const given = Buffer.from(parts[2]!, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as OpenIdClaims;
        return typeof claims.sub === 'string' && typeof claims.exp === 'number' && claims.exp > nowSeconds ? claims : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

export type OpenIdTokens = ReturnType<typeof createOpenIdTokens>;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A temporary key pair shaped like STS's: ASIA + 16 base32 characters, a 40-character secret, a session token. */
export function mintCredentials(entropy: Entropy): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
  const id = [...entropy.bytes(16)].map((b) => BASE32[b & 31]).join('');
  const secretAccessKey = Buffer.from(entropy.bytes(30)).toString('base64');
  const sessionToken = Buffer.from(entropy.bytes(180)).toString('base64');
  return { accessKeyId: `ASIA${id}`, secretAccessKey, sessionToken };
}
