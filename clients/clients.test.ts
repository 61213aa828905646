// The clients suite against the embedded emulator: every scenario passes, except
// where amazon-cognito-js's own defects stop it (expected-fail, naming the defect),
// and each line follows the results schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResultLine } from '../src/results/schema.ts';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { clientCaseNames } from './cases.ts';
import { runClients, type ClientsLine } from './run.ts';
import { CLIENT } from './scenarios.ts';

// The library's defects (clients/README.md) and the cases they stop.
const DEFECTS: Record<string, string> = {
  [CLIENT.removal]: 'tombstone-as-empty-string',
  [CLIENT.deleted]: 'continue-after-callback',
  [CLIENT.concurrent]: 'sync-count-jump',
  [CLIENT.deletedOnServer]: 'dataset-exists-ignored',
};

let target: Target;
let lines: ClientsLine[];
beforeAll(async () => {
  target = await resolveTarget({});
  ({ lines } = await runClients({ target }));
}, 300_000);
afterAll(async () => {
  await target?.close();
});

describe('clients suite on the emulator', () => {
  it('reports every case once, in the results schema', () => {
    expect(lines.map((l) => l.case).sort()).toEqual(clientCaseNames().sort());
    for (const l of lines) parseResultLine(JSON.stringify({ ...l, run_id: 'r', time: 't' }));
  });

  it('passes every case the library can complete, in Node and in Chromium', () => {
    const expected = lines.filter((l) => !(l.case in DEFECTS));
    expect(expected.map((l) => [l.case, l.status, l.status === 'pass' ? '' : l.reason])).toEqual(expected.map((l) => [l.case, 'pass', '']));
    expect(lines.filter((l) => l.details?.runtime === 'chromium').map((l) => l.status)).toEqual(['pass', 'pass']);
  });

  it('records each known library defect as expected-fail with its name, never as a pass or a fail', () => {
    for (const [name, defect] of Object.entries(DEFECTS)) {
      const l = lines.find((x) => x.case === name)!;
      expect([l.status, l.details?.defect]).toEqual(['expected-fail', defect]);
      expect(l.reason).toMatch(new RegExp(`^library defect ${defect} \\(clients/README.md\\)`));
    }
  });
});
