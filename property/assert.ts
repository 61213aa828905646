// Runs a fast-check property inside a case, with the case's seed, replay
// path, run count and time budget, and turns a failure into a PropertyFailure
// that carries all of them and says how the property failed.

import fc from 'fast-check';
import type { FailureKind } from '../src/results/schema.ts';
import { AssertionFailure, isAssertionFailure, isNotApplicable } from '../src/results/verdicts.ts';
import { joinPath, PropertyFailure, splitPath, type PropertyContext } from './types.ts';

/**
 * A check that ran out of its own time (e.g. the linearizability search), not
 * a wrong answer: reported like a property that ran out of its budget.
 */
export class OutOfTime extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutOfTime';
  }
}

/** How an error thrown inside a property counts: only an AssertionFailure is the target's fault. */
export function kindOf(error: unknown): FailureKind {
  if (isAssertionFailure(error)) return 'assertion';
  // A request that timed out, or our own check giving up, is running out of time rather than a wrong answer.
  if (error instanceof Error && ['OutOfTime', 'TimeoutError', 'AbortError'].includes(error.name)) return 'interrupt';
  return 'crash';
}

export async function holds<T>(name: string, ctx: PropertyContext, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>): Promise<void> {
  const { path } = splitPath(ctx.path);
  // A precondition the target cannot reach is not a counterexample: once one is met, every
  // further run (shrinking included) ends at once, and the case is reported not-applicable.
  let notApplicable: unknown;
  const guarded = async (value: T) => {
    if (notApplicable) throw notApplicable;
    try {
      await predicate(value);
    } catch (e) {
      if (isNotApplicable(e)) notApplicable = e;
      throw e;
    }
  };
  const details = await fc.check(fc.asyncProperty(arb, guarded), {
    seed: ctx.seed,
    numRuns: ctx.numRuns,
    ...(path ? { path } : {}),
    ...(ctx.endOnFailure ? { endOnFailure: true } : {}),
    includeErrorInReport: true,
    interruptAfterTimeLimit: ctx.interruptAfterTimeLimit,
    markInterruptAsFailure: true,
  });
  if (notApplicable) throw notApplicable;
  if (!details.failed) return;
  const report = fc.defaultReportMessage(details) ?? 'failed';
  const outOfTime = details.interrupted && details.counterexample === null;
  // Out of time before any counterexample: say so plainly, since the report then holds no input.
  const reason = outOfTime
    ? `ran out of its ${ctx.interruptAfterTimeLimit} ms budget after ${details.numRuns} runs\n${report}`
    : report;
  const replayPath = details.counterexample === null ? undefined : /replayPath="([^"]+)"/.exec(fc.stringify(details.counterexample))?.[1];
  const reported = details.counterexamplePath === null ? undefined : joinPath(details.counterexamplePath, replayPath);
  throw new PropertyFailure(name, ctx.seed, reported, reason, outOfTime ? 'interrupt' : kindOf(details.errorInstance));
}

/**
 * Checks inside predicates. `what` names what differed and the basis of the
 * expectation in a few words, e.g. "status (documented: 409 on a stale SyncCount)".
 */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new AssertionFailure(`${what}: expected ${e}, got ${a}`);
}

/** Where a correct backend may choose: the actual value must equal one of the legal ones. */
export function expectOneOf<T>(actual: T, legal: readonly T[], what: string): void {
  const a = JSON.stringify(actual);
  const options = legal.map((l) => JSON.stringify(l));
  if (!options.includes(a)) throw new AssertionFailure(`${what}: expected ${options.length === 1 ? options[0] : `one of ${options.join(' or ')}`}, got ${a}`);
}

export function expectTrue(cond: unknown, what: string): void {
  if (!cond) throw new AssertionFailure(what);
}

/** A list member of an answer; a missing one is the target's fault, not a crash of the harness. */
export function listIn<T>(output: unknown, member: string, what: string): T[] {
  const list = (output as Record<string, unknown> | null | undefined)?.[member];
  if (!Array.isArray(list)) throw new AssertionFailure(`${what} has no ${member} list, got ${JSON.stringify(list)} (documented output member)`);
  return list as T[];
}

/** The status of a raw call, or 200, for comparing outcomes in one line. */
export function statusOf(r: { ok: boolean; status: number }): number {
  return r.ok ? 200 : r.status;
}
