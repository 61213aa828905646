// The harness's own Cognito Sync client for Node: table-built requests, signed
// with the project's SigV4 module, sent with an injectable fetch. Suites that
// must see the raw wire (status, error type) use it; the contracts use the AWS SDK.

import type { OperationName } from '../model/operations.ts';
import { sign, signingCache } from '../sigv4/index.ts';
import { nodeCrypto } from '../sigv4/crypto-node.ts';
import { buildRequest, parseResponse, type CallResult } from './request.ts';

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
export type CredentialSource = Credentials | (() => Promise<Credentials>);

export type SyncClientOptions = {
  endpoint: string;
  region: string;
  credentials: CredentialSource;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Per-request time limit; a request that exceeds it rejects with a TimeoutError. */
  timeoutMs?: number;
  /** Tries per call when the target throttles (429), with exponential backoff and jitter, as the AWS SDKs do. */
  maxAttempts?: number;
  /** Shared tally of throttled answers, for the suites to report. */
  stats?: ClientStats;
  /** Waits between retries; injectable so tests need not sleep. */
  sleep?: (ms: number) => Promise<void>;
};

export type ClientStats = { throttled: number };

export const DEFAULT_MAX_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 25;
const BACKOFF_CAP_MS = 1000;

/** Full-jitter exponential backoff, the AWS SDKs' retry shape. */
export function backoffMs(attempt: number, random = Math.random): number {
  return Math.round(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
}

export type SyncClient = {
  call<T = Record<string, unknown>>(name: OperationName, input: Record<string, unknown>): Promise<CallResult<T>>;
  readonly endpoint: string;
};

export function createSyncClient(opts: SyncClientOptions): SyncClient {
  const base = new URL(opts.endpoint);
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? (() => new Date());
  const credentials = typeof opts.credentials === 'function' ? opts.credentials : () => Promise.resolve(opts.credentials as Credentials);
  const prefix = base.pathname.replace(/\/$/, '');
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Per client: derived signing keys and canonical paths and header values are reused across its requests.
  const cache = signingCache();

  return {
    endpoint: opts.endpoint,
    async call<T>(name: OperationName, input: Record<string, unknown>): Promise<CallResult<T>> {
      for (let attempt = 1; ; attempt++) {
        const result = await once<T>(name, input);
        if (result.ok || result.status !== 429 || attempt >= maxAttempts) return result;
        if (opts.stats) opts.stats.throttled++;
        await sleep(backoffMs(attempt));
      }
    },
  };

  // One signed attempt: each retry signs again, with a fresh date.
  async function once<T>(name: OperationName, input: Record<string, unknown>): Promise<CallResult<T>> {
    const req = buildRequest(name, input);
    const path = prefix + req.path;
    const signed = sign(
      { method: req.method, host: base.host, path, query: req.query, headers: req.headers, body: req.body },
      { credentials: await credentials(), region: opts.region, service: 'cognito-sync', now, crypto: nodeCrypto, cache },
    );
    const url = `${base.origin}${path}${req.query ? `?${req.query}` : ''}`;
    const headers = { ...req.headers, ...signed };
    delete headers.host; // fetch sets Host itself, from the URL we signed
    const res = await doFetch(url, {
      method: req.method,
      headers,
      body: req.body === '' ? undefined : req.body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
    return parseResponse<T>(res.status, (h) => res.headers.get(h), await res.text());
  }
}
