import { describe, expect, it } from 'vitest';
import { HarnessError } from '../src/harness-error.ts';
import { chooseSeed, CI_SEED } from './seed.ts';

describe('chooseSeed', () => {
  it('takes CSH_SEED first, even in CI', () => {
    expect(chooseSeed({ CSH_SEED: '123', CI: 'true' })).toBe(123);
  });

  it('uses the fixed CI seed in CI', () => {
    expect(chooseSeed({ CI: 'true' })).toBe(CI_SEED);
  });

  it('draws a fresh integer seed elsewhere', () => {
    const seeds = new Set(Array.from({ length: 5 }, () => chooseSeed({})));
    for (const s of seeds) expect(Number.isSafeInteger(s)).toBe(true);
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('refuses a CSH_SEED that is not an integer, saying what to do', () => {
    expect(() => chooseSeed({ CSH_SEED: '12abc' })).toThrow(HarnessError);
    expect(() => chooseSeed({ CSH_SEED: '1.5' })).toThrow(/CSH_SEED "1.5" is not an integer seed/);
  });
});
