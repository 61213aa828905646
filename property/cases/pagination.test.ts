// Pagination: what a correct backend may do (empty pages that still carry a
// NextToken, Count as the walk's total), what it may not (a walk that never
// ends, a Count that fits nothing), and a target with one identity pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../src/client/request.ts';
import { parseResultLine } from '../../src/results/schema.ts';
import { resolveTarget, type Target } from '../../src/target/index.ts';
import { addIdentityPools } from '../pools.ts';
import { runProperties } from '../run.ts';
import { tampered } from '../tamper.ts';
import { PropertyFailure } from '../types.ts';
import { poolUsagePaginates, recordsPaginate } from './pagination.ts';

let target: Target;
beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
});
afterAll(() => target.close());

const ctx = (t: Target) => ({ target: t, seed: 8, numRuns: 8, interruptAfterTimeLimit: 20_000, endOnFailure: true });
type Listing = { Records: unknown[]; Count: number; NextToken?: string };
const withOutput = (r: CallResult, output: Record<string, unknown>): CallResult => (r.ok ? { ...r, output: { ...r.output, ...output } } : r);

async function failureOf(t: Target): Promise<PropertyFailure> {
  const err = await recordsPaginate.run(ctx(t)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PropertyFailure);
  return err as PropertyFailure;
}

describe('ListRecords pagination', () => {
  it('accepts an empty page with a NextToken before every full page', async () => {
    const EMPTY = 'empty-page:';
    const t = tampered(target, async (op, input, real) => {
      if (op !== 'ListRecords') return real(op, input);
      // Each page is first served empty, with a token that asks for the same page again.
      const token = input.NextToken as string | undefined;
      if (token?.startsWith(EMPTY)) return real(op, { ...input, NextToken: token.slice(EMPTY.length) || undefined });
      return withOutput(await real(op, input), { Records: [], Count: 0, NextToken: `${EMPTY}${token ?? ''}` });
    });
    await expect(recordsPaginate.run(ctx(t))).resolves.toBeUndefined();
  }, 30_000);

  it('accepts Count as the total of the walk on every page', async () => {
    const t = tampered(target, async (op, input, real) => {
      const r = await real(op, input);
      if (op !== 'ListRecords' || !r.ok) return r;
      const all = await real(op, { ...input, NextToken: undefined, MaxResults: undefined });
      return withOutput(r, { Count: (all.ok ? (all.output as unknown as Listing).Records.length : -1) });
    });
    await expect(recordsPaginate.run(ctx(t))).resolves.toBeUndefined();
  }, 30_000);

  it('fails on an assertion when Count is neither the page nor the total', async () => {
    const t = tampered(target, async (op, input, real) => {
      const r = await real(op, input);
      return op === 'ListRecords' && r.ok ? withOutput(r, { Count: (r.output as unknown as Listing).Records.length + 1 }) : r;
    });
    const err = await failureOf(t);
    expect(err.kind).toBe('assertion');
    expect(err.message).toMatch(/Count per page .* neither each page's items nor the total/);
  }, 30_000);

  it('fails on an assertion, within its bound, when NextToken never goes away', async () => {
    const t = tampered(target, async (op, input, real) => {
      if (op === 'ListRecords' && input.NextToken === 'again') return { ok: true, status: 200, requestId: undefined, output: { Records: [], Count: 0, NextToken: 'again', DatasetSyncCount: 0, DatasetExists: true, DatasetDeletedAfterRequestedSyncCount: false, SyncSessionToken: 's' } };
      const r = await real(op, input);
      return op === 'ListRecords' ? withOutput(r, { NextToken: 'again' }) : r;
    });
    const err = await failureOf(t);
    expect(err.kind).toBe('assertion');
    expect(err.message).toMatch(/NextToken still set after 1000 pages/);
  }, 30_000);
});

describe('ListIdentityPoolUsage pagination', () => {
  it('is not-applicable, with its reason, when the developer sees a single pool', async () => {
    const r = await runProperties({ target, seed: 3, cases: [poolUsagePaginates], numRuns: 3 });
    expect(r.outcomes[0]).toMatchObject({ status: 'not-applicable', reason: expect.stringMatching(/sees 1 identity pool; paging ListIdentityPoolUsage needs at least 2/) });
    const line = parseResultLine(JSON.stringify({ ...r.lines[0], run_id: 'r', time: 't' }));
    expect(line).toMatchObject({ case: poolUsagePaginates.name, status: 'not-applicable', reason: expect.stringMatching(/needs at least 2/) });
    expect(r.ok).toBe(true);
  }, 30_000);

  it('runs, and passes, once there are pools to page through', async () => {
    await addIdentityPools(target, 3);
    const r = await runProperties({ target, seed: 3, cases: [poolUsagePaginates], numRuns: 3 });
    expect(r.outcomes[0]!.status, r.outcomes[0]!.reason).toBe('pass');
  }, 30_000);
});
