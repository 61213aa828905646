// Runs the clients suite against a target: each scenario in Node, then the
// browser cases in headless Chromium, one result line each.

import type { ResultLine } from '../src/results/schema.ts';
import { isAssertionFailure, isNotApplicable } from '../src/results/verdicts.ts';
import type { Target } from '../src/target/index.ts';
import { browserCases, runInBrowser } from './browser.ts';
import { createContext } from './context.ts';
import { SyncTimeout } from './device.ts';
import { KnownDefect, scenarios, type Scenario } from './scenarios.ts';

export type ClientsLine = Omit<ResultLine, 'run_id' | 'time'>;

/** A whole scenario, however the library behaves, ends by then. */
const CASE_DEADLINE_MS = 180_000;

export type RunClientsOptions = { target: Target; only?: readonly string[]; onStart?: (name: string) => void; onLine?: (line: ClientsLine) => void; signal?: AbortSignal };

export async function runClients(opts: RunClientsOptions): Promise<{ ok: boolean; lines: ClientsLine[] }> {
  const lines: ClientsLine[] = [];
  const wanted = (name: string) => !opts.only?.length || opts.only.includes(name);
  const emit = (l: ClientsLine) => {
    lines.push(l);
    opts.onLine?.(l);
  };
  for (const s of scenarios) {
    if (!wanted(s.name)) continue;
    if (opts.signal?.aborted) break;
    opts.onStart?.(s.name);
    emit(await runScenario(opts.target, s));
  }
  const browser = browserCases.filter((c) => wanted(c.name));
  if (browser.length > 0 && !opts.signal?.aborted) {
    opts.onStart?.('browser cases');
    for (const l of await runInBrowser(opts.target, browser.map((c) => c.name))) emit(l);
  }
  return { ok: lines.every((l) => l.status !== 'fail'), lines };
}

export async function runScenario(target: Target, s: Scenario): Promise<ClientsLine> {
  const started = Date.now();
  const ctx = createContext(target, 'cl');
  let failure: unknown;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      s.run(ctx),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new SyncTimeout(`the scenario did not end within ${CASE_DEADLINE_MS / 1000} s`)), CASE_DEADLINE_MS))),
    ]);
  } catch (e) {
    failure = e;
  } finally {
    clearTimeout(timer);
  }
  const detail = failure === undefined ? '' : `\ncallbacks: ${ctx.transcript.join(' · ') || 'none'}\nfinal values:\n${await ctx.finalValues()}`;
  try {
    await ctx.close();
  } catch (e) {
    failure ??= e;
  }
  const base = { suite: 'clients' as const, case: s.name, operation: s.operation, target: target.name, duration_ms: Date.now() - started, seed: null };
  if (failure === undefined) return { ...base, status: 'pass', reason: null, details: { library: 'amazon-cognito-js', runtime: 'node' } };
  if (isNotApplicable(failure)) return { ...base, status: 'not-applicable', reason: failure.reason, details: { runtime: 'node' } };
  const message = failure instanceof Error ? failure.message : String(failure);
  if (failure instanceof KnownDefect) {
    return { ...base, status: 'expected-fail', reason: `library defect ${failure.defect} (clients/README.md): ${message}`, details: { runtime: 'node', defect: failure.defect, failure: 'assertion', transcript: ctx.transcript } };
  }
  const kind = isAssertionFailure(failure) ? 'assertion' : failure instanceof SyncTimeout ? 'interrupt' : 'crash';
  return { ...base, status: 'fail', reason: `${message}${detail}`, details: { runtime: 'node', failure: kind } };
}
