// What a device does: ListRecords → UpdateRecords with the session token →
// on 409, list again and retry, at most 3 times (as the Android client does).
import { call } from '../lib/client.ts';
import { optionsFor } from '../lib/options.ts';
import { summaryFor } from '../lib/summary.ts';
import { seat } from '../lib/vu.ts';

type Listing = { SyncSessionToken: string; DatasetSyncCount: number; Records: Array<{ Key: string; SyncCount: number }> };

export const options = optionsFor('sync-session');
export const handleSummary = summaryFor('sync-session');
const MAX_RETRY = 3;

export default function (): void {
  const s = seat();
  // Devices of one identity contend for a few shared keys.
  const key = s.identity.keys[Math.floor(Math.random() * s.identity.keys.length)]!;
  for (let attempt = 0; attempt <= MAX_RETRY; attempt++) {
    const list = call<Listing>(s.f, s.credentials, 'ListRecords', { ...s.ids, LastSyncCount: 0, MaxResults: 1024 });
    if (!list.ok) return;
    const current = list.output.Records.find((r) => r.Key === key)?.SyncCount ?? 0;
    const r = call(s.f, s.credentials, 'UpdateRecords', {
      ...s.ids, SyncSessionToken: list.output.SyncSessionToken, RecordPatches: [{ Op: 'replace', Key: key, Value: `${Date.now()}`, SyncCount: current }],
    });
    if (r.ok || r.status !== 409) return;
  }
}
