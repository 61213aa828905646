// The bench's printed table: figures per leg, then each target as met / NOT met.
// Targets are printed, never asserted: the machine is shared and noisy.

import { percentile } from '../../load/lib/summary-merge.ts';
import type { LegFigures } from './generator.ts';
import type { MemoryFigures } from './memory.ts';

/** met undefined: a figure shown for comparison, with no target. note: how it was reached (the rounds' spread). */
export type Verdict = { name: string; figure: string; target: string; met?: boolean; note?: string };

const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

export function legRow(name: string, f: LegFigures): string {
  const bad = f.non2xx + f.errors + f.timeouts;
  return `${name.padEnd(40)} ${n0(f.rps).padStart(8)} req/s  p50 ${ms(f.p50).padStart(8)}  p99 ${ms(f.p99).padStart(8)}  ${`${n0(f.total)} req`.padStart(11)}  ${f.cpuMicros === undefined ? '' : `cpu ${f.cpuMicros.toFixed(0).padStart(4)} µs/req${f.sysMicros === undefined ? '' : ` (sys ${f.sysMicros.toFixed(0).padStart(3)})`}  `}non-2xx ${f.non2xx}${bad > f.non2xx ? `  errors ${f.errors} timeouts ${f.timeouts}` : ''}`;
}

export function memoryRow(m: MemoryFigures): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  return `memory: ${n0(m.identities)} identities × 1 dataset × ${n0(m.records / Math.max(1, m.identities))} records loaded in ${m.seconds.toFixed(1)} s `
    + `(${n0(m.identities / m.seconds)} identities/s, ${n0(m.records / m.seconds)} records/s); RSS after GC ${mb(m.rssBytes)} (heap ${mb(m.heapUsedBytes)}, process at start ${mb(m.baselineRssBytes)})`;
}

export function ratio(name: string, value: number, target: string, met?: boolean): Verdict {
  return { name, figure: value.toFixed(2), target, met };
}

/** The median, as k6 computes its `med`: the mean of the two middle values of an even count. */
export function median(xs: number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 0.5);
}

/** A ratio over rounds: the median decides met / NOT met; the spread is printed beside it. */
export function roundsRatio(name: string, values: number[], target: string, meets?: (x: number) => boolean, digits = 2): Verdict {
  const m = median(values);
  const spread = values.length > 1 ? `${values.length} rounds, ${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}` : undefined;
  return { ...ratio(name, m, target, meets?.(m)), figure: m.toFixed(digits), ...(spread ? { note: spread } : {}) };
}

export function verdictRow(v: Verdict): string {
  const status = v.met === undefined ? '' : v.met ? 'met' : 'NOT met';
  return `${v.name.padEnd(52)} ${v.figure.padStart(8)}   target ${v.target.padEnd(8)} ${status}${v.note ? `${status ? '  ' : ''}(${v.note})` : ''}`.trimEnd();
}

/**
 * How many µs of busy work per answer the bare server would need to serve at `ratio` of its own rate,
 * read off one round's calibration: points of (work µs, ratio to bare), bare itself being (0, 1). The
 * time per request, 1 / ratio, is interpolated linearly between the two points around it, and past the
 * last one along the last segment. Undefined when the calibration does not slow down as work grows
 * (a round that noise scrambled), when a leg served nothing, or for a ratio that is not positive.
 */
export function workEquivalent(calibration: ReadonlyArray<readonly [work: number, ratio: number]>, ratio: number): number | undefined {
  if (!(ratio > 0) || calibration.length === 0 || calibration.some(([, r]) => !(r > 0))) return undefined;
  const points = [[0, 1] as const, ...calibration].sort((a, b) => a[0] - b[0]).map(([work, r]) => [work, 1 / r] as const);
  for (let i = 1; i < points.length; i++) if (!(points[i]![1] > points[i - 1]![1])) return undefined;
  const time = 1 / ratio;
  let i = 1;
  while (i < points.length - 1 && time > points[i]![1]) i++;
  const [w0, t0] = points[i - 1]!;
  const [w1, t1] = points[i]!;
  return w0 + ((time - t0) * (w1 - w0)) / (t1 - t0);
}
