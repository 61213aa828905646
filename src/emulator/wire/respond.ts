// Serializes results the restJson1 way: 200 + a JSON object, or the error's
// status with x-amzn-ErrorType and {"message"}. Wire fault switches and the
// legal-variation switches that only change spelling act here, walking the
// operation's output shapes.

import { randomUUID } from 'node:crypto';
import { ERROR_TYPE_HEADER, ServiceError } from '../../model/errors.ts';
import { operations, type Operation } from '../../model/operations.ts';
import { shapeOf } from '../../model/shapes.ts';
import type { FaultName } from '../faults.ts';
import type { WireResponse } from '../types.ts';
import type { VariantName } from '../variants.ts';

export { ERROR_TYPE_HEADER };

const EXTRA_MEMBER = 'XHarnessExtra';

type Switches = { faults: ReadonlySet<FaultName>; variants: ReadonlySet<VariantName> };
type Json = Record<string, unknown>;

/**
 * The JSON of each stored record already served, keyed by the record object,
 * and the bytes of each Records array, keyed by the array. The store never
 * changes a record once written (a write stores new objects), nor a page it
 * handed out (sync/page-memo.ts gives the same array again while the dataset
 * is unchanged), so each is encoded once: a record's JSON when first read, a
 * page's bytes when first served. Weakly held: a replaced record or a
 * forgotten page takes its encoding with it.
 *
 * A page is kept as bytes, not as a string: an answer built as one string is
 * a fresh 15 KB string per request, which V8 flattened once to measure it and
 * again when node copied it into the socket's write, 30 KB allocated and
 * copied per answer. Sent as chunks, the page's bytes go to the socket as they
 * are, and only the few short members around it are new per answer (the
 * emulator's CPU per ListRecords in bench:emulator fell by about a quarter).
 */
export type RecordJsonCache = { records: WeakMap<object, string>; pages: WeakMap<object, Buffer> };

export function recordJsonCache(): RecordJsonCache {
  return { records: new WeakMap(), pages: new WeakMap() };
}

export function success(op: Operation, output: unknown, s: Switches, recordJson?: RecordJsonCache): WireResponse {
  const headers = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() };
  if (s.faults.has('empty-as-204') && Object.keys(op.output).length === 0) return { status: 204, headers, body: '' };
  const body = (output ?? {}) as Json;
  if (s.faults.size > 0 || s.variants.size > 0) return { status: 200, headers, body: JSON.stringify(reshape(op, body, s)) };
  // Only reads fill the cache: a written record's JSON is kept once some device reads it back, not before.
  if (recordJson && op.name === 'ListRecords' && Array.isArray(body.Records)) return chunked(headers, withCachedRecords(body, recordJson));
  return { status: 200, headers, body: JSON.stringify(body) };
}

function chunked(headers: Record<string, string>, parts: ReadonlyArray<string | Uint8Array>): WireResponse {
  return new ChunkedAnswer(headers, parts);
}

/**
 * A 200 whose body is `parts`; `body` joins them (once) only when something reads it as a string. A class,
 * not an object literal with a getter: a literal makes a getter closure and a hidden class per answer, and
 * those hidden classes filled the old generation (a mark-compact every second in a tight loop).
 */
class ChunkedAnswer implements WireResponse {
  readonly status = 200;
  private joined: string | undefined;
  constructor(readonly headers: Record<string, string>, readonly parts: ReadonlyArray<string | Uint8Array>) {}

  get body(): string {
    return (this.joined ??= this.parts.map((p) => (typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8'))).join(''));
  }
}

// Byte for byte what JSON.stringify(body) gives, for plain data: members in order, undefined members left out.
function withCachedRecords(body: Json, recordJson: RecordJsonCache): Array<string | Uint8Array> {
  const parts: Array<string | Uint8Array> = [];
  let out = '{';
  for (const key in body) {
    const value = body[key];
    if (value === undefined) continue;
    if (out.length > 1 || parts.length > 0) out += ',';
    out += memberName(key);
    if (key !== 'Records') {
      out += scalarJson(value);
      continue;
    }
    const records = value as readonly unknown[];
    if (records.length === 0) {
      out += '[]'; // a fresh empty array each time: nothing to keep
      continue;
    }
    parts.push(out, pageBytes(records, recordJson));
    out = '';
  }
  parts.push(`${out}}`);
  return parts;
}

// ListRecords' member names as JSON with their colon, from the model: a constant, not a cache that fills.
const LIST_MEMBER_NAMES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(Object.keys(operations.ListRecords.output).map((k) => [k, `${JSON.stringify(k)}:`])),
);
function memberName(key: string): string {
  return LIST_MEMBER_NAMES[key] ?? `${JSON.stringify(key)}:`;
}

// What JSON.stringify gives for one value, without its general walk for the common scalars.
function scalarJson(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

function pageBytes(records: readonly unknown[], recordJson: RecordJsonCache): Buffer {
  let bytes = recordJson.pages.get(records);
  if (bytes !== undefined) return bytes;
  const json: string[] = [];
  for (const record of records) {
    if (typeof record !== 'object' || record === null) {
      json.push(JSON.stringify(record) ?? 'null');
      continue;
    }
    let one = recordJson.records.get(record);
    if (one === undefined) recordJson.records.set(record, (one = JSON.stringify(record)));
    json.push(one);
  }
  // allocUnsafeSlow: a page of its own, never a slice of node's shared pool that would keep the whole slab alive.
  const text = `[${json.join(',')}]`;
  bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text, 'utf8');
  recordJson.pages.set(records, bytes);
  return bytes;
}

export function failure(error: ServiceError, faults: ReadonlySet<FaultName>): WireResponse {
  let { type, status } = error;
  if (faults.has('conflict-as-400') && type === 'ResourceConflictException') {
    type = 'InvalidParameterException';
    status = 400;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() };
  if (!faults.has('no-error-type')) headers[faults.has('error-type-lowercase') ? ERROR_TYPE_HEADER.toLowerCase() : ERROR_TYPE_HEADER] = type;
  return { status, headers, body: JSON.stringify({ message: error.message }) };
}

function reshape(op: Operation, body: Json, s: Switches): Json {
  const { faults, variants } = s;
  let out: Json = {};
  for (const [k, v] of Object.entries(body)) out[k] = op.output[k] ? walk(op.output[k], v, s) : v;
  if (variants.has('shuffled-records') && Array.isArray(out.Records)) out.Records = [...out.Records].reverse();
  if (variants.has('omitted-optionals') && op.name === 'ListRecords') delete out.LastModifiedBy;
  if (variants.has('explicit-nulls')) for (const k of Object.keys(op.output)) out[k] ??= null;
  if (variants.has('extra-members')) out[EXTRA_MEMBER] = { note: 'a member this client does not know' };
  if (faults.has('no-dataset-sync-count')) delete out.DatasetSyncCount;
  if (faults.has('renamed-field')) out = Object.fromEntries(Object.entries(out).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
  return out;
}

// One value of a shape, with the switches that act inside structures applied at every depth.
function walk(shapeName: string, value: unknown, s: Switches): unknown {
  const shape = shapeOf(shapeName);
  if (value === undefined || value === null) return value;
  if (shape.type === 'timestamp' && typeof value === 'number') return date(value, s);
  if (shape.type === 'list' && Array.isArray(value)) return value.map((v) => walk(shape.member, v, s));
  if (shape.type !== 'structure' || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) out[k] = shape.members[k] ? walk(shape.members[k], v, s) : v;
  if (shapeName === 'Record' && out.Value === undefined && s.faults.has('tombstone-loses-count')) delete out.SyncCount;
  if (shapeName === 'IdentityPoolUsage' && s.variants.has('omitted-optionals')) delete out.SyncSessionsCount;
  if (s.variants.has('explicit-nulls')) for (const k of Object.keys(shape.members)) out[k] ??= null;
  if (s.variants.has('extra-members')) out[EXTRA_MEMBER] = 'unknown';
  return out;
}

function date(seconds: number, s: Switches): unknown {
  if (s.faults.has('iso-timestamps')) {
    // A client may store any finite date; past what Date can hold the fault still answers a string, not a 500.
    const d = new Date(seconds * 1000);
    return Number.isNaN(d.getTime()) ? String(seconds) : d.toISOString();
  }
  if (s.variants.has('whole-second-dates')) return Math.floor(seconds);
  // A date too large to carry a fraction stays as it is, rather than becoming Infinity (JSON null).
  if (s.variants.has('fractional-dates') && Number.isFinite(seconds * 1000)) return Math.floor(seconds * 1000) / 1000 + 0.000123;
  return seconds;
}
