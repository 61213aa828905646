// Builds the restJson1 request for an operation from the operation table, and
// reads the response back. Pure (no Node or k6 imports): the Node client, the
// Pact state handlers and the k6 scenarios all build requests here.

import { operations, type Operation, type OperationName } from '../model/operations.ts';
import { shapeOf } from '../model/shapes.ts';

export type SyncRequest = {
  method: string;
  /** Path as sent on the wire: labels percent-encoded (':' travels as %3A, as the SDKs send it). */
  path: string;
  /** Raw query string without '?'; '' when there is none. */
  query: string;
  headers: Record<string, string>;
  body: string;
};

export type CallResult<T = Record<string, unknown>> =
  | { ok: true; status: number; output: T; requestId: string | undefined }
  | { ok: false; status: number; errorType: string; message: string; requestId: string | undefined };

// RFC 3986 unreserved characters stay; everything else is escaped, like the AWS SDKs do.
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function buildRequest(name: OperationName, input: Record<string, unknown>): SyncRequest {
  const op: Operation = operations[name];
  let path = op.path;
  const query: string[] = [];
  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  for (const [member, spec] of Object.entries(op.input)) {
    const value = input[member];
    if (value === undefined || value === null) continue;
    const b = spec.binding;
    if (b.in === 'label') path = path.replace(`{${b.name}}`, encodeRfc3986(String(value)));
    else if (b.in === 'query') query.push(`${encodeRfc3986(b.name)}=${encodeRfc3986(String(value))}`);
    else if (b.in === 'header') headers[b.name.toLowerCase()] = String(value);
    else body[member] = toWire(spec.shape, value);
  }
  const hasBody = Object.keys(body).length > 0;
  if (hasBody) headers['content-type'] = 'application/json';
  // In name order, as SigV4's canonical query has it: a signer then takes the query as it is.
  query.sort(byName);
  return { method: op.method, path, query: query.join('&'), headers, body: hasBody ? JSON.stringify(body) : '' };
}

function byName(a: string, b: string): number {
  const x = a.slice(0, a.indexOf('='));
  const y = b.slice(0, b.indexOf('='));
  return x < y ? -1 : x > y ? 1 : 0;
}

// Timestamps travel as epoch seconds; everything else is already JSON.
function toWire(shapeName: string, value: unknown): unknown {
  const shape = shapeOf(shapeName);
  if (shape.type === 'timestamp' && value instanceof Date) return value.getTime() / 1000;
  if (shape.type === 'list' && Array.isArray(value)) return value.map((v) => toWire(shape.member, v));
  if (shape.type === 'structure' && value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, shape.members[k] ? toWire(shape.members[k], v) : v]),
    );
  }
  return value;
}

/** Reads a response the way the JS v3 SDK does: error type from x-amzn-ErrorType, then the body. */
export function parseResponse<T = Record<string, unknown>>(
  status: number,
  headers: (name: string) => string | undefined | null,
  text: string,
): CallResult<T> {
  const requestId = headers('x-amzn-requestid') ?? undefined;
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (status >= 200 && status < 300) {
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { ok: false, status, errorType: 'NonJsonResponse', message: `200 with a body that is not a JSON object: ${text.slice(0, 80)}`, requestId };
    }
    return { ok: true, status, output: parsed as T, requestId };
  }
  const record = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const raw = headers('x-amzn-errortype') ?? (record.code as string | undefined) ?? (record.__type as string | undefined) ?? '';
  // "Type:suffix" and "namespace#Type" both name Type.
  const errorType = raw.split(':')[0]!.split('#').pop() || 'UnknownError';
  const message = String(record.message ?? record.Message ?? text.slice(0, 200));
  return { ok: false, status, errorType, message, requestId };
}
