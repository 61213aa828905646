// The two ways a check can end other than passing, shared by every suite:
// the target gave a wrong answer (AssertionFailure), or the case cannot be
// set up on this target at all (NotApplicable).

/** The target answered wrongly. Message: what differed, and the basis (documented, or what a real client does). */
export class AssertionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionFailure';
  }
}

/** A state or precondition the target cannot reach; the case is reported not-applicable with this reason. */
export class NotApplicable extends Error {
  constructor(readonly reason: string) {
    super(`not applicable: ${reason}`);
    this.name = 'NotApplicable';
  }
}

export function isNotApplicable(e: unknown): e is NotApplicable {
  return e instanceof Error && e.name === 'NotApplicable';
}

export function isAssertionFailure(e: unknown): e is AssertionFailure {
  return e instanceof Error && e.name === 'AssertionFailure';
}
