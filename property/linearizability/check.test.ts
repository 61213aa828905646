import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casRegister, type RegisterOp } from './cas-register.ts';
import { checkHistory } from './check.ts';
import { timeline } from './timeline.ts';

const cas = (clientId: number, call: number, ret: number, expected: number, value: string, out: number | 'fail' | 'info'): RegisterOp => ({
  clientId, call, return: out === 'info' ? Infinity : ret, input: { kind: 'cas', key: 'k', expected, value },
  output: typeof out === 'number' ? { syncCount: out } : undefined, outcome: typeof out === 'number' ? 'ok' : out,
});
const read = (clientId: number, call: number, ret: number, value: string | null, syncCount: number): RegisterOp => ({
  clientId, call, return: ret, input: { kind: 'read', key: 'k' }, output: { value, syncCount }, outcome: 'ok',
});

describe('linearizability of a CAS register', () => {
  it('accepts a sequential history', () => {
    expect(checkHistory(casRegister, [cas(1, 0, 1, 0, 'a', 1), read(1, 2, 3, 'a', 1), cas(1, 4, 5, 1, 'b', 2)]).result).toBe('ok');
  });

  it('accepts overlapping writers where one wins and the other gets 409', () => {
    expect(checkHistory(casRegister, [cas(1, 0, 10, 0, 'a', 1), cas(2, 1, 9, 0, 'b', 'fail'), read(3, 11, 12, 'a', 1)]).result).toBe('ok');
  });

  it('accepts indeterminate writes whether or not they took effect', () => {
    expect(checkHistory(casRegister, [cas(1, 0, 1, 0, 'a', 'info'), read(2, 5, 6, 'a', 4)]).result).toBe('ok');
    expect(checkHistory(casRegister, [cas(1, 0, 1, 0, 'a', 'info'), read(2, 5, 6, null, 0)]).result).toBe('ok');
  });

  it('finds a lost update: two overlapping writers both succeed on the same count', () => {
    const r = checkHistory(casRegister, [cas(1, 0, 10, 0, 'a', 1), cas(2, 1, 9, 0, 'b', 1)]);
    expect(r.result).toBe('illegal');
    expect(r.counterexample?.stuck).toHaveLength(1);
  });

  it('finds a stale read after a completed write', () => {
    expect(checkHistory(casRegister, [cas(1, 0, 1, 0, 'a', 1), read(2, 2, 3, null, 0)]).result).toBe('illegal');
  });

  it('finds a 409 given when the expected count was right', () => {
    expect(checkHistory(casRegister, [cas(1, 0, 1, 0, 'a', 'fail')]).result).toBe('illegal');
  });

  it('prints a counterexample as a timeline', () => {
    const ops = [cas(1, 0, 10, 0, 'a', 1), cas(2, 1, 9, 0, 'b', 1)];
    const r = checkHistory(casRegister, ops);
    const text = timeline(casRegister, ops, r.counterexample!.stuck);
    expect(text).toMatch(/client  1 \|\[=+\]/);
    expect(text).toContain('<-- cannot be linearized');
  });
});

// Histories made by simulating a real atomic register under random interleavings.
function simulate(steps: Array<{ client: number; kind: 'cas' | 'read'; stale: boolean; gap: number }>, keys = 1): RegisterOp[] {
  const state = new Map<string, { value: string | null; syncCount: number }>();
  let clock = 0;
  let count = 0;
  return steps.map((s, i) => {
    const key = `k${i % keys}`;
    const cur = state.get(key) ?? { value: null, syncCount: 0 };
    const call = clock;
    clock += 1 + s.gap;
    const ret = clock + s.gap; // overlaps the next call when gap > 0
    if (s.kind === 'read') return { clientId: s.client, call, return: ret, input: { kind: 'read', key }, output: { ...cur }, outcome: 'ok' } as RegisterOp;
    const expected = s.stale ? cur.syncCount + 1 : cur.syncCount;
    if (expected !== cur.syncCount) return { clientId: s.client, call, return: ret, input: { kind: 'cas', key, expected, value: `v${i}` }, output: undefined, outcome: 'fail' } as RegisterOp;
    count++;
    state.set(key, { value: `v${i}`, syncCount: count });
    return { clientId: s.client, call, return: ret, input: { kind: 'cas', key, expected, value: `v${i}` }, output: { syncCount: count }, outcome: 'ok' } as RegisterOp;
  });
}
const steps = fc.array(fc.record({ client: fc.integer({ min: 1, max: 8 }), kind: fc.constantFrom('cas' as const, 'read' as const), stale: fc.boolean(), gap: fc.integer({ min: 0, max: 2 }) }), { minLength: 2, maxLength: 40 });

describe('linearizability checker, property-tested (seed 7)', () => {
  it('accepts every history of a real atomic register', () => {
    fc.assert(fc.property(steps, (s) => checkHistory(casRegister, simulate(s, 2)).result === 'ok'), { seed: 7, numRuns: 300 });
  });

  it('rejects those histories once a lost update is injected', () => {
    fc.assert(fc.property(steps, (s) => {
      const h = simulate(s, 1);
      const firstOk = h.findIndex((o) => o.input.kind === 'cas' && o.outcome === 'ok');
      fc.pre(firstOk >= 0);
      const o = h[firstOk]!;
      // A second writer, overlapping the first, also "succeeds" from the same expected count.
      h.push({ ...o, clientId: 99, input: { ...o.input, value: 'lost' } as RegisterOp['input'] });
      return checkHistory(casRegister, h).result === 'illegal';
    }), { seed: 7, numRuns: 300 });
  });

  it('checks a 1,000-operation history over 8 clients and 4 keys', () => {
    const s = Array.from({ length: 1000 }, (_, i) => ({ client: (i % 8) + 1, kind: (i % 3 === 0 ? 'read' : 'cas') as 'read' | 'cas', stale: i % 5 === 0, gap: i % 2 }));
    expect(checkHistory(casRegister, simulate(s, 4)).result).toBe('ok');
  });
});
