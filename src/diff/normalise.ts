// Normalising an answer before it is compared: what legitimately differs
// between any two endpoints is replaced by a marker or dropped, by walking
// the operation's output shapes from the AWS model.
//   opaque tokens       -> '<token>' (presence only)
//   pool / identity IDs -> '<pool>' / '<identity>' when they are the end's own
//   dataset names       -> the run's canonical name ('<dataset>', '<missing>')
//   LastModifiedBy      -> '<modifier>' (an account, key or identity: presence only)
//   dates               -> DateMark, equal when close (not equal to the millisecond)
//   null members        -> absent;  members the shape does not know -> dropped
//   record and dataset lists -> sorted (no order is documented)
// Request IDs travel in headers and are never compared.

import { operations, type OperationName } from '../model/operations.ts';
import { shapeOf } from '../model/shapes.ts';

/** A date, compared by closeness: two endpoints stamp the same step a few milliseconds apart. */
export class DateMark {
  constructor(readonly seconds: number) {}
  toJSON(): string {
    return `<date ${this.seconds}>`;
  }
}

/** Seconds two dates of the same step may differ by: AWS itself tolerates 5 minutes of clock skew. */
export const DATE_TOLERANCE_S = 300;

export type EndIds = { identityPoolId: string; identityId: string; datasetNames: ReadonlyMap<string, string> };

const TOKEN_MEMBERS = new Set(['NextToken', 'SyncSessionToken']);

export function normaliseOutput(op: OperationName, body: Record<string, unknown>, ids: EndIds): Record<string, unknown> {
  return normaliseMembers(operations[op].output, body, ids);
}

function normaliseMembers(members: Readonly<Record<string, string>>, value: Record<string, unknown>, ids: EndIds): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, shapeName] of Object.entries(members)) {
    const v = value[name];
    if (v === null || v === undefined) continue;
    out[name] = normaliseMember(name, shapeName, v, ids);
  }
  return out;
}

function normaliseMember(name: string, shapeName: string, v: unknown, ids: EndIds): unknown {
  if (TOKEN_MEMBERS.has(name) && typeof v === 'string') return '<token>';
  if (name === 'LastModifiedBy' && typeof v === 'string') return '<modifier>';
  if (name === 'IdentityPoolId' && v === ids.identityPoolId) return '<pool>';
  if (name === 'IdentityId' && v === ids.identityId) return '<identity>';
  if (name === 'DatasetName' && typeof v === 'string') return ids.datasetNames.get(v) ?? v;
  if (name === 'MergedDatasetNames' && Array.isArray(v)) return v.map((n) => (typeof n === 'string' ? ids.datasetNames.get(n) ?? n : n)).sort();
  return normaliseShape(shapeName, v, ids);
}

function normaliseShape(shapeName: string, v: unknown, ids: EndIds): unknown {
  const shape = shapeOf(shapeName);
  // A wrong type (an ISO string for a date, a string for a number) is kept raw, so it diverges.
  if (shape.type === 'timestamp') return typeof v === 'number' && Number.isFinite(v) ? new DateMark(v) : v;
  if (shape.type === 'list' && Array.isArray(v)) return sortList(shape.member, v.filter((x) => x !== null).map((x) => normaliseShape(shape.member, x, ids)));
  if (shape.type === 'structure' && v && typeof v === 'object' && !Array.isArray(v)) return normaliseMembers(shape.members, v as Record<string, unknown>, ids);
  return v;
}

function sortList(member: string, items: unknown[]): unknown[] {
  const by = member === 'Record' ? ['Key', 'SyncCount'] : member === 'Dataset' ? ['DatasetName'] : undefined;
  if (!by) return items;
  const keyOf = (x: unknown) => by.map((k) => JSON.stringify((x as Record<string, unknown>)?.[k] ?? '')).join('\u0000');
  return [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
