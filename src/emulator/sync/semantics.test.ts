// The sync rules real clients depend on (AWS model and API reference; the sync
// managers of aws-sdk-android, aws-sdk-ios and amazon-cognito-js), checked through the
// in-process handler, and each semantic fault switch shown to break one.

import { describe, expect, it } from 'vitest';
import { buildRequest, parseResponse } from '../../client/request.ts';
import type { OperationName } from '../../model/operations.ts';
import type { FaultName } from '../index.ts';
import { createSyncService } from './service.ts';

const POOL = 'us-east-1:11111111-2222-4333-8444-555555555555';
const ID = 'us-east-1:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const AUTH = 'AWS4-HMAC-SHA256 Credential=SEMANTICS/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00';
type Rec = { Key: string; Value?: string; SyncCount: number };
type Listing = { Records: Rec[]; DatasetSyncCount: number; SyncSessionToken: string; NextToken?: string; DatasetExists: boolean; DatasetDeletedAfterRequestedSyncCount: boolean; Count: number };

function harness(faults: FaultName[] = []) {
  const emulator = createSyncService({ faults });
  async function call<T = Record<string, unknown>>(name: OperationName, input: Record<string, unknown>) {
    const req = buildRequest(name, { IdentityPoolId: POOL, IdentityId: ID, ...input });
    const res = await emulator.handle({ method: req.method, path: req.path, query: req.query, headers: { ...req.headers, authorization: AUTH }, body: Buffer.from(req.body) });
    // Header names are case-insensitive on the wire; the emulator spells them as AWS does.
    return parseResponse<T>(res.status, (h) => Object.entries(res.headers).find(([k]) => k.toLowerCase() === h)?.[1], res.body);
  }
  async function list(name: string, extra: Record<string, unknown> = {}) {
    const r = await call<Listing>('ListRecords', { DatasetName: name, ...extra });
    if (!r.ok) throw new Error(`${r.errorType}: ${r.message}`);
    return r.output;
  }
  async function update(name: string, patches: Array<{ Op: string; Key: string; Value?: string; SyncCount: number }>) {
    const { SyncSessionToken } = await list(name);
    return call<{ Records: Rec[] }>('UpdateRecords', { DatasetName: name, SyncSessionToken, RecordPatches: patches });
  }
  async function listAll(name: string, maxResults: number, lastSyncCount = 0) {
    const keys: string[] = [];
    let NextToken: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await list(name, { LastSyncCount: lastSyncCount, MaxResults: maxResults, ...(NextToken ? { NextToken } : {}) });
      keys.push(...page.Records.map((r) => r.Key));
      NextToken = page.NextToken;
      if (!NextToken) break;
    }
    return keys;
  }
  return { call, list, update, listAll };
}

const put = (Key: string, SyncCount = 0, Value = 'v') => ({ Op: 'replace', Key, Value, SyncCount });

describe('sync counts', () => {
  it('raise DatasetSyncCount by exactly one per successful UpdateRecords and stamp records with it', async () => {
    const h = harness();
    expect((await h.update('d', [put('a'), put('b')])).ok).toBe(true);
    const second = await h.update('d', [put('a', 1, 'v2')]);
    expect(second).toMatchObject({ ok: true, output: { Records: [{ Key: 'a', SyncCount: 2 }] } });
    expect((await h.list('d')).DatasetSyncCount).toBe(2);
  });

  it('reject the whole request on one stale patch, changing nothing', async () => {
    const h = harness();
    await h.update('d', [put('a')]);
    const r = await h.update('d', [put('b'), put('a', 0)]);
    expect(r).toMatchObject({ ok: false, status: 409, errorType: 'ResourceConflictException', message: 'Current SyncCount for: a is: 1 not: 0' });
    const after = await h.list('d');
    expect(after.DatasetSyncCount).toBe(1);
    expect(after.Records.map((x) => x.Key)).toEqual(['a']);
  });

  it('treat a future SyncCount for a new key as a conflict too', async () => {
    expect(await harness().update('d', [put('new', 5)])).toMatchObject({ status: 409 });
  });
});

describe('deltas and tombstones', () => {
  it('return exactly the records changed after n, tombstones included', async () => {
    const h = harness();
    await h.update('d', [put('a'), put('b')]);
    await h.update('d', [put('c')]);
    await h.update('d', [{ Op: 'remove', Key: 'a', SyncCount: 1 }]);
    const delta = await h.list('d', { LastSyncCount: 2 });
    expect(delta.Records.map((r) => [r.Key, r.Value ?? null, r.SyncCount])).toEqual([['a', null, 3]]);
    expect((await h.list('d', { LastSyncCount: 1 })).Records.map((r) => r.Key).sort()).toEqual(['a', 'c']);
    expect(await h.call('ListRecords', { DatasetName: 'd', LastSyncCount: 4 })).toMatchObject({ status: 400, message: 'No such SyncCount: 4 exists for this Dataset' });
  });

  it('flag a dataset deleted and re-created since the requested count', async () => {
    const h = harness();
    await h.update('d', [put('a')]);
    await h.update('d', [put('a', 1)]);
    await h.call('DeleteDataset', { DatasetName: 'd' });
    expect(await h.list('d', { LastSyncCount: 2 })).toMatchObject({ DatasetExists: false, DatasetSyncCount: 0, Records: [] });
    await h.update('d', [put('z')]);
    const after = await h.list('d', { LastSyncCount: 2 });
    expect(after).toMatchObject({ DatasetExists: true, DatasetDeletedAfterRequestedSyncCount: true });
    expect(after.Records.map((r) => r.Key)).toEqual(['z']);
  });

  it('read an explicit null Value or DeviceLastModifiedDate in a patch as absent, not as a 500', async () => {
    const h = harness();
    const r = await h.update('d', [{ Op: 'replace', Key: 'a', Value: null, SyncCount: 0, DeviceLastModifiedDate: null } as unknown as ReturnType<typeof put>]);
    expect(r).toMatchObject({ ok: true, output: { Records: [{ Key: 'a', SyncCount: 1 }] } });
    const [a] = (await h.list('d')).Records;
    expect(a).not.toHaveProperty('Value');
    expect(a).not.toHaveProperty('DeviceLastModifiedDate');
  });
});

describe('pagination', () => {
  it('yields every record exactly once across pages, with no page over maxResults', async () => {
    const h = harness();
    for (let i = 0; i < 5; i++) await h.update('d', Array.from({ length: 7 }, (_, j) => put(`k${i}-${j}`)));
    const keys = await h.listAll('d', 4);
    expect(keys).toHaveLength(35);
    expect(new Set(keys).size).toBe(35);
  });

  it('refuses a forged or foreign NextToken with a 400', async () => {
    const h = harness();
    await h.update('d', [put('a'), put('b')]);
    const page = await h.list('d', { MaxResults: 1 });
    expect(await h.call('ListRecords', { DatasetName: 'd', NextToken: `${page.NextToken}x` })).toMatchObject({ status: 400, errorType: 'InvalidParameterException' });
    expect(await h.call('ListRecords', { DatasetName: 'other', NextToken: page.NextToken })).toMatchObject({ status: 400 });
    const other = harness();
    expect(await other.call('ListRecords', { DatasetName: 'd', NextToken: page.NextToken })).toMatchObject({ status: 400 });
  });
});

describe('remembered pages (page-memo.ts)', () => {
  it('serve a page read again the same until the dataset changes, then its new contents', async () => {
    const h = harness();
    await h.update('d', [put('a'), put('b'), put('c')]);
    const first = await h.list('d', { MaxResults: 2 });
    const again = await h.list('d', { MaxResults: 2 });
    expect(again.Records).toEqual(first.Records);
    expect(again.NextToken).toBe(first.NextToken);
    // A write changes the page: the remembered one is not served again.
    const written = await h.call('UpdateRecords', { DatasetName: 'd', SyncSessionToken: again.SyncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'a', Value: 'w', SyncCount: 1 }] });
    expect(written.ok).toBe(true);
    const after = await h.list('d', { MaxResults: 2 });
    expect(after.Records.map((r) => [r.Key, r.Value, r.SyncCount])).toEqual([['b', 'v', 1], ['c', 'v', 1]]);
    expect(after.NextToken).toBeDefined();
    const rest = await h.list('d', { MaxResults: 2, NextToken: after.NextToken });
    expect(rest.Records.map((r) => [r.Key, r.Value, r.SyncCount])).toEqual([['a', 'w', 2]]);
    // The page after a cursor issued before the write follows it as well: c, then a at its new count.
    const next = await h.list('d', { MaxResults: 2, NextToken: first.NextToken });
    expect(next.Records.map((r) => [r.Key, r.SyncCount])).toEqual([['c', 1], ['a', 2]]);
  });

  it('serve a deleted and re-created dataset from its new records, not the remembered page', async () => {
    const h = harness();
    await h.update('d', [put('old1'), put('old2')]);
    expect((await h.list('d', { MaxResults: 5 })).Records.map((r) => r.Key)).toEqual(['old1', 'old2']);
    expect((await h.call('DeleteDataset', { DatasetName: 'd' })).ok).toBe(true);
    await h.update('d', [put('new')]);
    expect((await h.list('d', { MaxResults: 5 })).Records.map((r) => r.Key)).toEqual(['new']);
  });

  it('give a page the same NextToken for a minute, then a fresh one that still leads on', async () => {
    let now = Date.UTC(2026, 0, 1);
    const emulator = createSyncService({ clock: { now: () => now } });
    const listPage = async (nextToken?: string) => {
      const req = buildRequest('ListRecords', { IdentityPoolId: POOL, IdentityId: ID, DatasetName: 'd', MaxResults: 1, ...(nextToken ? { NextToken: nextToken } : {}) });
      const res = await emulator.handle({ method: req.method, path: req.path, query: req.query, headers: { ...req.headers, authorization: AUTH }, body: Buffer.from(req.body) });
      return JSON.parse(res.body) as Listing;
    };
    const { SyncSessionToken } = await listPage();
    const put2 = buildRequest('UpdateRecords', { IdentityPoolId: POOL, IdentityId: ID, DatasetName: 'd', SyncSessionToken, RecordPatches: [put('a'), put('b')] });
    await emulator.handle({ method: put2.method, path: put2.path, query: put2.query, headers: { ...put2.headers, authorization: AUTH }, body: Buffer.from(put2.body) });
    const t0 = (await listPage()).NextToken;
    now += 59_000;
    expect((await listPage()).NextToken).toBe(t0);
    now += 2_000;
    const t1 = (await listPage()).NextToken;
    expect(t1).toBeDefined();
    expect(t1).not.toBe(t0);
    expect((await listPage(t1)).Records.map((r) => r.Key)).toEqual(['b']);
    // The token given out a minute ago is still good for the rest of its hour.
    expect((await listPage(t0)).Records.map((r) => r.Key)).toEqual(['b']);
  });
});

describe('limits', () => {
  it('refuse a dataset over 1 MB with LimitExceededException and keep what was there', async () => {
    const h = harness();
    await h.update('d', [put('a', 0, 'x'.repeat(600_000))]);
    const r = await h.update('d', [put('b', 0, 'y'.repeat(500_000))]);
    expect(r).toMatchObject({ status: 400, errorType: 'LimitExceededException' });
    expect((await h.list('d')).Records.map((x) => x.Key)).toEqual(['a']);
  });
});

describe('fault switches break what they say', () => {
  const cases: Array<[FaultName, (h: ReturnType<typeof harness>) => Promise<void>]> = [
    ['accept-stale', async (h) => {
      await h.update('d', [put('a')]);
      expect((await h.update('d', [put('a', 0)])).ok).toBe(true);
    }],
    ['partial-apply', async (h) => {
      await h.update('d', [put('a')]);
      await h.update('d', [put('b'), put('a', 0)]);
      expect((await h.list('d')).Records.map((r) => r.Key).sort()).toEqual(['a', 'b']);
    }],
    ['no-increment', async (h) => {
      await h.update('d', [put('a')]);
      expect((await h.list('d')).DatasetSyncCount).toBe(0);
    }],
    ['tombstone-vanish', async (h) => {
      await h.update('d', [put('a')]);
      await h.update('d', [{ Op: 'remove', Key: 'a', SyncCount: 1 }]);
      expect((await h.list('d')).Records).toEqual([]);
    }],
    ['delta-ignored', async (h) => {
      await h.update('d', [put('a')]);
      await h.update('d', [put('b')]);
      expect((await h.list('d', { LastSyncCount: 1 })).Records).toHaveLength(2);
    }],
    ['stale-read', async (h) => {
      await h.update('d', [put('a')]);
      await h.update('d', [put('b')]);
      expect((await h.list('d')).DatasetSyncCount).toBe(1);
    }],
    ['page-drop', async (h) => {
      await h.update('d', [put('a'), put('b'), put('c')]);
      expect(await h.listAll('d', 2)).toHaveLength(2);
    }],
    ['page-dup', async (h) => {
      await h.update('d', [put('a'), put('b'), put('c')]);
      expect(await h.listAll('d', 2)).toEqual(['a', 'b', 'b', 'c']);
    }],
    ['lost-update', async (h) => {
      await h.update('d', [put('n', 0, '0')]);
      const { SyncSessionToken } = await h.list('d');
      const writes = await Promise.all([1, 2, 3].map((i) => h.call('UpdateRecords', { DatasetName: 'd', SyncSessionToken, RecordPatches: [put('n', 1, String(i))] })));
      expect(writes.filter((w) => w.ok)).toHaveLength(3);
    }],
  ];
  for (const [fault, shows] of cases) {
    it(`${fault} is observable`, async () => {
      await shows(harness([fault]));
    });
  }

  it('the same observations hold without faults (each check above can fail)', async () => {
    const h = harness();
    await h.update('d', [put('a')]);
    expect((await h.update('d', [put('a', 0)])).ok).toBe(false);
    expect((await h.list('d')).DatasetSyncCount).toBe(1);
  });
});

describe('the fractional-dates variant', () => {
  it('keeps a date too large for a fraction as it was, instead of sending null', async () => {
    const emulator = createSyncService({ variants: ['fractional-dates'] });
    const call = async (name: OperationName, input: Record<string, unknown>) => {
      const req = buildRequest(name, { IdentityPoolId: POOL, IdentityId: ID, ...input });
      const res = await emulator.handle({ method: req.method, path: req.path, query: req.query, headers: { ...req.headers, authorization: AUTH }, body: Buffer.from(req.body) });
      return JSON.parse(res.body) as Record<string, unknown>;
    };
    const { SyncSessionToken } = await call('ListRecords', { DatasetName: 'd' }) as { SyncSessionToken: string };
    const out = await call('UpdateRecords', { DatasetName: 'd', SyncSessionToken, RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0, DeviceLastModifiedDate: 1e306 }] }) as { Records: Array<{ DeviceLastModifiedDate: number; LastModifiedDate: number }> };
    expect(out.Records[0]!.DeviceLastModifiedDate).toBe(1e306);
    expect(out.Records[0]!.LastModifiedDate % 1).not.toBe(0);
  });
});
