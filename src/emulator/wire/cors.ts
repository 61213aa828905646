// CORS for both services, so a page on another origin (the AWS SDK for
// JavaScript in a browser, amazon-cognito-js) can reach the emulator.
// Behaviour follows the Fetch standard's CORS protocol
// (https://fetch.spec.whatwg.org/#http-cors-protocol): a preflight (OPTIONS)
// is answered before routing or authentication, because browsers send it
// without credentials; every other response to an allowed origin names that
// origin and exposes the headers the SDKs read.

/** Any page served from this machine, on any port: what a developer runs locally. */
export const DEFAULT_CORS_ORIGINS: readonly string[] = [
  'http://localhost:*', 'https://localhost:*', 'http://127.0.0.1:*', 'https://127.0.0.1:*', 'http://[::1]:*', 'https://[::1]:*',
];

// Cognito Sync uses GET, POST and DELETE; Cognito Identity POST. PUT/PATCH/HEAD cost nothing to allow.
const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

// What the AWS SDKs send from a browser. A preflight that names its headers gets them echoed instead.
const ALLOW_HEADERS = [
  'authorization', 'content-type', 'x-amz-date', 'x-amz-target', 'x-amz-security-token', 'x-amz-content-sha256',
  'x-amz-user-agent', 'x-amz-client-context', 'x-amz-expected-bucket-owner', 'amz-sdk-invocation-id', 'amz-sdk-request',
  'x-amzn-trace-id', 'x-amz-checksum-crc32', 'cache-control', 'x-requested-with',
].join(', ');

// Response headers a browser hides from scripts unless listed: the request ID and error type the SDKs
// parse, and Date, which the SDKs use to correct clock skew before re-signing.
const EXPOSE_HEADERS = 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, x-amz-request-id, x-amz-id-2, Date';

// Chromium caps the preflight cache at 2 hours; 10 minutes keeps a changed --cors-origin from lingering long.
const MAX_AGE_SECONDS = '600';

export type CorsPolicy = { allows(origin: string): boolean; any: boolean };

/** An origin pattern is `*`, an exact origin (`https://app.example`), or one with any port (`http://localhost:*`). */
export function validCorsOrigin(pattern: string): boolean {
  if (pattern === '*') return true;
  return /^https?:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:(\d{1,5}|\*))?$/.test(pattern);
}

export function corsPolicy(patterns: readonly string[] = DEFAULT_CORS_ORIGINS): CorsPolicy {
  for (const p of patterns) if (!validCorsOrigin(p)) throw new Error(`not a CORS origin pattern: ${p}`);
  const any = patterns.includes('*');
  const exact = new Set(patterns.filter((p) => !p.endsWith(':*')).map((p) => p.toLowerCase()));
  const anyPort = patterns.filter((p) => p.endsWith(':*')).map((p) => p.slice(0, -2).toLowerCase());
  return {
    any,
    allows(origin) {
      if (any) return true;
      const o = origin.toLowerCase();
      if (exact.has(o)) return true;
      return anyPort.some((base) => o === base || (o.startsWith(`${base}:`) && /^\d{1,5}$/.test(o.slice(base.length + 1))));
    },
  };
}

/** The answer to an OPTIONS request on any path. A disallowed origin gets no Access-Control headers, so the browser refuses. */
export function preflight(policy: CorsPolicy, headers: Record<string, string | string[] | undefined>): { status: number; headers: Record<string, string> } {
  const origin = one(headers.origin);
  const out: Record<string, string> = { vary: 'Origin', 'content-length': '0' };
  if (origin === undefined || !policy.allows(origin)) return { status: 204, headers: out };
  const requested = one(headers['access-control-request-headers']);
  return {
    status: 204,
    headers: {
      ...out,
      'access-control-allow-origin': origin,
      'access-control-allow-methods': ALLOW_METHODS,
      'access-control-allow-headers': requested && /^[A-Za-z0-9!#$%&'*+.^_`|~, -]{1,4000}$/.test(requested) ? requested : ALLOW_HEADERS,
      'access-control-max-age': MAX_AGE_SECONDS,
    },
  };
}

/** Headers added to every non-preflight response; none when the request has no allowed Origin. */
export function corsResponseHeaders(policy: CorsPolicy, origin: string | string[] | undefined): Record<string, string> | undefined {
  const o = one(origin);
  if (o === undefined || !policy.allows(o)) return undefined;
  return { 'access-control-allow-origin': o, vary: 'Origin', 'access-control-expose-headers': EXPOSE_HEADERS };
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
