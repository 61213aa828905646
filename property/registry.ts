// Every property, in one list. The vitest entry, the CLI and the fault
// matrix all run this list; a deviation file may only name cases from it.

import { concurrentWritersLinearizable } from './cases/concurrency.ts';
import { deleteAndRecreateFlags, deltaIsExact, limitsAndConstraints } from './cases/delta.ts';
import { devicesAgreeWithModel } from './cases/model-based.ts';
import { datasetsPaginate, poolUsagePaginates, recordsPaginate, walkUnderWrites } from './cases/pagination.ts';
import { correctPatchAdvances, sessionTokenBound, wrongCountConflicts } from './cases/sync-count.ts';
import type { PropertyCase } from './types.ts';

export const registry: readonly PropertyCase[] = [
  correctPatchAdvances,
  wrongCountConflicts,
  sessionTokenBound,
  deltaIsExact,
  deleteAndRecreateFlags,
  limitsAndConstraints,
  recordsPaginate,
  datasetsPaginate,
  poolUsagePaginates,
  walkUnderWrites,
  devicesAgreeWithModel,
  concurrentWritersLinearizable,
];

export function findCase(name: string): PropertyCase | undefined {
  return registry.find((c) => c.name === name);
}
