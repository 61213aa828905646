import { describe, expect, it } from 'vitest';
import { operationNames, operations } from '../model/operations.ts';
import { buildRequest, encodeRfc3986, parseResponse } from './request.ts';

const POOL = 'us-east-1:0c1ba052-e098-41fa-a76e-eaa2c125f861';
const ID = 'us-east-1:9643aaaa-0000-4000-8000-000000000001';

describe('buildRequest', () => {
  it('percent-encodes the colon of identity IDs in path labels, as the SDKs send it', () => {
    const req = buildRequest('ListRecords', { IdentityPoolId: POOL, IdentityId: ID, DatasetName: 'prefs', LastSyncCount: 0 });
    expect(req.method).toBe('GET');
    expect(req.path).toBe(`/identitypools/us-east-1%3A0c1ba052-e098-41fa-a76e-eaa2c125f861/identities/us-east-1%3A9643aaaa-0000-4000-8000-000000000001/datasets/prefs/records`);
    expect(req.query).toBe('lastSyncCount=0');
    expect(req.body).toBe('');
  });

  it('puts body members in JSON, header members in headers, and timestamps as epoch seconds', () => {
    const req = buildRequest('UpdateRecords', {
      IdentityPoolId: POOL, IdentityId: ID, DatasetName: 'd', SyncSessionToken: 't', ClientContext: 'ctx',
      RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0, DeviceLastModifiedDate: new Date(1_700_000_000_500) }],
    });
    expect(req.method).toBe('POST');
    expect(req.headers['x-amz-client-context']).toBe('ctx');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({
      SyncSessionToken: 't',
      RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0, DeviceLastModifiedDate: 1_700_000_000.5 }],
    });
  });

  it('fills every label of every operation from the table and leaves no placeholder', () => {
    for (const name of operationNames) {
      const input: Record<string, unknown> = { IdentityPoolId: POOL, IdentityId: ID, DatasetName: 'd', DeviceId: 'dev 1' };
      const req = buildRequest(name, input);
      expect(req.path, name).not.toMatch(/[{}]/);
      expect(req.method).toBe(operations[name].method);
    }
  });

  it('escapes reserved characters the RFC 3986 way', () => {
    expect(encodeRfc3986("a b!'()*:/")).toBe('a%20b%21%27%28%29%2A%3A%2F');
  });
});

describe('parseResponse', () => {
  const h = (m: Record<string, string>) => (name: string) => m[name] ?? null;

  it('reads the error type from x-amzn-ErrorType, dropping a suffix and a namespace', () => {
    const r = parseResponse(409, h({ 'x-amzn-errortype': 'com.amazonaws.cognitosync#ResourceConflictException:http://x' }), '{"message":"Current SyncCount for: k is: 1 not: 0"}');
    expect(r).toMatchObject({ ok: false, status: 409, errorType: 'ResourceConflictException', message: 'Current SyncCount for: k is: 1 not: 0' });
  });

  it('falls back to __type in the body when the header is absent', () => {
    expect(parseResponse(400, h({}), '{"__type":"InvalidParameterException","message":"m"}')).toMatchObject({ errorType: 'InvalidParameterException' });
  });

  it('treats an empty success body as {} and a non-object success body as an error', () => {
    expect(parseResponse(200, h({}), '')).toMatchObject({ ok: true, output: {} });
    expect(parseResponse(200, h({}), '<html>')).toMatchObject({ ok: false, errorType: 'NonJsonResponse' });
  });
});
