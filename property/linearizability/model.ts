// A sequential specification for the checker, in the style of Porcupine:
// init, a step relation, and a key for the memo cache.

export type Outcome = 'ok' | 'fail' | 'info';

export type Operation<I, O> = {
  clientId: number;
  input: I;
  output: O | undefined;
  /** Monotonic times; an indeterminate (info) operation returns at Infinity. */
  call: number;
  return: number;
  outcome: Outcome;
};

export type Model<S, I, O> = {
  init(): S;
  /** The states reachable by applying op to state; empty when op cannot be linearized there. */
  step(state: S, op: Operation<I, O>): S[];
  hash(state: S): string;
  partition?(history: Operation<I, O>[]): Operation<I, O>[][];
  describe(op: Operation<I, O>): string;
};
