// Complete pagination: following NextToken yields every item exactly once,
// no page exceeds maxResults, the last page has no token, Count matches.

import fc from 'fast-check';
import { expectEqual, expectTrue, holds } from '../assert.ts';
import { Driver, must } from '../../src/target/driver.ts';
import type { PropertyCase, PropertyContext } from '../types.ts';

type Page = { items: string[]; count: number; next?: string };

async function walk(fetchPage: (token?: string) => Promise<Page>, max: number): Promise<string[]> {
  const all: string[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await fetchPage(token);
    expectTrue(page.items.length <= max, `a page of ${page.items.length} items with maxResults ${max}`);
    expectEqual(page.count, page.items.length, 'Count against the items of the page');
    all.push(...page.items);
    if (!page.next) return all;
    expectTrue(page.items.length > 0, 'an empty page that still has a NextToken');
    token = page.next;
  }
  throw new Error('pagination did not end after 1,000 pages');
}

function exactlyOnce(walked: string[], expected: string[], what: string): void {
  expectEqual([...walked].sort(), [...expected].sort(), `${what}: items across pages`);
}

async function seed(d: Driver, name: string, total: number, batchSize: number): Promise<string[]> {
  const keys = Array.from({ length: total }, (_, i) => `r${String(i).padStart(3, '0')}`);
  for (let i = 0; i < keys.length; i += batchSize) {
    const r = await d.update(name, keys.slice(i, i + batchSize).map((Key) => ({ Op: 'replace' as const, Key, Value: 'v', SyncCount: 0 })));
    expectTrue(r.ok, `seeding ${name}`);
  }
  return keys;
}

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
        const walked = await walk(async (NextToken) => {
          const p = await d.list(name, { LastSyncCount: 0, MaxResults: max, ...(NextToken ? { NextToken } : {}) });
          return { items: p.Records.map((r) => r.Key), count: p.Count, ...(p.NextToken ? { next: p.NextToken } : {}) };
        }, max);
        exactlyOnce(walked, keys, 'ListRecords');
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
    const arb = fc.record({ total: fc.integer({ min: 1, max: 7 }), max: fc.integer({ min: 1, max: 4 }) });
    await holds(this.name, ctx, arb, async ({ total, max }) => {
      const d = await Driver.create(ctx.target);
      const names = Array.from({ length: total }, () => d.fresh('ds'));
      try {
        for (const n of names) await d.update(n, [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }]);
        const walked = await walk(async (NextToken) => {
          const p = must(await d.call<{ Datasets: Array<{ DatasetName: string }>; Count: number; NextToken?: string }>('ListDatasets', { MaxResults: max, ...(NextToken ? { NextToken } : {}) }), 'ListDatasets');
          return { items: p.Datasets.map((x) => x.DatasetName), count: p.Count, ...(p.NextToken ? { next: p.NextToken } : {}) };
        }, max);
        exactlyOnce(walked.filter((n) => n.startsWith(ctx.target.prefix)), names, 'ListDatasets');
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
    const fetchPage = (max: number) => async (NextToken?: string): Promise<Page> => {
      const p = must(await client.call<{ IdentityPoolUsages: Array<{ IdentityPoolId: string }>; Count: number; NextToken?: string }>('ListIdentityPoolUsage', { MaxResults: max, ...(NextToken ? { NextToken } : {}) }), 'ListIdentityPoolUsage');
      return { items: p.IdentityPoolUsages.map((u) => u.IdentityPoolId), count: p.Count, ...(p.NextToken ? { next: p.NextToken } : {}) };
    };
    // The full list in one page is the reference each paged walk must reproduce.
    const all = await walk(fetchPage(60), 60);
    expectTrue(all.includes(ctx.target.identityPoolId), "the target's own pool is listed");
    await holds(this.name, ctx, fc.integer({ min: 1, max: 4 }), async (max) => {
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
        const walked = await walk(async (NextToken) => {
          const p = await d.list(name, { LastSyncCount: 0, MaxResults: max, ...(NextToken ? { NextToken } : {}) });
          const key = writes[step++];
          if (key) {
            const current = (await d.snapshot(name)).records.get(key)!;
            expectTrue((await d.update(name, [{ Op: 'replace', Key: key, Value: `w${step}`, SyncCount: current.SyncCount }])).ok, 'the concurrent write');
          }
          return { items: p.Records.map((r) => r.Key), count: p.Count, ...(p.NextToken ? { next: p.NextToken } : {}) };
        }, max);
        const untouched = keys.filter((k) => !writes.includes(k));
        for (const k of untouched) expectEqual(walked.filter((w) => w === k).length, 1, `times untouched record ${k} was seen`);
      });
    });
  },
};
