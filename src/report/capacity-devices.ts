// The device capacity section of the HTML report: the USL curve over the
// measured (concurrency, throughput) points, dashed where it extrapolates,
// with the SLO limit and the planned fleet as lines; p99 per step against
// devices; the steps with their generator figures; the spread of repeats.

import { lineChart, type Line, type Threshold } from './svg-chart.ts';

type Step = { phase: string; rate: number; devices: number; seconds: number; achieved: number; concurrency: number; p50: number; p99: number; errorRate: number; droppedShare: number; vusPeak: number; vusMax: number; cpu: { meanCores: number; usableCpus: number }; verdict: string; why: string };
type Usl = { lambda: number; sigma: number; kappa: number; peakN: number; peakX: number; r2: number; rmse: number; points: number; maxMeasuredN: number; maxMeasuredX: number; devicesAtPeak: number };
export type DeviceCapacityReport = {
  kind: 'devices'; verdict: 'measured' | 'at-least' | 'inconclusive'; devices: number; rate: number; perOperation: Record<string, number>;
  model: { syncInterval: { distribution: string; mean?: number; min?: number; max?: number } };
  slo: { p99: number; errorRate: number; droppedShare: number };
  generator?: { saturatedAt: number; requestsPerSecond: number; why: string; heldRate?: number; heldDevices?: number; heldRuns?: number };
  steps: Step[]; spread: Array<{ rate: number; devices: number; runs: number; p99: [number, number]; achieved: [number, number]; allWithin: boolean }>;
  usl?: Usl;
  plan?: { devices: number; headroom: number; needed: number; neededRate: number; fits: boolean; line: string; extrapolated: boolean };
  bundle?: { file: string; rate: number; parallelism: number };
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const uslAt = (u: Usl, n: number) => (u.lambda * n) / (1 + u.sigma * (n - 1) + u.kappa * n * (n - 1));

export function deviceCapacitySection(c: DeviceCapacityReport | undefined): string {
  if (!c) return '';
  const measured = c.steps.filter((s) => s.verdict !== 'generator');
  const lines: Line[] = [{ name: 'measured', color: '#2f6fdb', dots: true, points: measured.map((s) => [s.concurrency, s.achieved]) }];
  if (c.usl) {
    const u = c.usl;
    const end = Math.max(u.maxMeasuredN * 1.5, Number.isFinite(u.peakN) ? Math.min(u.peakN * 1.3, u.maxMeasuredN * 4) : 0);
    const curve = (from: number, to: number) => Array.from({ length: 41 }, (_, i) => from + ((to - from) * i) / 40).filter((n) => n > 0).map((n) => [n, uslAt(u, n)] as [number, number]);
    lines.push({ name: 'USL fit', color: '#2e7d32', points: curve(Math.min(...measured.map((s) => s.concurrency), u.maxMeasuredN), u.maxMeasuredN) });
    lines.push({ name: 'USL extrapolation', color: '#2e7d32', dashed: true, points: curve(u.maxMeasuredN, end) });
  }
  const thresholds: Threshold[] = [];
  if (c.verdict !== 'inconclusive') thresholds.push({ y: c.rate, label: `SLO limit: ${c.rate} syncs/s = ${c.devices} devices`, color: '#c2185b' });
  if (c.plan) thresholds.push({ y: c.plan.neededRate, label: `plan ${c.plan.devices} devices + ${Math.round(c.plan.headroom * 100)}%: ${c.plan.neededRate.toFixed(1)} syncs/s${c.plan.extrapolated ? ' (beyond the measured range)' : ''}`, color: '#6a1b9a' });
  if (c.generator) thresholds.push({ y: c.generator.saturatedAt, label: `load generator saturated at ${c.generator.saturatedAt.toFixed(1)} syncs/s`, color: '#8a6100' });
  const usl = lineChart({ title: 'Throughput against syncs in flight: measured points and the USL fit (dashed: extrapolation)', xLabel: 'syncs in flight (N, by Little\'s law)', yLabel: 'syncs/s', lines, thresholds, width: 640, height: 260, legendWidth: 150 });
  const byDevices = [...measured].sort((a, b) => a.devices - b.devices);
  const latency = lineChart({
    title: 'p99 latency per request against devices', xLabel: 'devices', yLabel: 'ms', width: 640, height: 240,
    lines: [{ name: 'p99 per step', color: '#c2185b', dots: true, points: byDevices.filter((s) => Number.isFinite(s.p99)).map((s) => [s.devices, s.p99]) }],
    thresholds: [{ y: c.slo.p99, label: `SLO p99 ${c.slo.p99} ms`, color: '#c2185b' }],
    ...(c.plan ? { marker: { x: c.plan.devices, label: `plan ${c.plan.devices}` } } : {}),
  });
  const headline = c.verdict === 'inconclusive'
    ? `inconclusive: load generator saturated at ${c.generator!.saturatedAt.toFixed(1)} syncs/s`
    : `${c.verdict === 'at-least' ? 'at least ' : ''}${c.devices} devices within the SLO`;
  const facts = [
    `SLO: p99 &lt; ${c.slo.p99} ms per request, errors &lt; ${c.slo.errorRate * 100}%, dropped syncs ≤ ${c.slo.droppedShare * 100}%.`,
    c.verdict === 'inconclusive' ? `The generator, not the target, was the bottleneck (${esc(c.generator!.why)}); no capacity figure${esc(heldLine(c.generator!))}. Remedy: shards on more machines, or the k6-operator bundle${c.bundle ? ` <code>${esc(c.bundle.file)}</code> (${c.bundle.parallelism} pods, ${c.bundle.rate.toFixed(1)} syncs/s)` : ''}.` : `Request rates at capacity: ${Object.entries(c.perOperation).map(([op, v]) => `${esc(op)} ${v.toFixed(1)}/s`).join(', ') || 'none measured'}.`,
    c.usl ? `USL: λ ${c.usl.lambda.toFixed(2)}, σ ${c.usl.sigma.toFixed(4)} (contention), κ ${c.usl.kappa.toExponential(2)} (coherency), R² ${c.usl.r2.toFixed(3)}, RMSE ${c.usl.rmse.toFixed(2)} syncs/s; predicted peak ${Number.isFinite(c.usl.peakN) ? `N* ${c.usl.peakN.toFixed(1)}, X(N*) ${c.usl.peakX.toFixed(1)} syncs/s ≈ ${c.usl.devicesAtPeak} devices` : 'none (κ≈0)'}${c.usl.peakX > c.usl.maxMeasuredX ? ' — <strong>extrapolation</strong> beyond the largest measured point' : ''}.` : 'USL: fewer than 3 concurrency levels measured, no fit.',
    c.usl && c.usl.maxMeasuredN < 2 ? `At most ${c.usl.maxMeasuredN.toFixed(2)} syncs were in flight at any measured step: σ and κ rest on little contention, so the predicted peak is a rough guess.` : '',
    c.plan ? `<strong>${c.plan.fits ? 'Plan fits' : 'Plan does not fit'}</strong>: ${esc(c.plan.line)}${c.plan.extrapolated ? ' (the plan lies beyond the largest measured point: an extrapolation)' : ''}.` : '',
  ].filter(Boolean).map((f) => `<p>${f}</p>`).join('');
  const rows = c.steps.map((s) => `<tr><td>${esc(s.phase)}</td><td>${s.rate}</td><td>${s.devices}</td><td>${s.seconds}</td><td>${s.achieved.toFixed(1)}</td><td>${s.concurrency.toFixed(2)}</td><td>${s.p50.toFixed(1)}</td><td>${Number.isFinite(s.p99) ? s.p99.toFixed(1) : '—'}</td><td>${(s.errorRate * 100).toFixed(2)}%</td><td>${(s.droppedShare * 100).toFixed(1)}%</td><td>${s.vusPeak}/${s.vusMax}</td><td>${s.cpu.meanCores.toFixed(2)}/${s.cpu.usableCpus}</td><td class="${s.verdict === 'within' ? 'pass' : 'fail'}">${esc(s.verdict)}${s.why ? `: ${esc(s.why)}` : ''}</td></tr>`).join('');
  const spread = c.spread.length ? `<ul>${c.spread.map((s) => `<li>${s.runs} runs at ${s.rate} syncs/s (${s.devices} devices): p99 ${s.p99[0].toFixed(1)}–${s.p99[1].toFixed(1)} ms, achieved ${s.achieved[0].toFixed(1)}–${s.achieved[1].toFixed(1)} syncs/s, ${s.allWithin ? 'all within the SLO' : 'not all within the SLO'}</li>`).join('')}</ul>` : '';
  return `<h2 id="device-capacity">Capacity in devices (sync-session): ${esc(headline)}</h2>${facts}<div class="charts">${usl}${latency}</div>${spread}
<table><thead><tr><th>phase</th><th>syncs/s</th><th>devices</th><th>s</th><th>achieved</th><th>in flight</th><th>p50</th><th>p99</th><th>errors</th><th>dropped</th><th>VUs</th><th>k6 CPU</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** What held below the generator's limit, as a lower bound: ' (…)', or nothing when nothing held. */
export function heldLine(g: { heldRate?: number; heldDevices?: number; heldRuns?: number }): string {
  if (!g.heldRate) return '';
  const runs = g.heldRuns ? `in ${g.heldRuns} full-length run${g.heldRuns > 1 ? 's' : ''}` : 'in a ramp step';
  return ` (below it, ${g.heldRate} syncs/s, ${g.heldDevices} devices, held the SLO ${runs}: a lower bound)`;
}
