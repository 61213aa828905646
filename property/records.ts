// Records compared by what clients use of them: key, value (null for a
// tombstone, whether the server sent null or left it out) and SyncCount.
// Dates, LastModifiedBy and extra members may legally differ.

import type { Rec } from '../src/target/driver.ts';

export type Row = readonly [key: string, value: string | null, syncCount: number | null];

export const rowOf = (r: Rec): Row => [r.Key, r.Value ?? null, r.SyncCount ?? null];

export function rowsOf(records: Iterable<Rec>): Row[] {
  return [...records].map(rowOf).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
