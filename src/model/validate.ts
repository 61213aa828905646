// The one input validator of both services, driven by a service's shapes: a
// value of the wrong JSON type is a SerializationException (the front end
// cannot read it), a readable value that breaks a length, pattern, range,
// enum or required rule is an InvalidParameterException listing every broken
// rule, as AWS does. Values are never echoed: some of them (login tokens) are
// secrets. Cognito Sync's shapes come from shapes.ts; Cognito Identity's from
// its AWS model (identity-operations.ts); both are read through ShapeSource.

import { ServiceError } from './errors.ts';
import { shapes as syncShapes, type Shape } from './shapes.ts';

/** A shape as the AWS models spell it. */
export type ModelShape = {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: readonly string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: readonly string[];
};

export type ShapeSource = (name: string) => ModelShape | undefined;

export type Problem = { kind: 'type' | 'constraint'; path: string; message: string };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The models' patterns are Java regexes matched against the whole value; \p{...} classes need the u flag.
const patterns = new Map<string, RegExp>();
function patternOf(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) patterns.set(p, (re = new RegExp(`^(?:${p})$`, 'u')));
  return re;
}

const short = (s: string) => (s.length > 64 ? `${s.slice(0, 61)}...` : s);

function join(path: string, member: string): string {
  const camel = member.charAt(0).toLowerCase() + member.slice(1);
  return path ? `${path}.${camel}` : camel;
}

function lengthProblems(shape: ModelShape, length: number, path: string, out: Problem[]): void {
  if (shape.min !== undefined && length < shape.min) out.push({ kind: 'constraint', path, message: `Member must have length greater than or equal to ${shape.min}` });
  if (shape.max !== undefined && length > shape.max) out.push({ kind: 'constraint', path, message: `Member must have length less than or equal to ${shape.max}` });
}

function wrongType(out: Problem[], path: string, expected: string): void {
  out.push({ kind: 'type', path, message: `expected ${expected}` });
}

/**
 * Whether a scalar value meets every rule of its shape; undefined for the
 * other shape types. The common case of every request, so it allocates
 * nothing: findProblems, which builds the messages, runs only on a failure.
 */
export function scalarValid(shape: ModelShape, value: unknown): boolean | undefined {
  switch (shape.type) {
    case 'string':
      return typeof value === 'string'
        && (shape.min === undefined || value.length >= shape.min) && (shape.max === undefined || value.length <= shape.max)
        && (!shape.pattern || patternOf(shape.pattern).test(value)) && (!shape.enum || shape.enum.includes(value));
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isSafeInteger(value)
        && (shape.min === undefined || value >= shape.min) && (shape.max === undefined || value <= shape.max);
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return undefined;
  }
}

/** Appends to `out` every way `value` fails the shape `shapeName`. */
export function findProblems(source: ShapeSource, shapeName: string, value: unknown, path: string, out: Problem[]): void {
  const shape = source(shapeName);
  if (!shape) throw new Error(`Unknown shape ${shapeName}`);
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return wrongType(out, path, 'a string');
      lengthProblems(shape, value.length, path, out);
      if (shape.pattern && !patternOf(shape.pattern).test(value)) {
        out.push({ kind: 'constraint', path, message: `Member must satisfy regular expression pattern: ${shape.pattern}` });
      }
      if (shape.enum && !shape.enum.includes(value)) out.push({ kind: 'constraint', path, message: `Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return wrongType(out, path, 'an integer');
      if (shape.min !== undefined && value < shape.min) out.push({ kind: 'constraint', path, message: `Member must have value greater than or equal to ${shape.min}` });
      if (shape.max !== undefined && value > shape.max) out.push({ kind: 'constraint', path, message: `Member must have value less than or equal to ${shape.max}` });
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrongType(out, path, 'a boolean');
      return;
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrongType(out, path, 'epoch seconds');
      return;
    case 'list':
      if (!Array.isArray(value)) return wrongType(out, path, 'a list');
      lengthProblems(shape, value.length, path, out);
      value.forEach((v, i) => {
        if (v === null) out.push({ kind: 'constraint', path: `${path}.${i + 1}.member`, message: 'Member must not be null' });
        else findProblems(source, shape.member!.shape, v, `${path}.${i + 1}.member`, out);
      });
      return;
    case 'map': {
      if (!isObject(value)) return wrongType(out, path, 'a map');
      const entries = Object.entries(value);
      lengthProblems(shape, entries.length, path, out);
      for (const [k, v] of entries) {
        findProblems(source, shape.key!.shape, k, `${path}.key`, out);
        if (v === null) out.push({ kind: 'constraint', path: `${path}.${short(k)}`, message: 'Map value must not be null' });
        else findProblems(source, shape.value!.shape, v, `${path}.${short(k)}`, out);
      }
      return;
    }
    case 'structure': {
      if (!isObject(value)) return wrongType(out, path, 'a structure');
      for (const r of shape.required ?? []) {
        if (value[r] === undefined || value[r] === null) out.push({ kind: 'constraint', path: join(path, r), message: 'Member must not be null' });
      }
      // Unknown members are ignored, as AWS's JSON front ends do.
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = Object.hasOwn(value, name) ? value[name] : undefined;
        if (v !== undefined && v !== null) findProblems(source, member.shape, v, join(path, name), out);
      }
      return;
    }
    default:
      throw new Error(`Shape type ${shape.type} of ${shapeName} is not supported`);
  }
}

/** Throws the typed error AWS would answer for a value that fails its shape. */
export function validateWith(source: ShapeSource, shapeName: string, value: unknown, path = ''): void {
  const shape = source(shapeName);
  if (shape && scalarValid(shape, value) === true) return;
  const problems: Problem[] = [];
  findProblems(source, shapeName, value, path, problems);
  const typeProblem = problems.find((p) => p.kind === 'type');
  if (typeProblem) throw new ServiceError('SerializationException', `Cannot read ${typeProblem.path || 'the request body'}: ${typeProblem.message}`);
  if (problems.length === 0) return;
  const n = problems.length;
  const list = problems.slice(0, 10).map((p) => `Value at '${p.path}' failed to satisfy constraint: ${p.message}`).join('; ');
  throw new ServiceError('InvalidParameterException', `${n} validation error${n === 1 ? '' : 's'} detected: ${list}`);
}

/**
 * The value as handlers see it: only the members the shape knows, with null
 * members dropped (AWS reads null as absent). Walks the shape, not the value,
 * so unknown members of any depth cost nothing. Call after validating.
 */
export function projectWith(source: ShapeSource, shapeName: string, value: unknown): unknown {
  const shape = source(shapeName)!;
  switch (shape.type) {
    case 'list':
      return (value as unknown[]).map((v) => projectWith(source, shape.member!.shape, v));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, projectWith(source, shape.value!.shape, v)]));
    case 'structure': {
      const obj = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = Object.hasOwn(obj, name) ? obj[name] : undefined;
        if (v !== undefined && v !== null) out[name] = projectWith(source, member.shape, v);
      }
      return out;
    }
    default:
      return value;
  }
}

// ---- Cognito Sync's shapes (shapes.ts) read as model shapes ----------------

function asModelShape(s: Shape): ModelShape {
  switch (s.type) {
    case 'list': return { type: 'list', member: { shape: s.member } };
    case 'map': return { type: 'map', key: { shape: s.key }, value: { shape: s.value }, ...(s.max !== undefined ? { max: s.max } : {}) };
    case 'structure': return {
      type: 'structure', members: Object.fromEntries(Object.entries(s.members).map(([k, v]) => [k, { shape: v }])),
      ...(s.required ? { required: s.required } : {}),
    };
    default: return s;
  }
}

const syncModelShapes = new Map(Object.entries(syncShapes as Record<string, Shape>).map(([n, s]) => [n, asModelShape(s)]));
export const syncShapeSource: ShapeSource = (name) => syncModelShapes.get(name);

/** Validates one Cognito Sync input member and returns it as handlers see it (nulls and unknown members dropped). */
export function validate(shapeName: string, value: unknown, path: string): unknown {
  // A valid scalar is its own projection.
  const shape = syncModelShapes.get(shapeName);
  if (shape && scalarValid(shape, value) === true) return value;
  validateWith(syncShapeSource, shapeName, value, path);
  return projectWith(syncShapeSource, shapeName, value);
}
