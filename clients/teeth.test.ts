// Teeth both ways for the clients suite: each fault in its column of the coverage
// table fails every declared case on an assertion; all the legal variations
// together leave it green (selfcheck runs each variant alone).
import { describe, expect, it } from 'vitest';
import { variantNames } from '../src/emulator/variants.ts';
import type { FaultName } from '../src/emulator/faults.ts';
import { coverage } from '../src/selfcheck/coverage.ts';
import { FULL_SWEEPS, PER_SUITE_SWEEP_NOTE } from '../src/selfcheck/sweeps.ts';
import { resolveTarget } from '../src/target/index.ts';
import { runClients } from './run.ts';

const column = (Object.entries(coverage) as Array<[FaultName, { clients?: readonly string[] }]>).filter(([, c]) => (c.clients ?? []).length > 0);

describe('clients suite teeth', () => {
  it('has a column in the coverage table with the faults a client notices', () => {
    expect(column.map(([f]) => f)).toEqual(expect.arrayContaining(['accept-stale', 'tombstone-vanish', 'page-drop', 'no-increment']));
  });

  it.skipIf(!FULL_SWEEPS).each(column)(`fails on an assertion under %s (${PER_SUITE_SWEEP_NOTE})`, async (fault, catchers) => {
    const target = await resolveTarget({ faults: [fault] });
    try {
      const { lines } = await runClients({ target, only: catchers.clients! });
      expect(lines.map((l) => l.case).sort()).toEqual([...catchers.clients!].sort());
      for (const l of lines) expect([l.case, l.status, l.details?.failure], l.reason ?? '').toEqual([l.case, 'fail', 'assertion']);
    } finally {
      await target.close();
    }
  }, 300_000);

  it('passes under every legal variation at once (throttled calls retried)', async () => {
    const target = await resolveTarget({ variants: [...variantNames] });
    try {
      const { lines } = await runClients({ target });
      const failed = lines.filter((l) => l.status === 'fail').map((l) => `${l.case}: ${l.reason}`);
      expect(failed).toEqual([]);
      expect(lines.filter((l) => l.status === 'pass').length).toBeGreaterThanOrEqual(9);
      // About 5 % of several hundred calls are refused with 429: the SDK's retries rode them out, and were counted.
      expect(target.stats.throttled).toBeGreaterThan(0);
    } finally {
      await target.close();
    }
  }, 300_000);
});
