// Declared fault coverage: for each fault switch, the cases expected to catch
// it. selfcheck runs each fault's cases against an emulator with that fault;
// the row holds only when every case named fails on an assertion. Every pact
// interaction, property and load check must appear in some row, so each is
// proven able to fail.

import { BROWSER_CASES } from '../../clients/cases.ts';
import { CLIENT } from '../../clients/scenarios.ts';
import type { FaultName } from '../emulator/faults.ts';

/** The suites whose cases catch faults; each has a column in the table. */
export const CATCHING_SUITES = ['contracts', 'properties', 'load', 'clients'] as const;
export type CatchingSuite = (typeof CATCHING_SUITES)[number];

export type Catchers = Partial<Record<CatchingSuite, readonly string[]>>;

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

/** Every walk over pages: a page that loses or repeats an item breaks them all. */
const PAGINATION_PROPERTIES = [
  'pagination/list-records-every-record-once',
  'pagination/list-datasets-every-dataset-once',
  'pagination/list-identity-pool-usage-every-pool-once',
  'pagination/walk-while-another-client-writes',
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
    load: [
      'list-records: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
      'update-records: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
      'update-records: UpdateRecords answer has Records with a Key and a numeric SyncCount',
      'sync-session: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
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
    load: [
      'update-records: UpdateRecords status is 2xx or 409',
      'update-records: a deliberately stale write is refused with 409',
      'sync-session: UpdateRecords status is 2xx or 409',
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
    load: [
      'list-records: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
      'update-records: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
      'sync-session: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
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
    load: [
      'update-records: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
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
    clients: [
      CLIENT.race,
    ],
    contracts: [
      'UpdateRecords with a stale SyncCount',
    ],
    properties: [
      'sync-count/wrong-count-conflicts-and-changes-nothing',
      'model-based/devices-agree-with-model',
      'concurrency/writers-linearizable-no-lost-update',
    ],
    load: [
      'update-records: a deliberately stale write is refused with 409',
      'sync-session: of two devices that listed the same state and write the same key at once, at most one is accepted',
    ],
  },
  'always-conflict': {
    properties: [
      'sync-count/correct-patch-advances-by-one',
    ],
    load: [
      'update-records: a write with the current SyncCount is never refused with 409',
    ],
  },
  'partial-apply': {
    properties: [
      'sync-count/wrong-count-conflicts-and-changes-nothing',
    ],
  },
  'write-dropped': {
    clients: [
      CLIENT.merge,
    ],
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
    load: [
      'list-records: a full read returns every seeded record exactly once',
      "update-records: the next delta ListRecords shows the VU's own write with the value and SyncCount it was told",
      'sync-session: a later listing never shows a DatasetSyncCount below a SyncCount the device was given',
    ],
  },
  'page-drop': {
    clients: [
      CLIENT.paging,
    ],
    properties: PAGINATION_PROPERTIES,
    load: [
      'list-records: a full read returns every seeded record exactly once',
    ],
  },
  'page-dup': {
    properties: PAGINATION_PROPERTIES,
    load: [
      'list-records: a full read returns every seeded record exactly once',
    ],
  },
  'delta-ignored': {
    properties: [
      'delta/list-after-n-returns-exactly-later-changes',
      'model-based/devices-agree-with-model',
    ],
    load: [
      'list-records: a delta read returns only records changed after lastSyncCount',
      'update-records: a refused write changes nothing',
    ],
  },
  'tombstone-vanish': {
    clients: [
      CLIENT.removal,
    ],
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
    clients: [
      CLIENT.twoDevices,
      CLIENT.conflictRemote,
      CLIENT.conflictLocal,
      CLIENT.conflictMerged,
      CLIENT.deleted,
      CLIENT.concurrent,
      BROWSER_CASES.twoDevices,
      BROWSER_CASES.conflict,
    ],
    contracts: [
      'ListRecords from sync count 0',
      'UpdateRecords with a stale SyncCount',
    ],
    properties: [
      'sync-count/correct-patch-advances-by-one',
      'delta/delete-and-recreate-flags',
      'concurrency/writers-linearizable-no-lost-update',
    ],
    load: [
      "update-records: an accepted write raises the record's SyncCount by exactly one",
      "update-records: the next delta ListRecords shows the VU's own write with the value and SyncCount it was told",
      'sync-session: an accepted write returns a SyncCount greater than the one sent',
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
    load: [
      "update-records: the next delta ListRecords shows the VU's own write with the value and SyncCount it was told",
      "sync-session: a 409 is explained by a re-list showing the key's SyncCount differs from what was sent",
      'sync-session: a later listing never shows a DatasetSyncCount below a SyncCount the device was given',
    ],
  },
  'lost-update': {
    properties: [
      'concurrency/writers-linearizable-no-lost-update',
    ],
    load: [
      'sync-session: of two devices that listed the same state and write the same key at once, at most one is accepted',
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
    clients: [
      CLIENT.deletedOnServer,
    ],
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
  'zero-sync-count-refused': {
    contracts: [
      'ListRecords of a missing dataset',
    ],
    properties: [
      'delta/list-after-n-returns-exactly-later-changes',
      'pagination/list-records-every-record-once',
    ],
    load: [
      'list-records: ListRecords status is 2xx',
      'update-records: ListRecords status is 2xx',
      'sync-session: ListRecords status is 2xx',
    ],
  },
  'endless-pages': {
    properties: [
      'pagination/list-records-every-record-once',
    ],
    load: [
      'list-records: following NextToken ends within the page bound',
      'update-records: following NextToken ends within the page bound',
      'sync-session: following NextToken ends within the page bound',
    ],
  },
  'max-results-ignored': {
    properties: [
      'pagination/list-records-every-record-once',
      'pagination/walk-while-another-client-writes',
    ],
    load: [
      'list-records: a page never holds more records than the MaxResults asked',
    ],
  },
  'lagging-sync-count': {
    contracts: [
      'UpdateRecords with the current SyncCount',
    ],
    properties: [
      'delta/list-after-n-returns-exactly-later-changes',
      'model-based/devices-agree-with-model',
    ],
    load: [
      'list-records: a full read holds no record newer than DatasetSyncCount',
      "update-records: the next delta ListRecords shows the VU's own write with the value and SyncCount it was told",
      'sync-session: a later listing never shows a DatasetSyncCount below a SyncCount the device was given',
    ],
  },
  'no-update-echo': {
    contracts: [
      'UpdateRecords with the current SyncCount',
    ],
    properties: [
      'sync-count/correct-patch-advances-by-one',
      'model-based/devices-agree-with-model',
    ],
    load: [
      'update-records: UpdateRecords answer has Records with a Key and a numeric SyncCount',
      'sync-session: UpdateRecords answer has Records with a Key and a numeric SyncCount',
    ],
  },
};

export type CoverageProblem = string;

/** What the table itself gets wrong: a fault with no catcher, a case no fault catches, a name that is no case. */
export function coverageProblems(
  table: Record<string, Catchers>,
  known: Partial<Record<CatchingSuite, readonly string[]>>,
): CoverageProblem[] {
  const problems: CoverageProblem[] = [];
  const named = Object.fromEntries(CATCHING_SUITES.map((s) => [s, new Set<string>()])) as Record<CatchingSuite, Set<string>>;
  for (const [fault, catchers] of Object.entries(table)) {
    const all = CATCHING_SUITES.flatMap((s) => catchers[s] ?? []);
    if (all.length === 0) problems.push(`fault ${fault} declares no case that catches it`);
    for (const suite of CATCHING_SUITES) {
      for (const name of catchers[suite] ?? []) {
        if (!(known[suite] ?? []).includes(name)) problems.push(`fault ${fault} names ${suite} case "${name}", which does not exist`);
        named[suite].add(name);
      }
    }
  }
  for (const suite of CATCHING_SUITES) {
    for (const name of known[suite] ?? []) if (!named[suite].has(name)) problems.push(`${suite} case "${name}" is in no row: nothing proves it can fail`);
  }
  return problems;
}
