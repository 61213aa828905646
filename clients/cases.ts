// Every case name of the clients suite, without loading the library or a browser
// (the coverage table and selfcheck read these).

import { scenarios } from './scenarios.ts';

export const BROWSER_CASES = {
  twoDevices: 'browser/two-devices-sync-from-a-page-on-another-origin',
  conflict: 'browser/offline-conflict-resolved-with-local-converges-from-another-origin',
} as const;

export function clientCaseNames(): string[] {
  return [...scenarios.map((s) => s.name), ...Object.values(BROWSER_CASES)];
}
