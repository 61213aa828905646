// The capacity search on made-up targets: which rates it tries, and what it concludes, when the target
// breaks the SLO, the generator runs out first, or both.
import { describe, expect, it } from 'vitest';
import { searchRates, type Probed } from './device-capacity.ts';
import type { DeviceStep, StepVerdict } from './device-capacity.ts';

type Phase = DeviceStep['phase'];
const opts = { startRate: 4, maxRate: 5000, bisections: 3, repeats: 3 };

/** A target that holds below `knee`, behind a generator that runs out at `limit`; `judge` overrides either. */
function made(knee: number, limit: number, judge?: (rate: number, phase: Phase) => StepVerdict | undefined) {
  const tried: Probed[] = [];
  const probe = async (rate: number, phase: Phase): Promise<Probed> => {
    const verdict = judge?.(rate, phase) ?? (rate >= limit ? 'generator' : rate >= knee ? 'breaks' : 'within');
    tried.push({ rate, phase, verdict });
    return { rate, phase, verdict };
  };
  return { probe, tried };
}

describe('the capacity search over sync rates', () => {
  it('finds the target knee, and runs the last good and first bad rates three times at full length', async () => {
    const t = made(100, Infinity);
    const found = await searchRates(t.probe, opts);
    expect(found).toEqual({ verdict: 'measured', rate: 96 });
    expect(t.tried.filter((s) => s.phase === 'ramp').map((s) => s.rate)).toEqual([4, 8, 16, 32, 64, 128]);
    expect(t.tried.filter((s) => s.rate === 96 && s.phase !== 'ramp')).toHaveLength(3);
    expect(t.tried.filter((s) => s.rate === 104 && s.phase !== 'ramp')).toHaveLength(3);
  });

  it('a generator limit above the knee does not hide it: the target broke first, so the figure is the target\'s', async () => {
    const t = made(400, 500);
    const found = await searchRates(t.probe, opts);
    expect(found.verdict).toBe('measured');
    expect(found.rate).toBeGreaterThanOrEqual(256);
    expect(found.rate).toBeLessThan(400);
    expect(t.tried.some((s) => s.verdict === 'generator')).toBe(true);
  });

  it('a generator limit below the knee: inconclusive, searching below the limit for what held, never repeating a limited rate', async () => {
    const t = made(1000, 300);
    const found = await searchRates(t.probe, opts);
    expect(found).toEqual({ verdict: 'inconclusive', rate: 288, limit: 320 });
    expect(t.tried.filter((s) => s.rate === 288 && s.phase !== 'ramp')).toHaveLength(3);
    expect(t.tried.filter((s) => s.phase === 'repeat' && s.rate >= 300)).toEqual([]);
  });

  it('the generator failing the very first step: inconclusive with nothing held, after that one step', async () => {
    const t = made(1000, 1);
    expect(await searchRates(t.probe, opts)).toEqual({ verdict: 'inconclusive', rate: 0, limit: 4 });
    expect(t.tried).toHaveLength(1);
  });

  it('a repeat the generator limited takes the repeated rate out of the result, and the rate below is repeated in its place', async () => {
    const t = made(100, Infinity, (rate, phase) => (rate === 96 && phase === 'repeat' ? 'generator' : undefined));
    expect(await searchRates(t.probe, opts)).toEqual({ verdict: 'inconclusive', rate: 64, limit: 96 });
    expect(t.tried.filter((s) => s.rate === 64 && s.phase === 'repeat')).toHaveLength(3);
  });

  it('when every full-length run is the generator\'s, the search stops after two rounds of repeats below it', async () => {
    const t = made(Infinity, Infinity, (_rate, phase) => (phase === 'ramp' ? undefined : 'generator'));
    const found = await searchRates(t.probe, { ...opts, maxRate: 64 });
    expect(found.verdict).toBe('inconclusive');
    expect(t.tried.filter((s) => s.phase === 'repeat')).toHaveLength(9);
    expect(found).toEqual({ verdict: 'inconclusive', rate: 8, limit: 16 });
  });

  it('never breaking up to the highest rate allowed: at least that rate', async () => {
    const t = made(Infinity, Infinity);
    expect(await searchRates(t.probe, { ...opts, maxRate: 64 })).toEqual({ verdict: 'at-least', rate: 64 });
  });
});
