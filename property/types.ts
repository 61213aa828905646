import type { OperationName } from '../src/model/operations.ts';
import type { Target } from '../src/target/index.ts';

export type PropertyContext = {
  target: Target;
  seed: number;
  /** fast-check replay path of a reported failure. */
  path?: string;
  numRuns: number;
  timeBudgetMs: number;
};

/** One property: data, so the same list runs under vitest, the CLI and the fault matrix. */
export type PropertyCase = {
  name: string;
  operations: OperationName[];
  numRuns: number;
  timeBudgetMs: number;
  run(ctx: PropertyContext): Promise<void>;
};

/** A failed property with what it takes to replay it. */
export class PropertyFailure extends Error {
  constructor(readonly caseName: string, readonly seed: number, readonly path: string | undefined, detail: string) {
    super(`${caseName} failed (seed ${seed}${path ? `, path ${path}` : ''})\n${detail}\nreplay: npx cognito-sync-harness properties --case ${caseName} --seed ${seed}${path ? ` --path ${path}` : ''}`);
    this.name = 'PropertyFailure';
  }
}
