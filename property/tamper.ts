// For tests: a target whose answers pass through an editor on their way to
// the suite. It stands in for an endpoint that differs from the emulator in a
// way no fault or variant switch covers, legal or not.

import type { SyncClient } from '../src/client/client.ts';
import type { CallResult } from '../src/client/request.ts';
import type { OperationName } from '../src/model/operations.ts';
import type { Target } from '../src/target/index.ts';

/** Edits one answer; `real` reaches the untouched client, e.g. to follow a token of the editor's own making. */
export type Editor = (op: OperationName, input: Record<string, unknown>, real: SyncClient['call']) => Promise<CallResult>;

export function tampered(target: Target, edit: Editor): Target {
  const t = Object.create(target) as Target & { client: Target['client'] };
  t.client = (as) => {
    const inner = target.client(as);
    const real: SyncClient['call'] = (op, input) => inner.call(op, input);
    return { endpoint: inner.endpoint, call: ((op: OperationName, input: Record<string, unknown>) => edit(op, input, real)) as SyncClient['call'] };
  };
  return t;
}
