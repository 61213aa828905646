// Checks a decoded JSON value against a shape of the table. Wrong JSON types
// are SerializationException (as AWS's front end answers them); constraint
// violations are InvalidParameterException naming the member path.

import { ServiceError } from './errors.ts';
import { shapeOf, shapes, type Shape } from './shapes.ts';

// Patterns match the whole value, as AWS applies them.
const patterns = new Map<string, RegExp>(
  Object.values(shapes as Record<string, Shape>)
    .flatMap((s) => (s.type === 'string' && s.pattern ? [s.pattern] : []))
    .map((p) => [p, new RegExp(`^(?:${p})$`, 'u')]),
);

const JAVA_TYPES: Record<string, string> = { string: 'java.lang.String', boolean: 'java.lang.Boolean', object: 'java.util.LinkedHashMap' };

function typeError(path: string, expected: string, value: unknown): ServiceError {
  const got = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (expected === 'timestamp') {
    return new ServiceError('SerializationException', `class ${JAVA_TYPES[got] ?? got} can not be converted to milliseconds since epoch`);
  }
  return new ServiceError('SerializationException', `${path}: expected ${expected}, got ${got}`);
}

function invalid(path: string, constraint: string): ServiceError {
  return new ServiceError('InvalidParameterException', `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${constraint}`);
}

export function validate(shapeName: string, value: unknown, path: string): void {
  const shape = shapeOf(shapeName);
  switch (shape.type) {
    case 'string': {
      if (typeof value !== 'string') throw typeError(path, 'string', value);
      if (shape.min !== undefined && value.length < shape.min) throw invalid(path, `Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) throw invalid(path, `Member must have length less than or equal to ${shape.max}`);
      if (shape.pattern && !patterns.get(shape.pattern)!.test(value)) throw invalid(path, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      if (shape.enum && !shape.enum.includes(value)) throw invalid(path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      return;
    }
    case 'long':
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw typeError(path, shape.type, value);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw typeError(path, 'boolean', value);
      return;
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw typeError(path, 'timestamp', value);
      return;
    case 'list':
      if (!Array.isArray(value)) throw typeError(path, 'list', value);
      value.forEach((item, i) => validate(shape.member, item, `${path}.${i + 1}.member`));
      return;
    case 'map': {
      if (!isObject(value)) throw typeError(path, 'map', value);
      const entries = Object.entries(value);
      if (shape.max !== undefined && entries.length > shape.max) throw invalid(path, `Member must have length less than or equal to ${shape.max}`);
      for (const [k, v] of entries) {
        validate(shape.key, k, `${path}.key`);
        validate(shape.value, v, `${path}.${k}`);
      }
      return;
    }
    case 'structure': {
      if (!isObject(value)) throw typeError(path, 'structure', value);
      for (const name of shape.required ?? []) {
        if (value[name] === undefined || value[name] === null) throw invalid(`${path}.${name}`, 'Member must not be null');
      }
      for (const [name, member] of Object.entries(shape.members)) {
        const v = value[name];
        // restJson1 reads an explicit null as an absent member; drop it so nothing downstream sees a null.
        if (v === null) delete value[name];
        else if (v !== undefined) validate(member, v, `${path}.${name}`);
      }
    }
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
