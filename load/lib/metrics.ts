// The load suite's own metrics: latency per operation, the conflict and
// throttling rates, records per page, and errors by AWS error type.
import { Counter, Rate, Trend } from 'k6/metrics';
import type { CallResult } from '../../src/client/request.ts';

export const latency = new Trend('csh_latency', true);
export const syncConflicts = new Rate('sync_conflicts');
export const throttled = new Rate('throttled');
export const recordsPerPage = new Trend('records_per_page');
export const awsErrors = new Counter('aws_errors');
export const unexpected = new Rate('unexpected_errors');

export function record(op: string, ms: number, r: CallResult<unknown>): void {
  latency.add(ms, { operation: op });
  throttled.add(r.status === 429, { operation: op });
  if (op === 'UpdateRecords') syncConflicts.add(r.status === 409);
  if (!r.ok) awsErrors.add(1, { operation: op, error_type: r.errorType });
  // A 409 is the protocol working; anything else that failed is a real error.
  unexpected.add(!r.ok && r.status !== 409, { operation: op });
}
