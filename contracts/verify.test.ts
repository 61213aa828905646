// Provider verification of the committed pact: it passes against the
// emulator, and fails against every broken wire (teeth).

import { afterAll, describe, expect, it } from 'vitest';
import { wireFaults } from '../src/emulator/faults.ts';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { STATES } from './states.ts';
import { verifyContracts } from './verify.ts';

const targets: Target[] = [];
afterAll(async () => {
  for (const t of targets) await t.close();
});

async function verifyAgainst(faults: string[] = []) {
  const target = await resolveTarget({ target: 'emulator', faults });
  targets.push(target);
  return verifyContracts({ target });
}

describe('provider verification', () => {
  it('passes against the emulator, every interaction and every state', async () => {
    const r = await verifyAgainst();
    expect(r.stateErrors).toEqual([]);
    expect(r.interactions.filter((i) => !i.ok)).toEqual([]);
    expect(r.interactions.length).toBeGreaterThanOrEqual(30);
    expect(r.ok).toBe(true);
  }, 120_000);

  it('fails when a provider state cannot be set up (Pact alone would only log it)', async () => {
    const target = await resolveTarget({ target: 'emulator' });
    targets.push(target);
    const r = await verifyContracts({ target, stateOverrides: { [STATES.events]: async () => { throw new Error('events could not be set'); } } });
    expect(r.stateErrors).toEqual([`state "${STATES.events}": events could not be set`]);
    expect(r.ok).toBe(false);
  }, 120_000);

  for (const fault of wireFaults) {
    it(`fails against a broken wire: ${fault}`, async () => {
      const r = await verifyAgainst([fault]);
      expect(r.ok).toBe(false);
      expect(r.interactions.some((i) => !i.ok)).toBe(true);
    }, 120_000);
  }
});
