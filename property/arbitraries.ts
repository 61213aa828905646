// Generators for patches and datasets. Keys come from a small alphabet so
// that sequences touch the same records often; lengths respect shapes.ts.

import fc from 'fast-check';
import { shapes } from '../src/model/shapes.ts';

export const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
export const value = fc.string({ minLength: 1, maxLength: 12 });
export const op = fc.constantFrom('replace' as const, 'replace' as const, 'remove' as const);

/** A batch of distinct keys with the operation to apply to each. */
export const batch = fc.uniqueArray(fc.record({ key, op, value }), { minLength: 1, maxLength: 4, selector: (p) => p.key });
export const batches = fc.array(batch, { minLength: 1, maxLength: 5 });

/** How a patch gets a wrong SyncCount: below, above, or zero for an existing key. */
export const wrongCount = fc.constantFrom('stale' as const, 'future' as const, 'zero' as const);

export const RECORD_KEY_MAX = shapes.RecordKey.max as number;
export const DATASET_NAME_MAX = shapes.DatasetName.max as number;
