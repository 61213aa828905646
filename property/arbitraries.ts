// Generators for patches, datasets and invalid inputs. Keys come from a small
// alphabet so that sequences touch the same records often; every bound and
// pattern is read from shapes.ts.

import fc from 'fast-check';
import { DATASET_NAME_MAX } from '../src/model/limits.ts';
import { shapes } from '../src/model/shapes.ts';

export const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
export const value = fc.string({ minLength: 1, maxLength: 12 });
/** replace twice as often as remove, so datasets grow. */
export const op = fc.constantFrom('replace' as const, 'replace' as const, 'remove' as const);

/** A batch of distinct keys with the operation to apply to each. */
export const batch = fc.uniqueArray(fc.record({ key, op, value }), { minLength: 1, maxLength: 4, selector: (p) => p.key });
export const batches = fc.array(batch, { minLength: 1, maxLength: 5 });
export type Batch = Array<{ key: string; op: 'replace' | 'remove'; value: string }>;

/** How a patch gets a wrong SyncCount: below, above, or zero for an existing key. */
export const wrongCount = fc.constantFrom('stale' as const, 'future' as const, 'zero' as const);

const datasetName = shapes.DatasetName;
const recordKey = shapes.RecordKey;
export { DATASET_NAME_MAX } from '../src/model/limits.ts';
export const RECORD_KEY_MIN = recordKey.min ?? 0;
export const RECORD_KEY_MAX = recordKey.max!;
const namePattern = new RegExp(`^(?:${datasetName.pattern})$`);

// Characters a URL path label can carry once percent-encoded; '/' is left out
// because front ends may route on a decoded %2F before validating.
const nameChars = fc.constantFrom(...'abcXYZ019_.:- *!@$&+,;=é#?%');

/** Dataset names the model forbids: outside the pattern, or longer than the maximum. */
export const invalidDatasetName = fc.oneof(
  fc.string({ unit: nameChars, minLength: datasetName.min ?? 1, maxLength: 12 }).filter((s) => !namePattern.test(s)),
  fc.integer({ min: DATASET_NAME_MAX + 1, max: DATASET_NAME_MAX + 20 }).map((n) => 'd'.repeat(n)),
);

/** Record keys the model forbids by length. */
export const invalidRecordKey = fc.oneof(
  fc.integer({ min: RECORD_KEY_MAX + 1, max: RECORD_KEY_MAX + 50 }).map((n) => 'k'.repeat(n)),
  ...(RECORD_KEY_MIN > 0 ? [fc.constant('k'.repeat(RECORD_KEY_MIN - 1))] : []),
);

// Limits are service facts, not shape constraints: read from the one limits
// module (pure data, not the emulator), so the suite still checks the target.
export { MAX_DATASET_BYTES, MAX_DATASETS_PER_IDENTITY } from '../src/model/limits.ts';
