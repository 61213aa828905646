// The k6 checks of every scenario, by name. Pure data: the scenarios check
// under these names, and the Node side (result lines, ctx.only) reads them to
// know which checks exist and which scenario owns each. Each name is a
// sentence about the target's answers, prefixed by its scenario.

export const CHECKS = {
  'list-records': {
    listStatus: 'list-records: ListRecords status is 2xx',
    listShape: 'list-records: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
    walkEnds: 'list-records: following NextToken ends within the page bound',
    pageSize: 'list-records: a page never holds more records than the MaxResults asked',
    fullRead: 'list-records: a full read returns every seeded record exactly once',
    noneNewer: 'list-records: a full read holds no record newer than DatasetSyncCount',
    delta: 'list-records: a delta read returns only records changed after lastSyncCount',
  },
  'update-records': {
    listStatus: 'update-records: ListRecords status is 2xx',
    listShape: 'update-records: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
    walkEnds: 'update-records: following NextToken ends within the page bound',
    writeStatus: 'update-records: UpdateRecords status is 2xx or 409',
    writeShape: 'update-records: UpdateRecords answer has Records with a Key and a numeric SyncCount',
    staleRefused: 'update-records: a deliberately stale write is refused with 409',
    currentAccepted: 'update-records: a write with the current SyncCount is never refused with 409',
    plusOne: 'update-records: an accepted write raises the record\'s SyncCount by exactly one',
    readYourWrite: 'update-records: the next delta ListRecords shows the VU\'s own write with the value and SyncCount it was told',
    refusedChangesNothing: 'update-records: a refused write changes nothing',
  },
  'sync-session': {
    listStatus: 'sync-session: ListRecords status is 2xx',
    listShape: 'sync-session: ListRecords answer has Records, DatasetSyncCount, SyncSessionToken, DatasetExists and NextToken of the documented types',
    walkEnds: 'sync-session: following NextToken ends within the page bound',
    writeStatus: 'sync-session: UpdateRecords status is 2xx or 409',
    writeShape: 'sync-session: UpdateRecords answer has Records with a Key and a numeric SyncCount',
    raceOneWins: 'sync-session: of two devices that listed the same state and write the same key at once, at most one is accepted',
    conflictExplained: 'sync-session: a 409 is explained by a re-list showing the key\'s SyncCount differs from what was sent',
    acceptedHigher: 'sync-session: an accepted write returns a SyncCount greater than the one sent',
    countMonotonic: 'sync-session: a later listing never shows a DatasetSyncCount below a SyncCount the device was given',
  },
} as const;

export type ScenarioName = keyof typeof CHECKS;
export type ListingChecks = { listStatus: string; listShape: string; walkEnds: string };

/** The result line a crash of the scenario gets: no summary, a k6 error exit, or an iteration that threw. */
export const crashCase = (scenario: string) => `${scenario}: the scenario runs to its end without crashing`;

/** The result line a scenario gets when its fixtures cannot be prepared. */
export const setupCase = (scenario: string) => `${scenario}: fixtures are prepared through the public API`;

/** Every check name of a scenario, in catalogue order. */
export function checkNames(scenario: ScenarioName): string[] {
  return Object.values(CHECKS[scenario]);
}

/** The scenario that owns a check name, or undefined for a name no scenario has. */
export function scenarioOfCheck(name: string): ScenarioName | undefined {
  return (Object.keys(CHECKS) as ScenarioName[]).find((s) => checkNames(s).includes(name));
}
