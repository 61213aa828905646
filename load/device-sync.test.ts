// sync-session in device mode (fixtures carrying a device model): against
// the emulator every check it reaches passes; two faults are caught on an
// assertion (not a crash), so the device path's checks can fail.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../src/target/index.ts';
import { parseModel } from './device-model.ts';
import { checkNames, CHECKS } from './lib/checks.ts';
import { prepareModelFixtures } from './model-fixtures.ts';
import { runLoad } from './run.ts';

const OUT = join('reports', 'test-results', 'load-devices');
// Conflicts in half the syncs and many first syncs, so that every path runs in a few seconds.
const MODEL = parseModel({ devices: 8, devicesPerIdentity: 2, datasetsPerIdentity: 2, recordsPerDataset: { distribution: 'uniform', min: 5, max: 30 }, recordsChangedPerSync: 2, conflictShare: 0.5, firstSyncShare: 0.3 });

async function deviceRun(faults: string[]) {
  const target = await resolveTarget({ target: 'emulator', faults });
  try {
    const fixtures = await prepareModelFixtures(target, MODEL);
    expect(fixtures.identities).toHaveLength(4);
    expect(fixtures.identities.every((i) => i.syncCounts!.length === 2 && i.syncCounts!.every((c) => c >= 1))).toBe(true);
    return await runLoad({ target, scenario: 'sync-session', fixtures, rate: 15, duration: '3s', maxVUs: 10, outDir: join(OUT, faults.join('-') || 'clean') });
  } finally {
    await target.close();
  }
}

describe('sync-session as device syncs', () => {
  it('passes every check against the emulator, conflicts included', async () => {
    const r = await deviceRun([]);
    const C = CHECKS['sync-session'];
    const bad = r.lines.filter((l) => l.status === 'fail' && l.details?.failure !== 'setup').map((l) => `${l.case}: ${l.reason}`);
    expect(bad).toEqual([]);
    for (const name of [C.listStatus, C.listShape, C.walkEnds, C.writeStatus, C.writeShape, C.raceOneWins, C.conflictExplained, C.acceptedHigher, C.countMonotonic]) {
      const line = r.lines.find((l) => l.case === name);
      expect(line?.status, name).toBe('pass');
      expect(line?.details?.passes as number, name).toBeGreaterThan(0);
    }
    expect(r.summary.metrics.sync_conflicts!.values.rate).toBeGreaterThan(0);
    expect(checkNames('sync-session').length).toBe(9);
  }, 120_000);

  for (const [fault, check] of [['accept-stale', CHECKS['sync-session'].raceOneWins], ['no-increment', CHECKS['sync-session'].acceptedHigher]] as const) {
    it(`${fault} is caught by "${check}" on an assertion`, async () => {
      const r = await deviceRun([fault]);
      const line = r.lines.find((l) => l.case === check);
      expect(line?.status).toBe('fail');
      expect(line?.details?.failure).toBe('assertion');
      expect(line?.reason).toMatch(/^\d+ of \d+ failed: \S/);
      expect(r.lines.filter((l) => l.details?.failure === 'crash')).toEqual([]);
    }, 120_000);
  }
});
