// Runs a fast-check property inside a case, with the case's seed, replay
// path, run count and time budget, and turns a failure into a PropertyFailure
// that carries all of them.

import fc from 'fast-check';
import { PropertyFailure, type PropertyContext } from './types.ts';

export async function holds<T>(name: string, ctx: PropertyContext, arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, numRuns = ctx.numRuns): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arb, predicate), {
    seed: ctx.seed,
    numRuns,
    ...(ctx.path ? { path: ctx.path } : {}),
    interruptAfterTimeLimit: ctx.timeBudgetMs,
    markInterruptAsFailure: true,
  });
  if (!details.failed) return;
  const reason = details.interrupted ? `interrupted after ${ctx.timeBudgetMs} ms` : fc.defaultReportMessage(details) ?? 'failed';
  throw new PropertyFailure(name, ctx.seed, details.counterexamplePath ?? undefined, reason);
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
