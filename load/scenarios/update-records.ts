// The hot write path: patches with the right SyncCount, and a share of
// deliberately stale ones (CSH_STALE_SHARE, default 0.1) that must get 409.
import exec from 'k6/execution';
import { call } from '../lib/client.ts';
import { optionsFor } from '../lib/options.ts';
import { summaryFor } from '../lib/summary.ts';
import { seat } from '../lib/vu.ts';

declare const __ENV: Record<string, string | undefined>;
type Listing = { SyncSessionToken: string; Records: Array<{ Key: string; SyncCount: number }> };

export const options = optionsFor('update-records');
export const handleSummary = summaryFor('update-records');
const STALE = Number(__ENV.CSH_STALE_SHARE ?? 0.1);

// Per VU: the session token and the SyncCount of the VU's own key.
let token: string | undefined;
let known = -1;

export default function (): void {
  const s = seat();
  const key = `vu-${exec.vu.idInTest}`;
  if (!token || known < 0) {
    const list = call<Listing>(s.f, s.credentials, 'ListRecords', { ...s.ids, LastSyncCount: 0, MaxResults: 1024 });
    if (!list.ok) return;
    token = list.output.SyncSessionToken;
    known = list.output.Records.find((r) => r.Key === key)?.SyncCount ?? 0;
  }
  const stale = known > 0 && Math.random() < STALE;
  const r = call<{ Records: Array<{ SyncCount: number }> }>(s.f, s.credentials, 'UpdateRecords', {
    ...s.ids, SyncSessionToken: token, RecordPatches: [{ Op: 'replace', Key: key, Value: `${Date.now()}`, SyncCount: stale ? known - 1 : known }],
  });
  if (r.ok) known = r.output.Records[0]!.SyncCount;
  else if (r.status !== 409) token = undefined; // re-list on anything but the expected conflict
}
