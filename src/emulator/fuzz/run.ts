// Runs the fuzz: builds the world, sends the generated requests one step at
// a time through the in-process emulator, judges each answer, and ends with
// the read-back of every dataset touched. Returns counts and findings; the
// tests decide what they require of them.

import type { WireRequest, WireResponse } from '../types.ts';
import { Checker, patchesOf, type Answer, type CheckId, type Finding, type Sent } from './check.ts';
import { finalWalk, type FinalSummary } from './final.ts';
import { Generator } from './generate.ts';
import { Models } from './model.ts';
import { Rng } from './random.ts';
import { buildWorld } from './world.ts';

export type FuzzOptions = {
  seed: number;
  requests: number;
  faults?: string[];
  variants?: string[];
  /** Stop early (and say so) past this much wall time. */
  timeBudgetMs?: number;
  /** Stop at the first finding of one of these checks (then without the read-back): for proving a check can fail, fast. */
  stopOn?: readonly CheckId[];
  /** Rewrites an answer before it is judged; lets a test prove a check can fail. */
  tamper?: (req: WireRequest, res: WireResponse, index: number) => WireResponse;
};

export type Tally = { sent: number; ok: number };

export type FuzzReport = {
  seed: number;
  requests: number;
  /** Status → count. */
  statuses: Record<string, number>;
  ok: number;
  throttled: number;
  serverErrors: number;
  /** UpdateRecords answered 200 that carried at least one patch. */
  updatesApplied: number;
  /** Non-2xx answers with an AWS error type and a message (see Answer.typed). */
  typedErrors: number;
  /** Answers UnknownOperationException: requests that matched no route. */
  unrouted: number;
  categories: Record<string, Tally>;
  operations: Record<string, Tally>;
  findings: Finding[];
  failures: number;
  internalErrors: unknown[];
  final: FinalSummary;
  /** Out of time before the requests were all sent. */
  stoppedEarly: boolean;
  /** Stopped at a finding named in stopOn. */
  stoppedOnFinding: boolean;
  ms: number;
};

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const budget = opts.timeBudgetMs ?? 120_000;
  const rng = new Rng(opts.seed);
  const world = await buildWorld({ rng: rng.fork(), faults: opts.faults ?? [], variants: opts.variants ?? [] });
  const models = new Models();
  const checker = new Checker(models);
  const generator = new Generator(rng.fork(), world, models);
  const report: Omit<FuzzReport, 'final' | 'findings' | 'failures' | 'ms'> = {
    seed: opts.seed, requests: 0, statuses: {}, ok: 0, throttled: 0, serverErrors: 0, updatesApplied: 0, typedErrors: 0, unrouted: 0,
    categories: {}, operations: {}, internalErrors: world.internalErrors, stoppedEarly: false, stoppedOnFinding: false,
  };
  const tally = (table: Record<string, Tally>, key: string, ok: boolean) => {
    const t = (table[key] ??= { sent: 0, ok: 0 });
    t.sent++;
    if (ok) t.ok++;
  };

  while (report.requests < opts.requests) {
    if (Date.now() - started > budget) {
      report.stoppedEarly = true;
      break;
    }
    const step = generator.next();
    world.clock.advance(7);
    const first = report.requests;
    const responses = step.length === 1 ? [await world.handle(step[0]!.req)] : await Promise.all(step.map((s) => world.handle(s.req)));
    const answers = step.map((sent, i) => {
      const index = first + i;
      const res = opts.tamper ? opts.tamper(sent.req, responses[i]!, index) : responses[i]!;
      const a = checker.answer(index, sent, res);
      report.requests++;
      report.statuses[a.status] = (report.statuses[a.status] ?? 0) + 1;
      const ok = a.status >= 200 && a.status < 300;
      if (ok) report.ok++;
      if (a.typed) report.typedErrors++;
      if (a.status === 429) report.throttled++;
      if (a.status >= 500) report.serverErrors++;
      if (a.errorType === 'UnknownOperationException') report.unrouted++;
      if (ok && sent.op === 'UpdateRecords' && (patchesOf(sent.req.body)?.length ?? 0) > 0) report.updatesApplied++;
      tally(report.categories, sent.category, ok);
      tally(report.operations, sent.op ?? '(no operation)', ok);
      checker.expectation(index, sent, a);
      return a;
    });
    if (step.length === 2) raceVerdict(checker, first, step, answers);
    else checker.success(first, step[0]!, answers[0]!);
    step.forEach((sent, i) => generator.learn(sent, answers[i]!));
    if (opts.stopOn && checker.findings.some((f) => opts.stopOn!.includes(f.check))) {
      report.stoppedOnFinding = true;
      break;
    }
  }
  const final = report.stoppedOnFinding
    ? { datasets: 0, neverDeleted: 0, writesNeverDeleted: 0, syncCountSumNeverDeleted: 0, perDataset: [], requests: 0 }
    : await finalWalk(world, checker);
  if (world.internalErrors.length > 0) {
    checker.fail(-1, 'no-5xx', `the emulator reported ${world.internalErrors.length} internal error(s), first: ${String(world.internalErrors[0]).slice(0, 200)}`);
  }
  return { ...report, final, findings: checker.findings, failures: checker.failures, ms: Date.now() - started };
}

/** Two writers of one key at one SyncCount: exactly one wins, unless one was throttled. */
function raceVerdict(checker: Checker, first: number, step: Sent[], answers: Answer[]): void {
  const statuses = answers.map((a) => a.status);
  const winners = statuses.filter((s) => s === 200).length;
  if (!statuses.includes(429) && winners !== 1) {
    checker.fail(first, 'race-one-winner', `two concurrent UpdateRecords of one key at one SyncCount answered ${statuses.join(' and ')} (AWS API reference, UpdateRecords: the second has a stale SyncCount and must get 409; one must win)`, step[0]);
  }
  if (winners === 2) {
    checker.models.get(step[0]!.scope!).lost = true;
    return;
  }
  const i = statuses.indexOf(200);
  if (i >= 0) checker.success(first + i, step[i]!, answers[i]!);
}

/** A few lines for a failure message: the seed, how to replay, the first findings. */
export function explain(report: FuzzReport, testFile: string): string {
  const lines = report.findings.slice(0, 8).map((f) => `  #${f.index} ${f.check}: ${f.message}${f.request ? `\n      ${f.request}` : ''}`);
  return [
    `seed ${report.seed}: ${report.failures} finding(s) in ${report.requests} requests. Replay: CSH_SEED=${report.seed} npx vitest run ${testFile}`,
    ...lines,
  ].join('\n');
}
