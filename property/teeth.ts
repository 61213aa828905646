// Declared teeth of the property suite: for every property, a fault switch
// it catches with an ASSERTION, and for every semantic fault, a property that
// catches it (seed 20261125, at most 10 runs per property, first
// counterexample). faults.test.ts proves each pair; the full table of which
// property catches which fault comes from runAgainstFaults.

import { semanticFaults, type FaultName } from '../src/emulator/faults.ts';

export const TEETH_SEED = 20261125;
export const TEETH_NUM_RUNS = 10;

export const teeth: ReadonlyArray<{ fault: FaultName; property: string }> = [
  { fault: 'write-dropped', property: 'sync-count/correct-patch-advances-by-one' },
  { fault: 'always-conflict', property: 'sync-count/correct-patch-advances-by-one' },
  { fault: 'no-increment', property: 'sync-count/correct-patch-advances-by-one' },
  { fault: 'tombstone-loses-count', property: 'sync-count/correct-patch-advances-by-one' },
  { fault: 'accept-stale', property: 'sync-count/wrong-count-conflicts-and-changes-nothing' },
  { fault: 'partial-apply', property: 'sync-count/wrong-count-conflicts-and-changes-nothing' },
  { fault: 'session-unbound', property: 'sync-count/session-token-required-and-bound' },
  { fault: 'delta-ignored', property: 'delta/list-after-n-returns-exactly-later-changes' },
  { fault: 'stale-read', property: 'delta/list-after-n-returns-exactly-later-changes' },
  { fault: 'dataset-always-exists', property: 'delta/delete-and-recreate-flags' },
  { fault: 'limits-unenforced', property: 'limits/datasets-size-and-constraints' },
  { fault: 'page-drop', property: 'pagination/list-records-every-record-once' },
  { fault: 'page-dup', property: 'pagination/list-datasets-every-dataset-once' },
  { fault: 'page-drop', property: 'pagination/list-identity-pool-usage-every-pool-once' },
  { fault: 'page-dup', property: 'pagination/walk-while-another-client-writes' },
  { fault: 'tombstone-vanish', property: 'model-based/devices-agree-with-model' },
  { fault: 'lost-update', property: 'concurrency/writers-linearizable-no-lost-update' },
];

/** Semantic faults outside what the property suite checks, and who checks them instead. */
export const notForProperties: Partial<Record<FaultName, string>> = {
  'settings-not-stored': 'identity-pool settings (SetIdentityPoolConfiguration, SetCognitoEvents) are not sync state; the contracts read them back',
};

/** The semantic faults the property suite is meant to catch. */
export const propertyFaults: readonly FaultName[] = semanticFaults.filter((f) => !(f in notForProperties));
