// --shards N: N k6 processes on execution segments, merged into one report.
// With a fixed iteration count (shared-iterations), segments split the work
// exactly, so the merged totals must equal an unsplit run's; the merged
// percentiles must be those of the union of the shards' raw samples.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { checksOf, percentile } from './lib/summary-merge.ts';
import { runLoad, type LoadResult } from './run.ts';
import { samplesFromPoints, segmentArgs, segmentSequence } from './segments.ts';
import { runShards } from './shards.ts';

const OUT = join('reports', 'test-results', 'load-shards');
let target: Target;

beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
}, 300_000);
afterAll(() => target.close());

const checks = (r: LoadResult) => Object.fromEntries(checksOf(r.summary.root_group).map((c) => [c.name, [c.passes, c.fails]]));
const count = (r: LoadResult, metric: string) => r.summary.metrics[metric]!.values.count;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('execution segments', () => {
  it('cut the test into equal parts, as k6-operator does for parallelism', () => {
    expect(segmentSequence(3)).toEqual(['0', '1/3', '2/3', '1']);
    expect(segmentArgs(2, 3)).toEqual(['--execution-segment', '1/3:2/3', '--execution-segment-sequence', '0,1/3,2/3,1']);
    expect(segmentArgs(1, 1)).toEqual(['--execution-segment', '0:1', '--execution-segment-sequence', '0,1']);
  });
});

describe('samplesFromPoints', () => {
  it('keeps every sample of trend metrics from k6\'s JSON output, and nothing of other metrics', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'csh-points-')), 'points.json');
    const metric = (name: string, type: string) => JSON.stringify({ type: 'Metric', data: { name, type, contains: 'default', thresholds: [], submetrics: null }, metric: name });
    const point = (name: string, value: number) => JSON.stringify({ metric: name, type: 'Point', data: { time: '2026-12-02T15:00:00Z', value, tags: { operation: 'ListRecords' } } });
    writeFileSync(file, [metric('http_req_duration', 'trend'), point('http_req_duration', 1.5), metric('http_reqs', 'counter'), point('http_reqs', 1), point('http_req_duration', 0.25), metric('csh_latency', 'trend'), point('csh_latency', 3)].join('\n') + '\n');
    expect(await samplesFromPoints(file)).toEqual({ http_req_duration: [1.5, 0.25], csh_latency: [3] });
  });
});

describe('--shards against the emulator', () => {
  const base = { scenario: 'list-records' as const, profile: 'smoke', identities: 1, datasetSize: 10, iterations: 30 };
  let whole: LoadResult;

  beforeAll(async () => {
    whole = await runLoad({ ...base, target, outDir: join(OUT, 'whole'), keepSamples: true });
  }, 300_000);

  it('the unsplit run: k6\'s own percentiles are those of its raw samples', () => {
    expect(whole.ok).toBe(true);
    expect(count(whole, 'iterations')).toBe(30);
    const d = whole.summary.metrics.http_req_duration!.values;
    const raw = sorted(whole.samples!.http_req_duration!);
    expect(raw.length).toBe(count(whole, 'http_reqs'));
    // The same definition as k6's trend sink, so merged figures mean what k6's mean.
    expect(percentile(raw, 0.95)).toBeCloseTo(d['p(95)']!, 6);
    expect(percentile(raw, 0.5)).toBeCloseTo(d.med!, 6);
  });

  for (const n of [2, 3]) {
    it(`${n} shards add up to the unsplit run: iterations, requests and every check`, async () => {
      const r = await runShards({ ...base, target, outDir: join(OUT, `shards-${n}`), shards: n });
      expect(r.lines.filter((l) => l.status !== 'pass').map((l) => `${l.case}: ${l.reason}`)).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.shards).toHaveLength(n);
      for (const s of r.shards) expect(count(s, 'iterations')).toBeGreaterThan(0);
      expect(count(r, 'iterations')).toBe(count(whole, 'iterations'));
      expect(count(r, 'http_reqs')).toBe(count(whole, 'http_reqs'));
      expect(checks(r)).toEqual(checks(whole));
      expect(r.summary.metrics.checks!.values).toMatchObject({ passes: whole.summary.metrics.checks!.values.passes, fails: 0 });

      // Percentiles of the merged report are those of the union of every shard's raw samples.
      for (const metric of ['http_req_duration', 'csh_latency']) {
        const union = sorted(r.shards.flatMap((s) => s.samples![metric]!));
        const v = r.summary.metrics[metric]!.values;
        expect(v.count, metric).toBe(union.length);
        expect(v['p(95)'], metric).toBe(percentile(union, 0.95));
        expect(v['p(99)'], metric).toBe(percentile(union, 0.99));
        expect(v.med, metric).toBe(percentile(union, 0.5));
        expect(v.max, metric).toBe(union[union.length - 1]);
      }
    }, 300_000);
  }
});
