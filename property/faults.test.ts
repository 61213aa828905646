// Teeth: every semantic fault switch of the emulator is caught by at least
// one property of the registry.

import { describe, expect, it } from 'vitest';
import { semanticFaults } from '../src/emulator/faults.ts';
import { faultMatrix, formatMatrix } from './faults.ts';
import { chooseSeed } from './seed.ts';

const seed = chooseSeed();

describe(`fault matrix (seed ${seed})`, () => {
  it('catches every semantic fault', async () => {
    const rows = await faultMatrix({ seed });
    const missed = rows.filter((r) => r.caughtBy.length === 0).map((r) => r.fault);
    expect(rows.map((r) => r.fault)).toEqual([...semanticFaults]);
    expect(missed, `faults no property caught:\n${formatMatrix(rows)}`).toEqual([]);
  }, 240_000);
});
