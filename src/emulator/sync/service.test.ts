import { describe, expect, it } from 'vitest';
import { buildRequest } from '../../client/request.ts';
import { ServiceError } from '../../model/errors.ts';
import type { Authenticator, Caller, WireRequest } from '../types.ts';
import { createSyncService } from './service.ts';

const developer: Caller = { kind: 'developer', accessKeyId: 'KEY' };

function listRecords(): WireRequest {
  const r = buildRequest('ListRecords', { IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555', IdentityId: 'us-east-1:11111111-2222-3333-4444-666666666666', DatasetName: 'd' });
  return { method: r.method, path: r.path, query: r.query ?? '', headers: {}, body: Buffer.alloc(0) };
}

// dispatch answers synchronously when every step does, and through a promise when one does not:
// each way, a refusal is a typed error and anything else a 500, never a rejected promise.
describe('the Sync service, whether a step answers at once or later', () => {
  const cases: Array<[string, Authenticator]> = [
    ['at once', () => developer],
    ['later', () => Promise.resolve(developer)],
  ];
  for (const [when, authenticate] of cases) {
    it(`answers 200 when the caller is known ${when}`, async () => {
      const res = await createSyncService({ authenticate }).handle(listRecords());
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ Count: 0, DatasetExists: false });
    });
  }

  const refusals: Array<[string, Authenticator]> = [
    ['thrown', () => { throw new ServiceError('NotAuthorizedException', 'no'); }],
    ['rejected', () => Promise.reject(new ServiceError('NotAuthorizedException', 'no'))],
  ];
  for (const [how, authenticate] of refusals) {
    it(`turns a refusal ${how} into its typed error`, async () => {
      const res = await createSyncService({ authenticate }).handle(listRecords());
      expect(res.status).toBe(403);
      expect(res.headers['x-amzn-ErrorType']).toBe('NotAuthorizedException');
    });
  }

  const crashes: Array<[string, Authenticator]> = [
    ['thrown', () => { throw new TypeError('bug'); }],
    ['rejected', () => Promise.reject(new TypeError('bug'))],
  ];
  for (const [how, authenticate] of crashes) {
    it(`reports an unexpected failure ${how} and answers 500 InternalErrorException`, async () => {
      const seen: unknown[] = [];
      const res = await createSyncService({ authenticate, onInternalError: (e) => seen.push(e) }).handle(listRecords());
      expect(res.status).toBe(500);
      expect(res.headers['x-amzn-ErrorType']).toBe('InternalErrorException');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeInstanceOf(TypeError);
    });
  }
});
