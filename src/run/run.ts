// The whole job: target → suites → results → reports. Exits 0 only when every
// suite passed (expected failures allowed). However the run ends (a failure of the
// target, the watchdog, Ctrl-C), what finished is reported, with the reason it ended
// as a result line, and reports/latest moves only once the reports exist.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHarnessError } from '../harness-error.ts';
import { redact } from '../results/redact.ts';
import { writeReports } from '../report/write.ts';
import { createResultsWriter, createRunDir, pointLatest, readResults, type ResultsWriter } from '../results/writer.ts';
import { verdictOf } from '../results/junit.ts';
import type { Suite } from '../results/schema.ts';
import { resolveTarget, type Target, type TargetSpec } from '../target/index.ts';
import { failureLine, summaryLine } from './log-lines.ts';
import { suites } from './suites.ts';

export type RunOptions = {
  spec: TargetSpec; suites: Suite[]; reportRoot: string; seed: number; progress?: (message: string) => void;
  onTarget?: (close: () => Promise<void>) => void;
  /** The quiet log: a start and a summary line per suite, one line per failure. */
  log?: (line: string) => void;
  /** Appended to replay commands so they hit the same target, e.g. ' --target http://…'. */
  targetFlag?: string;
  /** Aborting ends the run early (Ctrl-C, the watchdog): the suite in progress is abandoned, then cleanup and reports. */
  signal?: AbortSignal;
};

export type RunOutcome = {
  ok: boolean; runDir: string; files: string[]; counts: Record<string, number>; throttled: number;
  /** Why the run ended early, when it did; the CLI exits with error.exitCode (or 1). */
  error?: Error;
};

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function runAll(opts: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date().toISOString();
  const { runDir, runId } = createRunDir(opts.reportRoot, new Date(), false);
  const writer = createResultsWriter(runDir, runId);
  // A suite abandoned at an abort may still finish a case against a closed target; its late lines are not results.
  let accepting = true;
  const suiteWriter: ResultsWriter = { runDir, runId, append: (line) => accepting && writer.append(line) };
  const progress = opts.progress ?? (() => {});
  const log = opts.log ?? (() => {});
  let target: Target | undefined;
  let ok = true;
  let error: Error | undefined;
  let resolvedTarget: string | undefined;
  let current: Suite = opts.suites[0] ?? 'contracts';
  try {
    progress(`starting target ${opts.spec.target ?? 'emulator'}`);
    const announce = opts.spec.announce;
    target = await untilAborted(resolveTarget({
      ...opts.spec, runId: runId.slice(-8).toLowerCase(),
      announce: (line) => {
        resolvedTarget = line;
        announce?.(line);
      },
    }), opts.signal);
    const t = target;
    opts.onTarget?.(() => t.close());
    for (const name of opts.suites) {
      current = name;
      if (opts.signal?.aborted) throw abortError(opts.signal);
      progress(`suite ${name}`);
      log(`${name}: started`);
      const before = readResults(runDir).length;
      const suiteStarted = Date.now();
      try {
        const result = await untilAborted(suites[name]!({ target, writer: suiteWriter, seed: opts.seed, progress, ...(opts.signal ? { signal: opts.signal } : {}) }), opts.signal);
        ok &&= result.ok;
      } finally {
        const mine = readResults(runDir).slice(before);
        log(summaryLine(name, mine, Date.now() - suiteStarted));
        for (const l of mine) if (l.status === 'fail') log(failureLine(l, opts.targetFlag ?? ''));
      }
    }
  } catch (e) {
    accepting = false;
    ok = false;
    error = e instanceof Error ? e : new Error(String(e));
    const interrupted = opts.signal?.aborted === true;
    writer.append({
      suite: current, case: 'run ended early', operation: null, target: target?.name ?? opts.spec.target ?? 'emulator', status: 'fail',
      duration_ms: Date.now() - Date.parse(startedAt), reason: redact(error.message), seed: null,
      details: { failure: interrupted ? 'interrupt' : isHarnessError(e) ? 'setup' : 'crash' },
    });
  } finally {
    progress('cleaning up');
    try {
      await target?.close();
    } catch (e) {
      // Cleanup trouble must not hide the run's own outcome; it is reported as a line of its own.
      writer.append({ suite: current, case: 'cleanup', operation: null, target: target?.name ?? 'emulator', status: 'fail', duration_ms: 0,
        reason: redact(e instanceof Error ? e.message : String(e)), seed: null, details: { failure: 'setup' } });
      ok = false;
    }
  }
  // The Pact verifier's own report, captured by the supervisor (src/cli/supervise.ts), belongs with the run.
  const verifierLog = process.env.CSH_VERIFIER_LOG;
  // Masked on the way: the verifier may echo request headers, and a session token must never reach a report.
  if (verifierLog && existsSync(verifierLog)) writeFileSync(join(runDir, 'pact-verifier.log'), redact(readFileSync(verifierLog, 'utf8')));
  const throttled = target?.stats.throttled ?? 0;
  const files = writeReports(runDir, { runId, target: target?.name ?? opts.spec.target ?? 'emulator', startedAt, finishedAt: new Date().toISOString(), harnessVersion: version, throttled, seed: opts.seed, ...(resolvedTarget ? { resolvedTarget } : {}) });
  pointLatest(opts.reportRoot, runId);
  const { pass, counts } = verdictOf(readResults(runDir));
  return { ok: ok && pass && !error, runDir, files: [`${runDir}/results.jsonl`, files.junit, files.html], counts, throttled, ...(error ? { error } : {}) };
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'interrupted'));
}

/** How long a suite gets to stop by itself after an abort (k6 stops, fixtures go) before the run stops waiting. */
const ABORT_GRACE_MS = 5_000;

// Past the grace, the abandoned promise keeps running until the process ends; the run no longer waits for it.
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    let grace: NodeJS.Timeout | undefined;
    const onAbort = () => (grace = setTimeout(() => reject(abortError(signal)), ABORT_GRACE_MS));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work
      .then((v) => (signal.aborted ? reject(abortError(signal)) : resolve(v)), (e: unknown) => reject(signal.aborted ? abortError(signal) : e))
      .finally(() => {
        clearTimeout(grace);
        signal.removeEventListener('abort', onAbort);
      });
  });
}
