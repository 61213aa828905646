// Declared fault coverage: for each fault switch, the cases expected to catch
// it. selfcheck runs each fault's cases against an emulator with that fault;
// the row holds only when every case named fails on an assertion. Every pact
// interaction, property and load check must appear in some row, so each is
// proven able to fail.

import type { FaultName } from '../emulator/faults.ts';

export type Catchers = { contracts?: readonly string[]; properties?: readonly string[]; load?: readonly string[] };

/** Every pact interaction whose expected answer is an AWS error: a broken error header fails them all. */
export const ERROR_INTERACTIONS = [
  'BulkPublish while a bulk publish is in progress',
  'BulkPublish within 24 hours of a successful one',
  'DescribeDataset of a missing dataset',
  'ListRecords of an invalid dataset name',
  "ListRecords of another identity's dataset",
  'ListRecords with a lastSyncCount above DatasetSyncCount',
  'RegisterDevice called with developer credentials',
  'UnsubscribeFromDataset of an unknown subscription',
  'UpdateRecords creating the 21st dataset',
  'UpdateRecords taking a dataset over 1 MB',
  'UpdateRecords with a bad SyncSessionToken',
  'UpdateRecords with a stale SyncCount',
] as const;

export const coverage: Record<FaultName, Catchers> = {
  'iso-timestamps': {
    contracts: [
      'DeleteDataset of an existing dataset',
      'DescribeDataset of an existing dataset',
      'DescribeIdentityPoolUsage of a pool with data',
      'DescribeIdentityUsage of an identity with data',
      'GetBulkPublishDetails after a bulk publish was started',
      'ListDatasets of an identity with one dataset',
      'ListRecords from sync count 0',
      'UpdateRecords with the current SyncCount',
    ],
  },
  'no-error-type': { contracts: ERROR_INTERACTIONS },
  'error-type-lowercase': { contracts: ERROR_INTERACTIONS },
  'conflict-as-400': {
    contracts: [
      'UpdateRecords with a stale SyncCount',
    ],
    properties: [
      'sync-count/wrong-count-conflicts-and-changes-nothing',
    ],
  },
  'no-dataset-sync-count': {
    contracts: [
      'ListRecords from sync count 0',
      'ListRecords of a missing dataset',
    ],
    properties: [
      'sync-count/correct-patch-advances-by-one',
      'delta/list-after-n-returns-exactly-later-changes',
    ],
  },
  'renamed-field': {
    contracts: [
      'BulkPublish of a pool with streams enabled',
      'DeleteDataset of an existing dataset',
      'DescribeDataset of an existing dataset',
      'DescribeIdentityPoolUsage of a pool with data',
      'DescribeIdentityUsage of an identity with data',
      'GetBulkPublishDetails after a bulk publish was started',
      'GetCognitoEvents of a pool with a sync trigger',
      'GetIdentityPoolConfiguration of a configured pool',
      'ListDatasets of an identity with one dataset',
      'ListIdentityPoolUsage',
      'ListRecords from sync count 0',
      'ListRecords of a missing dataset',
      'RegisterDevice for an identity',
      'SetIdentityPoolConfiguration with push sync and streams',
      'UpdateRecords with the current SyncCount',
    ],
    properties: [
      'sync-count/correct-patch-advances-by-one',
      'model-based/devices-agree-with-model',
    ],
  },
  'empty-as-204': {
    contracts: [
      'SetCognitoEvents with a sync trigger',
      'SubscribeToDataset from a registered device',
      'UnsubscribeFromDataset of a subscription',
    ],
  },
  'accept-stale': {
    contracts: [
      'UpdateRecords with a stale SyncCount',
    ],
    properties: [
      'sync-count/wrong-count-conflicts-and-changes-nothing',
      'model-based/devices-agree-with-model',
      'concurrency/writers-linearizable-no-lost-update',
    ],
  },
  'always-conflict': {
    properties: [
      'sync-count/correct-patch-advances-by-one',
    ],
  },
  'partial-apply': {
    properties: [
      'sync-count/wrong-count-conflicts-and-changes-nothing',
    ],
  },
  'write-dropped': {
    contracts: [
      'DeleteDataset of an existing dataset',
      'DescribeDataset of an existing dataset',
      'ListDatasets of an identity with one dataset',
      'ListRecords from sync count 0',
      'ListRecords with a lastSyncCount above DatasetSyncCount',
      'UpdateRecords creating the 21st dataset',
      'UpdateRecords taking a dataset over 1 MB',
      'UpdateRecords with a stale SyncCount',
    ],
    properties: [
      'sync-count/correct-patch-advances-by-one',
      'delta/list-after-n-returns-exactly-later-changes',
    ],
  },
  'page-drop': {
    properties: [
      'pagination/list-records-every-record-once',
      'pagination/list-datasets-every-dataset-once',
      'pagination/list-identity-pool-usage-every-pool-once',
      'pagination/walk-while-another-client-writes',
    ],
  },
  'page-dup': {
    properties: [
      'pagination/list-records-every-record-once',
      'pagination/list-datasets-every-dataset-once',
      'pagination/list-identity-pool-usage-every-pool-once',
      'pagination/walk-while-another-client-writes',
    ],
  },
  'delta-ignored': {
    properties: [
      'delta/list-after-n-returns-exactly-later-changes',
      'model-based/devices-agree-with-model',
    ],
  },
  'tombstone-vanish': {
    properties: [
      'sync-count/correct-patch-advances-by-one',
      'model-based/devices-agree-with-model',
    ],
  },
  'tombstone-loses-count': {
    properties: [
      'sync-count/correct-patch-advances-by-one',
      'delta/list-after-n-returns-exactly-later-changes',
    ],
  },
  'no-increment': {
    contracts: [
      'ListRecords from sync count 0',
      'UpdateRecords with a stale SyncCount',
    ],
    properties: [
      'sync-count/correct-patch-advances-by-one',
      'delta/delete-and-recreate-flags',
      'concurrency/writers-linearizable-no-lost-update',
    ],
  },
  'stale-read': {
    contracts: [
      'ListRecords from sync count 0',
      'UpdateRecords with the current SyncCount',
    ],
    properties: [
      'delta/list-after-n-returns-exactly-later-changes',
      'model-based/devices-agree-with-model',
    ],
  },
  'lost-update': {
    properties: [
      'concurrency/writers-linearizable-no-lost-update',
    ],
  },
  'session-unbound': {
    properties: [
      'sync-count/session-token-required-and-bound',
    ],
  },
  'limits-unenforced': {
    contracts: [
      'UpdateRecords creating the 21st dataset',
      'UpdateRecords taking a dataset over 1 MB',
    ],
    properties: [
      'limits/datasets-size-and-constraints',
    ],
  },
  'dataset-always-exists': {
    contracts: [
      'ListRecords of a missing dataset',
    ],
    properties: [
      'delta/delete-and-recreate-flags',
      'model-based/devices-agree-with-model',
    ],
  },
  'settings-not-stored': {
    contracts: [
      'GetCognitoEvents of a pool with a sync trigger',
      'GetIdentityPoolConfiguration of a configured pool',
      'RegisterDevice for an identity',
      'SetIdentityPoolConfiguration with push sync and streams',
    ],
  },
};

export type CoverageProblem = string;

/** What the table itself gets wrong: a fault with no catcher, a case no fault catches, a name that is no case. */
export function coverageProblems(
  table: Record<string, Catchers>,
  known: { contracts: readonly string[]; properties: readonly string[]; load: readonly string[] },
): CoverageProblem[] {
  const problems: CoverageProblem[] = [];
  const named = { contracts: new Set<string>(), properties: new Set<string>(), load: new Set<string>() };
  for (const [fault, catchers] of Object.entries(table)) {
    const all = [...(catchers.contracts ?? []), ...(catchers.properties ?? []), ...(catchers.load ?? [])];
    if (all.length === 0) problems.push(`fault ${fault} declares no case that catches it`);
    for (const suite of ['contracts', 'properties', 'load'] as const) {
      for (const name of catchers[suite] ?? []) {
        if (!known[suite].includes(name)) problems.push(`fault ${fault} names ${suite} case "${name}", which does not exist`);
        named[suite].add(name);
      }
    }
  }
  for (const suite of ['contracts', 'properties', 'load'] as const) {
    for (const name of known[suite]) if (!named[suite].has(name)) problems.push(`${suite} case "${name}" is in no row: nothing proves it can fail`);
  }
  return problems;
}
