import { describe, expect, it } from 'vitest';
import { operationNames } from '../model/operations.ts';
import type { ResultLine } from '../results/schema.ts';
import { coverage, renderReport } from './render.ts';

const meta = { runId: 'r1', target: 'emulator', startedAt: 'a', finishedAt: 'b', harnessVersion: '0.1.0' };
const line = (over: Partial<ResultLine>): ResultLine => ({
  suite: 'properties', case: 'c', operation: null, target: 'emulator', status: 'pass', duration_ms: 1, reason: null, seed: '7', run_id: 'r1', time: 't', ...over,
});

describe('HTML report', () => {
  it('counts coverage per operation from the operation field and details.operations', () => {
    const table = coverage([line({ operation: 'ListRecords' }), line({ status: 'fail', details: { operations: ['ListRecords', 'UpdateRecords'] } })]);
    expect(table.size).toBe(17);
    expect(table.get('ListRecords')!.get('properties')).toEqual({ pass: 1, fail: 1 });
    expect(table.get('UpdateRecords')!.get('properties')).toEqual({ fail: 1 });
  });

  it('shows the verdict, every operation, and how to replay a failure, all escaped and self-contained', () => {
    const html = renderReport(meta, [line({ case: 'sync-count/x', status: 'fail', reason: '<script>alert(1)</script>', details: { path: '3:1' } })]);
    expect(html).toContain('<div class="verdict fail">FAIL');
    for (const op of operationNames) expect(html).toContain(`<th>${op}</th>`);
    expect(html).toContain('npx cognito-sync-harness properties --case sync-count/x --seed 7 --path 3:1');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('lists not-applicable cases with their reasons apart from passes and failures', () => {
    const html = renderReport(meta, [line({ suite: 'contracts', case: 'BulkPublish while one is in progress', status: 'not-applicable', reason: 'bulk publish <finished> at once' })]);
    expect(html).toContain('<h2>Not applicable on this target (1)</h2>');
    expect(html).toContain('contracts · BulkPublish while one is in progress: bulk publish &lt;finished&gt; at once');
    expect(html).toContain('<h2>Failures (0)</h2>');
  });

  it('groups identical failures into one item listing every case', () => {
    const same = 'seeding records failed: 409 ResourceConflictException';
    const html = renderReport(meta, [
      line({ suite: 'contracts', case: 'A', status: 'fail', reason: same }), line({ suite: 'contracts', case: 'B', status: 'fail', reason: same }),
      line({ suite: 'contracts', case: 'C', status: 'fail', reason: 'other' }),
    ]);
    expect(html).toContain('<h2>Failures (3)</h2>');
    expect(html.split(same)).toHaveLength(2);
    expect(html).toMatch(/contracts · 2 cases failed the same way<\/strong><ul><li>A( <code>[^<]*<\/code>)?<\/li><li>B( <code>[^<]*<\/code>)?<\/li><\/ul>/);
    expect(html).toContain('<strong>contracts · C</strong>');
  });

  it('shows the seed and the resolved target, and links the run\'s files', () => {
    const html = renderReport({ ...meta, seed: 42, resolvedTarget: 'target url http://127.0.0.1:1 · region eu-west-3', artifacts: ['list-records-dashboard.html', 'list-records-summary.json'] }, [line({})]);
    expect(html).toContain('seed 42');
    expect(html).toContain('target url http://127.0.0.1:1 · region eu-west-3');
    expect(html).toContain('<a href="list-records-dashboard.html">');
    expect(html).toContain('<a href="list-records-summary.json">');
  });

  it('load charts have x-axis ticks and the p95/p99 threshold lines', () => {
    const points = [0, 1, 2, 3, 4].map((t) => ({ t, p50: 100, p95: 200, p99: 300, rps: 5, conflictRate: 0 }));
    const html = renderReport(meta, [line({})], { load: [{ scenario: 'list-records', operation: 'ListRecords', points }] });
    const firstChart = html.slice(html.indexOf('<figure'), html.indexOf('</figure>'));
    expect([...firstChart.matchAll(/class="x-tick"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['0.0', '1.0', '2.0', '3.0', '4.0']);
    expect(firstChart).toContain('p95 threshold 250 ms');
    expect(firstChart).toContain('p99 threshold 500 ms (above the chart)');
    expect(firstChart.match(/class="threshold"/g)).toHaveLength(2);
  });
});
