// The load suite's own metrics: latency per operation, the conflict rate,
// throttling (every 429 answered, and calls still throttled after their
// retries), records per page, and errors by AWS error type.
import { Counter, Rate, Trend } from 'k6/metrics';
import type { CallResult } from '../../src/client/request.ts';

export const latency = new Trend('csh_latency', true);
export const syncConflicts = new Rate('sync_conflicts');
/** Calls that were still throttled when their retries ran out: the only throttles that are errors. */
export const throttled = new Rate('throttled');
/** Every 429 the target answered, retried or not. */
export const throttles = new Counter('csh_throttles');
export const recordsPerPage = new Trend('records_per_page');
export const awsErrors = new Counter('aws_errors');
export const unexpected = new Rate('unexpected_errors');

/** One attempt on the wire. */
export function recordAttempt(op: string, ms: number, status: number): void {
  latency.add(ms, { operation: op });
  if (status === 429) throttles.add(1, { operation: op });
}

/** A call's final answer, after any retries. */
export function recordCall(op: string, r: CallResult<unknown>): void {
  throttled.add(r.status === 429, { operation: op });
  if (op === 'UpdateRecords') syncConflicts.add(r.status === 409);
  if (!r.ok) awsErrors.add(1, { operation: op, error_type: r.errorType });
  // A 409 is the protocol working; anything else that failed is a real error.
  unexpected.add(!r.ok && r.status !== 409, { operation: op });
}
