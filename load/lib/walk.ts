// A read as every sync manager does it: ListRecords from a lastSyncCount,
// following NextToken until it is absent, with the session token of the
// last page (aws-sdk-android CognitoSyncStorage takes the last page's). Every page is
// checked; a page that fails a check ends the walk without throwing.
import type { ListingChecks } from './checks.ts';
import { call } from './client.ts';
import { listingProblems, membersOf, type Listing, type Rec } from './shapes.ts';
import { verify } from './verify.ts';
import type { Seat } from './vu.ts';

export type Walk = { records: Rec[]; last: Listing; pages: number };
export type WalkQuery = { lastSyncCount: number; maxResults: number; maxPages: number; onPage?: (page: Listing) => void };

export function listAll(s: Seat, names: ListingChecks, q: WalkQuery): Walk | undefined {
  const records: Rec[] = [];
  let token: string | undefined;
  for (let pages = 1; pages <= q.maxPages; pages++) {
    const r = call<Listing>(s.f, s.credentials, 'ListRecords', { ...s.ids, LastSyncCount: q.lastSyncCount, MaxResults: q.maxResults, ...(token ? { NextToken: token } : {}) });
    const is2xx = r.status >= 200 && r.status < 300;
    if (!verify(names.listStatus, is2xx, () => `ListRecords answered ${r.status}${r.ok ? '' : ` ${r.errorType}: ${r.message}`} (documented: ListRecords of a dataset, even a missing one, answers 200)`)) return undefined;
    const body = r.ok ? r.output : undefined;
    const problems = r.ok ? listingProblems(body) : [`the body is not a JSON object: ${r.body.slice(0, 80)}`];
    if (!verify(names.listShape, problems.length === 0, () => `${problems.join('; ')}; members: ${membersOf(body)}`)) return undefined;
    const page = body!;
    q.onPage?.(page);
    records.push(...page.Records);
    if (typeof page.NextToken !== 'string' || page.NextToken === '') {
      verify(names.walkEnds, true, () => '');
      return { records, last: page, pages };
    }
    token = page.NextToken;
  }
  verify(names.walkEnds, false, () => `NextToken still present after ${q.maxPages} pages, more than the dataset's records need (clients loop while NextToken is present)`);
  return undefined;
}
