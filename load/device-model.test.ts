import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelOf } from '../src/cli/commands/capacity-devices.ts';
import { HarnessError } from '../src/harness-error.ts';
import { deviceTable, judgePlan, judgeStep, type DeviceCapacity } from './device-capacity.ts';
import { DEFAULT_MODEL, devicesAt, draw, identitiesOf, parseModel, readModel, requestsPerSync, syncRate } from './device-model.ts';
import { perTimeUnit } from './lib/options.ts';
import { seededRandom } from './model-fixtures.ts';

const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HarnessError);
    return (e as Error).message;
  }
  throw new Error('no error thrown');
};
const flags = { headroom: 0.3, repeats: 3, bisections: 3, prepConcurrency: 16, droppedShare: 0.01 };

describe('device workload model', () => {
  it('fills what a file leaves out from the documented defaults', () => {
    const m = parseModel({ devices: 500, syncInterval: { distribution: 'uniform', min: 60, max: 180 } });
    expect(m).toEqual({ ...DEFAULT_MODEL, devices: 500, syncInterval: { distribution: 'uniform', min: 60, max: 180 } });
    expect(identitiesOf(m)).toBe(250);
    // 500 devices, one sync every 120 s on average: 500/120 syncs/s.
    expect(syncRate(m, 500)).toBeCloseTo(500 / 120);
    expect(devicesAt(m, 10)).toBe(1200);
  });

  it('refuses bad values with one line naming the member and the fix', () => {
    const cases: Array<[unknown, RegExp]> = [
      [[], /file: must hold a JSON object/],
      [{ devics: 3 }, /devics: is not a model member/],
      [{ devices: 0 }, /devices: takes an integer from 1/],
      [{ datasetsPerIdentity: 21 }, /datasetsPerIdentity: takes an integer from 1 to 20/],
      [{ conflictShare: 1.5 }, /conflictShare: takes a number from 0 to 1/],
      [{ syncInterval: { distribution: 'normal', mean: 3 } }, /syncInterval.distribution: takes fixed, exponential or uniform/],
      [{ syncInterval: { distribution: 'uniform', min: 9, max: 3 } }, /min 9 is above max 3/],
      [{ recordsPerDataset: 2000 }, /recordsPerDataset: takes a number from 0 to 1024/],
      [{ recordsPerDataset: { distribution: 'exponential', mean: 600 } }, /use uniform/],
      [{ recordsChangedPerSync: 0, conflictShare: 0.1 }, /needs recordsChangedPerSync above 0/],
    ];
    for (const [raw, re] of cases) {
      const m = message(() => parseModel(raw));
      expect(m, JSON.stringify(raw)).toMatch(re);
      expect(m).not.toContain('\n');
      expect(m).toMatch(/README/);
    }
  });

  it('reads a file, and flags override it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csh-model-'));
    const file = join(dir, 'model.json');
    writeFileSync(file, JSON.stringify({ devices: 100, syncInterval: 60, recordsChangedPerSync: 1 }));
    expect(readModel(file).syncInterval).toEqual({ distribution: 'fixed', mean: 60 });
    const m = modelOf({ ...flags, model: file, syncInterval: 30, syncDistribution: 'exponential', records: '5-9', datasets: 3 });
    expect(m).toMatchObject({ devices: 100, syncInterval: { distribution: 'exponential', mean: 30 }, recordsPerDataset: { distribution: 'uniform', min: 5, max: 9 }, datasetsPerIdentity: 3, recordsChangedPerSync: 1 });
    writeFileSync(file, '{"devices": ');
    expect(message(() => readModel(file))).toMatch(/is not JSON/);
    expect(message(() => readModel(join(dir, 'missing.json')))).toMatch(/Cannot read the device model/);
    expect(message(() => modelOf({ ...flags, conflictShare: 0.5, recordsChanged: 0 }))).toMatch(/needs recordsChangedPerSync/);
  });

  it('draws from each distribution within its bounds and around its mean', () => {
    const r = seededRandom(3);
    const exp = Array.from({ length: 4000 }, () => draw({ distribution: 'exponential', mean: 10 }, r));
    expect(exp.reduce((a, b) => a + b, 0) / exp.length).toBeGreaterThan(9);
    expect(exp.reduce((a, b) => a + b, 0) / exp.length).toBeLessThan(11);
    const uni = Array.from({ length: 1000 }, () => draw({ distribution: 'uniform', min: 5, max: 7 }, r));
    expect(Math.min(...uni)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...uni)).toBeLessThanOrEqual(7);
    expect(draw({ distribution: 'fixed', mean: 4 }, r)).toBe(4);
  });

  it('implies request rates per sync: a pull per dataset, one push, more on conflicts and full pulls', () => {
    const m = parseModel({ datasetsPerIdentity: 3, recordsPerDataset: 2000 / 2, firstSyncShare: 0.5, conflictShare: 0.1 });
    // 1000 records fit one 1024-record page: 3 pulls, +0.1 re-lists; pushes 1 + 2×0.1.
    expect(requestsPerSync(m)).toEqual({ ListRecords: 3.1, UpdateRecords: 1.2 });
    expect(requestsPerSync(parseModel({ recordsChangedPerSync: 0, conflictShare: 0 })).UpdateRecords).toBe(0);
  });
});

const cpu = { meanCores: 0.2, peakCores: 0.3, usableCpus: 2, samples: 3 };
const slo = { p99: 100, errorRate: 0.01, droppedShare: 0.01 };
const step = { rate: 100, achieved: 100, p99: 20, errorRate: 0, droppedShare: 0, vusPeak: 10, vusMax: 50, cpu };

describe('judging a step: the target or the generator', () => {
  it('within the SLO, or breaking it on latency, errors, drops under slow answers, or wrong answers', () => {
    expect(judgeStep(step, slo).verdict).toBe('within');
    expect(judgeStep({ ...step, p99: 150 }, slo)).toMatchObject({ verdict: 'breaks', why: expect.stringMatching(/p99 150.0 ms/) });
    expect(judgeStep({ ...step, errorRate: 0.05 }, slo).verdict).toBe('breaks');
    expect(judgeStep({ ...step, droppedShare: 0.3, vusPeak: 50, p99: 400 }, slo)).toMatchObject({ verdict: 'breaks', why: expect.stringMatching(/did not keep up/) });
    expect(judgeStep(step, slo, ['sync-session: x: 1 of 2 failed']).verdict).toBe('breaks');
  });

  it('the generator: VUs exhausted while the target answered in time, or k6 out of CPU', () => {
    expect(judgeStep({ ...step, droppedShare: 0.4, vusPeak: 1, vusMax: 1 }, slo)).toMatchObject({ verdict: 'generator', why: expect.stringMatching(/all 1 VUs busy \(vus reached vus_max\)/), vusShort: true });
    expect(judgeStep({ ...step, droppedShare: 0.4, vusPeak: 0, vusMax: 1 }, slo)).toMatchObject({ verdict: 'generator', why: expect.stringMatching(/^k6 did not start iterations on time; 40\.0% of iterations dropped/) });
    expect(judgeStep({ ...step, cpu: { ...cpu, meanCores: 1.9 } }, slo)).toMatchObject({ verdict: 'generator', why: expect.stringMatching(/k6 used 1.90 of the 2 CPUs/) });
    // A pegged generator also invalidates a latency breach: its own delays are in the figures.
    expect(judgeStep({ ...step, p99: 900, cpu: { ...cpu, meanCores: 1, usableCpus: 1 } }, slo).verdict).toBe('generator');
  });

  it('a slow step on a saturated machine is the generator\'s when k6 used most of the CPU, the target\'s when it did not', () => {
    const crowded = { ...cpu, meanCores: 1.55, hostBusy: 0.97, hostCpus: 2 };
    expect(judgeStep({ ...step, p99: 150, cpu: crowded }, slo)).toMatchObject({ verdict: 'generator', why: expect.stringMatching(/2 CPUs were 97% busy and k6 used 1.55 of them/) });
    // Slow and dropping: crowded, not short of VUs (more VUs would only crowd it more).
    const slowAndDropping = judgeStep({ ...step, p99: 400, droppedShare: 0.3, vusPeak: 50, cpu: crowded }, slo);
    expect(slowAndDropping.verdict).toBe('generator');
    expect(slowAndDropping.vusShort).toBeUndefined();
    // The same machine, busy with the target: k6 used a third of it, so the slowness is the target's.
    expect(judgeStep({ ...step, p99: 150, cpu: { ...crowded, meanCores: 0.6 } }, slo).verdict).toBe('breaks');
    // Not saturated, or no host figures: the step is judged on its latency alone.
    expect(judgeStep({ ...step, p99: 150, cpu: { ...crowded, hostBusy: 0.7 } }, slo).verdict).toBe('breaks');
    expect(judgeStep({ ...step, p99: 150, cpu: { ...cpu, meanCores: 1.55 } }, slo).verdict).toBe('breaks');
    // Wrong answers and errors are the target's however busy the machine was; a step within the SLO stays within.
    expect(judgeStep({ ...step, p99: 150, cpu: crowded }, slo, ['sync-session: x: 1 of 2 failed']).verdict).toBe('breaks');
    expect(judgeStep({ ...step, errorRate: 0.05, cpu: crowded }, slo).verdict).toBe('breaks');
    expect(judgeStep({ ...step, cpu: crowded }, slo).verdict).toBe('within');
  });
});

describe('fractional sync rates', () => {
  it('k6 takes whole iterations per timeUnit: 6.5/s goes as 650 per 100 s', () => {
    expect(perTimeUnit(6.5)).toEqual({ rate: 650, timeUnit: '100s' });
    expect(perTimeUnit(7)).toEqual({ rate: 7, timeUnit: '1s' });
    expect(perTimeUnit(0.004)).toEqual({ rate: 1, timeUnit: '100s' });
  });
});

describe('the --plan-devices gate', () => {
  const model = parseModel({ syncInterval: 1 });
  const base: DeviceCapacity = { kind: 'devices', scenario: 'sync-session', model, slo, verdict: 'measured', devices: 100, rate: 100, perOperation: {}, steps: [], spread: [] };
  it('fits when capacity covers the plan and its headroom, and says by how much it does not', () => {
    expect(judgePlan(base, 76, 0.3)).toMatchObject({ fits: true, needed: 99 });
    const no = judgePlan(base, 100, 0.3);
    expect(no).toMatchObject({ fits: false, needed: 130 });
    expect(no.line).toMatch(/short by 30 devices \(23%\)/);
    expect(judgePlan({ ...base, verdict: 'at-least' }, 100, 0.3).line).toMatch(/measured only up to 100 devices/);
  });
  it('an inconclusive search never fits, and names the machines the plan needs', () => {
    const v = judgePlan({ ...base, verdict: 'inconclusive', devices: 0, rate: 0, generator: { saturatedAt: 50, requestsPerSecond: 150, why: 'all 1 VUs busy', heldRate: 32, heldDevices: 32, heldRuns: 3 } }, 1000, 0.3);
    expect(v.fits).toBe(false);
    expect(v.line).toMatch(/^inconclusive: load generator saturated at 50.0 syncs\/s/);
    expect(v.parallelism).toBe(Math.ceil((1300 * 1.25) / 40));
  });
  it('an inconclusive table gives what held before the generator ran out as a lower bound, and no figure', () => {
    const c: DeviceCapacity = { ...base, verdict: 'inconclusive', devices: 0, rate: 0, generator: { saturatedAt: 50, requestsPerSecond: 150, why: 'k6 used 1.70 of the 2 CPUs it may use', heldRate: 32, heldDevices: 32, heldRuns: 3 } };
    const last = deviceTable(c).split('\n').at(-1)!;
    expect(last).toMatch(/^inconclusive: load generator saturated at 50.0 syncs\/s .*No capacity figure.*below it, 32 syncs\/s, 32 devices, held the SLO in 3 full-length runs: a lower bound/);
    expect(deviceTable({ ...c, generator: { ...c.generator!, heldRuns: 0 } })).toMatch(/held the SLO in a ramp step: a lower bound/);
    expect(deviceTable({ ...c, generator: { ...c.generator!, heldRate: 0, heldDevices: 0, heldRuns: 0 } })).not.toMatch(/lower bound/);
  });
});
