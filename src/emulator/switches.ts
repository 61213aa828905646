// Fault and variant switches are both named rows of a table; a name that is
// not a row is refused with the list of names that are.

import { HarnessError } from '../harness-error.ts';

export function parseSwitches<Name extends string>(table: Readonly<Record<Name, unknown>>, names: Iterable<string>, kind: string): ReadonlySet<Name> {
  const set = new Set<Name>();
  for (const name of names) {
    if (!Object.hasOwn(table, name)) throw new HarnessError(`Unknown ${kind} "${name}"`, `Use one of: ${Object.keys(table).join(', ')}`);
    set.add(name as Name);
  }
  return set;
}
