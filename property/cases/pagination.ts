// Complete pagination: following NextToken yields every item exactly once,
// no page exceeds maxResults, and the walk ends. Page sizes, token shapes and
// empty pages that still carry a NextToken are the server's choice (AWS model:
// no paginators, no default page size, opaque tokens).

import fc from 'fast-check';
import { expectEqual, expectTrue, holds, listIn } from '../assert.ts';
import { Driver, must } from '../../src/target/driver.ts';
import { AssertionFailure, NotApplicable } from '../../src/results/verdicts.ts';
import type { PropertyCase, PropertyContext } from '../types.ts';

type Page = { items: string[]; count: number; next?: string };

/** Far more pages than any walk here needs, even with an empty page between every two full ones. */
const MAX_PAGES = 1000;

/**
 * Follows NextToken to the end. `max` is the maxResults asked for (none: the
 * server's default). `count: false` skips the Count check, for walks whose
 * total changes underneath them.
 */
async function walk(fetchPage: (token?: string) => Promise<Page>, max: number | undefined, opts: { count?: boolean } = {}): Promise<string[]> {
  const all: string[] = [];
  const pages: Page[] = [];
  let token: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await fetchPage(token);
    if (max !== undefined) expectTrue(page.items.length <= max, `a page of ${page.items.length} items with maxResults ${max} (documented: the maximum number of results)`);
    pages.push(page);
    all.push(...page.items);
    // An empty page that still has a NextToken is legal: clients loop while NextToken is set.
    if (!page.next) {
      if (opts.count !== false) expectCount(pages, all.length);
      return all;
    }
    token = page.next;
  }
  throw new AssertionFailure(`NextToken still set after ${MAX_PAGES} pages holding ${all.length} items (every sync manager loops while NextToken is set)`);
}

/**
 * [INFERRED] Count is either each page's own item count or the total across
 * the walk ("Total number of records" in the docs; per page in the AWS
 * example). Either is legal, but one of them on every page.
 */
function expectCount(pages: Page[], total: number): void {
  const counts = pages.map((p) => p.count);
  const perPage = pages.every((p) => p.count === p.items.length);
  const overall = pages.every((p) => p.count === total);
  expectTrue(perPage || overall, `Count per page ${JSON.stringify(counts)} for pages of ${JSON.stringify(pages.map((p) => p.items.length))} items, ${total} in all: neither each page's items nor the total on every page (documented: the number of items)`);
}

function exactlyOnce(walked: string[], expected: string[], what: string): void {
  expectEqual([...walked].sort(), [...expected].sort(), `${what}: items across pages (every sync manager follows NextToken and expects each item once)`);
}

async function seed(d: Driver, name: string, total: number, batchSize: number): Promise<string[]> {
  const keys = Array.from({ length: total }, (_, i) => `r${String(i).padStart(3, '0')}`);
  for (let i = 0; i < keys.length; i += batchSize) {
    const r = await d.update(name, keys.slice(i, i + batchSize).map((Key) => ({ Op: 'replace' as const, Key, Value: 'v', SyncCount: 0 })));
    expectTrue(r.ok, `seeding ${name}: UpdateRecords of new keys with SyncCount 0 was refused (documented: 0 for a new key)`);
  }
  return keys;
}

const recordsPage = (d: Driver, name: string, max: number) => async (NextToken?: string): Promise<Page> => {
  const p = await d.list(name, { LastSyncCount: 0, MaxResults: max, ...(NextToken ? { NextToken } : {}) });
  return { items: p.Records.map((r) => r.Key), count: p.Count, ...(p.NextToken ? { next: p.NextToken } : {}) };
};

export const recordsPaginate: PropertyCase = {
  name: 'pagination/list-records-every-record-once',
  operations: ['ListRecords', 'UpdateRecords'],
  numRuns: 30,
  timeBudgetMs: 5000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    const arb = fc.record({ total: fc.integer({ min: 0, max: 40 }), batchSize: fc.integer({ min: 1, max: 15 }), max: fc.integer({ min: 1, max: 12 }) });
    await holds(this.name, ctx, arb, async ({ total, batchSize, max }) => {
      await d.withDataset('pages', async (name) => {
        const keys = await seed(d, name, total, batchSize);
        exactlyOnce(await walk(recordsPage(d, name, max), max), keys, 'ListRecords');
      });
    });
  },
};

export const datasetsPaginate: PropertyCase = {
  name: 'pagination/list-datasets-every-dataset-once',
  operations: ['ListDatasets', 'UpdateRecords'],
  numRuns: 15,
  timeBudgetMs: 2000,
  async run(ctx) {
    // A fresh identity: every dataset it holds is one this case made, and each run deletes its own.
    const d = await Driver.create(ctx.target);
    const arb = fc.record({ total: fc.integer({ min: 1, max: 7 }), max: fc.integer({ min: 1, max: 4 }) });
    await holds(this.name, ctx, arb, async ({ total, max }) => {
      const names = Array.from({ length: total }, () => d.fresh('ds'));
      try {
        for (const n of names) {
          const r = await d.update(n, [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }]);
          expectTrue(r.ok, `creating dataset ${n} was refused: ${!r.ok && `${r.status} ${r.errorType}`} (documented: datasets are created on first write)`);
        }
        const walked = await walk(async (NextToken) => {
          const p = must(await d.call('ListDatasets', { MaxResults: max, ...(NextToken ? { NextToken } : {}) }), 'ListDatasets');
          const datasets = listIn<{ DatasetName: string }>(p, 'Datasets', 'ListDatasets answer');
          return { items: datasets.map((x) => x.DatasetName), count: p.Count as number, ...(p.NextToken ? { next: p.NextToken as string } : {}) };
        }, max);
        exactlyOnce(walked, names, 'ListDatasets');
      } finally {
        for (const n of names) await d.drop(n);
      }
    });
  },
};

export const poolUsagePaginates: PropertyCase = {
  name: 'pagination/list-identity-pool-usage-every-pool-once',
  operations: ['ListIdentityPoolUsage'],
  numRuns: 15,
  timeBudgetMs: 1000,
  async run(ctx: PropertyContext) {
    const client = ctx.target.client('developer');
    const fetchPage = (max?: number) => async (NextToken?: string): Promise<Page> => {
      const p = must(await client.call('ListIdentityPoolUsage', { ...(max ? { MaxResults: max } : {}), ...(NextToken ? { NextToken } : {}) }), 'ListIdentityPoolUsage');
      const usages = listIn<{ IdentityPoolId: string }>(p, 'IdentityPoolUsages', 'ListIdentityPoolUsage answer');
      return { items: usages.map((u) => u.IdentityPoolId), count: p.Count as number, ...(p.NextToken ? { next: p.NextToken as string } : {}) };
    };
    // The walk at the server's default page size is the reference each smaller walk must reproduce.
    const all = await walk(fetchPage(), undefined);
    expectEqual(all.length, new Set(all).size, 'pools listed more than once at the default page size (every sync manager expects each item once)');
    // The harness never creates pools on AWS; a developer with one pool has nothing to page through.
    if (all.length < 2) throw new NotApplicable(`the developer sees ${all.length} identity pool${all.length === 1 ? '' : 's'}; paging ListIdentityPoolUsage needs at least 2`);
    // Page sizes that split the pools into at most 8 or so pages: an account with many pools stays within budget.
    const smallest = Math.ceil(all.length / 8);
    await holds(this.name, ctx, fc.integer({ min: smallest, max: Math.max(smallest, Math.min(all.length - 1, smallest + 3)) }), async (max) => {
      exactlyOnce(await walk(fetchPage(max), max), all, 'ListIdentityPoolUsage');
    });
  },
};

export const walkUnderWrites: PropertyCase = {
  name: 'pagination/walk-while-another-client-writes',
  operations: ['ListRecords', 'UpdateRecords'],
  numRuns: 25,
  timeBudgetMs: 3000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    const arb = fc.record({ total: fc.integer({ min: 5, max: 30 }), max: fc.integer({ min: 1, max: 6 }), touched: fc.uniqueArray(fc.integer({ min: 0, max: 29 }), { maxLength: 6 }) });
    // Guarantee: a record left untouched for the whole walk is seen exactly once.
    await holds(this.name, ctx, arb, async ({ total, max, touched }) => {
      await d.withDataset('walk', async (name) => {
        const keys = await seed(d, name, total, 10);
        const writes = touched.filter((i) => i < total).map((i) => keys[i]!);
        let step = 0;
        const pages = recordsPage(d, name, max);
        // Count is not checked here: a written record may be served twice, so no total fits every page.
        const walked = await walk(async (NextToken) => {
          const page = await pages(NextToken);
          const key = writes[step++];
          if (key) {
            const current = (await d.snapshot(name)).records.get(key);
            expectTrue(current, `${key} missing from the dataset during the walk (read your writes)`);
            const w = await d.update(name, [{ Op: 'replace', Key: key, Value: `w${step}`, SyncCount: current!.SyncCount }]);
            expectTrue(w.ok, `the concurrent write with the record's current SyncCount was refused: ${!w.ok && `${w.status} ${w.errorType}`} (documented)`);
          }
          return page;
        }, max, { count: false });
        const untouched = keys.filter((k) => !writes.includes(k));
        for (const k of untouched) expectEqual(walked.filter((w) => w === k).length, 1, `times untouched record ${k} was seen during a walk with concurrent writes (a device that misses it never gets it)`);
      });
    });
  },
};
