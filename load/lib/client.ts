// Requests from the operation table, signed with the project's SigV4 module
// on k6/crypto, sent with k6/http, measured per operation.
import http from 'k6/http';
import { buildRequest, parseResponse, type CallResult } from '../../src/client/request.ts';
import type { OperationName } from '../../src/model/operations.ts';
import { k6Crypto } from '../../src/sigv4/crypto-k6.ts';
import { sign } from '../../src/sigv4/index.ts';
import type { Credentials, Fixtures } from './fixtures.ts';
import { record } from './metrics.ts';

// Per VU (each k6 VU has its own module scope): derived signing keys, valid for a day.
const keyCache = new Map<string, Uint8Array>();

export function call<T = Record<string, unknown>>(f: Fixtures, credentials: Credentials, op: OperationName, input: Record<string, unknown>): CallResult<T> {
  const req = buildRequest(op, input);
  const headers: Record<string, string> = { ...req.headers };
  if (!f.unsigned) {
    Object.assign(headers, sign({ method: req.method, host: f.host, path: req.path, query: req.query, headers: req.headers, body: req.body }, {
      credentials, region: f.region, service: 'cognito-sync', now: () => new Date(), crypto: k6Crypto, keyCache,
    }));
  } else {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/unsigned`;
  }
  const res = http.request(req.method, `${f.endpoint}${req.path}${req.query ? `?${req.query}` : ''}`, req.body === '' ? null : req.body, {
    headers, tags: { operation: op }, responseCallback: http.expectedStatuses({ min: 200, max: 499 }),
  });
  const result = parseResponse<T>(res.status, (h) => res.headers[h.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('-')] ?? res.headers[h], typeof res.body === 'string' ? res.body : '');
  record(op, res.timings.duration, result);
  return result;
}
