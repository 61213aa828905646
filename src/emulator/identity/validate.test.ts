// Model-driven validation: JSON type errors are SerializationException,
// broken constraints InvalidParameterException naming every broken rule, and
// no value (a login token, say) ever appears in a message.

import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../model/errors.ts';
import { findProblems, project, validateInput, type Problem } from './validate.ts';

function errorOf(shape: string, input: unknown): ServiceError | undefined {
  try {
    validateInput(shape, input);
    return undefined;
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
}

const POOL = 'us-east-1:0f0e0d0c-0b0a-4909-8807-060504030201';

describe('validateInput', () => {
  it('accepts a well-formed input', () => {
    expect(errorOf('GetIdInput', { IdentityPoolId: POOL, Logins: { 'graph.facebook.com': 'tok' }, AccountId: '123456789012' })).toBeUndefined();
    expect(errorOf('CreateIdentityPoolInput', {
      IdentityPoolName: 'My pool 1', AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', ClientId: 'client_1', ServerSideTokenCheck: true }],
    })).toBeUndefined();
  });

  it.each([
    ['a string for a boolean', 'CreateIdentityPoolInput', { IdentityPoolName: 'p', AllowUnauthenticatedIdentities: 'true' }],
    ['a number for a string', 'GetIdInput', { IdentityPoolId: 5 }],
    ['a string for an integer', 'ListIdentityPoolsInput', { MaxResults: '10' }],
    ['a fraction for an integer', 'ListIdentityPoolsInput', { MaxResults: 1.5 }],
    ['an object for a list', 'DeleteIdentitiesInput', { IdentityIdsToDelete: { a: 1 } }],
    ['a list for a map', 'GetIdInput', { IdentityPoolId: POOL, Logins: ['x'] }],
    ['a number inside a map', 'GetIdInput', { IdentityPoolId: POOL, Logins: { p: 1 } }],
    ['a string for a structure inside a list', 'CreateIdentityPoolInput', { IdentityPoolName: 'p', AllowUnauthenticatedIdentities: true, CognitoIdentityProviders: ['x'] }],
    ['a top-level array', 'GetIdInput', []],
    ['a top-level string', 'GetIdInput', 'x'],
  ])('answers SerializationException for %s', (_, shape, input) => {
    expect(errorOf(shape, input)?.type).toBe('SerializationException');
  });

  it.each([
    ['a missing required member', 'GetIdInput', {}, 'identityPoolId', 'must not be null'],
    ['a null required member', 'GetIdInput', { IdentityPoolId: null }, 'identityPoolId', 'must not be null'],
    ['an upper-case pool ID (pattern)', 'GetIdInput', { IdentityPoolId: 'us-east-1:ABCDEF' }, 'identityPoolId', 'regular expression'],
    ['a too-long pool ID', 'GetIdInput', { IdentityPoolId: `us-east-1:${'a'.repeat(50)}` }, 'identityPoolId', 'less than or equal to 55'],
    ['an empty name', 'CreateIdentityPoolInput', { IdentityPoolName: '', AllowUnauthenticatedIdentities: true }, 'identityPoolName', 'greater than or equal to 1'],
    ['MaxResults above 60', 'ListIdentityPoolsInput', { MaxResults: 61 }, 'maxResults', 'less than or equal to 60'],
    ['MaxResults of 0', 'ListIdentityPoolsInput', { MaxResults: 0 }, 'maxResults', 'greater than or equal to 1'],
    ['61 identities to delete', 'DeleteIdentitiesInput', { IdentityIdsToDelete: Array.from({ length: 61 }, () => POOL) }, 'identityIdsToDelete', 'less than or equal to 60'],
    ['an empty delete list', 'DeleteIdentitiesInput', { IdentityIdsToDelete: [] }, 'identityIdsToDelete', 'greater than or equal to 1'],
    ['a bad ID inside a list', 'DeleteIdentitiesInput', { IdentityIdsToDelete: [POOL, 'nope'] }, 'identityIdsToDelete.2.member', 'regular expression'],
    ['11 logins', 'GetIdInput', { IdentityPoolId: POOL, Logins: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, 't'])) }, 'logins', 'less than or equal to 10'],
    ['an empty login token', 'GetIdInput', { IdentityPoolId: POOL, Logins: { p: '' } }, 'logins.p', 'greater than or equal to 1'],
    ['a role key outside (un)authenticated', 'SetIdentityPoolRolesInput', { IdentityPoolId: POOL, Roles: { admin: 'arn:aws:iam::123456789012:role/x' } }, 'roles.key', 'regular expression'],
    ['an unknown enum value', 'SetIdentityPoolRolesInput', { IdentityPoolId: POOL, Roles: {}, RoleMappings: { p: { Type: 'Magic', AmbiguousRoleResolution: 'Deny' } } }, 'roleMappings.p.type', 'enum value set'],
    ['a claim name with a space (unicode pattern)', 'SetIdentityPoolRolesInput', {
      IdentityPoolId: POOL, Roles: {},
      RoleMappings: { p: { Type: 'Rules', AmbiguousRoleResolution: 'Deny', RulesConfiguration: { Rules: [{ Claim: 'is admin', MatchType: 'Equals', Value: 'y', RoleARN: 'arn:aws:iam::123456789012:role/x' }] } } },
    }, 'roleMappings.p.rulesConfiguration.rules.1.member.claim', 'regular expression'],
    ['a null inside a list', 'DeleteIdentitiesInput', { IdentityIdsToDelete: [null] }, 'identityIdsToDelete.1.member', 'must not be null'],
    ['a token duration above a day', 'GetOpenIdTokenForDeveloperIdentityInput', { IdentityPoolId: POOL, Logins: { d: 'u' }, TokenDuration: 86401 }, 'tokenDuration', 'less than or equal to 86400'],
  ])('answers InvalidParameterException for %s', (_, shape, input, path, rule) => {
    const e = errorOf(shape, input);
    expect(e?.type).toBe('InvalidParameterException');
    expect(e?.status).toBe(400);
    expect(e?.message).toContain(`'${path}'`);
    expect(e?.message).toContain(rule);
  });

  it('accepts unicode claim names the Java pattern allows', () => {
    const mapping = { Type: 'Rules', AmbiguousRoleResolution: 'Deny', RulesConfiguration: { Rules: [{ Claim: 'rôle:ü', MatchType: 'Equals', Value: 'v', RoleARN: 'arn:aws:iam::123456789012:role/x' }] } };
    expect(errorOf('SetIdentityPoolRolesInput', { IdentityPoolId: POOL, Roles: {}, RoleMappings: { p: mapping } })).toBeUndefined();
  });

  it('counts every broken rule, and treats null optional members as absent', () => {
    const e = errorOf('CreateIdentityPoolInput', { IdentityPoolName: 'bad/name', AllowClassicFlow: null, DeveloperProviderName: 'bad provider' });
    expect(e?.message).toMatch(/^3 validation errors detected: /);
  });

  it('ignores members the model does not know', () => {
    expect(errorOf('GetIdInput', { IdentityPoolId: POOL, Extra: { deep: [1, 2, 3] } })).toBeUndefined();
  });

  it('never echoes values', () => {
    const secret = 'x'.repeat(50_001);
    const e = errorOf('GetIdInput', { IdentityPoolId: POOL, Logins: { 'graph.facebook.com': secret } });
    expect(e?.type).toBe('InvalidParameterException');
    expect(e?.message).not.toContain('xxxxxxxx');
  });

  it('reports a type problem and a constraint problem separately', () => {
    const problems: Problem[] = [];
    findProblems('GetIdInput', { IdentityPoolId: 'UPPER:X', Logins: 3 }, '', problems);
    expect(problems.map((p) => [p.kind, p.path])).toEqual([['constraint', 'identityPoolId'], ['type', 'logins']]);
  });

  it('hands the handlers only known, non-null members', () => {
    const input = { IdentityPoolName: 'p', AllowUnauthenticatedIdentities: true, AllowClassicFlow: null, Junk: 1, CognitoIdentityProviders: [{ ProviderName: 'x', Extra: [1] }] };
    expect(project('CreateIdentityPoolInput', input)).toEqual({ IdentityPoolName: 'p', AllowUnauthenticatedIdentities: true, CognitoIdentityProviders: [{ ProviderName: 'x' }] });
  });
});
