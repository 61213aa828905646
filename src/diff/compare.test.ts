import { describe, expect, it } from 'vitest';
import { compareObservations, ignored, type Observation } from './compare.ts';
import { replayCommand } from './format.ts';
import { explainedBy, legalRules } from './legal.ts';
import { DateMark, normaliseOutput, type EndIds } from './normalise.ts';
import { divergences } from './run.ts';

const ids = (pool: string, id: string, ds: string): EndIds => ({ identityPoolId: pool, identityId: id, datasetNames: new Map([[ds, '<dataset>']]) });
const A = ids('us-east-1:aaaa', 'us-east-1:1111', 'csh-a-diff-1');
const B = ids('us-east-1:bbbb', 'us-east-1:2222', 'csh-b-diff-1');
const obs = (call: string, body: Record<string, unknown>, extra: Partial<Observation> = {}): Observation => ({ call, status: 200, body, ...extra });

describe('normaliseOutput', () => {
  it('replaces tokens, own IDs, dataset names and modifiers, drops nulls and unknown members, sorts records', () => {
    const n = normaliseOutput('ListRecords', {
      Records: [{ Key: 'b', SyncCount: 2, LastModifiedBy: 'x', Extra: 1 }, { Key: 'a', SyncCount: 1, Value: null, LastModifiedDate: 1.5 }],
      NextToken: null, SyncSessionToken: 'abc+/=', DatasetSyncCount: 2, LastModifiedBy: 'dev', XHarnessExtra: {}, MergedDatasetNames: ['csh-a-diff-1'],
    }, A);
    expect(n).toEqual({
      Records: [{ Key: 'a', SyncCount: 1, LastModifiedDate: new DateMark(1.5) }, { Key: 'b', SyncCount: 2, LastModifiedBy: '<modifier>' }],
      SyncSessionToken: '<token>', DatasetSyncCount: 2, LastModifiedBy: '<modifier>', MergedDatasetNames: ['<dataset>'],
    });
    const d = normaliseOutput('DescribeDataset', { Dataset: { IdentityId: 'us-east-1:1111', DatasetName: 'csh-a-diff-1', CreationDate: '2026-01-01T00:00:00Z' } }, A);
    // A date of the wrong type stays raw, so it diverges from a DateMark.
    expect(d).toEqual({ Dataset: { IdentityId: '<identity>', DatasetName: '<dataset>', CreationDate: '2026-01-01T00:00:00Z' } });
  });
});

describe('compareObservations', () => {
  it('is equal for two ends that differ only in what is normalised', () => {
    const t = obs('UpdateRecords', normaliseOutput('UpdateRecords', { Records: [{ Key: 'a', SyncCount: 1, LastModifiedDate: 100, LastModifiedBy: 'k1' }] }, A));
    const r = obs('UpdateRecords', normaliseOutput('UpdateRecords', { Records: [{ Key: 'a', SyncCount: 1, LastModifiedDate: 101.25, LastModifiedBy: 'us-east-1:2222' }], Extra: null }, B));
    expect(compareObservations(t, r)).toEqual([]);
  });

  it('reports status, error type, members, list lengths and far-apart dates', () => {
    expect(compareObservations({ call: 'X', status: 409, errorType: 'ResourceConflictException' }, { call: 'X', status: 200, body: {} }))
      .toEqual([{ path: 'X.status', target: '409 ResourceConflictException', reference: '200' }]);
    const diffs = compareObservations(obs('X', { Records: [{ SyncCount: 1 }], At: new DateMark(0) }), obs('X', { Records: [], At: new DateMark(1000) }));
    expect(diffs.map((d) => d.path)).toEqual(['X.Records.length', 'X.At']);
  });

  it('leaves out --ignore paths, with [] for any index', () => {
    expect(ignored('ListRecords walk.Records[3].Value', ['ListRecords walk.Records[].Value'])).toBe(true);
    expect(ignored('ListRecords walk.LastModifiedBy', ['ListRecords walk.LastModifiedBy'])).toBe(true);
    expect(ignored('ListRecords walk.DatasetSyncCount', ['ListRecords walk.LastModifiedBy'])).toBe(false);
    const d = divergences([obs('X', { A: 1, B: 1 })], [obs('X', { A: 2, B: 2 })], ['X.A']);
    expect(d.map((x) => x.path)).toEqual(['X.B']);
  });
});

describe('legal rules', () => {
  const walk = (body: Record<string, unknown>, max?: number) => obs('ListRecords walk', body, max ? { request: { maxResults: max } } : {});

  it('has a row for every variant, each either a check or a normalisation', () => {
    for (const rule of Object.values(legalRules)) expect(Boolean((rule as { recognises?: unknown }).recognises) !== Boolean((rule as { normalised?: unknown }).normalised)).toBe(true);
  });

  it('small-pages: other page boundaries, but never more than was asked for', () => {
    const [legal] = divergences([walk({ pageSizes: [9] })], [walk({ pageSizes: [7, 2] })], []);
    expect(legal!.legal).toBe('small-pages');
    const over = divergences([walk({ pageSizes: [2, 2, 2, 2, 1] }, 2)], [walk({ pageSizes: [9] }, 2)], []);
    expect(over.every((d) => d.legal === undefined)).toBe(true);
  });

  it('deleted-flag-true: either flag only while the dataset does not exist on both ends', () => {
    const flag = (exists: boolean, deleted: boolean) => walk({ DatasetExists: exists, DatasetDeletedAfterRequestedSyncCount: deleted });
    expect(divergences([flag(false, false)], [flag(false, true)], [])[0]!.legal).toBe('deleted-flag-true');
    expect(divergences([flag(true, false)], [flag(true, true)], [])[0]!.legal).toBeUndefined();
  });

  it('omitted-optionals: a LastModifiedBy left out, not one changed', () => {
    expect(divergences([walk({ LastModifiedBy: '<modifier>' })], [walk({})], [])[0]!.legal).toBe('omitted-optionals');
    expect(divergences([walk({ LastModifiedBy: '<modifier>' })], [walk({ LastModifiedBy: 3 })], [])[0]!.legal).toBeUndefined();
    // A record's own LastModifiedBy is not one the variant leaves out.
    expect(divergences([walk({ Records: [{ LastModifiedBy: '<modifier>' }] })], [walk({ Records: [{}] })], [])[0]!.legal).toBeUndefined();
  });

  it('throttling: a 429 that outlasted the retries, and nothing else about status', () => {
    const d = (s: number, e?: string) => ({ call: 'X', status: s, ...(e ? { errorType: e } : {}) });
    expect(explainedBy({ ...compareObservations(d(429, 'TooManyRequestsException'), d(200))[0]!, targetObs: d(429), referenceObs: d(200) })).toBe('throttling');
    expect(divergences([d(409, 'ResourceConflictException')], [d(200)], [])[0]!.legal).toBeUndefined();
  });
});

describe('replayCommand', () => {
  it('carries both ends, their switches, the ignores, the seed and the path', () => {
    expect(replayCommand({ target: 'http://127.0.0.1:9', reference: 'emulator', referenceFaults: ['page-drop'], ignore: ['X.Y'] }, 5, '1:2'))
      .toBe('npx cognito-sync-harness diff --target http://127.0.0.1:9 --reference emulator --reference-fault page-drop --ignore X.Y --seed 5 --path 1:2');
  });
});
