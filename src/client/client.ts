// The harness's own Cognito Sync client for Node: table-built requests, signed
// with the project's SigV4 module, sent with an injectable fetch. Suites that
// must see the raw wire (status, error type) use it; the contracts use the AWS SDK.

import type { OperationName } from '../model/operations.ts';
import { sign } from '../sigv4/index.ts';
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
};

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

  return {
    endpoint: opts.endpoint,
    async call<T>(name: OperationName, input: Record<string, unknown>): Promise<CallResult<T>> {
      const req = buildRequest(name, input);
      const path = prefix + req.path;
      const signed = sign(
        { method: req.method, host: base.host, path, query: req.query, headers: req.headers, body: req.body },
        { credentials: await credentials(), region: opts.region, service: 'cognito-sync', now, crypto: nodeCrypto },
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
    },
  };
}
