import type { OperationName } from '../src/model/operations.ts';
import type { FailureKind } from '../src/results/schema.ts';
import type { Target } from '../src/target/index.ts';

export type PropertyContext = {
  target: Target;
  seed: number;
  /** Replay path of a reported failure (see joinPath). */
  path?: string;
  numRuns: number;
  /** The property's time budget in ms; running out counts as a failure. */
  interruptAfterTimeLimit: number;
  /**
   * Stop at the first counterexample without shrinking. Only the fault matrix
   * wants this: it asks whether a fault is caught, not for the smallest case.
   */
  endOnFailure?: boolean;
};

/** One property: data, so the same list runs under vitest, the CLI and the fault matrix. */
export type PropertyCase = {
  /** Stable id, `<theme>/<what holds>`; deviations.json and --case refer to it. */
  name: string;
  operations: OperationName[];
  numRuns: number;
  timeBudgetMs: number;
  run(ctx: PropertyContext): Promise<void>;
};

// A reported path is fast-check's path, plus, for model-based properties, the
// replayPath of fc.commands after '@': both are needed to rebuild the same
// shrunk command list.
const REPLAY_SEPARATOR = '@';

export function joinPath(path: string, replayPath?: string): string {
  return replayPath ? `${path}${REPLAY_SEPARATOR}${replayPath}` : path;
}

export function splitPath(path: string | undefined): { path?: string; replayPath?: string } {
  if (!path) return {};
  const at = path.indexOf(REPLAY_SEPARATOR);
  return at < 0 ? { path } : { path: path.slice(0, at), replayPath: path.slice(at + 1) };
}

const shellSafe = (s: string) => (/^[\w:@./+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function replayCommand(caseName: string, seed: number, path?: string): string {
  return `npx cognito-sync-harness properties --case ${shellSafe(caseName)} --seed ${seed}${path ? ` --path ${shellSafe(path)}` : ''}`;
}

/**
 * A failed property with what it takes to replay it, and how it failed: only
 * 'assertion' means the target answered wrongly.
 */
export class PropertyFailure extends Error {
  constructor(readonly caseName: string, readonly seed: number, readonly path: string | undefined, readonly detail: string, readonly kind: FailureKind) {
    super(`${caseName} failed (${kind}; seed ${seed}${path ? `, path ${path}` : ''})\n${detail}\nreplay: ${replayCommand(caseName, seed, path)}`);
    this.name = 'PropertyFailure';
  }

  /** fast-check's rendering of the (shrunk) counterexample, for comparing replays. */
  get counterexample(): string | undefined {
    return /Counterexample: (.*)/.exec(this.detail)?.[1];
  }
}
