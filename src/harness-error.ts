// A failure the user can act on: the CLI prints `error: <cause>. <fix>` on one
// line, with no stack trace, and exits non-zero.
export class HarnessError extends Error {
  constructor(readonly cause_: string, readonly fix: string, readonly exitCode = 2) {
    super(`${cause_}. ${fix}`);
    this.name = 'HarnessError';
  }
}

export function isHarnessError(e: unknown): e is HarnessError {
  return e instanceof HarnessError;
}
