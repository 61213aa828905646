// The whole job: target → suites → results → reports. Exits 0 only when every
// suite passed (expected failures allowed).

import { readFileSync } from 'node:fs';
import { writeReports } from '../report/write.ts';
import { createResultsWriter, createRunDir, readResults } from '../results/writer.ts';
import { verdictOf } from '../results/junit.ts';
import type { Suite } from '../results/schema.ts';
import { resolveTarget, type TargetSpec } from '../target/index.ts';
import { suites } from './suites.ts';

export type RunOptions = { spec: TargetSpec; suites: Suite[]; reportRoot: string; seed: number; progress?: (message: string) => void; onTarget?: (close: () => Promise<void>) => void; signal?: AbortSignal };

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function runAll(opts: RunOptions): Promise<{ ok: boolean; runDir: string; files: string[]; counts: Record<string, number>; throttled: number }> {
  const startedAt = new Date().toISOString();
  const { runDir, runId } = createRunDir(opts.reportRoot);
  const writer = createResultsWriter(runDir, runId);
  const progress = opts.progress ?? (() => {});
  progress(`starting target ${opts.spec.target ?? 'emulator'}`);
  const target = await resolveTarget({ ...opts.spec, runId: runId.slice(-8).toLowerCase() });
  opts.onTarget?.(() => target.close());
  let ok = true;
  try {
    for (const name of opts.suites) {
      progress(`suite ${name}`);
      if (opts.signal?.aborted) break;
      const result = await suites[name]!({ target, writer, seed: opts.seed, progress, ...(opts.signal ? { signal: opts.signal } : {}) });
      ok &&= result.ok;
    }
  } finally {
    progress('cleaning up');
    await target.close();
  }
  const throttled = target.stats.throttled;
  const files = writeReports(runDir, { runId, target: target.name, startedAt, finishedAt: new Date().toISOString(), harnessVersion: version, throttled });
  const { pass, counts } = verdictOf(readResults(runDir));
  return { ok: ok && pass, runDir, files: [`${runDir}/results.jsonl`, files.junit, files.html], counts, throttled };
}
