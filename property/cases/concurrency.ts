// N concurrent writers race on the same keys with read-modify-write
// increments. The recorded history must be linearizable against a per-key
// CAS register, and no update may be lost: successful increments = final value.

import fc from 'fast-check';
import { checkHistory } from '../linearizability/check.ts';
import { casRegister, type RegisterOp } from '../linearizability/cas-register.ts';
import { timeline } from '../linearizability/timeline.ts';
import { expectEqual, holds } from '../assert.ts';
import { Driver } from '../../src/target/driver.ts';
import type { PropertyCase } from '../types.ts';

const WRITERS = 8;

export const concurrentWritersLinearizable: PropertyCase = {
  name: 'concurrency/writers-linearizable-no-lost-update',
  operations: ['UpdateRecords', 'ListRecords'],
  numRuns: 4,
  timeBudgetMs: 12000,
  async run(ctx) {
    const d = await Driver.create(ctx.target);
    const arb = fc.record({ keys: fc.integer({ min: 1, max: 3 }), increments: fc.integer({ min: 2, max: 5 }) });
    await holds(this.name, ctx, arb, async ({ keys, increments }) => {
      await d.withDataset('race', async (name) => {
        const history: RegisterOp[] = [];
        const successes = new Map<string, number>();
        const { SyncSessionToken } = await d.list(name);
        await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
          for (let i = 0; i < increments; i++) {
            const key = `counter-${(w + i) % keys}`;
            for (let attempt = 0; attempt < 20; attempt++) {
              let call = performance.now();
              const page = await d.list(name);
              const rec = page.Records.find((r) => r.Key === key);
              const seen = { value: rec?.Value ?? null, syncCount: rec?.SyncCount ?? 0 };
              history.push({ clientId: w, call, return: performance.now(), input: { kind: 'read', key }, output: seen, outcome: 'ok' });
              const next = String(Number(seen.value ?? '0') + 1);
              call = performance.now();
              let res;
              try {
                res = await d.update(name, [{ Op: 'replace', Key: key, Value: next, SyncCount: seen.syncCount }], SyncSessionToken);
              } catch {
                history.push({ clientId: w, call, return: Infinity, input: { kind: 'cas', key, expected: seen.syncCount, value: next }, output: undefined, outcome: 'info' });
                continue;
              }
              const op = { clientId: w, call, return: performance.now(), input: { kind: 'cas' as const, key, expected: seen.syncCount, value: next } };
              if (res.ok) {
                history.push({ ...op, output: { syncCount: res.output.Records[0]!.SyncCount }, outcome: 'ok' });
                successes.set(key, (successes.get(key) ?? 0) + 1);
                break;
              }
              history.push({ ...op, output: undefined, outcome: res.status === 409 ? 'fail' : 'info' });
            }
          }
        }));
        const verdict = checkHistory(casRegister, history, { timeoutMs: 5000 });
        if (verdict.result === 'illegal') {
          const part = casRegister.partition!(history)[verdict.counterexample!.partition]!;
          throw new Error(`history is not linearizable:\n${timeline(casRegister, part, verdict.counterexample!.stuck)}`);
        }
        const final = await d.snapshot(name);
        for (const [key, n] of successes) expectEqual(Number(final.records.get(key)?.Value ?? 0), n, `final value of ${key} (lost updates)`);
      });
    });
  },
};
