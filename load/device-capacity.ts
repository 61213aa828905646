// Capacity in devices: how many devices, syncing as the device model says,
// the target serves within the SLO. The arrival rate of syncs is stepped up
// (devices / mean sync interval), then bisected; the steps near the knee are
// long (30 s by default) and repeated, and their spread is kept. Every step
// also judges the generator: when k6 is short of CPU or VUs, the result is
// "inconclusive", never a capacity figure. A USL fit over the measured
// (concurrency, throughput) points extrapolates, and says when it does.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../src/harness-error.ts';
import { heldLine } from '../src/report/capacity-devices.ts';
import type { Target } from '../src/target/index.ts';
import { devicesAt, meanOf, requestsPerSync, syncRate, type DeviceModel } from './device-model.ts';
import { watchCpu, type GeneratorCpu } from './generator-watch.ts';
import { checkNames } from './lib/checks.ts';
import { runLoad, type Fixtures } from './run.ts';
import type { OperationSeries } from './series.ts';
import { fitUsl, type UslFit } from './usl.ts';

export type DeviceSlo = { p99: number; errorRate: number; droppedShare: number };
export type StepVerdict = 'within' | 'breaks' | 'generator';
export type DeviceStep = {
  phase: 'ramp' | 'knee' | 'repeat'; rate: number; devices: number; seconds: number;
  achieved: number; concurrency: number; p50: number; p95: number; p99: number; errorRate: number; droppedShare: number;
  vusPeak: number; vusMax: number; cpu: GeneratorCpu; perOperation: Record<string, number>; verdict: StepVerdict; why: string;
};
export type Spread = { rate: number; devices: number; runs: number; p99: [number, number]; achieved: [number, number]; allWithin: boolean };
export type DeviceCapacity = {
  kind: 'devices'; scenario: 'sync-session'; model: DeviceModel; slo: DeviceSlo;
  /** measured: the target broke the SLO above `devices`; at-least: it never broke up to the highest step; inconclusive: the generator ran out below any rate where the target broke. */
  verdict: 'measured' | 'at-least' | 'inconclusive';
  devices: number; rate: number; perOperation: Record<string, number>;
  /**
   * heldRate: the highest rate below the generator's limit whose every run held the SLO, a lower bound and never a
   * capacity figure; heldRuns: its full-length runs (0: a ramp step only).
   */
  generator?: { saturatedAt: number; requestsPerSecond: number; why: string; heldRate: number; heldDevices: number; heldRuns: number };
  steps: DeviceStep[]; spread: Spread[];
  usl?: UslFit & { devicesAtPeak: number };
};

export type DeviceSearch = {
  target: Target; model: DeviceModel; fixtures: Fixtures; outDir: string; slo: DeviceSlo;
  startRate?: number; maxRate?: number;
  /** Length of steps near the knee (bisection and repeats); the ramp below it uses a third. */
  stepSeconds?: number; bisections?: number; repeats?: number;
  /** The most VUs any step may use (sized by Little's law otherwise). */
  maxVUs?: number; cpus?: string; rateCap?: number;
  onStep?: (s: DeviceStep) => void; signal?: AbortSignal;
};

/**
 * k6 counts as CPU-saturated above this share of the CPUs it may use. k6's guidance for large tests leaves
 * 20% idle; measured here, with k6 pinned to one CPU and the emulator on the other, p99 rose from 37 ms at
 * 0.63 of its CPU to 140-190 ms at 0.82-0.86 while the emulator used a quarter of its own.
 */
export const CPU_SATURATED = 0.8;
/**
 * The machine counts as saturated above this share of all its CPUs busy: with the target on k6's machine,
 * that machine is the generator's, and the same 20% is left idle. Measured here with both on 2 CPUs, steps at
 * 80-86% busy, k6 using 1.3-1.4 of them and the emulator a quarter of one, broke p99 (116-210 ms).
 */
export const HOST_SATURATED = CPU_SATURATED;

export async function findDeviceCapacity(o: DeviceSearch): Promise<DeviceCapacity> {
  const knee = o.stepSeconds ?? 30;
  const ramp = Math.max(1, Math.round(knee / 3));
  const maxRate = Math.min(o.maxRate ?? 5000, o.rateCap ?? Infinity);
  const calls = Object.values(requestsPerSync(o.model)).reduce((a, b) => a + b, 0);
  // Little's law at the SLO: syncs in flight = rate × requests per sync × p99; four times that, as tails are long.
  // A step that still runs out of VUs while the target answers in time runs again with three times as many, up to the cap.
  const cap = o.maxVUs ?? 2000;
  const vusAt = (rate: number) => Math.min(cap, Math.max(4, Math.ceil(rate * calls * (o.slo.p99 / 1000) * 4) + 4));
  const steps: DeviceStep[] = [];
  let stepNo = 0;
  const measure = async (rate: number, seconds: number, phase: DeviceStep['phase']): Promise<DeviceStep> => {
    let vus = vusAt(rate);
    for (;;) {
      const s = await measureWith(rate, seconds, phase, vus);
      if (s.verdict !== 'generator' || !s.vusShort || vus >= cap) return s;
      // The attempt that ran short of VUs measured k6's setting, not the target: it is replaced, not kept.
      steps.pop();
      vus = Math.min(cap, vus * 3);
    }
  };
  const measureWith = async (rate: number, seconds: number, phase: DeviceStep['phase'], vus: number): Promise<DeviceStep & { vusShort?: boolean }> => {
    let watch: ReturnType<typeof watchCpu> | undefined;
    const dir = join(o.outDir, 'capacity-steps', `${String(++stepNo).padStart(2, '0')}-${rate}`);
    const r = await runLoad({
      target: o.target, scenario: 'sync-session', outDir: dir, fixtures: o.fixtures, rate, duration: `${seconds}s`, maxVUs: vus, profile: 'load', preallocate: true,
      thresholds: { p99: o.slo.p99, p95: o.slo.p99, errorRate: o.slo.errorRate },
      ...(o.rateCap !== undefined ? { rateCap: o.rateCap } : {}), ...(o.cpus ? { cpus: o.cpus } : {}), ...(o.signal ? { signal: o.signal } : {}),
      onSpawn: (pid) => (watch = watchCpu(pid)),
    });
    const cpu = watch?.stop() ?? { meanCores: 0, peakCores: 0, usableCpus: 1, samples: 0 };
    const m = r.summary.metrics;
    const done = m.iterations?.values.count ?? 0;
    const dropped = m.dropped_iterations?.values.count ?? 0;
    const lat = m.csh_latency?.values ?? {};
    const wall = (r.summary.state?.testRunDurationMs ?? seconds * 1000) / 1000;
    const achieved = done / Math.max(seconds, 1e-9);
    const step: DeviceStep = {
      phase, rate, devices: devicesAt(o.model, rate), seconds, achieved,
      concurrency: achieved * ((m.iteration_duration?.values.avg ?? 0) / 1000),
      p50: lat.med ?? 0, p95: lat['p(95)'] ?? 0, p99: lat['p(99)'] ?? Infinity, errorRate: m.unexpected_errors?.values.rate ?? 1,
      droppedShare: done + dropped > 0 ? dropped / (done + dropped) : 1, vusPeak: m.vus?.values.max ?? 0, vusMax: m.vus_max?.values.max ?? m.vus_max?.values.value ?? 0,
      cpu, perOperation: perOperation(dir, wall), verdict: 'within', why: '',
    };
    // k6 that could not run the step at all (bad options, no summary) measured nothing: that is the harness's failure, not the target's.
    if (!existsSync(r.summaryFile || join(dir, 'none'))) {
      const why = r.lines.find((l) => l.details?.failure === 'crash')?.reason ?? `k6 ended with code ${r.exitCode}`;
      throw new HarnessError(`k6 could not run the capacity step at ${rate} syncs/s: ${why.slice(0, 300)}`, 'Report this as a harness bug, with the step folder', 70);
    }
    const checks = new Set(checkNames('sync-session'));
    const wrong = r.lines.filter((l) => l.status === 'fail' && (l.details?.failure === 'crash' || (l.details?.failure === 'assertion' && checks.has(l.case))));
    const { vusShort, ...judged } = judgeStep(step, o.slo, wrong.map((l) => `${l.case}: ${l.reason}`));
    Object.assign(step, judged);
    steps.push(step);
    o.onStep?.(step);
    return { ...step, vusShort };
  };

  const result = (verdict: DeviceCapacity['verdict'], rate: number, extra: Partial<DeviceCapacity> = {}): DeviceCapacity => {
    const at = steps.filter((s) => s.rate === rate && s.verdict === 'within');
    const perOp: Record<string, number> = {};
    for (const s of at) for (const [op, v] of Object.entries(s.perOperation)) perOp[op] = (perOp[op] ?? 0) + v / at.length;
    const measured = steps.filter((s) => s.verdict !== 'generator').map((s) => ({ n: s.concurrency, x: s.achieved }));
    const usl = fitUsl(measured);
    return {
      kind: 'devices', scenario: 'sync-session', model: o.model, slo: o.slo, verdict, devices: devicesAt(o.model, rate), rate, perOperation: perOp,
      steps, spread: spreadOf(steps, o.model), ...(usl ? { usl: { ...usl, devicesAtPeak: Number.isFinite(usl.peakX) ? devicesAt(o.model, usl.peakX) : Infinity } } : {}), ...extra,
    };
  };
  const found = await searchRates((rate, phase) => measure(rate, phase === 'ramp' ? ramp : knee, phase), {
    startRate: Math.min(o.startRate ?? 4, maxRate), maxRate, bisections: o.bisections ?? 3, repeats: o.repeats ?? 3,
  });
  if (found.verdict !== 'inconclusive') return result(found.verdict, found.rate);
  const limit = steps.find((s) => s.verdict === 'generator' && s.rate === found.limit)!;
  const heldRuns = steps.filter((s) => s.rate === found.rate && s.phase !== 'ramp').length;
  return result('inconclusive', 0, {
    generator: {
      saturatedAt: limit.achieved, requestsPerSecond: Object.values(limit.perOperation).reduce((a, b) => a + b, 0), why: limit.why,
      heldRate: found.rate, heldDevices: devicesAt(o.model, found.rate), heldRuns,
    },
  });
}

export type Probed = { rate: number; phase: DeviceStep['phase']; verdict: StepVerdict };
export type Found = { verdict: 'measured' | 'at-least'; rate: number } | { verdict: 'inconclusive'; rate: number; limit: number };

/**
 * The search over sync rates, apart from k6 so that it can be tried on made-up targets. The rate doubles
 * until a step is not within the SLO, then bisects, then runs the last good and first bad rates again at
 * full length. A step the generator limited says nothing about the target: the search goes on below it,
 * and the result is the target's only when the target broke the SLO below every rate the generator
 * limited. Otherwise it is inconclusive, with the highest rate that held as a lower bound (rate).
 */
export async function searchRates(probe: (rate: number, phase: DeviceStep['phase']) => Promise<Probed>, o: { startRate: number; maxRate: number; bisections: number; repeats: number }): Promise<Found> {
  const seen: Probed[] = [];
  const run = async (rate: number, phase: DeviceStep['phase']) => {
    const s = await probe(rate, phase);
    seen.push({ rate, phase, verdict: s.verdict });
    return s.verdict;
  };
  const lowest = (v: StepVerdict) => Math.min(Infinity, ...seen.filter((s) => s.verdict === v).map((s) => s.rate));
  let good = 0;
  for (let rate = o.startRate; ; rate = Math.min(rate * 2, o.maxRate)) {
    const v = await run(rate, 'ramp');
    if (v !== 'within') break;
    good = rate;
    if (rate >= o.maxRate) break;
  }
  // Nothing held at all: the generator (or the target) failed the first step; there is nothing to bisect from.
  const top = () => Math.min(lowest('breaks'), lowest('generator'));
  for (let i = 0; good > 0 && Number.isFinite(top()) && i < o.bisections && top() - good > Math.max(0.5, good * 0.05); i++) {
    const mid = Math.round(((good + top()) / 2) * 100) / 100;
    if ((await run(mid, 'knee')) === 'within') good = mid;
  }
  // The final steps again, at full length: a capacity figure must hold in every repeat. The first bad
  // rate is repeated only when the target broke it (a generator limit is not run again).
  const bad = lowest('breaks') < lowest('generator') ? lowest('breaks') : undefined;
  for (const rate of [good, bad]) {
    if (rate === undefined || rate === 0) continue;
    for (let i = seen.filter((s) => s.rate === rate && s.phase !== 'ramp').length; i < o.repeats; i++) await run(rate, 'repeat');
  }
  // The highest rate whose every full-length run held (ramp runs count where nothing longer ran), with no
  // generator limit at or below it.
  const holds = (rate: number) => {
    const runs = seen.filter((s) => s.rate === rate);
    const long = runs.filter((s) => s.phase !== 'ramp');
    return (long.length ? long : runs).every((s) => s.verdict === 'within');
  };
  const best = () => [...new Set(seen.map((s) => s.rate))].sort((a, b) => b - a).find((r) => r < lowest('generator') && holds(r)) ?? 0;
  // A repeat the generator limited takes its rate out; the lower bound that is left is a ramp step, so it is
  // repeated too (twice at most: every round is three full-length steps).
  for (let round = 0; round < 2 && Number.isFinite(lowest('generator')) && !(lowest('breaks') < lowest('generator')); round++) {
    const rate = best();
    const have = seen.filter((s) => s.rate === rate && s.phase !== 'ramp').length;
    if (rate === 0 || have >= o.repeats) break;
    for (let i = have; i < o.repeats; i++) await run(rate, 'repeat');
  }
  const gen = lowest('generator');
  const rate = best();
  // The target's own limit: it broke the SLO at a rate below any the generator limited.
  if (lowest('breaks') < gen) return { verdict: 'measured', rate };
  if (Number.isFinite(gen)) return { verdict: 'inconclusive', rate, limit: gen };
  return { verdict: rate >= o.maxRate ? 'at-least' : 'measured', rate };
}

/**
 * Within the SLO, breaking it, or not the target's doing (the generator ran out of CPU or VUs, or crowded the
 * machine). vusShort: the generator's for want of VUs alone, which the same step with more VUs fixes.
 */
export function judgeStep(s: Pick<DeviceStep, 'rate' | 'achieved' | 'p99' | 'errorRate' | 'droppedShare' | 'vusPeak' | 'vusMax' | 'cpu'>, slo: DeviceSlo, wrong: string[] = []): { verdict: StepVerdict; why: string; vusShort?: true } {
  const cpuShare = s.cpu.usableCpus > 0 ? s.cpu.meanCores / s.cpu.usableCpus : 0;
  if (cpuShare >= CPU_SATURATED) return { verdict: 'generator', why: `k6 used ${s.cpu.meanCores.toFixed(2)} of the ${s.cpu.usableCpus} CPUs it may use` };
  if (wrong.length) return { verdict: 'breaks', why: `wrong answers: ${wrong[0]}` };
  const latencyOk = s.p99 < slo.p99 && s.errorRate < slo.errorRate;
  if (s.droppedShare > slo.droppedShare) {
    // Dropped iterations while the target answered in time: k6 had no VU free, or could not start them fast enough.
    if (latencyOk) {
      const why = s.vusPeak >= s.vusMax && s.vusMax > 0 ? `all ${s.vusMax} VUs busy (vus reached vus_max)` : 'k6 did not start iterations on time';
      return { verdict: 'generator', why: `${why}; ${(s.droppedShare * 100).toFixed(1)}% of iterations dropped while p99 was ${s.p99.toFixed(1)} ms`, vusShort: true };
    }
    return (s.errorRate < slo.errorRate ? crowded(s) : undefined) ?? { verdict: 'breaks', why: `${(s.droppedShare * 100).toFixed(1)}% of syncs dropped (the target did not keep up), p99 ${s.p99.toFixed(1)} ms` };
  }
  if (s.p99 >= slo.p99) return crowded(s) ?? { verdict: 'breaks', why: `p99 ${s.p99.toFixed(1)} ms ≥ ${slo.p99} ms` };
  if (s.errorRate >= slo.errorRate) return { verdict: 'breaks', why: `errors ${(s.errorRate * 100).toFixed(2)}% ≥ ${slo.errorRate * 100}%` };
  return { verdict: 'within', why: '' };
}

// A slow step on a machine whose CPU was all in use, most of it by k6: k6 and a target on the same machine
// competed for the CPU, and k6's own share decided the latency as much as the target did. Below its own
// limit k6 still delays its requests and starves a local target, so the step says nothing about the target.
function crowded(s: Pick<DeviceStep, 'p99' | 'cpu'>): { verdict: StepVerdict; why: string } | undefined {
  const { hostBusy, hostCpus, meanCores } = s.cpu;
  if (hostBusy === undefined || !hostCpus || hostBusy < HOST_SATURATED || meanCores < 0.5 * hostBusy * hostCpus) return undefined;
  return {
    verdict: 'generator',
    why: `the machine's ${hostCpus} CPUs were ${Math.round(hostBusy * 100)}% busy and k6 used ${meanCores.toFixed(2)} of them (p99 ${s.p99.toFixed(1)} ms): k6 crowded out whatever else ran here, a local target included`,
  };
}

/** Requests per second per operation in one step, from its per-second series. */
function perOperation(dir: string, seconds: number): Record<string, number> {
  const file = join(dir, 'load-series.json');
  if (!existsSync(file)) return {};
  const series = JSON.parse(readFileSync(file, 'utf8')) as OperationSeries[];
  return Object.fromEntries(series.map((s) => [s.operation, s.points.reduce((n, p) => n + p.rps, 0) / Math.max(seconds, 1e-9)]));
}

function spreadOf(steps: DeviceStep[], model: DeviceModel): Spread[] {
  const by = new Map<number, DeviceStep[]>();
  for (const s of steps) if (s.phase !== 'ramp') by.set(s.rate, [...(by.get(s.rate) ?? []), s]);
  return [...by].filter(([, runs]) => runs.length > 1).sort(([a], [b]) => a - b).map(([rate, runs]) => ({
    rate, devices: devicesAt(model, rate), runs: runs.length,
    p99: [Math.min(...runs.map((s) => s.p99)), Math.max(...runs.map((s) => s.p99))],
    achieved: [Math.min(...runs.map((s) => s.achieved)), Math.max(...runs.map((s) => s.achieved))],
    allWithin: runs.every((s) => s.verdict === 'within'),
  }));
}

export type PlanVerdict = { devices: number; headroom: number; needed: number; neededRate: number; fits: boolean; line: string; extrapolated: boolean; parallelism?: number };

/** The --plan-devices gate: N devices fit when capacity ≥ N × (1 + headroom). */
export function judgePlan(c: DeviceCapacity, devices: number, headroom: number): PlanVerdict {
  const needed = Math.ceil(devices * (1 + headroom));
  const neededRate = syncRate(c.model, needed);
  const maxMeasured = Math.max(0, ...c.steps.filter((s) => s.verdict !== 'generator').map((s) => s.achieved));
  const extrapolated = neededRate > maxMeasured;
  const base = { devices, headroom, needed, neededRate, extrapolated };
  if (c.verdict === 'inconclusive') {
    const limit = c.generator!.saturatedAt;
    const parallelism = Math.max(2, Math.ceil((neededRate * 1.25) / Math.max(limit * 0.8, 1e-9)));
    return { ...base, fits: false, parallelism, line: `inconclusive: load generator saturated at ${limit.toFixed(1)} syncs/s (${c.generator!.why}); the plan needs ${neededRate.toFixed(1)} syncs/s: run it from ${parallelism} machines (shards, or the k6-operator bundle)` };
  }
  if (c.devices >= needed) return { ...base, fits: true, line: `${devices} devices fit: capacity ${c.devices} devices ≥ ${needed} (plan + ${Math.round(headroom * 100)}% headroom)` };
  const short = needed - c.devices;
  const why = c.verdict === 'at-least' ? ` (measured only up to ${c.devices} devices; raise --max-devices)` : '';
  return { ...base, fits: false, line: `${devices} devices do not fit: capacity ${c.devices} devices, plan + ${Math.round(headroom * 100)}% headroom needs ${needed}, short by ${short} devices (${((short / needed) * 100).toFixed(0)}%)${why}` };
}

export function deviceTable(c: DeviceCapacity): string {
  const head = 'phase   syncs/s  devices  achieved  in-flight  p50 ms  p99 ms  errors  dropped  k6 CPU   host  verdict';
  const rows = c.steps.map((s) => `${s.phase.padEnd(6)} ${s.rate.toFixed(1).padStart(8)} ${String(s.devices).padStart(8)} ${s.achieved.toFixed(1).padStart(9)} ${s.concurrency.toFixed(2).padStart(10)} ${s.p50.toFixed(1).padStart(7)} ${(Number.isFinite(s.p99) ? s.p99.toFixed(1) : '-').padStart(7)} ${(s.errorRate * 100).toFixed(2).padStart(6)}% ${(s.droppedShare * 100).toFixed(1).padStart(7)}% ${`${s.cpu.meanCores.toFixed(2)}/${s.cpu.usableCpus}`.padStart(8)} ${(s.cpu.hostBusy === undefined ? '-' : `${Math.round(s.cpu.hostBusy * 100)}%`).padStart(5)}  ${s.verdict}${s.why ? `: ${s.why}` : ''}`);
  const spread = c.spread.map((s) => `repeated ${s.runs}× at ${s.rate} syncs/s (${s.devices} devices): p99 ${s.p99[0].toFixed(1)}–${s.p99[1].toFixed(1)} ms, achieved ${s.achieved[0].toFixed(1)}–${s.achieved[1].toFixed(1)} syncs/s, ${s.allWithin ? 'all within the SLO' : 'not all within the SLO'}`);
  const usl = c.usl ? [`USL fit over ${c.usl.points} points: λ ${c.usl.lambda.toFixed(2)} syncs/s per sync in flight, σ (contention) ${c.usl.sigma.toFixed(4)}, κ (coherency) ${c.usl.kappa.toExponential(2)}, R² ${c.usl.r2.toFixed(3)}, RMSE ${c.usl.rmse.toFixed(2)} syncs/s; predicted peak ${Number.isFinite(c.usl.peakN) ? `N* ${c.usl.peakN.toFixed(1)} in flight, X(N*) ${c.usl.peakX.toFixed(1)} syncs/s ≈ ${c.usl.devicesAtPeak} devices` : `none (κ≈0): throughput tends to ${c.usl.peakX.toFixed(1)} syncs/s`}${c.usl.peakX > c.usl.maxMeasuredX ? ' (extrapolation beyond the largest measured point)' : ''}`] : ['USL fit: fewer than 3 distinct concurrency levels measured'];
  if (c.usl && c.usl.maxMeasuredN < 2) usl.push(`note: at most ${c.usl.maxMeasuredN.toFixed(2)} syncs were in flight at any measured step, so σ and κ rest on little contention: treat the predicted peak as a rough guess`);
  const ops = Object.entries(c.perOperation).map(([op, v]) => `${op} ${v.toFixed(1)}/s`).join(', ');
  const slo = `SLO: p99 < ${c.slo.p99} ms per request, errors < ${c.slo.errorRate * 100}%, dropped syncs ≤ ${c.slo.droppedShare * 100}%`;
  const verdict = c.verdict === 'inconclusive'
    ? `inconclusive: load generator saturated at ${c.generator!.saturatedAt.toFixed(1)} syncs/s (${c.generator!.requestsPerSecond.toFixed(0)} requests/s; ${c.generator!.why}). No capacity figure: the generator, not the target, was the bottleneck${heldLine(c.generator!)}. Remedy: more load generators (load --shard i/n on several machines, or the k6-operator bundle), or a machine with more CPU for k6`
    : `${c.verdict === 'at-least' ? 'at least ' : ''}${c.devices} devices (${c.rate} syncs/s, one every ${meanOf(c.model.syncInterval)} s per device) within the SLO; request rates then: ${ops || 'none measured'}`;
  const busy = c.steps.filter((s) => (s.cpu.hostBusy ?? 0) >= HOST_SATURATED);
  const host = busy.length ? [`note: the machine's CPU was at least ${HOST_SATURATED * 100}% busy during ${busy.length} of ${c.steps.length} steps while k6 used at most ${Math.max(...busy.map((s) => s.cpu.meanCores)).toFixed(2)} cores: the latencies include contention from everything else on this machine (a local target included)`] : [];
  return [head, ...rows, ...spread, ...usl, slo, ...host, verdict].join('\n');
}
