// Capacity search: raise the arrival rate step by step until the SLO
// breaks, then bisect between the last good and the first bad rate. Every
// step is a short k6 run; steps, rate and total time are all bounded.

import { join } from 'node:path';
import type { Target } from '../src/target/index.ts';
import { prepareFixtures, runLoad, type Scenario } from './run.ts';

export type CapacityStep = { rate: number; p50: number; p95: number; p99: number; errorRate: number; dropped: number; ok: boolean };
export type CapacityResult = { scenario: string; sustainableRate: number; slo: { p99: number; errorRate: number }; steps: CapacityStep[] };

export type CapacityOptions = {
  target: Target;
  scenario: Scenario;
  outDir: string;
  startRate?: number;
  maxRate?: number;
  stepSeconds?: number;
  bisections?: number;
  slo?: { p99?: number; errorRate?: number };
  onStep?: (s: CapacityStep) => void;
};

export async function findCapacity(opts: CapacityOptions): Promise<CapacityResult> {
  const slo = { p99: opts.slo?.p99 ?? 100, errorRate: opts.slo?.errorRate ?? 0.01 };
  const maxRate = opts.maxRate ?? 4000;
  const vusAt = (rate: number) => Math.max(50, Math.ceil(rate / 10));
  // Sized for the most VUs any step may start (update-records gives each VU a dataset of its own).
  const fixtures = await prepareFixtures(opts.target, { scenario: opts.scenario, identities: 4, datasetSize: 200, maxVUs: vusAt(maxRate) });
  const steps: CapacityStep[] = [];
  const measure = async (rate: number): Promise<CapacityStep> => {
    const r = await runLoad({
      target: opts.target, scenario: opts.scenario, fixtures, rate, duration: `${opts.stepSeconds ?? 5}s`, maxVUs: vusAt(rate),
      outDir: join(opts.outDir, `capacity-${rate}`), thresholds: { p99: slo.p99, errorRate: slo.errorRate, p95: slo.p99 },
    });
    const m = r.summary.metrics;
    const lat = m.csh_latency?.values ?? {};
    const done = m.iterations?.values.count ?? 0;
    const dropped = m.dropped_iterations?.values.count ?? 0;
    const errorRate = m.unexpected_errors?.values.rate ?? 1;
    // Dropped iterations mean the target (or k6) could not keep up with the requested rate.
    const step = { rate, p50: lat.med ?? 0, p95: lat['p(95)'] ?? 0, p99: lat['p(99)'] ?? 0, errorRate, dropped, ok: (lat['p(99)'] ?? Infinity) < slo.p99 && errorRate < slo.errorRate && dropped <= 0.01 * (done + dropped) };
    steps.push(step);
    opts.onStep?.(step);
    return step;
  };
  let good = 0;
  let bad: number | undefined;
  for (let rate = opts.startRate ?? 50; rate <= maxRate; rate *= 2) {
    if ((await measure(rate)).ok) good = rate;
    else {
      bad = rate;
      break;
    }
  }
  for (let i = 0; bad !== undefined && i < (opts.bisections ?? 3) && bad - good > 1; i++) {
    const mid = Math.round((good + bad) / 2);
    if ((await measure(mid)).ok) good = mid;
    else bad = mid;
  }
  return { scenario: opts.scenario, sustainableRate: good, slo, steps: steps.sort((a, b) => a.rate - b.rate) };
}

export function capacityTable(r: CapacityResult): string {
  const head = 'rate/s    p50 ms   p95 ms   p99 ms   errors  dropped  verdict';
  const rows = r.steps.map((s) => `${String(s.rate).padStart(6)} ${s.p50.toFixed(2).padStart(8)} ${s.p95.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(8)} ${(s.errorRate * 100).toFixed(2).padStart(7)}% ${String(s.dropped).padStart(8)}  ${s.ok ? 'within SLO' : 'breaks SLO'}`);
  return [head, ...rows, `highest sustainable rate for ${r.scenario}: ${r.sustainableRate}/s (SLO p99 < ${r.slo.p99} ms, errors < ${r.slo.errorRate * 100}%)`].join('\n');
}
