// Teeth both ways for `diff`: two correct emulators agree; an emulator with a
// semantic fault diverges, shrunk to a few steps; an emulator with a legal
// variation differs only in ways that variant's row explains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variantNames, type VariantName } from '../emulator/variants.ts';
import { legalRules } from './legal.ts';
import { resolveTarget, type Target } from '../target/index.ts';
import { resultLines } from './format.ts';
import { runDiff } from './run.ts';

const SEED = 20261125;

/** Faults a lockstep comparison of the generated steps reaches; see the README for the ones it cannot. */
export const DIFF_CATCHES = [
  'accept-stale', 'write-dropped', 'no-increment', 'page-drop', 'delta-ignored', 'tombstone-vanish', 'dataset-always-exists', 'stale-read',
  'iso-timestamps', 'no-error-type', 'conflict-as-400', 'no-dataset-sync-count', 'renamed-field', 'always-conflict', 'partial-apply',
  'page-dup', 'tombstone-loses-count', 'session-unbound', 'zero-sync-count-refused', 'endless-pages', 'max-results-ignored',
  'lagging-sync-count', 'no-update-echo',
] as const;

let target: Target;
beforeAll(async () => {
  target = await resolveTarget({ target: 'emulator' });
});
afterAll(() => target?.close());

async function against(reference: { faults?: string[]; variants?: string[] }, numRuns: number) {
  const ref = await resolveTarget({ target: 'emulator', ...reference });
  try {
    return await runDiff({ target, reference: ref, seed: SEED, numRuns });
  } finally {
    await ref.close();
  }
}

describe('diff teeth', () => {
  it('finds no divergence between two emulator instances', async () => {
    const o = await against({}, 40);
    expect(o.error).toBeUndefined();
    expect(o.counterexample).toBeUndefined();
    expect(o.ok).toBe(true);
    expect([...o.legal.keys()]).toEqual([]);
    expect(o.steps).toBeGreaterThan(40);
    console.log(`emulator pair: ${o.steps} steps in ${o.durationMs} ms, ${Math.round((o.steps / o.durationMs) * 1000)} steps/s`);
  });

  it.each(DIFF_CATCHES)('diverges from an emulator with the %s fault, shrunk to a few steps', async (fault) => {
    const o = await against({ faults: [fault] }, 150);
    expect(o.error).toBeUndefined();
    expect(o.ok).toBe(false);
    const steps = o.counterexample!;
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThanOrEqual(6);
    // Only the last step diverges beyond what is legal: a shorter prefix would have been the counterexample.
    expect(steps.at(-1)!.divergences.some((d) => !d.legal)).toBe(true);
    expect(steps.slice(0, -1).every((s) => s.divergences.every((d) => d.legal))).toBe(true);
    const [line] = resultLines(o, 'pair', 'replay');
    expect(line).toMatchObject({ suite: 'diff', status: 'fail', details: { failure: 'assertion' } });
    console.log(`${fault}: shrunk to ${steps.length} step(s): ${steps.map((s) => s.step).join(' ; ')}`);
  });

  // Variants whose difference survives normalising and so must show up as legal; throttling is retried away.
  const seenAsLegal: VariantName[] = ['deleted-flag-true', 'small-pages', 'omitted-optionals'];

  it.each(variantNames)('differs from an emulator with the %s variant only in legal ways that name it', async (variant: VariantName) => {
    const o = await against({ variants: [variant] }, 40);
    expect(o.error).toBeUndefined();
    expect(o.counterexample).toBeUndefined();
    expect(o.ok).toBe(true);
    expect([...o.legal.keys()].filter((v) => v !== variant)).toEqual([]);
    if (seenAsLegal.includes(variant)) expect(o.legal.get(variant)?.count).toBeGreaterThan(0);
    else expect('normalised' in legalRules[variant] || variant === 'throttling').toBe(true);
  });

  it('differs from an emulator with every variant at once only in legal ways', async () => {
    const o = await against({ variants: [...variantNames] }, 40);
    expect(o.counterexample).toBeUndefined();
    expect(o.ok).toBe(true);
    expect([...o.legal.keys()].every((v) => variantNames.includes(v))).toBe(true);
  });

  it('catches a fault on the target end as well as on the reference', async () => {
    const broken = await resolveTarget({ target: 'emulator', faults: ['write-dropped'] });
    try {
      const o = await runDiff({ target: broken, reference: target, seed: SEED, numRuns: 100 });
      expect(o.counterexample?.length).toBeLessThanOrEqual(6);
    } finally {
      await broken.close();
    }
  });
});
