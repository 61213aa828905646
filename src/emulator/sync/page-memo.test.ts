// The memo's bounds, which answers cannot show: what it keeps, and what it lets go.

import { describe, expect, it } from 'vitest';
import { DatasetRecords, type StoredRecord } from './dataset.ts';
import { PageMemo } from './page-memo.ts';

const rec = (Key: string, SyncCount: number, Value = 'v'): StoredRecord => ({ Key, Value, SyncCount, LastModifiedDate: 1, LastModifiedBy: 'me' });

function dataset(values: string[]): DatasetRecords {
  const d = new DatasetRecords();
  d.writeBatch(values.map((v, i) => rec(`k${i}`, 1, v)));
  return d;
}

describe('PageMemo', () => {
  it('gives the same page while the dataset is unchanged, and a new one after a write', () => {
    const memo = new PageMemo();
    const d = dataset(['a', 'b', 'c']);
    const first = memo.page(d, 's', 0, undefined, 2);
    expect(memo.page(d, 's', 0, undefined, 2)).toBe(first);
    d.writeBatch([rec('k0', 2, 'changed')]);
    const after = memo.page(d, 's', 0, undefined, 2);
    expect(after).not.toBe(first);
    expect(after.items.map((r) => r.Key)).toEqual(['k1', 'k2']);
  });

  it('does not keep a page of large values', () => {
    const memo = new PageMemo();
    const d = dataset(['x'.repeat(40_000), 'y'.repeat(40_000)]);
    const first = memo.page(d, 's', 0, undefined, 2);
    expect(memo.page(d, 's', 0, undefined, 2)).not.toBe(first);
    expect(memo.page(d, 's', 0, undefined, 1)).toBe(memo.page(d, 's', 0, undefined, 1));
  });

  it('holds at most its capacity, dropping the oldest page first', () => {
    const memo = new PageMemo(2);
    const d = dataset(['a', 'b', 'c']);
    const one = memo.page(d, 's', 0, undefined, 1);
    const two = memo.page(d, 's', 0, undefined, 2);
    memo.page(d, 's', 0, undefined, 3);
    expect(memo.page(d, 's', 0, undefined, 2)).toBe(two);
    expect(memo.page(d, 's', 0, undefined, 1)).not.toBe(one);
  });

  it('tells apart two datasets under the same scope (deleted and re-created)', () => {
    const memo = new PageMemo();
    const old = dataset(['a']);
    const recreated = dataset(['b']);
    expect(memo.page(old, 's', 0, undefined, 5).items[0]!.Value).toBe('a');
    expect(memo.page(recreated, 's', 0, undefined, 5).items[0]!.Value).toBe('b');
  });
});
