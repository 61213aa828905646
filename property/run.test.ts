// How the runner classifies a case that does not pass: which failures are
// the target's wrong answers, and which cases cannot apply to a target.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResultLine } from '../src/results/schema.ts';
import { AssertionFailure, NotApplicable } from '../src/results/verdicts.ts';
import type { Target } from '../src/target/index.ts';
import { holds, OutOfTime } from './assert.ts';
import { registry } from './registry.ts';
import { runProperties } from './run.ts';
import type { PropertyCase, PropertyContext } from './types.ts';

// Stand-ins with a real case name (deviations may only name real ones); no target is contacted.
const base = registry[0]!;
const target = { kind: 'url', name: 'http://127.0.0.1:9' } as Target;
const stub = (run: (ctx: PropertyContext) => Promise<void>, timeBudgetMs = 5000): PropertyCase => ({ ...base, timeBudgetMs, run });
const inProperty = (predicate: () => Promise<void>, timeBudgetMs?: number) =>
  stub((ctx) => holds(base.name, ctx, fc.nat(), predicate), timeBudgetMs);

async function outcomeOf(c: PropertyCase, deviations = {}) {
  const r = await runProperties({ target, seed: 11, cases: [c], budgetScale: 1, deviations });
  return { outcome: r.outcomes[0]!, line: parseResultLine(JSON.stringify({ ...r.lines[0], run_id: 'r', time: 't' })), ok: r.ok };
}

describe('failure kinds', () => {
  it('a wrong answer inside the property is an assertion, and the line says so', async () => {
    const { outcome, line, ok } = await outcomeOf(inProperty(async () => { throw new AssertionFailure('status (documented: 409): expected 409, got 200'); }));
    expect(outcome).toMatchObject({ status: 'fail', failure: 'assertion' });
    expect(line.details).toMatchObject({ failure: 'assertion' });
    expect(line.reason).toMatch(/expected 409, got 200/);
    expect(ok).toBe(false);
  });

  it('any other error inside the property is a crash', async () => {
    const { outcome, line } = await outcomeOf(inProperty(async () => { (undefined as unknown as { Records: unknown[] }).Records.push(1); }));
    expect(outcome).toMatchObject({ status: 'fail', failure: 'crash' });
    expect(line.details).toMatchObject({ failure: 'crash' });
  });

  it('running out of the time budget without a counterexample is an interrupt', async () => {
    const slow = inProperty(() => new Promise((resolve) => setTimeout(resolve, 20)), 60);
    const { outcome, line } = await outcomeOf(slow);
    expect(outcome).toMatchObject({ status: 'fail', failure: 'interrupt' });
    expect(outcome.reason).toMatch(/ran out of its 60 ms budget/);
    expect(line.details).toMatchObject({ failure: 'interrupt' });
  });

  it('a check of our own that gives up is an interrupt, not an assertion', async () => {
    const { outcome } = await outcomeOf(inProperty(async () => { throw new OutOfTime('the linearizability check gave up'); }));
    expect(outcome).toMatchObject({ status: 'fail', failure: 'interrupt' });
  });

  it('an error before the property starts (no identity, no endpoint) is setup', async () => {
    const { outcome, line } = await outcomeOf(stub(async () => { throw new Error('GetId failed: connect ECONNREFUSED'); }));
    expect(outcome).toMatchObject({ status: 'fail', failure: 'setup' });
    expect(line.details).toMatchObject({ failure: 'setup' });
  });

  it('a wrong answer met before the property starts is still an assertion', async () => {
    const { outcome } = await outcomeOf(stub(async () => { throw new AssertionFailure('ListIdentityPoolUsage failed: 500'); }));
    expect(outcome).toMatchObject({ status: 'fail', failure: 'assertion' });
  });

  it('keeps the kind on an expected failure', async () => {
    const deviations = { url: [{ case: base.name, reason: 'answers 400', link: 'https://example.com/1' }] };
    const { outcome, line } = await outcomeOf(inProperty(async () => { throw new AssertionFailure('x'); }), deviations);
    expect(outcome).toMatchObject({ status: 'expected-fail', failure: 'assertion' });
    expect(line.details).toMatchObject({ failure: 'assertion' });
  });
});

describe('not applicable', () => {
  const reason = 'the developer sees 1 identity pool; paging needs at least 2';

  it('is its own status with its reason, and does not fail the run', async () => {
    const { outcome, line, ok } = await outcomeOf(stub(async () => { throw new NotApplicable(reason); }));
    expect(outcome).toMatchObject({ status: 'not-applicable', reason });
    expect(outcome.failure).toBeUndefined();
    expect(line).toMatchObject({ status: 'not-applicable', reason });
    expect(ok).toBe(true);
  });

  it('passes through fast-check when thrown inside the property, unshrunk', async () => {
    let calls = 0;
    const { outcome } = await outcomeOf(inProperty(async () => { calls++; throw new NotApplicable(reason); }));
    expect(outcome).toMatchObject({ status: 'not-applicable', reason });
    expect(calls).toBe(1);
  });

  it('is not turned into a pass, a fail or an expected-fail by a deviation', async () => {
    const deviations = { url: [{ case: base.name, reason: 'fails there', link: 'https://example.com/2' }] };
    const { outcome, ok } = await outcomeOf(stub(async () => { throw new NotApplicable(reason); }), deviations);
    expect(outcome).toMatchObject({ status: 'not-applicable', reason });
    expect(ok).toBe(true);
  });
});
