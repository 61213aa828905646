// Requests from the operation table, signed with the project's SigV4 module
// on k6/crypto, sent with k6/http, measured per operation. A 429 is retried
// with full-jitter exponential backoff, as the AWS SDKs do; each attempt is
// signed again, with a fresh date.
import { sleep } from 'k6';
import http, { type RefinedParams, type ResponseType } from 'k6/http';
import { buildRequest, parseResponse, type CallResult } from '../../src/client/request.ts';
import type { OperationName } from '../../src/model/operations.ts';
import { k6Crypto } from '../../src/sigv4/crypto-k6.ts';
import { sign, signingCache } from '../../src/sigv4/index.ts';
import type { Credentials, FixtureHead } from './fixtures.ts';
import { recordAttempt, recordCall } from './metrics.ts';

// The harness client's retry shape (src/client/client.ts): 6 tries, 25 ms doubling, capped at 1 s.
export const MAX_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 25;
const BACKOFF_CAP_MS = 1000;

// Per VU (each k6 VU has its own module scope): derived signing keys (valid for a
// day) and the canonical forms of the paths and header values the VU sends again.
const cache = signingCache();

export type Answer<T> = CallResult<T> & { body: string };
type Wire = { method: string; url: string; body: string | null; params: RefinedParams<ResponseType> };

export function call<T = Record<string, unknown>>(f: FixtureHead, credentials: Credentials, op: OperationName, input: Record<string, unknown>): Answer<T> {
  return retried(op, 1, once<T>(f, credentials, op, input), () => once<T>(f, credentials, op, input));
}

/** Several calls sent at the same moment (k6 http.batch); any that are throttled are retried one by one. */
export function callTogether<T = Record<string, unknown>>(f: FixtureHead, credentials: Credentials, op: OperationName, inputs: Array<Record<string, unknown>>): Array<Answer<T>> {
  const wires = inputs.map((input) => wire(f, credentials, op, input));
  const responses = http.batch(wires.map((w) => [w.method, w.url, w.body, w.params] as [string, string, string | null, RefinedParams<ResponseType>]));
  return responses.map((res, i) => retried(op, 1, answer<T>(op, res), () => once<T>(f, credentials, op, inputs[i]!)));
}

function retried<T>(op: OperationName, attempt: number, first: Answer<T>, again: () => Answer<T>): Answer<T> {
  let result = first;
  for (let n = attempt; result.status === 429 && n < MAX_ATTEMPTS; n++) {
    sleep((Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** n)) / 1000);
    result = again();
  }
  recordCall(op, result);
  return result;
}

function once<T>(f: FixtureHead, credentials: Credentials, op: OperationName, input: Record<string, unknown>): Answer<T> {
  const w = wire(f, credentials, op, input);
  return answer<T>(op, http.request(w.method, w.url, w.body, w.params));
}

function wire(f: FixtureHead, credentials: Credentials, op: OperationName, input: Record<string, unknown>): Wire {
  const req = buildRequest(op, input);
  const headers: Record<string, string> = { ...req.headers };
  if (!f.unsigned) {
    Object.assign(headers, sign({ method: req.method, host: f.host, path: req.path, query: req.query, headers: req.headers, body: req.body }, {
      credentials, region: f.region, service: 'cognito-sync', now: () => new Date(), crypto: k6Crypto, cache,
    }));
  } else {
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/unsigned`;
  }
  return {
    method: req.method, url: `${f.endpoint}${req.path}${req.query ? `?${req.query}` : ''}`, body: req.body === '' ? null : req.body,
    params: { headers, tags: { operation: op }, responseCallback: http.expectedStatuses({ min: 200, max: 499 }) },
  };
}

function answer<T>(op: OperationName, res: { status: number; body: unknown; headers: Record<string, string>; timings: { duration: number } }): Answer<T> {
  recordAttempt(op, res.timings.duration, res.status);
  const body = typeof res.body === 'string' ? res.body : '';
  const result = parseResponse<T>(res.status, (h) => res.headers[h.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('-')] ?? res.headers[h], body);
  return { ...result, body };
}
