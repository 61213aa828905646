// The smoke profile of every scenario against the embedded emulator: every
// check runs and passes, and no latency threshold is applied (benchmarks
// measure time; this tests behaviour). Also the threshold plumbing, crash
// reporting. Sharding by execution segments is in shards.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { suites } from '../src/run/suites.ts';
import { parseResultLine, type ResultLine } from '../src/results/schema.ts';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { CHECKS, checkNames, crashCase } from './lib/checks.ts';
import { prepareFixtures, runLoad, SCENARIOS } from './run.ts';

const OUT = join('reports', 'test-results', 'load');
let target: Target;

beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
}, 300_000);
afterAll(() => target.close());

describe('k6 smoke profile against the emulator', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario}: every check runs and passes`, async () => {
      const r = await runLoad({ target, scenario, profile: 'smoke', outDir: OUT, identities: 2, datasetSize: 60, duration: '2s' });
      expect(r.lines.filter((l) => l.status !== 'pass').map((l) => `${l.case}: ${l.reason}`)).toEqual([]);
      expect(r.exitCode).toBe(0);
      for (const name of checkNames(scenario)) {
        const line = r.lines.find((l) => l.case === name);
        expect(line?.status, name).toBe('pass');
        expect(line?.details?.passes as number, name).toBeGreaterThan(0);
      }
      const m = r.summary.metrics;
      expect(m.csh_latency!.values.count).toBeGreaterThan(0);
      expect(m.csh_latency!.thresholds).toBeUndefined();
      expect(r.lines.some((l) => l.case.includes('csh_latency'))).toBe(false);
      expect(m.unexpected_errors!.values.rate).toBe(0);
      // 60 records in pages of a third: a full read takes three pages of 20.
      if (scenario === 'list-records') expect(m.records_per_page!.values.max).toBe(20);
    }, 120_000);
  }

  it('sync-session passes with each VU signing as its own identity (identity mode)', async () => {
    const identityTarget = await resolveTarget({ target: 'emulator', credentialMode: 'identity' });
    try {
      const r = await runLoad({ target: identityTarget, scenario: 'sync-session', profile: 'smoke', outDir: join(OUT, 'identity'), identities: 3, datasetSize: 20, duration: '2s' });
      expect(r.lines.filter((l) => l.status !== 'pass').map((l) => `${l.case}: ${l.reason}`)).toEqual([]);
      expect(r.exitCode).toBe(0);
      expect(r.summary.metrics.csh_latency!.values.count).toBeGreaterThan(0);
    } finally {
      await identityTarget.close();
    }
  }, 120_000);

  it('fails its thresholds when the SLO is impossible', async () => {
    const r = await runLoad({ target, scenario: 'list-records', profile: 'smoke', outDir: join(OUT, 'breach'), identities: 1, datasetSize: 10, duration: '2s', thresholds: { p99: 0.001 } });
    expect(r.exitCode).toBe(99);
    expect(r.ok).toBe(false);
    const breach = r.lines.find((l) => l.case === 'list-records: csh_latency p(99)<0.001');
    expect(breach).toMatchObject({ status: 'fail', details: { failure: 'assertion' } });
    // Only the threshold asked for: the smoke profile adds no p95 of its own.
    expect(r.lines.some((l) => l.case.includes('p(95)'))).toBe(false);
  }, 120_000);

  it('reports a scenario that cannot run as a crash, not as failed checks', async () => {
    // Fixtures with no identity: every iteration throws finding its seat, which the guard counts as a crash.
    const fixtures = { ...(await prepareFixtures(target, { scenario: 'list-records', identities: 1, datasetSize: 3 })), identities: [] };
    const r = await runLoad({ target, scenario: 'list-records', profile: 'smoke', outDir: join(OUT, 'crash'), fixtures, duration: '1s' });
    expect(r.ok).toBe(false);
    const crash = r.lines.find((l) => l.case === crashCase('list-records'));
    expect(crash).toMatchObject({ status: 'fail', details: { failure: 'crash' } });
    expect(crash!.reason).toMatch(/iterations threw/);
    expect(r.lines.filter((l) => l.details?.failure === 'assertion')).toEqual([]);
  }, 120_000);
});

describe('the load suite runner', () => {
  it('runs only the scenarios whose checks ctx.only names, reports only those checks, in valid result lines', async () => {
    const lines: ResultLine[] = [];
    const progress: string[] = [];
    const wanted = [CHECKS['update-records'].plusOne, CHECKS['update-records'].staleRefused];
    const writer = { runDir: join(OUT, 'only'), runId: 'only', append: (l: Omit<ResultLine, 'run_id' | 'time'>) => lines.push(parseResultLine(JSON.stringify({ ...l, run_id: 'only', time: new Date().toISOString() }))) };
    const { ok } = await suites.load!({ target, writer, seed: 1, progress: (m) => progress.push(m), only: wanted });
    expect(ok).toBe(true);
    expect(progress).toEqual(['load: update-records (smoke)']);
    expect(lines.map((l) => [l.case, l.status]).sort()).toEqual(wanted.map((c) => [c, 'pass']).sort());
    expect(lines.every((l) => l.suite === 'load' && (l.details?.passes as number) > 0)).toBe(true);
  }, 120_000);
});
