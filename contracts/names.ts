// The pact's names and the committed pact file, in a module of their own so
// that the CLI can name them without loading Pact itself.

import { fileURLToPath } from 'node:url';

export const CONSUMER = 'cognito-sync-harness';
export const PROVIDER = 'cognito-sync';
export const PACT_FILE = `${CONSUMER}-${PROVIDER}.json`;
export const COMMITTED_PACT = fileURLToPath(new URL(`./pacts/${PACT_FILE}`, import.meta.url));
