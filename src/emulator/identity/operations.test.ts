// The Cognito Identity operation table as the emulated service uses it:
// X-Amz-Target resolution, a handler behind every row, and who may call what.
// The table itself is checked against the AWS model in src/model/operations.test.ts,
// the same way as Cognito Sync's.

import { describe, expect, it } from 'vitest';
import { identityOperationNames, operationOfTarget } from '../../model/identity-operations.ts';
import { createIdentityService } from './service.ts';

describe('Cognito Identity operation table', () => {
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
