import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operations } from '../../model/operations.ts';
import { recordJsonCache, success } from './respond.ts';

const none = { faults: new Set<never>(), variants: new Set<never>() };

function page() {
  return {
    Records: [
      { Key: 'a', Value: 'x"y\\z é', SyncCount: 3, LastModifiedDate: 1764686000.123, LastModifiedBy: 'KEY', DeviceLastModifiedDate: 1.5 },
      { Key: 'tomb', SyncCount: 4, LastModifiedDate: 1764686001, LastModifiedBy: 'KEY' },
    ],
    NextToken: undefined as string | undefined,
    Count: 2, DatasetSyncCount: 4, LastModifiedBy: 'KEY', MergedDatasetNames: ['m.1'],
    DatasetExists: true, DatasetDeletedAfterRequestedSyncCount: false, SyncSessionToken: 'tok',
  };
}

describe('success with the record JSON cache', () => {
  it('writes exactly the bytes JSON.stringify writes, on the first and on a cached answer', () => {
    const cache = recordJsonCache();
    const out = page();
    const first = success(operations.ListRecords, out, none, cache);
    expect(first.body).toBe(JSON.stringify(out));
    expect(cache.records.get(out.Records[0]!)).toBe(JSON.stringify(out.Records[0]));
    expect(first.parts).toBeDefined();
    expect(Buffer.concat(first.parts!.map((p) => Buffer.from(p))).toString('utf8')).toBe(JSON.stringify(out));
    const again = success(operations.ListRecords, { ...out, NextToken: 'next' }, none, cache);
    expect(again.body).toBe(JSON.stringify({ ...out, NextToken: 'next' }));
  });

  it('spells every member around the page as JSON.stringify does, whatever its value', () => {
    const scalar = fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.string({ unit: 'binary' }), fc.constant(null), fc.array(fc.string()));
    fc.assert(fc.property(fc.record({ Count: scalar, LastModifiedBy: scalar, DatasetExists: scalar, SyncSessionToken: scalar }), (members) => {
      const out = { ...page(), ...members };
      expect(success(operations.ListRecords, out, none, recordJsonCache()).body).toBe(JSON.stringify(out));
    }), { numRuns: 300 });
  });

  it('a record object stored anew (a new write) is encoded anew', () => {
    const cache = recordJsonCache();
    const out = page();
    success(operations.ListRecords, out, none, cache);
    const rewritten = { ...out, Records: [{ ...out.Records[0]!, Value: 'new', SyncCount: 5 }] };
    expect(JSON.parse(success(operations.ListRecords, rewritten, none, cache).body).Records[0]).toMatchObject({ Value: 'new', SyncCount: 5 });
  });

  it('an empty page, and writes, which do not fill the cache', () => {
    const cache = recordJsonCache();
    const empty = { ...page(), Records: [], Count: 0 };
    expect(success(operations.ListRecords, empty, none, cache).body).toBe(JSON.stringify(empty));
    const written = { Records: page().Records };
    expect(success(operations.UpdateRecords, written, none, cache).body).toBe(JSON.stringify(written));
    expect(cache.records.get(written.Records[0]!)).toBeUndefined();
  });

  it('under a switch the answer is reshaped, never served from the cache', () => {
    const cache = recordJsonCache();
    const out = page();
    success(operations.ListRecords, out, none, cache);
    const iso = success(operations.ListRecords, out, { faults: new Set(['iso-timestamps'] as const), variants: new Set<never>() }, cache);
    expect(JSON.parse(iso.body).Records[0].LastModifiedDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
