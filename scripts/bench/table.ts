// The bench's printed table: figures per leg, then each target as met / NOT met.
// Targets are printed, never asserted: the machine is shared and noisy.

import type { LegFigures } from './generator.ts';
import type { MemoryFigures } from './memory.ts';

/** met undefined: a figure shown for comparison, with no target. */
export type Verdict = { name: string; figure: string; target: string; met?: boolean };

const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

export function legRow(name: string, f: LegFigures): string {
  const bad = f.non2xx + f.errors + f.timeouts;
  return `${name.padEnd(34)} ${n0(f.rps).padStart(8)} req/s  p50 ${ms(f.p50).padStart(8)}  p99 ${ms(f.p99).padStart(8)}  ${`${n0(f.total)} req`.padStart(11)}  ${f.cpuMicros === undefined ? '' : `cpu ${f.cpuMicros.toFixed(0).padStart(4)} µs/req${f.sysMicros === undefined ? '' : ` (sys ${f.sysMicros.toFixed(0).padStart(3)})`}  `}non-2xx ${f.non2xx}${bad > f.non2xx ? `  errors ${f.errors} timeouts ${f.timeouts}` : ''}`;
}

export function memoryRow(m: MemoryFigures): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  return `memory: ${n0(m.identities)} identities × 1 dataset × ${n0(m.records / Math.max(1, m.identities))} records loaded in ${m.seconds.toFixed(1)} s `
    + `(${n0(m.identities / m.seconds)} identities/s, ${n0(m.records / m.seconds)} records/s); RSS after GC ${mb(m.rssBytes)} (heap ${mb(m.heapUsedBytes)}, process at start ${mb(m.baselineRssBytes)})`;
}

export function ratio(name: string, value: number, target: string, met?: boolean): Verdict {
  return { name, figure: value.toFixed(2), target, met };
}

export function verdictRow(v: Verdict): string {
  return `${v.name.padEnd(52)} ${v.figure.padStart(8)}   target ${v.target.padEnd(8)} ${v.met === undefined ? '' : v.met ? 'met' : 'NOT met'}`;
}
