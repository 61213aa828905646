// What a device does: ListRecords → UpdateRecords with the session token →
// on 409, list again and retry, at most 3 times (as the Android client does).
// Devices of one identity contend for a few shared keys, so a 409 can be
// right; it must then be explained by a re-list. Every other sync races a
// second device that listed the same state and writes the same key at the
// same moment, so that every run has conflicts, and at most one may win.
//
// With a device workload model in the fixtures (capacity planning), an
// iteration is one sync of one device instead: see deviceSync below.
import exec from 'k6/execution';
import { CHECKS } from '../lib/checks.ts';
import type { FixtureHead, FixtureIdentity, ScenarioModel } from '../lib/fixtures.ts';
import { fixtures, identityAt } from '../lib/fixtures.ts';
import { call, callTogether, type Answer } from '../lib/client.ts';
import { optionsFor } from '../lib/options.ts';
import { membersOf, writtenProblems, type Written } from '../lib/shapes.ts';
import { summaryFor } from '../lib/summary.ts';
import { guarded, verify } from '../lib/verify.ts';
import { seat, seatOf, type Seat } from '../lib/vu.ts';
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
  const f = fixtures();
  if (f.model) return deviceSync(f, f.model);
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

// Per VU, for device syncs: the DatasetSyncCount last pulled per dataset (where the next delta starts),
// and the SyncCount of each record this VU wrote (dataset + key), so its pushes are current.
const pulled = new Map<string, number>();
const mine = new Map<string, number>();
const givenIn = new Map<string, number>();
let races = 0;
// VU ids restart with every k6 run (every capacity step); this keeps one run's keys apart from the last's.
const device = Math.random().toString(36).slice(2, 8);

/**
 * One sync of one device, as the sync managers do it: pull every dataset of
 * the identity (a delta from the last pull, or a full pull from 0 for a
 * first sync), then push the changed records of one dataset with the
 * session token of its pull. A conflicting sync is two devices of the
 * identity writing one new key at once from the same state: one is
 * accepted, the other gets 409, lowers its lastSyncCount to the highest
 * SyncCount it sent (0 here, so a full pull), pulls and retries.
 */
function deviceSync(f: FixtureHead, m: ScenarioModel): void {
  const identity = identityAt(Math.floor(Math.random() * f.identityCount));
  const first = Math.random() < m.firstSyncShare;
  const listings: Array<{ s: Seat; w: Walk }> = [];
  for (let i = 0; i < identity.datasets.length; i++) {
    const s = seatOf(f, identity, identity.datasets[i]!);
    const w = pull(s, identity, i, first ? 0 : undefined);
    if (!w) return;
    listings.push({ s, w });
  }
  if (m.recordsChangedPerSync === 0 || listings.length === 0) return;
  const { s, w } = listings[Math.floor(Math.random() * listings.length)]!;
  const vu = `${exec.vu.idInTest}-${device}`;
  const keys = Array.from({ length: m.recordsChangedPerSync }, (_, j) => `dev-${vu}-${j}`);
  const patchFor = (token: string, extra: Array<{ Key: string; SyncCount: number }> = []) => ({
    ...s.ids, SyncSessionToken: token,
    RecordPatches: [...keys.map((Key) => ({ Key, SyncCount: mine.get(`${where(s)}/${Key}`) ?? 0 })), ...extra]
      .map((p) => ({ Op: 'replace', Key: p.Key, Value: `${Date.now()}-${Math.random()}`, SyncCount: p.SyncCount })),
  });
  const note = (r: Answer<Written>) => {
    if (!r.ok) return;
    for (const rec of r.output.Records ?? []) {
      mine.set(`${where(s)}/${rec.Key}`, rec.SyncCount);
      givenIn.set(where(s), Math.max(givenIn.get(where(s)) ?? 0, rec.SyncCount));
    }
  };
  if (Math.random() < m.conflictShare) {
    // Both devices write one key that neither has seen; the rival sends only that key.
    const key = `race-${vu}-${races++}`;
    const [a, b] = callTogether<Written>(s.f, s.credentials, 'UpdateRecords', [patchFor(w.last.SyncSessionToken, [{ Key: key, SyncCount: 0 }]), { ...s.ids, SyncSessionToken: w.last.SyncSessionToken, RecordPatches: [{ Op: 'replace', Key: key, Value: 'rival', SyncCount: 0 }] }]);
    const outcomes = [judge(a!, key, 0), judge(b!, key, 0)];
    verify(C.raceOneWins, outcomes.filter((o) => o === 'accepted').length <= 1, () => `two devices wrote the new key ${key} at once with SyncCount 0, and both were accepted (documented: UpdateRecords 409 on a stale SyncCount; one of them is stale once the other lands)`);
    note(a!);
    // Either device may lose, whichever request the target took first. The loser lowers its lastSyncCount
    // to the highest SyncCount it sent (0) and pulls again; the pull must explain the 409 either way.
    if (!outcomes.includes('conflict')) return;
    let listing = pullConflict(s, identity, key, 0);
    // The rival only races for the key; when it lost, this device's write stands and nothing is retried.
    if (outcomes[0] !== 'conflict') return;
    for (let attempt = 1; listing && attempt <= MAX_RETRY; attempt++) {
      const now = listing.records.find((r) => r.Key === key)?.SyncCount ?? 0;
      const r = call<Written>(s.f, s.credentials, 'UpdateRecords', patchFor(listing.last.SyncSessionToken, [{ Key: key, SyncCount: now }]));
      const o = judge(r, key, now);
      note(r);
      if (o !== 'conflict') return;
      listing = pullConflict(s, identity, key, now);
    }
    return;
  }
  const r = call<Written>(s.f, s.credentials, 'UpdateRecords', patchFor(w.last.SyncSessionToken));
  judge(r, keys[0]!, mine.get(`${where(s)}/${keys[0]!}`) ?? 0);
  note(r);
}

/** Every identity names its datasets alike: a dataset is known by identity and name. */
const where = (s: Seat) => `${s.identity.identityId}/${s.dataset}`;

/** A pull of dataset i of the identity from `from`, else from where this VU last pulled it, else from the seeded state. */
function pull(s: Seat, identity: FixtureIdentity, i: number, from?: number): Walk | undefined {
  const last = from ?? pulled.get(where(s)) ?? identity.syncCounts?.[i] ?? 0;
  const maxPages = Math.ceil((identity.records + 2 * 1024) / 1024) + 1000;
  const w = listAll(s, C, { lastSyncCount: last, maxResults: 1024, maxPages });
  if (!w) return undefined;
  const given = givenIn.get(where(s)) ?? 0;
  verify(C.countMonotonic, w.last.DatasetSyncCount >= given, () => `DatasetSyncCount ${w.last.DatasetSyncCount} after a write of this device came back with SyncCount ${given} (the Android and iOS sync managers rely on DatasetSyncCount only growing)`);
  pulled.set(where(s), w.last.DatasetSyncCount);
  return w;
}

/** After a 409 for `key` sent at `sent`: pull from 0 (the highest SyncCount sent); the pull must show why. */
function pullConflict(s: Seat, identity: FixtureIdentity, key: string, sent: number): Walk | undefined {
  const w = pull(s, identity, identity.datasets.indexOf(s.dataset), 0);
  const now = w?.records.find((x) => x.Key === key)?.SyncCount ?? 0;
  if (w) verify(C.conflictExplained, now !== sent, () => `409 for ${key} at SyncCount ${sent}, and a re-list shows ${key} still at ${now} (documented: 409 only on a stale SyncCount)`);
  return w;
}
