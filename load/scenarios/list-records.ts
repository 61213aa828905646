// The hot read path: a full paged read of a seeded dataset that nobody
// writes during the run, then a delta read from one sync count before the
// end. What is checked is what a sync manager relies on: every record comes
// exactly once, pages respect MaxResults, and a delta holds exactly the
// records changed after lastSyncCount.
import { CHECKS } from '../lib/checks.ts';
import { recordsPerPage } from '../lib/metrics.ts';
import { optionsFor } from '../lib/options.ts';
import type { Listing } from '../lib/shapes.ts';
import { summaryFor } from '../lib/summary.ts';
import { guarded, verify } from '../lib/verify.ts';
import { seat } from '../lib/vu.ts';
import { listAll } from '../lib/walk.ts';

declare const __ENV: Record<string, string | undefined>;

export const options = optionsFor('list-records');
export const handleSummary = summaryFor('list-records');
const C = CHECKS['list-records'];
// Pages of a third of the dataset (100 at most), so that every read follows NextToken a few times.
const pageFor = (records: number) => (__ENV.CSH_PAGE_SIZE ? Number(__ENV.CSH_PAGE_SIZE) : Math.min(100, Math.max(1, Math.ceil(records / 3))));

export default guarded(() => {
  const s = seat();
  const seeded = s.identity.records;
  const page = pageFor(seeded);
  // A page holds at least one record, so a correct walk needs at most this many.
  const maxPages = seeded + 2;
  const onPage = (p: Listing) => {
    recordsPerPage.add(p.Records.length);
    verify(C.pageSize, p.Records.length <= page, () => `a page held ${p.Records.length} records for MaxResults ${page} (documented: maxResults is the maximum number of results to be returned)`);
  };
  const full = listAll(s, C, { lastSyncCount: 0, maxResults: page, maxPages, onPage });
  if (!full) return;
  const keys = new Set(full.records.map((r) => r.Key));
  verify(C.fullRead, full.records.length === seeded && keys.size === seeded, () => `${full.records.length} records with ${keys.size} distinct keys over ${full.pages} pages, where ${seeded} were seeded (clients follow NextToken and expect each record once)`);
  const top = full.last.DatasetSyncCount;
  const newer = full.records.filter((r) => r.SyncCount > top);
  verify(C.noneNewer, newer.length === 0, () => `record ${newer[0]?.Key} has SyncCount ${newer[0]?.SyncCount} above DatasetSyncCount ${top} (aws-sdk-android and aws-sdk-ios resume from DatasetSyncCount)`);

  // The seeding wrote in two batches at least, so this delta is a strict part of the dataset.
  const from = Math.max(0, top - 1);
  const delta = listAll(s, C, { lastSyncCount: from, maxResults: page, maxPages, onPage });
  if (!delta) return;
  const want = new Set(full.records.filter((r) => r.SyncCount > from).map((r) => r.Key));
  const old = delta.records.find((r) => r.SyncCount <= from);
  const got = new Set(delta.records.map((r) => r.Key));
  const same = delta.records.length === want.size && got.size === want.size && [...want].every((k) => got.has(k));
  verify(C.delta, !old && same, () => (old
    ? `record ${old.Key} at SyncCount ${old.SyncCount} came back for lastSyncCount ${from}`
    : `the delta held ${delta.records.length} records (${got.size} keys), where the full read had ${want.size} with SyncCount above ${from}`) + ' (AWS API reference, ListRecords: a delta holds the records changed after lastSyncCount)');
});
