// Input validation driven by the AWS model's shapes: a value of the wrong JSON
// type is a SerializationException (the awsJson front end cannot read it), a
// readable value that breaks a length, pattern, range, enum or required rule
// is an InvalidParameterException listing every broken rule, as AWS does.
// Values are never echoed: many of them (login tokens) are secrets.

import { ServiceError } from '../../model/errors.ts';
import { identityModel, type AwsShape } from '../../model/identity-operations.ts';

export type Problem = { kind: 'type' | 'constraint'; path: string; message: string };

// The model's patterns are Java regexes matched against the whole value;
// \p{...} classes need the u flag. Compiled once for every shape at load.
const patterns = new Map<string, RegExp>();
for (const shape of Object.values(identityModel.shapes)) {
  if (shape.pattern && !patterns.has(shape.pattern)) patterns.set(shape.pattern, new RegExp(`^(?:${shape.pattern})$`, 'u'));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const short = (s: string) => (s.length > 64 ? `${s.slice(0, 61)}...` : s);

function lengthProblems(shape: AwsShape, length: number, path: string, out: Problem[]): void {
  if (shape.min !== undefined && length < shape.min) out.push({ kind: 'constraint', path, message: `Member must have length greater than or equal to ${shape.min}` });
  if (shape.max !== undefined && length > shape.max) out.push({ kind: 'constraint', path, message: `Member must have length less than or equal to ${shape.max}` });
}

/** Appends to `out` every way `value` fails the model shape `shapeName`. */
export function findProblems(shapeName: string, value: unknown, path: string, out: Problem[]): void {
  const shape = identityModel.shapes[shapeName];
  if (!shape) throw new Error(`Unknown shape ${shapeName}`);
  const wrongType = (expected: string) => out.push({ kind: 'type', path, message: `expected ${expected}` });
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return void wrongType('a string');
      lengthProblems(shape, value.length, path, out);
      if (shape.pattern && !patterns.get(shape.pattern)!.test(value)) {
        out.push({ kind: 'constraint', path, message: `Member must satisfy regular expression pattern: ${shape.pattern}` });
      }
      if (shape.enum && !shape.enum.includes(value)) out.push({ kind: 'constraint', path, message: `Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return void wrongType('an integer');
      if (shape.min !== undefined && value < shape.min) out.push({ kind: 'constraint', path, message: `Member must have value greater than or equal to ${shape.min}` });
      if (shape.max !== undefined && value > shape.max) out.push({ kind: 'constraint', path, message: `Member must have value less than or equal to ${shape.max}` });
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrongType('a boolean');
      return;
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrongType('epoch seconds');
      return;
    case 'list':
      if (!Array.isArray(value)) return void wrongType('a list');
      lengthProblems(shape, value.length, path, out);
      value.forEach((v, i) => {
        if (v === null) out.push({ kind: 'constraint', path: `${path}.${i + 1}.member`, message: 'Member must not be null' });
        else findProblems(shape.member!.shape, v, `${path}.${i + 1}.member`, out);
      });
      return;
    case 'map': {
      if (!isObject(value)) return void wrongType('a map');
      const entries = Object.entries(value);
      lengthProblems(shape, entries.length, path, out);
      for (const [k, v] of entries) {
        findProblems(shape.key!.shape, k, `${path}.key`, out);
        if (v === null) out.push({ kind: 'constraint', path: `${path}.${short(k)}`, message: 'Map value must not be null' });
        else findProblems(shape.value!.shape, v, `${path}.${short(k)}`, out);
      }
      return;
    }
    case 'structure': {
      if (!isObject(value)) return void wrongType('a structure');
      const members = shape.members ?? {};
      for (const r of shape.required ?? []) {
        if (value[r] === undefined || value[r] === null) out.push({ kind: 'constraint', path: join(path, r), message: 'Member must not be null' });
      }
      // Unknown members are ignored, as AWS's JSON front end does.
      for (const [name, member] of Object.entries(members)) {
        const v = Object.hasOwn(value, name) ? value[name] : undefined;
        if (v !== undefined && v !== null) findProblems(member.shape, v, join(path, name), out);
      }
      return;
    }
    default:
      throw new Error(`Shape type ${shape.type} of ${shapeName} is not supported`);
  }
}

function join(path: string, member: string): string {
  const camel = member.charAt(0).toLowerCase() + member.slice(1);
  return path ? `${path}.${camel}` : camel;
}

/** Throws the typed error AWS would answer for an input that fails its shape. */
export function validateInput(shapeName: string, input: unknown): void {
  const problems: Problem[] = [];
  findProblems(shapeName, input, '', problems);
  const typeProblem = problems.find((p) => p.kind === 'type');
  if (typeProblem) throw new ServiceError('SerializationException', `Cannot read ${typeProblem.path || 'the request body'}: ${typeProblem.message}`);
  if (problems.length === 0) return;
  const n = problems.length;
  const list = problems.slice(0, 10).map((p) => `Value at '${p.path}' failed to satisfy constraint: ${p.message}`).join('; ');
  throw new ServiceError('InvalidParameterException', `${n} validation error${n === 1 ? '' : 's'} detected: ${list}`);
}

/**
 * The input as the handlers see it: only the members the model knows, with
 * null members dropped (AWS reads null as absent). Walks the model, not the
 * value, so unknown members of any depth cost nothing. Call after validateInput.
 */
export function project(shapeName: string, value: unknown): unknown {
  const shape = identityModel.shapes[shapeName]!;
  switch (shape.type) {
    case 'list':
      return (value as unknown[]).map((v) => project(shape.member!.shape, v));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, project(shape.value!.shape, v)]));
    case 'structure': {
      const obj = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = Object.hasOwn(obj, name) ? obj[name] : undefined;
        if (v !== undefined && v !== null) out[name] = project(member.shape, v);
      }
      return out;
    }
    default:
      return value;
  }
}
