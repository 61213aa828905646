// Runs a fast-check property inside a case, with the case's seed, replay
// path, run count and time budget, and turns a failure into a PropertyFailure
// that carries all of them.

import fc from 'fast-check';
import { joinPath, PropertyFailure, splitPath, type PropertyContext } from './types.ts';

export async function holds<T>(name: string, ctx: PropertyContext, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>): Promise<void> {
  const { path } = splitPath(ctx.path);
  const details = await fc.check(fc.asyncProperty(arb, predicate), {
    seed: ctx.seed,
    numRuns: ctx.numRuns,
    ...(path ? { path } : {}),
    ...(ctx.endOnFailure ? { endOnFailure: true } : {}),
    includeErrorInReport: true,
    interruptAfterTimeLimit: ctx.interruptAfterTimeLimit,
    markInterruptAsFailure: true,
  });
  if (!details.failed) return;
  const report = fc.defaultReportMessage(details) ?? 'failed';
  // Out of time before any counterexample: say so plainly, since the report then holds no input.
  const reason = details.interrupted && details.counterexample === null
    ? `ran out of its ${ctx.interruptAfterTimeLimit} ms budget after ${details.numRuns} runs\n${report}`
    : report;
  const replayPath = details.counterexample === null ? undefined : /replayPath="([^"]+)"/.exec(fc.stringify(details.counterexample))?.[1];
  const reported = details.counterexamplePath === null ? undefined : joinPath(details.counterexamplePath, replayPath);
  throw new PropertyFailure(name, ctx.seed, reported, reason);
}

/** Plain checks inside predicates: throw with a message that says what differed. */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

export function expectTrue(cond: unknown, what: string): void {
  if (!cond) throw new Error(what);
}

/** The status of a raw call, or 200, for comparing outcomes in one line. */
export function statusOf(r: { ok: boolean; status: number }): number {
  return r.ok ? 200 : r.status;
}
