// How provider states read the target's answers: tolerant of member-name
// case, so that a state is set up whenever the backend allows it at all, and a
// wrongly spelled answer is judged by the interaction that checks it (an
// assertion) rather than hiding behind a failed setup.

import type { SyncClient } from '../src/client/client.ts';
import { must } from '../src/target/driver.ts';

/** A member of an answer, matched exactly first, else ignoring case. */
export function member<T = unknown>(output: unknown, name: string): T | undefined {
  if (!output || typeof output !== 'object') return undefined;
  const o = output as Record<string, unknown>;
  if (Object.hasOwn(o, name)) return o[name] as T;
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (o[key] as T);
}

export type Session = { token: string; syncCount?: number; records: Map<string, number> };

/** Every page of ListRecords from 0: the last page's token and sync count, and each key's SyncCount. */
export async function readSession(client: SyncClient, ids: Record<string, string>, datasetName: string): Promise<Session> {
  const records = new Map<string, number>();
  let nextToken: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const out = must(await client.call('ListRecords', { ...ids, DatasetName: datasetName, LastSyncCount: 0, ...(nextToken ? { NextToken: nextToken } : {}) }), 'ListRecords');
    for (const r of member<unknown[]>(out, 'Records') ?? []) {
      const key = member<string>(r, 'Key');
      if (key !== undefined) records.set(key, Number(member(r, 'SyncCount') ?? 0));
    }
    nextToken = member<string>(out, 'NextToken') ?? undefined;
    if (!nextToken) {
      const token = member<string>(out, 'SyncSessionToken');
      if (!token) throw new Error('ListRecords answered no SyncSessionToken, so no write can be made');
      const syncCount = member<number>(out, 'DatasetSyncCount');
      return { token, records, ...(typeof syncCount === 'number' ? { syncCount } : {}) };
    }
  }
  throw new Error(`ListRecords of ${datasetName} did not end after 1000 pages`);
}

/** One UpdateRecords with a fresh session; each key is written at the SyncCount the target reports for it. */
export async function writeRecords(client: SyncClient, ids: Record<string, string>, datasetName: string, values: Record<string, string>, what: string): Promise<void> {
  const s = await readSession(client, ids, datasetName);
  const RecordPatches = Object.entries(values).map(([Key, Value]) => ({ Op: 'replace', Key, Value, SyncCount: s.records.get(Key) ?? 0 }));
  must(await client.call('UpdateRecords', { ...ids, DatasetName: datasetName, SyncSessionToken: s.token, RecordPatches }), what);
}
