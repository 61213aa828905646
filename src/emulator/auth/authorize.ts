// Who may call what, from the operation table's credential kind (AWS API
// reference, per operation), and identity isolation: an identity touches only its own data.

import { ServiceError } from '../../model/errors.ts';
import type { Operation } from '../../model/operations.ts';
import type { Caller, Directory } from '../types.ts';

export function authorize(caller: Caller, op: Operation, input: Record<string, unknown>): void {
  if (caller.kind === 'identity') {
    if (op.credentials === 'developer') {
      throw new ServiceError('NotAuthorizedException', `${op.name} requires developer credentials`);
    }
    if (input.IdentityId !== undefined && input.IdentityId !== caller.identityId) {
      throw new ServiceError('NotAuthorizedException', 'Access to this identity is not allowed with these credentials');
    }
  } else if (op.credentials === 'identity') {
    throw new ServiceError('NotAuthorizedException', `${op.name} can only be called with Cognito Identity credentials`);
  }
}

/** Unknown pools and identities: 404 where the operation models it, else 403 as AWS gives for resources you cannot see. */
export function checkExists(directory: Directory | undefined, op: Operation, input: Record<string, unknown>): void {
  if (!directory) return;
  const pool = input.IdentityPoolId as string | undefined;
  if (pool !== undefined && !directory.poolExists(pool)) throw missing(op, `Identity pool ${pool}`);
  const identity = input.IdentityId as string | undefined;
  if (pool !== undefined && identity !== undefined && !directory.identityExists(pool, identity)) throw missing(op, `Identity ${identity}`);
}

// A module function, not a closure per call: this runs on every request.
function missing(op: Operation, what: string): ServiceError {
  return new ServiceError(op.errors.includes('ResourceNotFoundException') ? 'ResourceNotFoundException' : 'NotAuthorizedException', `${what} not found`);
}
