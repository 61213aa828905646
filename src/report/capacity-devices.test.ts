import { describe, expect, it } from 'vitest';
import { deviceCapacitySection, type DeviceCapacityReport } from './capacity-devices.ts';

const cpu = { meanCores: 0.3, usableCpus: 2 };
const step = (rate: number, n: number, x: number, p99: number, verdict = 'within') => ({ phase: 'ramp', rate, devices: rate * 900, seconds: 10, achieved: x, concurrency: n, p50: p99 / 3, p99, errorRate: 0, droppedShare: 0, vusPeak: 3, vusMax: 10, cpu, verdict, why: verdict === 'within' ? '' : 'p99 over' });
const base: DeviceCapacityReport = {
  kind: 'devices', verdict: 'measured', devices: 72000, rate: 80, perOperation: { ListRecords: 160, UpdateRecords: 81 },
  model: { syncInterval: { distribution: 'exponential', mean: 900 } }, slo: { p99: 100, errorRate: 0.01, droppedShare: 0.01 },
  steps: [step(20, 0.2, 20, 5), step(40, 0.5, 40, 8), step(80, 1.4, 80, 30), step(160, 6, 120, 400, 'breaks')],
  spread: [{ rate: 80, devices: 72000, runs: 3, p99: [25, 41], achieved: [79, 81], allWithin: true }],
  usl: { lambda: 100, sigma: 0.1, kappa: 0.01, peakN: 9.5, peakX: 300, r2: 0.97, rmse: 3, points: 4, maxMeasuredN: 6, maxMeasuredX: 120, devicesAtPeak: 270000 },
  plan: { devices: 100000, headroom: 0.3, needed: 130000, neededRate: 144.4, fits: false, line: '100000 devices do not fit: …', extrapolated: true },
};

describe('device capacity report section', () => {
  it('draws the points, the USL fit and its extrapolation (dashed), the SLO limit and the plan', () => {
    const html = deviceCapacitySection(base);
    expect(html).toContain('Capacity in devices (sync-session): 72000 devices within the SLO');
    expect((html.match(/<circle class="point"/g) ?? []).length).toBe(4 + 4);
    expect(html).toMatch(/stroke="#2e7d32" stroke-width="1.8" points=/);
    expect(html).toMatch(/stroke="#2e7d32" stroke-width="1.8" stroke-dasharray="5 4" points=/);
    expect(html).toContain('SLO limit: 80 syncs/s = 72000 devices');
    expect(html).toContain('plan 100000 devices + 30%: 144.4 syncs/s (beyond the measured range)');
    expect(html).toContain('<strong>extrapolation</strong>');
    expect(html).toContain('3 runs at 80 syncs/s (72000 devices): p99 25.0–41.0 ms');
    expect(html).toContain('ListRecords 160.0/s, UpdateRecords 81.0/s');
  });

  it('an inconclusive result shows the generator limit and no capacity line', () => {
    const html = deviceCapacitySection({ ...base, verdict: 'inconclusive', devices: 0, rate: 0, generator: { saturatedAt: 95, requestsPerSecond: 290, why: 'all 1 VUs busy', heldRate: 64, heldDevices: 57600, heldRuns: 3 }, bundle: { file: 'x/testrun.yaml', rate: 190, parallelism: 4 } });
    expect(html).toContain('inconclusive: load generator saturated at 95.0 syncs/s');
    expect(html).toContain('below it, 64 syncs/s, 57600 devices, held the SLO in 3 full-length runs: a lower bound');
    expect(html).not.toContain('SLO limit:');
    expect(html).toContain('x/testrun.yaml');
  });

  it('is empty without a device capacity run', () => {
    expect(deviceCapacitySection(undefined)).toBe('');
  });
});
