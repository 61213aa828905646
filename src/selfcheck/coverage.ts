// Declared fault coverage: for each fault switch, the cases expected to catch
// it. selfcheck runs each fault's cases against an emulator with that fault;
// the row holds only when every case named fails on an assertion. Every pact
// interaction, property and load check must appear in some row, so each is
// proven able to fail.

import type { FaultName } from '../emulator/faults.ts';

export type Catchers = { contracts?: readonly string[]; properties?: readonly string[]; load?: readonly string[] };

export const coverage: Record<FaultName, Catchers> = {
  'iso-timestamps': {},
  'no-error-type': {},
  'error-type-lowercase': {},
  'conflict-as-400': {},
  'no-dataset-sync-count': {},
  'renamed-field': {},
  'empty-as-204': {},
  'accept-stale': {},
  'always-conflict': {},
  'partial-apply': {},
  'write-dropped': {},
  'page-drop': {},
  'page-dup': {},
  'delta-ignored': {},
  'tombstone-vanish': {},
  'tombstone-loses-count': {},
  'no-increment': {},
  'stale-read': {},
  'lost-update': {},
  'session-unbound': {},
  'limits-unenforced': {},
  'dataset-always-exists': {},
  'settings-not-stored': {},
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
