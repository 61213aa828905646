// Serializes results the restJson1 way: 200 + a JSON object, or the error's
// status with x-amzn-ErrorType and {"message"}. Wire fault switches and the
// legal-variation switches that only change spelling act here, walking the
// operation's output shapes.

import { randomUUID } from 'node:crypto';
import { ERROR_TYPE_HEADER, ServiceError } from '../../model/errors.ts';
import type { Operation } from '../../model/operations.ts';
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
 * and of each Records array, keyed by the array. The store never changes a
 * record once written (a write stores new objects), nor a page it handed out
 * (sync/page-memo.ts gives the same array again while the dataset is
 * unchanged), so each is encoded once: a record's JSON when first read, a
 * page's JSON when first served (a profile of the ListRecords bench put
 * JSON.stringify of pages first, then the join of the records' JSON).
 * Weakly held: a replaced record or a forgotten page takes its JSON with it.
 */
export type RecordJsonCache = WeakMap<object, string>;

export function success(op: Operation, output: unknown, s: Switches, recordJson?: RecordJsonCache): WireResponse {
  const headers = { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() };
  if (s.faults.has('empty-as-204') && Object.keys(op.output).length === 0) return { status: 204, headers, body: '' };
  let body = (output ?? {}) as Json;
  if (s.faults.size > 0 || s.variants.size > 0) return { status: 200, headers, body: JSON.stringify(reshape(op, body, s)) };
  // Only reads fill the cache: a written record's JSON is kept once some device reads it back, not before.
  const cached = recordJson && op.name === 'ListRecords' && Array.isArray(body.Records);
  return { status: 200, headers, body: cached ? withCachedRecords(body, recordJson) : JSON.stringify(body) };
}

// Byte for byte what JSON.stringify(body) gives, for plain data: members in order, undefined members left out.
function withCachedRecords(body: Json, recordJson: RecordJsonCache): string {
  let out = '{';
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (value === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:`;
    if (key !== 'Records') {
      out += JSON.stringify(value);
      continue;
    }
    out += pageJson(value as readonly unknown[], recordJson);
  }
  return `${out}}`;
}

function pageJson(records: readonly unknown[], recordJson: RecordJsonCache): string {
  if (records.length === 0) return '[]'; // a fresh empty array each time: nothing to keep
  let joined = recordJson.get(records);
  if (joined !== undefined) return joined;
  const parts: string[] = [];
  for (const record of records) {
    if (typeof record !== 'object' || record === null) {
      parts.push(JSON.stringify(record) ?? 'null');
      continue;
    }
    let json = recordJson.get(record);
    if (json === undefined) recordJson.set(record, (json = JSON.stringify(record)));
    parts.push(json);
  }
  joined = `[${parts.join(',')}]`;
  recordJson.set(records, joined);
  return joined;
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
