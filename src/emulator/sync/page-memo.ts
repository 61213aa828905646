// Recently served pages of ListRecords, bounded across all datasets. A page is
// a pure function of the dataset's contents and the request's position, so
// it is found again while the dataset is unchanged (its version) instead of
// walked again; and, because the answer then carries the same Records array,
// the wire layer joins that page's JSON once (wire/respond.ts). A NextToken
// for the page's end is kept with it and served again for up to a minute of
// its hour: the token still outlives any walk by far.
//
// Bounded in memory as well as in entries: a page of large values is not
// kept (at most PAGE_CHARS_MAX characters of keys and values), and an entry
// holds its dataset only weakly, so a deleted dataset is not kept alive.

import type { DatasetRecords, Position, StoredRecord } from './dataset.ts';

export type MemoPage = { items: readonly StoredRecord[]; more: boolean };

type Entry = MemoPage & {
  records: WeakRef<DatasetRecords>;
  version: number;
  token?: { syncCount: number; key: string; issuedAt: number; text: string };
};

/** How long a NextToken is served again to others reading the same page. */
const TOKEN_REUSE_MS = 60_000;
/** 256 pages of this size hold at most 16 M characters of records, and as much again of their JSON. */
const PAGE_CHARS_MAX = 64 * 1024;

export class PageMemo {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 256) {}

  /** The page of `records` after `after`, from `from`, of up to `limit` records; walked only when not held. */
  page(records: DatasetRecords, scope: string, after: number, from: Position | undefined, limit: number): MemoPage {
    const key = from ? `${scope}@${after}/${limit}/${from.syncCount}/${from.key}` : `${scope}@${after}/${limit}`;
    const held = this.entries.get(key);
    if (held && held.records.deref() === records && held.version === records.version) return held;
    const page = records.page(after, from, limit);
    if (held) this.entries.delete(key);
    if (charsOf(page.items) > PAGE_CHARS_MAX) return page;
    const entry: Entry = { ...page, records: new WeakRef(records), version: records.version };
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    return entry;
  }

  /** A NextToken for a cursor at the end of `page` (a page this memo gave) made in the last minute, if any. */
  heldToken(page: MemoPage, cursor: Position, now: number): string | undefined {
    const t = (page as Entry).token;
    return t && t.syncCount === cursor.syncCount && t.key === cursor.key && now >= t.issuedAt && now - t.issuedAt < TOKEN_REUSE_MS ? t.text : undefined;
  }

  /** Keeps the NextToken just made for a cursor at the end of `page`, if the page is one this memo holds. */
  keepToken(page: MemoPage, cursor: Position, now: number, text: string): void {
    if ('version' in page) (page as Entry).token = { syncCount: cursor.syncCount, key: cursor.key, issuedAt: now, text };
  }
}

function charsOf(items: readonly StoredRecord[]): number {
  let n = 0;
  for (let i = 0; i < items.length; i++) n += items[i]!.Key.length + (items[i]!.Value?.length ?? 0);
  return n;
}
