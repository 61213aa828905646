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
});
