// Fault switches: deliberate breakage, off by default, that proves each
// contract and property can fail. Each row says what a broken backend would do.

import { parseSwitches } from './switches.ts';
import { MAX_DATASET_BYTES, MAX_DATASETS_PER_IDENTITY } from '../model/limits.ts';

export const faults = {
  // Wire faults: the shapes clients parse.
  'iso-timestamps': 'dates travel as ISO-8601 strings instead of epoch seconds',
  'no-error-type': 'error responses lack the x-amzn-ErrorType header',
  'error-type-lowercase': 'the error type header is spelled x-amzn-errortype, which the Android client cannot find',
  'conflict-as-400': 'a stale SyncCount is answered 400 InvalidParameterException instead of 409',
  'no-dataset-sync-count': 'ListRecords omits DatasetSyncCount',
  'renamed-field': 'top-level response members are sent in lowerCamelCase (records, datasetSyncCount, …)',
  'empty-as-204': 'operations with no output answer 204 with no body instead of 200 {}',
  // Semantic faults: the sync protocol clients depend on.
  'accept-stale': 'last writer wins: a stale SyncCount is accepted',
  'always-conflict': 'every UpdateRecords with patches is refused with 409',
  'partial-apply': 'a conflicting multi-patch request applies the patches before the conflict',
  'write-dropped': 'UpdateRecords is acknowledged with new SyncCounts but nothing is stored',
  'page-drop': 'the last item of every non-final page is lost',
  'page-dup': 'the last item of every non-final page appears again on the next page',
  'delta-ignored': 'ListRecords ignores lastSyncCount and returns everything',
  'tombstone-vanish': 'remove deletes the record instead of leaving a tombstone',
  'tombstone-loses-count': 'a tombstone comes back without its SyncCount',
  'no-increment': 'UpdateRecords does not raise DatasetSyncCount',
  'stale-read': 'ListRecords serves the dataset as it was before the latest write',
  'lost-update': 'UpdateRecords checks, yields, then writes: concurrent writers all succeed',
  'session-unbound': 'a SyncSessionToken is accepted for any identity and dataset',
  'limits-unenforced': `neither the ${MAX_DATASETS_PER_IDENTITY}-datasets-per-identity nor the ${MAX_DATASET_BYTES / (1024 * 1024)} MB dataset limit is enforced`,
  'dataset-always-exists': 'ListRecords answers DatasetExists=true for a dataset that does not exist',
  'settings-not-stored': 'SetIdentityPoolConfiguration and SetCognitoEvents answer as if stored, but store nothing',
  'zero-sync-count-refused': 'ListRecords refuses lastSyncCount=0, a first sync, with 400 (an off-by-one minimum)',
  'endless-pages': 'the last ListRecords page still carries a NextToken, so a walk never ends',
  'max-results-ignored': 'ListRecords ignores maxResults and answers pages of its default size',
  'lagging-sync-count': 'ListRecords reports DatasetSyncCount as it was before the latest write, beside the latest records',
  'no-update-echo': 'UpdateRecords stores the write but answers {} without the records and their new SyncCounts',
} as const;

export type FaultName = keyof typeof faults;
export const faultNames = Object.keys(faults) as FaultName[];

export function parseFaults(names: Iterable<string> = []): ReadonlySet<FaultName> {
  return parseSwitches(faults, names, 'fault');
}
