import { describe, expect, it } from 'vitest';
import { evaluateThreshold, mergeSummaries, percentile, type MergeSummary } from './lib/summary-merge.ts';

// What k6 itself computes for p(N) over these samples (linear interpolation at index p·(n−1)), worked by hand.
describe('percentile', () => {
  it('interpolates between the closest ranks as k6 does', () => {
    expect(percentile([10], 0.95)).toBe(10);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([0, 10, 20, 30, 40], 0.95)).toBeCloseTo(38, 10);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('evaluateThreshold', () => {
  it('reads k6 threshold expressions', () => {
    expect(evaluateThreshold('rate==1', { rate: 1 })).toBe(true);
    expect(evaluateThreshold('rate==1', { rate: 0.99 })).toBe(false);
    expect(evaluateThreshold('p(95)<250', { 'p(95)': 249.9 })).toBe(true);
    expect(evaluateThreshold('p(99) < 500', { 'p(99)': 500 })).toBe(false);
    expect(evaluateThreshold('count==0', { count: 0 })).toBe(true);
    expect(evaluateThreshold('rate<0.01', { rate: 0 })).toBe(true);
    expect(evaluateThreshold('p(95)<250', {})).toBeUndefined();
    expect(evaluateThreshold('nonsense', { rate: 1 })).toBeUndefined();
  });
});

const shard = (over: { latency: number[]; iterations: number; passes: number; fails: number; ms: number; vus: number }): MergeSummary => ({
  state: { testRunDurationMs: over.ms },
  metrics: {
    iterations: { type: 'counter', values: { count: over.iterations, rate: over.iterations / (over.ms / 1000) } },
    checks: { type: 'rate', values: { passes: over.passes, fails: over.fails, rate: over.passes / (over.passes + over.fails) }, thresholds: { 'rate==1': { ok: over.fails === 0 } } },
    vus_max: { type: 'gauge', values: { value: over.vus, min: over.vus, max: over.vus } },
    csh_latency: { type: 'trend', values: { count: over.latency.length, avg: 0, min: 0, med: 0, max: 0, 'p(95)': 0, 'p(99)': 0 }, thresholds: { 'p(99)<100': { ok: true } } },
  },
  root_group: { name: '', checks: [{ name: 'a', passes: over.passes, fails: over.fails }], groups: [{ name: 'g', checks: [{ name: 'b', passes: 1, fails: 0 }] }] },
});

describe('mergeSummaries', () => {
  // Shard one is fast, shard two slow: the mean of their p(95)s is nowhere near the p(95) of all samples.
  const fast = Array.from({ length: 95 }, (_, i) => 1 + i / 100);
  const slow = [200, 210, 220, 230, 240];
  const merged = mergeSummaries(
    [shard({ latency: fast, iterations: 60, passes: 120, fails: 0, ms: 10_000, vus: 3 }), shard({ latency: slow, iterations: 40, passes: 79, fails: 1, ms: 12_000, vus: 2 })],
    [{ csh_latency: fast }, { csh_latency: slow }],
  );
  const union = [...fast, ...slow].sort((a, b) => a - b);

  it('adds counters, rates and checks, and takes the longest shard as the duration', () => {
    expect(merged.metrics.iterations!.values).toEqual({ count: 100, rate: 100 / 12 });
    expect(merged.metrics.checks!.values).toEqual({ passes: 199, fails: 1, rate: 199 / 200 });
    expect(merged.metrics.vus_max!.values.max).toBe(5);
    expect(merged.root_group!.checks).toEqual([{ name: 'a', passes: 199, fails: 1 }, { name: 'b', passes: 2, fails: 0 }]);
    expect(merged.state!.testRunDurationMs).toBe(12_000);
  });

  it('computes trend statistics over the union of the samples, never averaging percentiles', () => {
    const v = merged.metrics.csh_latency!.values;
    expect(v.count).toBe(100);
    expect(v['p(95)']).toBe(percentile(union, 0.95));
    expect(v.med).toBe(percentile(union, 0.5));
    expect(v.min).toBe(1);
    expect(v.max).toBe(240);
    expect(v.avg).toBeCloseTo(union.reduce((a, b) => a + b, 0) / 100, 10);
    const meanOfShards = (percentile(fast, 0.95) + percentile(slow, 0.95)) / 2;
    expect(Math.abs(v['p(95)']! - meanOfShards)).toBeGreaterThan(50);
  });

  it('judges thresholds again on the merged figures', () => {
    // The shards' own verdicts (ok here) do not count: the union's p(99), about 230, breaches it. One failed check fails rate==1.
    expect(merged.metrics.csh_latency!.thresholds).toEqual({ 'p(99)<100': { ok: false } });
    expect(merged.metrics.checks!.thresholds).toEqual({ 'rate==1': { ok: false } });
  });

  it('drops percentiles it cannot compute exactly when a shard brought no samples', () => {
    const partial = mergeSummaries([shard({ latency: fast, iterations: 1, passes: 1, fails: 0, ms: 1000, vus: 1 }), shard({ latency: slow, iterations: 1, passes: 1, fails: 0, ms: 1000, vus: 1 })], [{ csh_latency: fast }, {}]);
    expect(Object.keys(partial.metrics.csh_latency!.values).sort()).toEqual(['avg', 'count', 'max', 'min']);
    expect(partial.metrics.csh_latency!.thresholds).toEqual({ 'p(99)<100': { ok: false } });
  });
});
