// The smoke profile of every scenario against the embedded emulator, with
// the default thresholds; and sharding by execution segments.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { runLoad, SCENARIOS } from './run.ts';

const OUT = join('reports', 'test-results', 'load');
let target: Target;

beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
}, 300_000);
afterAll(() => target.close());

describe('k6 smoke profile against the emulator', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario} passes its thresholds`, async () => {
      const r = await runLoad({ target, scenario, profile: 'smoke', outDir: OUT, identities: 2, datasetSize: 150 });
      expect(r.exitCode).toBe(0);
      const m = r.summary.metrics;
      expect(m.csh_latency!.values.count).toBeGreaterThan(0);
      expect(m.unexpected_errors!.values.rate).toBe(0);
      expect(r.lines.length).toBeGreaterThan(0);
      expect(r.lines.every((l) => l.status === 'pass')).toBe(true);
      if (scenario === 'list-records') expect(m.records_per_page!.values.max).toBe(100);
    }, 300_000);
  }

  it('sync-session passes with each VU signing as its own identity (identity mode)', async () => {
    const identityTarget = await resolveTarget({ target: 'emulator', credentialMode: 'identity' });
    try {
      const r = await runLoad({ target: identityTarget, scenario: 'sync-session', profile: 'smoke', outDir: join(OUT, 'identity'), identities: 3, datasetSize: 20, duration: '3s' });
      expect(r.exitCode).toBe(0);
      expect(r.summary.metrics.unexpected_errors!.values.rate).toBe(0);
      expect(r.summary.metrics.csh_latency!.values.count).toBeGreaterThan(0);
    } finally {
      await identityTarget.close();
    }
  }, 300_000);

  it('fails its thresholds when the SLO is impossible', async () => {
    const r = await runLoad({ target, scenario: 'list-records', profile: 'smoke', outDir: join(OUT, 'breach'), identities: 1, datasetSize: 10, duration: '2s', thresholds: { p99: 0.001 } });
    expect(r.exitCode).toBe(99);
    expect(r.lines.some((l) => l.status === 'fail')).toBe(true);
  }, 300_000);
});

describe('sharding with execution segments', () => {
  it('two shards run as many iterations as the unsplit test', async () => {
    // Fixed iterations: execution segments split them exactly (an arrival rate may add one at the boundary).
    const base = { target, scenario: 'list-records' as const, profile: 'smoke', identities: 1, datasetSize: 10, iterations: 30 };
    const whole = await runLoad({ ...base, outDir: join(OUT, 'whole') });
    const one = await runLoad({ ...base, outDir: join(OUT, 'shard1'), shard: { index: 1, count: 2 } });
    const two = await runLoad({ ...base, outDir: join(OUT, 'shard2'), shard: { index: 2, count: 2 } });
    const iterations = (r: typeof whole) => r.summary.metrics.iterations!.values.count!;
    expect(iterations(whole)).toBe(30);
    expect(iterations(one) + iterations(two)).toBe(iterations(whole));
    expect(iterations(one)).toBeGreaterThan(0);
    expect(iterations(two)).toBeGreaterThan(0);
  }, 300_000);
});
