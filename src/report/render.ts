// One self-contained HTML file: no scripts, fonts or images from anywhere.
// The verdict, per-operation coverage, and every failure with how to replay it.

import { operationNames } from '../model/operations.ts';
import { verdictOf } from '../results/junit.ts';
import type { ResultLine, Suite } from '../results/schema.ts';
import { DEFAULT_THRESHOLDS } from '../../load/lib/options.ts';
import { deviceCapacitySection, type DeviceCapacityReport } from './capacity-devices.ts';
import { lineChart } from './svg-chart.ts';

export type ReportMeta = {
  runId: string; target: string; startedAt: string; finishedAt: string; harnessVersion: string;
  /** Calls the target throttled (429) that the harness client retried; a throttling target is not a failing one. */
  throttled?: number;
  /** The fast-check seed of the run, to replay it. */
  seed?: number;
  /** The run's first line: kind, endpoints, region, credential source (masked). */
  resolvedTarget?: string;
  /** Files in the run folder worth opening (k6 dashboards and summaries, the verifier's log), relative to it. */
  artifacts?: string[];
};

const SUITES: Suite[] = ['contracts', 'properties', 'load', 'clients', 'diff'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** operation → suite → status counts, from the lines' operation field and their details.operations. */
export function coverage(lines: ResultLine[]): Map<string, Map<Suite, Record<string, number>>> {
  const table = new Map(operationNames.map((op) => [op as string, new Map<Suite, Record<string, number>>()]));
  for (const l of lines) {
    const ops = new Set<string>([...(l.operation ? [l.operation] : []), ...((l.details?.operations as string[] | undefined) ?? [])]);
    for (const op of ops) {
      const row = table.get(op);
      if (!row) continue;
      const cell = row.get(l.suite) ?? {};
      cell[l.status] = (cell[l.status] ?? 0) + 1;
      row.set(l.suite, cell);
    }
  }
  return table;
}

function cell(counts: Record<string, number> | undefined): string {
  if (!counts) return '<td class="none">—</td>';
  const parts = Object.entries(counts).map(([status, n]) => `<span class="${status}">${n} ${esc(status)}</span>`);
  const cls = counts.fail ? 'fail' : 'pass';
  return `<td class="${cls}">${parts.join(' · ')}</td>`;
}

function reproduction(l: ResultLine): string {
  if (l.suite === 'properties' && l.seed) {
    const path = l.details?.path ? ` --path ${l.details.path}` : '';
    return `npx cognito-sync-harness properties --case ${l.case} --seed ${l.seed}${path}`;
  }
  if (l.suite === 'contracts') return `pact interaction: ${l.case}`;
  if (l.suite === 'diff' && typeof l.details?.replay === 'string') return l.details.replay;
  return '';
}

export type LoadSeries = Array<{ scenario: string; operation: string; points: Array<{ t: number; p50: number; p95: number; p99: number; rps: number; conflictRate: number }> }>;
export type Capacity = { scenario: string; sustainableRate: number; slo?: { p99: number }; steps: Array<{ rate: number; p50: number; p95: number; p99: number; errorRate: number; ok: boolean }> };

function loadSection(series: LoadSeries | undefined, thresholds = DEFAULT_THRESHOLDS): string {
  if (!series?.length) return '<p>No load run in this report.</p>';
  const charts = series.map((s) => lineChart({
    title: `${s.scenario} · ${s.operation}: latency percentiles (ms)`, xLabel: 'seconds', yLabel: 'ms',
    lines: [
      { name: 'p50', color: '#2f6fdb', points: s.points.map((p) => [p.t, p.p50]) },
      { name: 'p95', color: '#d98b00', points: s.points.map((p) => [p.t, p.p95]) },
      { name: 'p99', color: '#c2185b', points: s.points.map((p) => [p.t, p.p99]) },
    ],
    thresholds: [
      { y: thresholds.p95, label: `p95 threshold ${thresholds.p95} ms`, color: '#d98b00' },
      { y: thresholds.p99, label: `p99 threshold ${thresholds.p99} ms`, color: '#c2185b' },
    ],
  }));
  const palette = ['#2f6fdb', '#d98b00', '#2e7d32', '#6a1b9a', '#c2185b', '#00838f'];
  charts.push(lineChart({ title: 'Throughput (requests/s) per operation', xLabel: 'seconds', yLabel: 'req/s',
    lines: series.map((s, i) => ({ name: `${s.scenario.replace('-records', '')}·${s.operation.replace('Records', '')}`, color: palette[i % palette.length]!, points: s.points.map((p) => [p.t, p.rps] as [number, number]) })) }));
  const writes = series.filter((s) => s.operation === 'UpdateRecords');
  if (writes.length) {
    charts.push(lineChart({ title: 'Conflict rate (share of UpdateRecords answered 409)', xLabel: 'seconds', yLabel: 'share',
      lines: writes.map((s, i) => ({ name: s.scenario, color: palette[i % palette.length]!, points: s.points.map((p) => [p.t, p.conflictRate] as [number, number]) })) }));
  }
  return `<div class="charts">${charts.join('\n')}</div>`;
}

function capacitySection(c: Capacity | undefined): string {
  if (!c) return '';
  const chart = lineChart({ title: `${c.scenario}: latency against arrival rate`, xLabel: 'arrival rate (iterations/s)', yLabel: 'ms',
    lines: (['p50', 'p95', 'p99'] as const).map((k, i) => ({ name: k, color: ['#2f6fdb', '#d98b00', '#c2185b'][i]!, points: c.steps.map((s) => [s.rate, s[k]] as [number, number]).sort((a, b) => a[0] - b[0]) })),
    ...(c.slo ? { thresholds: [{ y: c.slo.p99, label: `SLO p99 ${c.slo.p99} ms`, color: '#c2185b' }] } : {}),
    marker: { x: c.sustainableRate, label: `sustainable ${c.sustainableRate}/s` } });
  const rows = c.steps.map((s) => `<tr><td>${s.rate}</td><td>${s.p50.toFixed(1)}</td><td>${s.p95.toFixed(1)}</td><td>${s.p99.toFixed(1)}</td><td>${(s.errorRate * 100).toFixed(2)}%</td><td class="${s.ok ? 'pass' : 'fail'}">${s.ok ? 'within SLO' : 'breaks SLO'}</td></tr>`).join('');
  return `<h2>Capacity: ${esc(c.scenario)}, highest sustainable rate ${c.sustainableRate}/s</h2>${chart}<table><thead><tr><th>rate</th><th>p50</th><th>p95</th><th>p99</th><th>errors</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderReport(meta: ReportMeta, lines: ResultLine[], extra: { load?: LoadSeries; capacity?: Capacity; devices?: DeviceCapacityReport } = {}): string {
  const { pass, counts } = verdictOf(lines);
  const table = coverage(lines);
  const failures = lines.filter((l) => l.status === 'fail');
  const expected = lines.filter((l) => l.status === 'expected-fail');
  const inapplicable = lines.filter((l) => l.status === 'not-applicable');
  const rows = [...table].map(([op, bySuite]) => `<tr><th>${esc(op)}</th>${SUITES.map((s) => cell(bySuite.get(s))).join('')}</tr>`).join('\n');
  // Failures with one reason are one finding (e.g. every state a broken write cannot set up): listed once, with all their cases.
  const groups = new Map<string, ResultLine[]>();
  for (const l of failures) groups.set(`${l.suite}\u0000${l.reason ?? ''}`, [...(groups.get(`${l.suite}\u0000${l.reason ?? ''}`) ?? []), l]);
  const failureItems = [...groups.values()].map((group) => {
    const l = group[0]!;
    if (group.length === 1) return `<li><strong>${esc(l.suite)} · ${esc(l.case)}</strong><pre>${esc(l.reason ?? '')}</pre>${reproduction(l) ? `<code>${esc(reproduction(l))}</code>` : ''}</li>`;
    return `<li class="group"><strong>${esc(l.suite)} · ${group.length} cases failed the same way</strong><ul>${group.map((g) => `<li>${esc(g.case)}${reproduction(g) ? ` <code>${esc(reproduction(g))}</code>` : ''}</li>`).join('')}</ul><pre>${esc(l.reason ?? '')}</pre></li>`;
  }).join('\n');
  const expectedItems = expected.map((l) => `<li>${esc(l.suite)} · ${esc(l.case)}: ${esc(l.reason ?? '')}</li>`).join('\n');
  const inapplicableItems = inapplicable.map((l) => `<li>${esc(l.suite)} · ${esc(l.case)}: ${esc(l.reason ?? '')}</li>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cognito-sync-harness · ${esc(meta.runId)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1d2430;padding:0 16px}
h1{font-size:20px;margin:0 0 4px} .meta{color:#5b6472;margin-bottom:16px}
.verdict{font-size:28px;font-weight:700;padding:14px 18px;border-radius:8px;margin:12px 0 20px}
.verdict.pass{background:#e5f6ea;color:#136c2e} .verdict.fail{background:#fde8e8;color:#a11a1a}
.counts span{margin-right:14px;font-size:15px;font-weight:500}
table{border-collapse:collapse;width:100%;margin:8px 0 24px} th,td{border-bottom:1px solid #e3e6ea;padding:6px 10px;text-align:left}
thead th{background:#f4f6f8} td.pass{color:#136c2e} td.fail{color:#a11a1a;font-weight:600} td.none{color:#9aa3ad}
span.expected-fail{color:#8a6100} span.skip,span.not-applicable{color:#5b6472}
pre{white-space:pre-wrap;background:#f6f8fa;padding:8px;border-radius:6px;font-size:12px} code{background:#eef1f4;padding:2px 6px;border-radius:4px}
h2{font-size:16px;margin-top:28px}
.charts{display:flex;flex-wrap:wrap;gap:12px} figure.chart{margin:0;border:1px solid #e3e6ea;border-radius:6px;padding:6px} figcaption{font-size:12px;color:#5b6472}
</style></head><body>
<h1>Cognito Sync harness report</h1>
<div class="meta">run ${esc(meta.runId)} · target ${esc(meta.target)} · ${esc(meta.startedAt)} → ${esc(meta.finishedAt)} · harness ${esc(meta.harnessVersion)}${meta.throttled ? ` · ${meta.throttled} throttled calls retried` : ''}</div>
${meta.seed !== undefined ? `<div class="meta">seed ${meta.seed}</div>` : ''}
${meta.resolvedTarget ? `<div class="meta">${esc(meta.resolvedTarget)}</div>` : ''}
<div class="verdict ${pass ? 'pass' : 'fail'}">${pass ? 'PASS' : 'FAIL'}
<div class="counts">${Object.entries(counts).map(([k, v]) => `<span>${v} ${esc(k)}</span>`).join('')}</div></div>
<h2>Coverage by operation</h2>
<table><thead><tr><th>operation</th>${SUITES.map((s) => `<th>${s}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>
<h2>Failures (${failures.length})</h2>
${failures.length ? `<ul>${failureItems}</ul>` : '<p>None.</p>'}
<h2>Expected failures (${expected.length})</h2>
${expected.length ? `<ul>${expectedItems}</ul>` : '<p>None.</p>'}
<h2>Not applicable on this target (${inapplicable.length})</h2>
${inapplicable.length ? `<ul class="not-applicable">${inapplicableItems}</ul>` : '<p>None.</p>'}
<h2>Load</h2>
${loadSection(extra.load)}
${meta.artifacts?.length ? `<h2>Files of this run</h2><ul>${meta.artifacts.map((f) => `<li><a href="${esc(encodeURI(f))}">${esc(f)}</a></li>`).join('')}</ul>` : ''}
${capacitySection(extra.capacity)}
${deviceCapacitySection(extra.devices)}
</body></html>
`;
}
