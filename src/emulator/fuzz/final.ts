// The end-of-run invariant: every dataset the fuzz wrote or deleted is read
// back from sync count 0 in small pages, and must hold exactly what the
// model says: each record once, with the Value and SyncCount of its last
// acknowledged write, and DatasetSyncCount equal to the writes it took.

import { buildRequest } from '../../client/request.ts';
import { isObject } from '../../model/validate.ts';
import { recordProblem, type Checker } from './check.ts';
import { expectedSyncCount } from './model.ts';
import { authorization, DEVELOPER_KEY, type World } from './world.ts';

export type FinalSummary = {
  /** Datasets read back and compared. */
  datasets: number;
  /** Of those, never deleted: their DatasetSyncCount must equal their successful writes. */
  neverDeleted: number;
  /** Successful UpdateRecords with patches on the never-deleted datasets, and the sum of their DatasetSyncCounts. */
  writesNeverDeleted: number;
  syncCountSumNeverDeleted: number;
  /** Per dataset read back: its successful UpdateRecords with patches, deletes, and the DatasetSyncCount it reported. */
  perDataset: Array<{ name: string; writes: number; deletes: number; syncCount: unknown }>;
  requests: number;
};

const PAGE = 5;
const MAX_PAGES = 2_000;
const MAX_THROTTLED_RETRIES = 50;

export async function finalWalk(world: World, checker: Checker): Promise<FinalSummary> {
  const summary: FinalSummary = { datasets: 0, neverDeleted: 0, writesNeverDeleted: 0, syncCountSumNeverDeleted: 0, perDataset: [], requests: 0 };
  const fail = (message: string) => checker.fail(-1, 'final-walk', message);
  for (const { scope, model: m } of checker.models.entries()) {
    if (m.lost || (m.totalWrites === 0 && m.deletes === 0)) continue;
    const name = `${scope.identityId}/${scope.dataset}`;
    const seen = new Set<string>();
    let nextToken: string | undefined;
    let first: Record<string, unknown> | undefined;
    let problem: string | undefined;
    let throttled = 0;
    for (let page = 0; page < MAX_PAGES && !problem; page++) {
      const r = buildRequest('ListRecords', {
        IdentityPoolId: scope.poolId, IdentityId: scope.identityId, DatasetName: scope.dataset, LastSyncCount: 0, MaxResults: PAGE,
        ...(nextToken ? { NextToken: nextToken } : {}),
      });
      world.clock.advance(7);
      summary.requests++;
      const res = await world.handle({ method: r.method, path: r.path, query: r.query, headers: { authorization: authorization(DEVELOPER_KEY) }, body: Buffer.alloc(0) });
      if (res.status === 429 && throttled++ < MAX_THROTTLED_RETRIES) {
        page--;
        continue;
      }
      let body: unknown;
      try {
        body = res.status === 200 ? JSON.parse(res.body) : undefined;
      } catch {
        body = undefined;
      }
      if (!isObject(body) || !Array.isArray(body.Records)) {
        problem = `page ${page + 1} answered ${res.status} ${res.body.slice(0, 120)}`;
        break;
      }
      first ??= body;
      for (const rec of body.Records) {
        const p = recordProblem(rec, m, seen);
        if (p) problem = `page ${page + 1}: ${p[1]}`;
      }
      nextToken = typeof body.NextToken === 'string' && body.NextToken !== '' ? body.NextToken : undefined;
      if (!nextToken) break;
    }
    if (!problem && nextToken) problem = `still paging after ${MAX_PAGES} pages`;
    if (!problem) {
      const missing = [...m.records.keys()].filter((k) => !seen.has(k));
      if (missing.length) problem = `${missing.length} record(s) missing from the walk, e.g. ${JSON.stringify(missing[0]).slice(0, 60)} (aws-sdk-android and amazon-cognito-js follow NextToken and expect every record once)`;
    }
    const expected = expectedSyncCount(m);
    const count = first?.DatasetSyncCount;
    if (!problem && m.exists !== 'no' && expected !== undefined && count !== expected) {
      problem = `DatasetSyncCount ${String(count)}, but it started at ${m.offset} and took ${m.writes} successful UpdateRecords with patches (each raises it by one: aws-sdk-android DefaultDataset fast-forwards only on +1)`;
    }
    if (!problem && m.exists === 'no' && first?.DatasetExists === true) problem = 'DatasetExists=true for a dataset deleted and not written since';
    summary.perDataset.push({ name, writes: m.totalWrites, deletes: m.deletes, syncCount: count });
    if (problem) {
      fail(`${name}: ${problem}`);
      continue;
    }
    summary.datasets++;
    if (m.deletes === 0) {
      summary.neverDeleted++;
      summary.writesNeverDeleted += m.totalWrites;
      summary.syncCountSumNeverDeleted += typeof count === 'number' ? count : Number.NaN;
    }
  }
  return summary;
}
