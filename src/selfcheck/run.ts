// Runs the suites against known-broken and legally-different emulators:
// each fault must be caught, as an assertion, by every case the coverage
// table declares for it; each variant must leave every suite green.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultName } from '../emulator/faults.ts';
import type { VariantName } from '../emulator/variants.ts';
import type { ResultLine, Suite } from '../results/schema.ts';
import { createResultsWriter, readResults } from '../results/writer.ts';
import { suites } from '../run/suites.ts';
import { resolveTarget, type TargetSpec } from '../target/index.ts';
import { CATCHING_SUITES, type Catchers } from './coverage.ts';

export type SelfcheckOptions = {
  seed: number;
  /** numRuns for every property (a fault is usually caught in the first few runs). */
  numRuns?: number;
  onProgress?: (message: string) => void;
};

/** What one declared case did against a fault. */
export type CaseVerdict = { suite: Suite; case: string; caught: boolean; how: string };
export type FaultRow = { fault: FaultName; caught: boolean; cases: CaseVerdict[] };
export type VariantRow = { variants: VariantName[]; passed: boolean; failures: string[]; notApplicable: string[]; throttled: number };

/** Runs the named suites (only the named cases) on an emulator built from spec; returns their result lines. */
async function runSuites(spec: TargetSpec, only: Partial<Record<Suite, readonly string[]>>, opts: SelfcheckOptions & { firstFailure?: boolean }): Promise<{ lines: ResultLine[]; throttled: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'csh-selfcheck-'));
  const target = await resolveTarget({ target: 'emulator', ...spec });
  try {
    const writer = createResultsWriter(dir, 'selfcheck');
    for (const suite of CATCHING_SUITES) {
      const cases = only[suite];
      if (cases !== undefined && cases.length === 0) continue;
      opts.onProgress?.(`${describe(spec)}: ${suite}`);
      await suites[suite]!({
        target, writer, seed: opts.seed, progress: () => {},
        ...(cases ? { only: cases } : {}),
        ...(opts.numRuns !== undefined ? { numRuns: opts.numRuns } : {}),
        ...(opts.firstFailure ? { firstFailure: true } : {}),
      });
    }
    return { lines: readResults(dir), throttled: target.stats.throttled };
  } finally {
    await target.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(spec: TargetSpec): string {
  return [...(spec.faults ?? []).map((f) => `fault ${f}`), ...(spec.variants ?? []).map((v) => `variant ${v}`)].join(', ') || 'emulator';
}

export async function checkFault(fault: FaultName, catchers: Catchers, opts: SelfcheckOptions): Promise<FaultRow> {
  const only: Partial<Record<Suite, readonly string[]>> = Object.fromEntries(CATCHING_SUITES.map((s) => [s, catchers[s] ?? []]));
  let lines: ResultLine[] = [];
  let crashed: string | undefined;
  try {
    ({ lines } = await runSuites({ faults: [fault] }, only, { ...opts, firstFailure: true }));
  } catch (e) {
    crashed = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  }
  let cases: CaseVerdict[] = [];
  for (const suite of CATCHING_SUITES) {
    for (const name of catchers[suite] ?? []) cases.push(verdictFor(suite, name, lines, crashed));
  }
  // A case that left no result line gave no verdict at all (on a starved machine a short k6 smoke
  // can end before a VU reaches that check). It runs once more on its own; a catch still needs an
  // assertion, and a case that passed or failed otherwise is never re-run.
  const unrun = cases.filter((c) => c.how === NO_LINE);
  if (unrun.length > 0 && !crashed) {
    const again: Partial<Record<Suite, readonly string[]>> = Object.fromEntries(CATCHING_SUITES.map((s) => [s, unrun.filter((c) => c.suite === s).map((c) => c.case)]));
    let retried: ResultLine[] = [];
    let retryCrash: string | undefined;
    try {
      ({ lines: retried } = await runSuites({ faults: [fault] }, again, { ...opts, firstFailure: true }));
    } catch (e) {
      retryCrash = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    }
    cases = cases.map((c) => (c.how === NO_LINE ? verdictFor(c.suite, c.case, retried, retryCrash) : c));
  }
  return { fault, caught: cases.length > 0 && cases.every((c) => c.caught), cases };
}

const NO_LINE = 'not run: no result line';

// A catch is a failed line of that case whose failure is an assertion about the target's answers.
function verdictFor(suite: Suite, name: string, lines: ResultLine[], crashed: string | undefined): CaseVerdict {
  const line = lines.find((l) => l.suite === suite && l.case === name);
  if (!line) return { suite, case: name, caught: false, how: crashed ? `not run: the suite crashed (${crashed})` : NO_LINE };
  if (line.status !== 'fail') return { suite, case: name, caught: false, how: line.status === 'pass' ? 'passed' : `${line.status}: ${line.reason ?? ''}` };
  const kind = (line.details?.failure as string | undefined) ?? 'unknown';
  const first = (line.reason ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  return kind === 'assertion'
    ? { suite, case: name, caught: true, how: first }
    : { suite, case: name, caught: false, how: `failed, but not on an assertion (${kind}): ${first}` };
}

export async function checkVariants(variants: VariantName[], opts: SelfcheckOptions): Promise<VariantRow> {
  const { lines, throttled } = await runSuites({ variants }, {}, opts);
  const failures = lines.filter((l) => l.status === 'fail').map((l) => `${l.suite} · ${l.case}: ${(l.reason ?? '').split('\n')[0]}`);
  const notApplicable = lines.filter((l) => l.status === 'not-applicable').map((l) => `${l.suite} · ${l.case}: ${l.reason ?? ''}`);
  return { variants, passed: failures.length === 0 && lines.length > 0, failures, notApplicable, throttled };
}

/** Runs tasks with at most `parallel` at once, keeping their order. */
export async function pool<T, R>(items: readonly T[], parallel: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
  return out;
}
