// Every case each suite has, by the name its result lines carry: the pact's
// interactions, the property registry, and the load checks.

import { readFileSync } from 'node:fs';
import { pactInteractions } from '../../contracts/pact-file.ts';
import { COMMITTED_PACT } from '../../contracts/names.ts';
import { CHECKS, checkNames, type ScenarioName } from '../../load/lib/checks.ts';
import { registry } from '../../property/registry.ts';
import { clientCaseNames } from '../../clients/cases.ts';

export function knownCases(): { contracts: string[]; properties: string[]; load: string[]; clients: string[] } {
  return {
    contracts: pactInteractions(readFileSync(COMMITTED_PACT, 'utf8')).map((i) => i.description),
    properties: registry.map((c) => c.name),
    load: (Object.keys(CHECKS) as ScenarioName[]).flatMap(checkNames),
    clients: clientCaseNames(),
  };
}
