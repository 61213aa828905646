// The Cognito Identity service model, loaded from the official JSON fixture,
// and a validator driven by it: the identity side has no hand-written table,
// the model itself is the table.

import { readFileSync } from 'node:fs';

type AwsShape = {
  type: string; members?: Record<string, { shape: string }>; required?: string[]; member?: { shape: string };
  key?: { shape: string }; value?: { shape: string }; min?: number; max?: number; pattern?: string; enum?: string[];
};
type AwsOperation = { input?: { shape: string }; output?: { shape: string }; errors?: { shape: string }[]; authtype?: string };
export type IdentityModel = { operations: Record<string, AwsOperation>; shapes: Record<string, AwsShape> };

export const identityModel: IdentityModel = JSON.parse(
  readFileSync(new URL('../../model/fixtures/cognito-identity-2014-06-30.service-2.json', import.meta.url), 'utf8'),
);

/** Operations AWS serves without IAM credentials (authtype none in the model). */
export function isUnauthenticated(operation: string): boolean {
  return identityModel.operations[operation]?.authtype === 'none';
}

export class IdentityError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
  get status(): number {
    return this.type === 'InternalErrorException' ? 500 : 400;
  }
}

const patterns = new Map<string, RegExp>();
function pattern(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) {
    // The model's patterns are Java regexes: \p{...} classes need the u flag, whole-value match.
    re = new RegExp(`^(?:${p})$`, 'u');
    patterns.set(p, re);
  }
  return re;
}

export function validateIdentity(shapeName: string, value: unknown, path: string): void {
  const shape = identityModel.shapes[shapeName];
  if (!shape) return;
  const bad = (msg: string) => new IdentityError('InvalidParameterException', `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${msg}`);
  const wrongType = () => new IdentityError('SerializationException', `${path}: expected ${shape.type}`);
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') throw wrongType();
      if (shape.min !== undefined && value.length < shape.min) throw bad(`Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) throw bad(`Member must have length less than or equal to ${shape.max}`);
      if (shape.pattern && !pattern(shape.pattern).test(value)) throw bad(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      if (shape.enum && !shape.enum.includes(value)) throw bad(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType();
      if (shape.min !== undefined && value < shape.min) throw bad(`Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) throw bad(`Member must have value less than or equal to ${shape.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType();
      return;
    case 'timestamp':
      if (typeof value !== 'number') throw wrongType();
      return;
    case 'list':
      if (!Array.isArray(value)) throw wrongType();
      if (shape.min !== undefined && value.length < shape.min) throw bad(`Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) throw bad(`Member must have length less than or equal to ${shape.max}`);
      value.forEach((v, i) => validateIdentity(shape.member!.shape, v, `${path}.${i + 1}.member`));
      return;
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType();
      const entries = Object.entries(value);
      if (shape.max !== undefined && entries.length > shape.max) throw bad(`Member must have length less than or equal to ${shape.max}`);
      for (const [k, v] of entries) {
        validateIdentity(shape.key!.shape, k, `${path}.key`);
        validateIdentity(shape.value!.shape, v, `${path}.${k}`);
      }
      return;
    }
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType();
      const obj = value as Record<string, unknown>;
      for (const r of shape.required ?? []) if (obj[r] === undefined || obj[r] === null) throw bad(`'${r}' must not be null`);
      for (const [k, m] of Object.entries(shape.members ?? {})) if (obj[k] !== undefined && obj[k] !== null) validateIdentity(m.shape, obj[k], `${path}.${k}`);
    }
  }
}
