// The hot read path: delta syncs by lastSyncCount, and full paged reads.
import { call } from '../lib/client.ts';
import { recordsPerPage } from '../lib/metrics.ts';
import { optionsFor } from '../lib/options.ts';
import { summaryFor } from '../lib/summary.ts';
import { seat } from '../lib/vu.ts';

declare const __ENV: Record<string, string | undefined>;
type Page = { Records: unknown[]; NextToken?: string; DatasetSyncCount: number };

export const options = optionsFor('list-records');
export const handleSummary = summaryFor('list-records');
const PAGE = Number(__ENV.CSH_PAGE_SIZE ?? 100);
const MAX_PAGES = 50;

export default function (): void {
  const s = seat();
  const first = call<Page>(s.f, s.credentials, 'ListRecords', { ...s.ids, LastSyncCount: 0, MaxResults: PAGE });
  if (!first.ok) return;
  recordsPerPage.add(first.output.Records.length);
  if (Math.random() < 0.5) {
    // Delta sync: a device that last saw one sync count less than the dataset.
    const delta = call<Page>(s.f, s.credentials, 'ListRecords', { ...s.ids, LastSyncCount: Math.max(0, first.output.DatasetSyncCount - 1), MaxResults: PAGE });
    if (delta.ok) recordsPerPage.add(delta.output.Records.length);
    return;
  }
  // Full read: follow NextToken to the end (bounded).
  let token = first.output.NextToken;
  for (let i = 0; token && i < MAX_PAGES; i++) {
    const page = call<Page>(s.f, s.credentials, 'ListRecords', { ...s.ids, LastSyncCount: 0, MaxResults: PAGE, NextToken: token });
    if (!page.ok) return;
    recordsPerPage.add(page.output.Records.length);
    token = page.output.NextToken;
  }
}
