// Execution segments: how one k6 test is cut into N parts that run as N
// processes (local --shards) or N pods (a k6-operator TestRun with
// parallelism N cuts it the same way: equal segments 0, 1/N, …, 1), and the
// raw samples each part keeps so that the parts can be merged exactly.
// k6 docs, "Running large tests" and "Execution segment" options.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { HarnessError } from '../src/harness-error.ts';
import type { Samples } from './lib/summary-merge.ts';

/** The equal segment sequence of n parts: 0,1/n,…,(n-1)/n,1. */
export function segmentSequence(n: number): string[] {
  return Array.from({ length: n + 1 }, (_, i) => (i === 0 ? '0' : i === n ? '1' : `${i}/${n}`));
}

/** k6 flags that run part `index` (1-based) of `count`. */
export function segmentArgs(index: number, count: number): string[] {
  const seq = segmentSequence(count);
  return ['--execution-segment', `${seq[index - 1]}:${seq[index]}`, '--execution-segment-sequence', seq.join(',')];
}

/** Raw samples kept per trend metric at most; past it the run is too long to merge in memory. */
export const MAX_SAMPLES_PER_METRIC = 5_000_000;

/** Every sample of every trend metric in k6's JSON output (--out json=FILE). */
export async function samplesFromPoints(file: string): Promise<Samples> {
  const trends = new Set<string>();
  const samples: Samples = {};
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (line.startsWith('{"type":"Metric"') || line.includes('"type":"Metric"')) {
      const m = JSON.parse(line) as { data: { name: string; type: string } };
      if (m.data.type === 'trend') trends.add(m.data.name);
      continue;
    }
    if (!line.includes('"type":"Point"')) continue;
    const p = JSON.parse(line) as { metric: string; data: { value: number } };
    if (!trends.has(p.metric)) continue;
    const list = (samples[p.metric] ??= []);
    if (list.length >= MAX_SAMPLES_PER_METRIC) {
      throw new HarnessError(`${p.metric} has more than ${MAX_SAMPLES_PER_METRIC} samples, too many to merge shards exactly`, 'Shorten the run or lower the rate, or run without --shards');
    }
    list.push(p.data.value);
  }
  return samples;
}
