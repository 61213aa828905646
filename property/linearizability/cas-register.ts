// One Cognito Sync record as a compare-and-set register, partitioned by key.
// An UpdateRecords patch is a CAS on the record's SyncCount: ok means the
// server had `expected` and moved the record to a higher count; a 409 (fail)
// is legal only when the server's count differed.

import type { Model, Operation } from './model.ts';

export type RecordState = { value: string | null; syncCount: number | null /* null: unknown after an indeterminate write */ };
export type RegisterInput = { kind: 'cas'; key: string; expected: number; value: string } | { kind: 'read'; key: string };
export type RegisterOutput = { syncCount: number; value?: string | null };
export type RegisterOp = Operation<RegisterInput, RegisterOutput>;

export const casRegister: Model<RecordState, RegisterInput, RegisterOutput> = {
  init: () => ({ value: null, syncCount: 0 }),
  step(state, op) {
    const known = state.syncCount !== null;
    if (op.input.kind === 'read') {
      if (op.outcome !== 'ok') return [state];
      const out = op.output!;
      const sameCount = !known || out.syncCount === state.syncCount;
      return sameCount && (out.value ?? null) === state.value ? [{ value: state.value, syncCount: out.syncCount }] : [];
    }
    const { expected, value } = op.input;
    if (op.outcome === 'ok') {
      const out = op.output!;
      const matches = !known || state.syncCount === expected;
      return matches && (!known || out.syncCount > state.syncCount!) ? [{ value, syncCount: out.syncCount }] : [];
    }
    if (op.outcome === 'fail') return known && state.syncCount === expected ? [] : [state];
    // Indeterminate: it may not have happened, or it may have, with a count we never saw.
    return known && state.syncCount !== expected ? [state] : [state, { value, syncCount: null }];
  },
  hash: (s) => `${s.syncCount}:${s.value}`,
  partition(history) {
    const byKey = new Map<string, RegisterOp[]>();
    for (const op of history) {
      const list = byKey.get(op.input.key) ?? [];
      list.push(op);
      byKey.set(op.input.key, list);
    }
    return [...byKey.values()];
  },
  describe(op) {
    const i = op.input;
    const what = i.kind === 'read' ? `read(${i.key})` : `cas(${i.key}, expect ${i.expected}, set ${JSON.stringify(i.value)})`;
    const out = op.outcome === 'ok' ? `→ ${JSON.stringify(op.output)}` : op.outcome === 'fail' ? '→ 409' : '→ ?';
    return `${what} ${out}`;
  },
};
