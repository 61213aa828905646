// N concurrent writers race on the same keys over real HTTP, each
// incrementing counter records by read-modify-write with a CAS on SyncCount,
// retrying on 409. The recorded history must be linearizable against a
// per-key CAS register, and no update may be lost: the final value of each
// counter equals its successful increments (plus at most its indeterminate ones).

import fc from 'fast-check';
import { checkHistory } from '../linearizability/check.ts';
import { casRegister, type RegisterOp } from '../linearizability/cas-register.ts';
import { timeline } from '../linearizability/timeline.ts';
import { holds, listIn, OutOfTime } from '../assert.ts';
import { AssertionFailure } from '../../src/results/verdicts.ts';
import { Driver, type Listing, type Rec } from '../../src/target/driver.ts';
import type { CallResult } from '../../src/client/request.ts';
import type { PropertyCase } from '../types.ts';

export const WRITERS = 8;
const ATTEMPTS = 20;
/** A call slower than this is recorded as indeterminate (info), as Jepsen does with timeouts. */
const CALL_TIMEOUT_MS = 3000;

type Timed<T> = { done: true; value: T } | { done: false };

async function within<T>(p: Promise<T>, ms: number): Promise<Timed<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Timed<T>>((resolve) => { timer = setTimeout(() => resolve({ done: false }), ms); });
  try {
    return await Promise.race([p.then((value) => ({ done: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

type Race = { history: RegisterOp[]; successes: Map<string, number>; indeterminate: Map<string, number> };

async function race(d: Driver, name: string, keys: number, increments: number): Promise<Race> {
  const history: RegisterOp[] = [];
  const successes = new Map<string, number>();
  const indeterminate = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const { SyncSessionToken } = await d.list(name);

  async function increment(w: number, key: string): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      let call = performance.now();
      const read = await within(d.call<Listing>('ListRecords', { DatasetName: name }), CALL_TIMEOUT_MS);
      if (!read.done) {
        history.push({ clientId: w, call, return: Infinity, input: { kind: 'read', key }, output: undefined, outcome: 'info' });
        continue;
      }
      const page = read.value;
      if (!page.ok) throw new AssertionFailure(`writer ${w}: ListRecords failed: ${page.status} ${page.errorType} (a valid request, which must succeed)`);
      const rec: Rec | undefined = listIn<Rec>(page.output, 'Records', 'ListRecords answer').find((r) => r.Key === key);
      const seen = { value: rec?.Value ?? null, syncCount: rec?.SyncCount ?? 0 };
      history.push({ clientId: w, call, return: performance.now(), input: { kind: 'read', key }, output: seen, outcome: 'ok' });

      const next = String(Number(seen.value ?? '0') + 1);
      const input = { kind: 'cas' as const, key, expected: seen.syncCount, value: next };
      call = performance.now();
      const write = await within<CallResult<{ Records: Rec[] }>>(d.update(name, [{ Op: 'replace', Key: key, Value: next, SyncCount: seen.syncCount }], SyncSessionToken), CALL_TIMEOUT_MS);
      if (!write.done) {
        history.push({ clientId: w, call, return: Infinity, input, output: undefined, outcome: 'info' });
        bump(indeterminate, key);
        continue;
      }
      const res = write.value;
      const ret = performance.now();
      if (res.ok) {
        const written = listIn<Rec>(res.output, 'Records', 'UpdateRecords answer').find((r) => r.Key === key);
        if (typeof written?.SyncCount !== 'number') throw new AssertionFailure(`writer ${w}: UpdateRecords answered 200 without ${key} and its SyncCount (documented: it returns the new sync count)`);
        history.push({ clientId: w, call, return: ret, input, output: { syncCount: written.SyncCount }, outcome: 'ok' });
        bump(successes, key);
        return;
      }
      if (res.status !== 409) throw new AssertionFailure(`writer ${w}: UpdateRecords failed: ${res.status} ${res.errorType}: ${res.message} (only a 409 may refuse a compare-and-set on SyncCount)`);
      history.push({ clientId: w, call, return: ret, input, output: undefined, outcome: 'fail' });
    }
  }

  await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
    for (let i = 0; i < increments; i++) await increment(w, `counter-${(w + i) % keys}`);
  }));
  return { history, successes, indeterminate };
}

export const concurrentWritersLinearizable: PropertyCase = {
  name: 'concurrency/writers-linearizable-no-lost-update',
  operations: ['UpdateRecords', 'ListRecords'],
  numRuns: 6,
  timeBudgetMs: 8000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    const arb = fc.record({ keys: fc.integer({ min: 1, max: 3 }), increments: fc.integer({ min: 2, max: 5 }) });
    await holds(this.name, ctx, arb, async ({ keys, increments }) => {
      await d.withDataset('race', async (name) => {
        const { history, successes, indeterminate } = await race(d, name, keys, increments);
        const perKey = casRegister.partition!(history);
        const verdict = checkHistory(casRegister, history, { timeoutMs: 5000 });
        if (verdict.result === 'illegal') {
          const part = perKey[verdict.counterexample!.partition]!;
          throw new AssertionFailure(`history of ${part[0]!.input.key} is not linearizable (documented: a write must present the current SyncCount, so concurrent writers serialize):\n${timeline(casRegister, part, verdict.counterexample!.stuck)}`);
        }
        // Giving up is our search running out of time, not a wrong answer.
        if (verdict.result !== 'ok') throw new OutOfTime(`the linearizability check gave up after 5 s on ${history.length} operations`);
        const final = await d.snapshot(name);
        for (const part of perKey) {
          const key = part[0]!.input.key;
          const ok = successes.get(key) ?? 0;
          const value = Number(final.records.get(key)?.Value ?? 0);
          if (value < ok || value > ok + (indeterminate.get(key) ?? 0)) {
            const oks = part.filter((o) => o.input.kind === 'cas' && o.outcome === 'ok');
            throw new AssertionFailure(`lost update on ${key}: ${ok} increments succeeded but the final value is ${value} (documented: UpdateRecords 409 on a stale SyncCount)\n${timeline(casRegister, oks)}`);
          }
        }
      });
    });
  },
};
