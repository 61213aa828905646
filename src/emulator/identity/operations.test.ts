// The operation table against the AWS model, so neither can drift: the same
// 23 operations, shapes and errors, the public APIs exactly those the model
// serves without auth, and a status for every error an operation can raise.

import { describe, expect, it } from 'vitest';
import { identityErrors, modeledErrors, statusOf, type ErrorType } from '../../model/errors.ts';
import { identityModel, identityOperationNames, identityOperations, operationOfTarget } from './operations.ts';
import { createIdentityService } from './service.ts';

const modelOps = identityModel.operations;

describe('Cognito Identity operation table', () => {
  it('has one row per operation of the model, 23 in all', () => {
    expect([...identityOperations.keys()].sort()).toEqual(Object.keys(modelOps).sort());
    expect(identityOperationNames).toHaveLength(23);
  });

  it('reads input, output and errors from the model', () => {
    for (const [name, op] of identityOperations) {
      const m = modelOps[name]!;
      expect(op.input, name).toBe(m.input?.shape);
      expect(op.output, name).toBe(m.output?.shape);
      expect(op.errors, name).toEqual((m.errors ?? []).map((e) => e.shape));
      expect(identityModel.shapes[op.input]?.type, name).toBe('structure');
    }
  });

  it('marks as public exactly the operations the model serves without auth', () => {
    const publicInModel = Object.entries(modelOps).filter(([, o]) => o.authtype === 'none').map(([n]) => n).sort();
    const publicInTable = [...identityOperations.values()].filter((o) => o.auth === 'none').map((o) => o.name).sort();
    expect(publicInTable).toEqual(publicInModel);
    expect(publicInTable).toEqual(['GetCredentialsForIdentity', 'GetId', 'GetOpenIdToken', 'UnlinkIdentity']);
  });

  it('gives every modeled error a status: 5xx for faults, 4xx otherwise', () => {
    const modeled = new Set([...identityOperations.values()].flatMap((o) => o.errors));
    for (const type of modeled) {
      expect(Object.keys({ ...modeledErrors, ...identityErrors }), type).toContain(type);
      const status = statusOf(type as ErrorType);
      expect(status! >= 500, type).toBe(identityModel.shapes[type]?.fault === true);
    }
    expect(statusOf('NotAuthorizedException')).toBe(403);
    expect(statusOf('ResourceNotFoundException')).toBe(404);
    expect(statusOf('ResourceConflictException')).toBe(409);
    expect(statusOf('TooManyRequestsException')).toBe(429);
  });

  it('resolves X-Amz-Target values, and nothing else', () => {
    expect(operationOfTarget('AWSCognitoIdentityService.GetId')?.name).toBe('GetId');
    for (const bad of [undefined, '', 'GetId', 'AWSCognitoIdentityService.', 'AWSCognitoIdentityService.constructor', 'AWSCognitoIdentityService.__proto__', 'AWSCognitoSyncService.GetId']) {
      expect(operationOfTarget(bad), String(bad)).toBeUndefined();
    }
  });

  it('has a handler behind every row (an empty body reaches validation, not UnknownOperation)', async () => {
    const svc = createIdentityService();
    for (const name of identityOperationNames) {
      const res = await svc.handle({ method: 'POST', path: '/', query: '', headers: { 'x-amz-target': `AWSCognitoIdentityService.${name}` }, body: new Uint8Array() });
      const type = JSON.parse(res.body).__type;
      expect(type, name).not.toBe('UnknownOperationException');
      // Every one of the 23 inputs has a required member, so an empty body fails validation.
      expect(res.status, name).toBe(400);
    }
  });

  it('tells the auth layer who may call what', () => {
    const svc = createIdentityService();
    expect(svc.authOf('AWSCognitoIdentityService.GetId')).toBe('none');
    expect(svc.authOf('AWSCognitoIdentityService.UnlinkIdentity')).toBe('none');
    expect(svc.authOf('AWSCognitoIdentityService.CreateIdentityPool')).toBe('developer');
    expect(svc.authOf('AWSCognitoIdentityService.MergeDeveloperIdentities')).toBe('developer');
    expect(svc.authOf('AWSCognitoIdentityService.Nope')).toBeUndefined();
  });
});
