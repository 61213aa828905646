// What a device does: ListRecords → UpdateRecords with the session token →
// on 409, list again and retry, at most 3 times (as the Android client does).
// Devices of one identity contend for a few shared keys, so a 409 can be
// right; it must then be explained by a re-list. Every other sync races a
// second device that listed the same state and writes the same key at the
// same moment, so that every run has conflicts, and at most one may win.
import { CHECKS } from '../lib/checks.ts';
import { call, callTogether, type Answer } from '../lib/client.ts';
import { optionsFor } from '../lib/options.ts';
import { membersOf, writtenProblems, type Written } from '../lib/shapes.ts';
import { summaryFor } from '../lib/summary.ts';
import { guarded, verify } from '../lib/verify.ts';
import { seat, type Seat } from '../lib/vu.ts';
import { listAll, type Walk } from '../lib/walk.ts';
import { CLIENT_PAGE_ASK } from '../../src/model/limits.ts';

export const options = optionsFor('sync-session');
export const handleSummary = summaryFor('sync-session');
const C = CHECKS['sync-session'];
const MAX_RETRY = 3;

type Outcome = 'accepted' | 'conflict' | 'stop';

// Per VU: the highest SyncCount an accepted write of this device came back with, and its syncs so far.
let given = 0;
let syncs = 0;

export default guarded(() => {
  const s = seat();
  const key = s.identity.keys[Math.floor(Math.random() * s.identity.keys.length)]!;
  const maxPages = s.identity.records + s.identity.keys.length + 2;
  const list = (): Walk | undefined => {
    const w = listAll(s, C, { lastSyncCount: 0, maxResults: CLIENT_PAGE_ASK.records, maxPages });
    if (w) verify(C.countMonotonic, w.last.DatasetSyncCount >= given, () => `DatasetSyncCount ${w.last.DatasetSyncCount} after a write of this device came back with SyncCount ${given} (the Android and iOS sync managers rely on DatasetSyncCount only growing)`);
    return w;
  };
  // After a 409 the device lists again; the new listing must show why.
  const relist = (sent: number): Walk | undefined => {
    const w = list();
    const now = w?.records.find((x) => x.Key === key)?.SyncCount ?? 0;
    if (w) verify(C.conflictExplained, now !== sent, () => `409 for ${key} at SyncCount ${sent}, and a re-list shows ${key} still at ${now} (documented: 409 only on a stale SyncCount)`);
    return w;
  };

  let listing = list();
  if (!listing) return;
  let attempt = 0;
  if (syncs++ % 2 === 1) {
    const theirs = list();
    if (!theirs) return;
    const [mine, rival] = callTogether<Written>(s.f, s.credentials, 'UpdateRecords', [patchOf(s, listing, key), patchOf(s, theirs, key)]);
    const sent = sentFor(listing, key);
    const outcomes = [judge(mine!, key, sent), judge(rival!, key, sentFor(theirs, key))];
    verify(C.raceOneWins, outcomes.filter((o) => o === 'accepted').length <= 1, () => `two devices wrote ${key} at once from SyncCount ${sent}, and both were accepted (documented: UpdateRecords 409 on a stale SyncCount; one of them is stale once the other lands)`);
    // The device that lost lists again, as it would before retrying, and that listing must explain its 409.
    if (outcomes[1] === 'conflict') relist(sentFor(theirs, key));
    if (outcomes[0] !== 'conflict') return;
    listing = relist(sent);
    attempt = 1;
  }
  for (; listing && attempt <= MAX_RETRY; attempt++) {
    const sent = sentFor(listing, key);
    if (judge(call<Written>(s.f, s.credentials, 'UpdateRecords', patchOf(s, listing, key)), key, sent) !== 'conflict') return;
    listing = relist(sent);
  }
});

const sentFor = (listing: Walk, key: string) => listing.records.find((r) => r.Key === key)?.SyncCount ?? 0;

/** A device's write of `key`, with the SyncCount and session token of its own listing. */
function patchOf(s: Seat, listing: Walk, key: string): Record<string, unknown> {
  return {
    ...s.ids, SyncSessionToken: listing.last.SyncSessionToken,
    RecordPatches: [{ Op: 'replace', Key: key, Value: `${Date.now()}-${Math.random()}`, SyncCount: sentFor(listing, key) }],
  };
}

/** Checks one UpdateRecords answer for a patch of `key` sent with SyncCount `sent`. */
function judge(r: Answer<Written>, key: string, sent: number): Outcome {
  const is2xx = r.status >= 200 && r.status < 300;
  verify(C.writeStatus, is2xx || r.status === 409, () => `UpdateRecords answered ${r.status}${r.ok ? '' : ` ${r.errorType}: ${r.message}`} (documented: 200, or 409 ResourceConflictException for a stale SyncCount)`);
  if (r.status === 409) return 'conflict';
  if (!is2xx) return 'stop';
  const body = r.ok ? r.output : undefined;
  const problems = r.ok ? writtenProblems(body) : [`the body is not a JSON object: ${r.body.slice(0, 80)}`];
  if (!verify(C.writeShape, problems.length === 0, () => `${problems.join('; ')}; members: ${membersOf(body)}`)) return 'stop';
  const got = body!.Records.find((x) => x.Key === key)?.SyncCount;
  verify(C.acceptedHigher, got !== undefined && got > sent, () => `sent SyncCount ${sent} for ${key}, got back ${got ?? 'no record for the key'} (documented: the response returns the new sync count for that record)`);
  if (got !== undefined) given = Math.max(given, got);
  return 'accepted';
}
