// Wing & Gong / Lowe linearizability search with a memo of
// (linearized set, state), as Porcupine does: iterative, so long histories
// cannot overflow the stack, and bounded in time.

import type { Model, Operation } from './model.ts';

export type CheckResult<I, O> = {
  result: 'ok' | 'illegal' | 'unknown';
  /** For an illegal partition: the longest prefix that did linearize, and the operations left over. */
  counterexample?: { partition: number; linearized: Operation<I, O>[]; stuck: Operation<I, O>[] };
};

type Event = { index: number; kind: 'call' | 'return'; time: number };

export function checkHistory<S, I, O>(model: Model<S, I, O>, history: Operation<I, O>[], opts: { timeoutMs?: number } = {}): CheckResult<I, O> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const partitions = model.partition ? model.partition(history) : [history];
  let unknown = false;
  for (let p = 0; p < partitions.length; p++) {
    const r = checkOne(model, partitions[p]!, deadline);
    if (r.result === 'illegal') return { result: 'illegal', counterexample: { partition: p, linearized: r.linearized, stuck: r.stuck } };
    if (r.result === 'unknown') unknown = true;
  }
  return { result: unknown ? 'unknown' : 'ok' };
}

function checkOne<S, I, O>(model: Model<S, I, O>, ops: Operation<I, O>[], deadline: number) {
  const n = ops.length;
  // Calls before returns at equal times, so touching intervals count as concurrent.
  const events: Event[] = [];
  ops.forEach((op, index) => {
    events.push({ index, kind: 'call', time: op.call }, { index, kind: 'return', time: op.return });
  });
  events.sort((a, b) => a.time - b.time || (a.kind === b.kind ? 0 : a.kind === 'call' ? -1 : 1));

  const done = new Uint8Array(n);
  const seen = new Set<string>();
  type Frame = { index: number; before: S; cands: number[]; position: number; successor: number };
  const stack: Frame[] = [];
  let state = model.init();
  let best: number[] = [];
  let steps = 0;

  // The operations that may go next: every pending call made before the first pending return.
  const candidates = (): number[] => {
    const out: number[] = [];
    for (const e of events) {
      if (done[e.index]) continue;
      if (e.kind === 'return') break;
      out.push(e.index);
    }
    return out;
  };

  let cands = candidates();
  let position = 0;
  let successor = 0;
  while (stack.length < n) {
    if (++steps % 1024 === 0 && Date.now() > deadline) return { result: 'unknown' as const, linearized: [], stuck: [] };
    let advanced = false;
    while (position < cands.length && !advanced) {
      const index = cands[position]!;
      const successors = model.step(state, ops[index]!);
      while (successor < successors.length) {
        const next = successors[successor]!;
        done[index] = 1;
        const key = `${done.join('')}|${model.hash(next)}`;
        if (!seen.has(key)) {
          seen.add(key);
          stack.push({ index, before: state, cands, position, successor });
          state = next;
          advanced = true;
          break;
        }
        done[index] = 0;
        successor++;
      }
      if (!advanced) {
        position++;
        successor = 0;
      }
    }
    if (advanced) {
      if (stack.length > best.length) best = stack.map((f) => f.index);
      cands = candidates();
      position = 0;
      successor = 0;
      continue;
    }
    if (stack.length === 0) {
      return { result: 'illegal' as const, linearized: best.map((i) => ops[i]!), stuck: ops.filter((_, i) => !best.includes(i)) };
    }
    const frame = stack.pop()!;
    done[frame.index] = 0;
    state = frame.before;
    cands = frame.cands;
    position = frame.position;
    successor = frame.successor + 1;
  }
  return { result: 'ok' as const, linearized: [], stuck: [] };
}
