// The report as a person sees it: rendered in headless Chromium (Debian's
// package, driven by playwright-core), with nothing fetched from anywhere.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ResultLine } from '../results/schema.ts';
import { renderReport, type Capacity, type LoadSeries } from './render.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve('reports/test-results');

const line = (over: Partial<ResultLine>): ResultLine => ({
  suite: 'properties', case: 'c', operation: null, target: 'emulator', status: 'pass', duration_ms: 3, reason: null, seed: '20261125', run_id: 'r', time: 't', ...over,
});
const results: ResultLine[] = [
  line({ suite: 'contracts', case: 'ListRecords from sync count 0', operation: 'ListRecords' }),
  line({ suite: 'contracts', case: 'UpdateRecords with a stale SyncCount', operation: 'UpdateRecords', status: 'fail', reason: 'expected 409 but was 200' }),
  line({ case: 'sync-count/wrong-count-conflicts-and-changes-nothing', status: 'fail', reason: 'status for a stale SyncCount: expected 409, got 200', details: { operations: ['UpdateRecords'], path: '4:2' } }),
  line({ case: 'pagination/list-records-every-record-once', status: 'expected-fail', reason: 'differs on this backend (https://example.com/1)', details: { operations: ['ListRecords'] } }),
  line({ suite: 'load', case: 'list-records: csh_latency p(99)<500', operation: 'ListRecords' }),
];
const load: LoadSeries = [{ scenario: 'list-records', operation: 'ListRecords', points: Array.from({ length: 10 }, (_, t) => ({ t, p50: 2 + t / 10, p95: 4 + t / 5, p99: 6 + t / 3, rps: 50, conflictRate: 0 })) },
  { scenario: 'sync-session', operation: 'UpdateRecords', points: Array.from({ length: 10 }, (_, t) => ({ t, p50: 3, p95: 5, p99: 8, rps: 20, conflictRate: t / 40 })) }];
const capacity: Capacity = { scenario: 'list-records', sustainableRate: 400, steps: [100, 200, 400, 800].map((rate) => ({ rate, p50: rate / 100, p95: rate / 50, p99: rate / 20, errorRate: rate > 400 ? 0.05 : 0, ok: rate <= 400 })) };

describe('HTML report in Chromium', () => {
  it('shows the verdict, the coverage table and the charts, and loads nothing from the network', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
    mkdirSync(OUT, { recursive: true });
    const file = resolve(OUT, 'report-fixture.html');
    writeFileSync(file, renderReport({ runId: 'fixture', target: 'emulator', startedAt: 'a', finishedAt: 'b', harnessVersion: '0.1.0' }, results, { load, capacity }));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const fetched: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
        fetched.push(url);
        return route.abort();
      });
      await page.goto(`file://${file}`);
      expect(await page.locator('.verdict').innerText()).toMatch(/^FAIL/);
      expect(await page.locator('table').first().locator('tbody tr').count()).toBe(17);
      const charts = page.locator('figure.chart svg');
      expect(await charts.count()).toBeGreaterThanOrEqual(4);
      const box = await charts.first().boundingBox();
      expect(box!.width * box!.height).toBeGreaterThan(10_000);
      await expect(page.getByText('npx cognito-sync-harness properties --case sync-count/wrong-count-conflicts-and-changes-nothing --seed 20261125 --path 4:2').count()).resolves.toBe(1);
      const png = await page.screenshot({ path: resolve(OUT, 'report.png'), fullPage: true });
      // Non-blank: a rendered page has many distinct byte values after compression.
      expect(new Set(png.subarray(100, 20_000)).size).toBeGreaterThan(200);
      expect(fetched).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
