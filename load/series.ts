// Per-second time series from k6's JSON output (--out json=...): latency
// percentiles and throughput per operation, and the conflict rate. The HTML
// report draws its load charts from these.

import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export type SeriesPoint = { t: number; p50: number; p95: number; p99: number; rps: number; conflictRate: number };
export type OperationSeries = { scenario: string; operation: string; points: SeriesPoint[] };

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

export async function seriesFromPoints(file: string, scenario: string): Promise<OperationSeries[]> {
  const latency = new Map<string, Map<number, number[]>>();
  const conflicts = new Map<number, { yes: number; all: number }>();
  let start = Infinity;
  const rows: Array<{ metric: string; t: number; value: number; op?: string }> = [];
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (!line.includes('"Point"')) continue;
    const p = JSON.parse(line) as { metric: string; data: { time: string; value: number; tags?: Record<string, string> } };
    if (p.metric !== 'csh_latency' && p.metric !== 'sync_conflicts') continue;
    const t = Date.parse(p.data.time) / 1000;
    start = Math.min(start, t);
    rows.push({ metric: p.metric, t, value: p.data.value, ...(p.data.tags?.operation ? { op: p.data.tags.operation } : {}) });
  }
  for (const r of rows) {
    const second = Math.floor(r.t - start);
    if (r.metric === 'csh_latency' && r.op) {
      const byOp = latency.get(r.op) ?? new Map<number, number[]>();
      latency.set(r.op, byOp);
      byOp.set(second, [...(byOp.get(second) ?? []), r.value]);
    } else if (r.metric === 'sync_conflicts') {
      const c = conflicts.get(second) ?? { yes: 0, all: 0 };
      c.all++;
      if (r.value) c.yes++;
      conflicts.set(second, c);
    }
  }
  return [...latency].map(([operation, bySecond]) => ({
    scenario, operation,
    points: [...bySecond].sort(([a], [b]) => a - b).map(([t, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const c = conflicts.get(t);
      return { t, p50: pct(sorted, 0.5), p95: pct(sorted, 0.95), p99: pct(sorted, 0.99), rps: values.length, conflictRate: c && operation === 'UpdateRecords' ? c.yes / c.all : 0 };
    }),
  }));
}

/** Adds one scenario's series to <dir>/load-series.json. */
export function appendSeries(file: string, series: OperationSeries[]): void {
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OperationSeries[]) : [];
  writeFileSync(file, JSON.stringify([...existing.filter((s) => !series.some((n) => n.scenario === s.scenario && n.operation === s.operation)), ...series]));
}
