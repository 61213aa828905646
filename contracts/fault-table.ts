// The declared coverage of the contracts: for every fault switch of the
// emulator, the interactions whose verification fails on an ASSERTION under
// it (setup failures do not count). verify.test.ts proves this table against
// the emulator; faults with an empty row are left to the property suite.

import type { FaultName } from '../src/emulator/faults.ts';

/** Every interaction whose expected answer is an AWS error. */
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

export const CONTRACT_FAULT_COVERAGE: Record<FaultName, readonly string[]> = {
  'iso-timestamps': [
    'DeleteDataset of an existing dataset',
    'DescribeDataset of an existing dataset',
    'DescribeIdentityPoolUsage of a pool with data',
    'DescribeIdentityUsage of an identity with data',
    'GetBulkPublishDetails after a bulk publish was started',
    'ListDatasets of an identity with one dataset',
    'ListRecords from sync count 0',
    'UpdateRecords with the current SyncCount',
  ],
  'no-error-type': ERROR_INTERACTIONS,
  'error-type-lowercase': ERROR_INTERACTIONS,
  'conflict-as-400': [
    'UpdateRecords with a stale SyncCount',
  ],
  'no-dataset-sync-count': [
    'ListRecords from sync count 0',
    'ListRecords of a missing dataset',
  ],
  'renamed-field': [
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
  'empty-as-204': [
    'SetCognitoEvents with a sync trigger',
    'SubscribeToDataset from a registered device',
    'UnsubscribeFromDataset of a subscription',
  ],
  'accept-stale': [
    'UpdateRecords with a stale SyncCount',
  ],
  'always-conflict': [],
  'partial-apply': [],
  'write-dropped': [
    'DeleteDataset of an existing dataset',
    'DescribeDataset of an existing dataset',
    'ListDatasets of an identity with one dataset',
    'ListRecords from sync count 0',
    'ListRecords with a lastSyncCount above DatasetSyncCount',
    'UpdateRecords creating the 21st dataset',
    'UpdateRecords taking a dataset over 1 MB',
    'UpdateRecords with a stale SyncCount',
  ],
  'page-drop': [],
  'page-dup': [],
  'delta-ignored': [],
  'tombstone-vanish': [],
  'tombstone-loses-count': [],
  'no-increment': [
    'ListRecords from sync count 0',
    'UpdateRecords with a stale SyncCount',
  ],
  'stale-read': [
    'ListRecords from sync count 0',
    'UpdateRecords with the current SyncCount',
  ],
  'lost-update': [],
  'session-unbound': [],
  'limits-unenforced': [
    'UpdateRecords creating the 21st dataset',
    'UpdateRecords taking a dataset over 1 MB',
  ],
  'dataset-always-exists': [
    'ListRecords of a missing dataset',
  ],
  'settings-not-stored': [
    'GetCognitoEvents of a pool with a sync trigger',
    'GetIdentityPoolConfiguration of a configured pool',
    'RegisterDevice for an identity',
    'SetIdentityPoolConfiguration with push sync and streams',
  ],
};
