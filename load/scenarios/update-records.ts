// The hot write path, on a dataset of the VU's own so that every answer is
// predictable: a write with the SyncCount last seen is accepted and raises it
// by exactly one, a deliberately stale one (every CSH_STALE_SHARE-th write,
// default one in ten) is refused with 409 and changes nothing, and the next
// delta read shows the VU's own write.
import exec from 'k6/execution';
import { CHECKS } from '../lib/checks.ts';
import { call } from '../lib/client.ts';
import { optionsFor } from '../lib/options.ts';
import { membersOf, writtenProblems, type Written } from '../lib/shapes.ts';
import { summaryFor } from '../lib/summary.ts';
import { guarded, verify } from '../lib/verify.ts';
import { privateSeat } from '../lib/vu.ts';
import { listAll } from '../lib/walk.ts';
import { CLIENT_PAGE_ASK } from '../../src/model/limits.ts';

declare const __ENV: Record<string, string | undefined>;

export const options = optionsFor('update-records');
export const handleSummary = summaryFor('update-records');
const C = CHECKS['update-records'];
const STALE = Number(__ENV.CSH_STALE_SHARE ?? 0.1);
// Stale writes on a schedule, not by chance: the second write of every VU is one, so a short run has some.
const PERIOD = STALE > 0 ? Math.max(2, Math.round(1 / STALE)) : Infinity;
const KEY = 'own-key';
// The dataset holds one key, so one page; a few more allow for a backend that pages oddly.
const MAX_PAGES = 5;

// Per VU (module scope is per VU): what the VU last learnt from the target.
let token: string | undefined;
let datasetCount = 0;
let keyCount = 0;
let writes = 0;

export default guarded(() => {
  const s = privateSeat('load-update-records');
  if (token === undefined) {
    const w = listAll(s, C, { lastSyncCount: 0, maxResults: CLIENT_PAGE_ASK.records, maxPages: MAX_PAGES });
    if (!w) return;
    token = w.last.SyncSessionToken;
    datasetCount = w.last.DatasetSyncCount;
    keyCount = w.records.find((r) => r.Key === KEY)?.SyncCount ?? 0;
  }
  const stale = keyCount > 0 && writes % PERIOD === 1;
  writes++;
  const sent = stale ? keyCount - 1 : keyCount;
  const value = `${exec.vu.idInTest}-${writes}-${Date.now()}`;
  const r = call<Written>(s.f, s.credentials, 'UpdateRecords', { ...s.ids, SyncSessionToken: token, RecordPatches: [{ Op: 'replace', Key: KEY, Value: value, SyncCount: sent }] });
  const is2xx = r.status >= 200 && r.status < 300;
  const answered = () => `${r.status}${r.ok ? '' : ` ${r.errorType}: ${r.message}`}`;
  verify(C.writeStatus, is2xx || r.status === 409, () => `UpdateRecords answered ${answered()} (documented: 200, or 409 ResourceConflictException for a stale SyncCount)`);
  if (stale) verify(C.staleRefused, r.status === 409, () => `SyncCount ${sent} where the record is at ${keyCount} got ${answered()} (documented: UpdateRecords 409 on a stale SyncCount)`);
  else verify(C.currentAccepted, r.status !== 409, () => `SyncCount ${sent}, the record's current one on a dataset only this VU writes, got ${answered()} (documented: a patch with the current SyncCount is accepted)`);

  let told: number | undefined;
  if (is2xx) {
    const body = r.ok ? r.output : undefined;
    const problems = r.ok ? writtenProblems(body) : [`the body is not a JSON object: ${r.body.slice(0, 80)}`];
    if (!verify(C.writeShape, problems.length === 0, () => `${problems.join('; ')}; members: ${membersOf(body)}`)) {
      token = undefined;
      return;
    }
    told = body!.Records.find((x) => x.Key === KEY)?.SyncCount;
    verify(C.plusOne, told === keyCount + 1, () => `the write came back with SyncCount ${told ?? 'missing'} for a record at ${keyCount} on a dataset at ${datasetCount} (exactly one more: aws-sdk-android DefaultDataset fast-forwards only on +1)`);
  } else if (!(stale && r.status === 409)) {
    token = undefined; // start over from a full read
    return;
  }

  // The read a device does next: a delta from what it knew before the write.
  const before = datasetCount;
  const d = listAll(s, C, { lastSyncCount: before, maxResults: CLIENT_PAGE_ASK.records, maxPages: MAX_PAGES });
  if (!d) {
    token = undefined;
    return;
  }
  const seen = d.records.find((x) => x.Key === KEY);
  if (told !== undefined) {
    const ok = seen !== undefined && seen.SyncCount === told && seen.Value === value && d.last.DatasetSyncCount >= told;
    verify(C.readYourWrite, ok, () => `a delta from ${before} showed ${seen ? `SyncCount ${seen.SyncCount}, value ${JSON.stringify(seen.Value)}` : 'no record for the key'} and DatasetSyncCount ${d.last.DatasetSyncCount}, where the write was told SyncCount ${told} with value ${JSON.stringify(value)} (AWS API reference, ListRecords: a delta holds every record changed after lastSyncCount)`);
    if (!ok) {
      token = undefined;
      return;
    }
  } else {
    verify(C.refusedChangesNothing, d.records.length === 0 && d.last.DatasetSyncCount === before, () => `after a 409, a delta from ${before} held ${d.records.length} records and DatasetSyncCount ${d.last.DatasetSyncCount} (aws-sdk-android DefaultDataset and aws-sdk-ios AWSCognitoDataset retry after a 409, which works only if it applied nothing)`);
  }
  token = d.last.SyncSessionToken;
  datasetCount = d.last.DatasetSyncCount;
  if (seen) keyCount = seen.SyncCount;
});
