// The one results schema: every suite appends these lines to
// reports/<run>/results.jsonl, and JUnit and the HTML report are built from them.

export type Suite = 'contracts' | 'properties' | 'load' | 'clients' | 'diff';
/**
 * not-applicable: the case needs a state or precondition that this target
 * cannot reach (for example a bulk publish still in progress on a backend that
 * finishes at once). It is neither a pass nor a fail, and carries its reason.
 */
export type Status = 'pass' | 'fail' | 'expected-fail' | 'skip' | 'not-applicable';

/**
 * How a failed case failed, in details.failure. Only an assertion about the
 * target's answers counts as catching a fault (selfcheck); running out of
 * time, a crash of the harness, or a state that could not be set up do not.
 */
export type FailureKind = 'assertion' | 'interrupt' | 'crash' | 'setup';

export type ResultLine = {
  suite: Suite;
  case: string;
  /** A Cognito Sync operation name, or null when the case spans none in particular. */
  operation: string | null;
  target: string;
  status: Status;
  duration_ms: number;
  reason: string | null;
  seed: string | null;
  run_id: string;
  time: string;
  details?: Record<string, unknown>;
};

const SUITES: readonly string[] = ['contracts', 'properties', 'load', 'clients', 'diff'];
const STATUSES: readonly string[] = ['pass', 'fail', 'expected-fail', 'skip', 'not-applicable'];

export class ResultLineError extends Error {}

/** Parses one line, naming the field that is wrong instead of failing somewhere later. */
export function parseResultLine(text: string, lineNo = 0): ResultLine {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ResultLineError(`results line ${lineNo} is not JSON`);
  }
  const bad = (field: string, want: string) => new ResultLineError(`results line ${lineNo}: "${field}" must be ${want}`);
  if (!SUITES.includes(v.suite as string)) throw bad('suite', SUITES.join('|'));
  if (typeof v.case !== 'string' || v.case === '') throw bad('case', 'a non-empty string');
  if (v.operation !== null && typeof v.operation !== 'string') throw bad('operation', 'a string or null');
  if (typeof v.target !== 'string') throw bad('target', 'a string');
  if (!STATUSES.includes(v.status as string)) throw bad('status', STATUSES.join('|'));
  if (typeof v.duration_ms !== 'number' || !(v.duration_ms >= 0)) throw bad('duration_ms', 'a non-negative number');
  if (v.reason !== null && typeof v.reason !== 'string') throw bad('reason', 'a string or null');
  if ((v.status === 'not-applicable' || v.status === 'skip') && !v.reason) throw bad('reason', `a string saying why the case is ${String(v.status)}`);
  if (v.seed !== null && typeof v.seed !== 'string') throw bad('seed', 'a string or null');
  if (typeof v.run_id !== 'string') throw bad('run_id', 'a string');
  if (typeof v.time !== 'string') throw bad('time', 'an ISO date string');
  return v as unknown as ResultLine;
}
