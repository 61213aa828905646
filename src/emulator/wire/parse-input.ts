// Reads an operation's input from the request the way the table binds it:
// path labels, query string, headers and the JSON body, then validates every
// member against its shape.

import { ServiceError } from '../../model/errors.ts';
import type { Member, Operation } from '../../model/operations.ts';
import { shapeOf } from '../../model/shapes.ts';
import { isObject, validate } from '../../model/validate.ts';
import type { WireRequest } from '../types.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

type Plan = ReadonlyArray<readonly [member: string, spec: Member, path: string]>;

// Each operation's members in table order with their lower-camel error path, derived once from the
// (immutable) operation table rather than per request.
const plans = new WeakMap<Operation, Plan>();

function planOf(op: Operation): Plan {
  let plan = plans.get(op);
  if (!plan) plans.set(op, (plan = Object.entries(op.input).map(([member, spec]) => [member, spec, lowerFirst(member)] as const)));
  return plan;
}

export function parseInput(op: Operation, labels: Record<string, string>, req: WireRequest): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  let query: QueryValues | undefined;
  let body: Record<string, unknown> | undefined;
  for (const [member, spec, path] of planOf(op)) {
    const b = spec.binding;
    let value: unknown;
    if (b.in === 'label') value = labels[b.name];
    else if (b.in === 'query') {
      query ??= queryValues(req.query);
      const raw = query.get(b.name);
      value = raw === null || raw === undefined ? undefined : fromQuery(spec.shape, raw, b.name);
    } else if (b.in === 'header') value = req.headers[b.name.toLowerCase()];
    else {
      body ??= parseBody(req.body);
      value = body[member];
    }
    if (value === undefined || value === null) {
      if (spec.required) {
        throw new ServiceError('InvalidParameterException', `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      }
      continue;
    }
    input[member] = validate(spec.shape, value, path);
  }
  return input;
}

/** The first value of each name (null or undefined when absent), as URLSearchParams reads a query string. */
type QueryValues = { get(name: string): string | null | undefined };

const NO_QUERY: QueryValues = new Map<string, string>();

/**
 * A query string read as URLSearchParams reads it (application/x-www-form-urlencoded),
 * without its cost on the common request: names and values that decode cleanly
 * are decoded here; a malformed escape or invalid UTF-8, which URLSearchParams
 * reads leniently, hands the whole query to it.
 */
export function queryValues(query: string): QueryValues {
  if (query === '') return NO_QUERY;
  const values = new Map<string, string>();
  const parts = query.split('&');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = formDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : formDecode(part.slice(eq + 1));
    if (name === undefined || value === undefined) return new URLSearchParams(query);
    if (!values.has(name)) values.set(name, value);
  }
  return values;
}

function formDecode(s: string): string | undefined {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

// Query members are strings on the wire; numbers must be plain decimal integers.
function fromQuery(shapeName: string, raw: string, name: string): unknown {
  const type = shapeOf(shapeName).type;
  if (type === 'long' || type === 'integer') {
    if (!/^-?\d{1,16}$/.test(raw)) throw new ServiceError('SerializationException', `${name}: '${raw.slice(0, 32)}' is not an integer`);
    return Number(raw);
  }
  return raw;
}

function parseBody(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length === 0) return {};
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new ServiceError('SerializationException', 'Request body is not valid UTF-8');
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceError('SerializationException', 'Request body is not valid JSON');
  }
  if (!isObject(parsed)) throw new ServiceError('SerializationException', 'Request body must be a JSON object');
  return parsed;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
