// `load <scenario> --shards N`: N k6 processes side by side, each on one
// execution segment, and one report merged from their summaries and raw
// samples (load/lib/summary-merge.ts). Each shard keeps its own folder
// (shard-<i>/) with its summary, console log and dashboard.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { junit } from './lib/summary.ts';
import { mergeSummaries } from './lib/summary-merge.ts';
import { bundleScenarios, DEFAULT_MAX_VUS, linesOf, prepareFixtures, runLoad, setupFailed, type ConsoleNotes, type Fixtures, type K6Summary, type LoadOptions, type LoadResult } from './run.ts';

export type ShardedResult = LoadResult & { shards: LoadResult[] };

export async function runShards(opts: LoadOptions & { shards: number }): Promise<ShardedResult> {
  const { target, scenario, shards: count } = opts;
  await bundleScenarios();
  let fixtures: Fixtures;
  try {
    // One set of fixtures for all shards, sized for the VUs of the whole test (VU ids are unique across segments).
    fixtures = opts.fixtures ?? (await prepareFixtures(target, { ...opts, maxVUs: opts.maxVUs ?? DEFAULT_MAX_VUS }));
  } catch (e) {
    return { ...setupFailed(scenario, target, e), shards: [] };
  }
  const { shards: _count, ...one } = opts;
  const shards = await Promise.all(Array.from({ length: count }, (_, i) => runLoad({
    ...one, fixtures, bundled: true, keepSamples: true, shard: { index: i + 1, count }, outDir: join(opts.outDir, `shard-${i + 1}`),
  })));
  const summary = mergeSummaries(shards.map((s) => s.summary), shards.map((s) => s.samples ?? {})) as K6Summary;
  const summaryFile = join(opts.outDir, `${scenario}-summary.json`);
  writeFileSync(summaryFile, JSON.stringify(summary, null, 2));
  writeFileSync(join(opts.outDir, `${scenario}-junit.xml`), junit(scenario, summary));
  const notes: ConsoleNotes = { why: new Map(), crashes: [] };
  for (const s of shards) {
    for (const [k, v] of s.notes?.why ?? []) if (!notes.why.has(k)) notes.why.set(k, v);
    notes.crashes.push(...(s.notes?.crashes ?? []));
  }
  // A shard that crashed decides the exit code; thresholds are judged on the merged figures, not per shard.
  const crashed = shards.find((s) => s.exitCode !== 0 && s.exitCode !== 99);
  const breached = Object.values(summary.metrics).some((m) => Object.values(m.thresholds ?? {}).some((t) => !t.ok));
  const exitCode = crashed ? crashed.exitCode : breached ? 99 : 0;
  const hasSummary = shards.every((s) => Object.keys(s.summary.metrics).length > 0);
  const lines = linesOf(scenario, target.name, summary, { exitCode, hasSummary, notes, stderr: crashed?.stderr ?? '' });
  return { ok: exitCode === 0 && lines.every((l) => l.status !== 'fail'), exitCode, summaryFile, summary, lines, notes, shards };
}
