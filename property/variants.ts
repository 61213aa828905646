// The other side of teeth: the properties against emulators with
// legal-variation switches on. A correct backend may answer that way, so every
// property must pass under each variant alone and under all of them together.

import { variantNames, type VariantName } from '../src/emulator/variants.ts';
import { resolveTarget } from '../src/target/index.ts';
import { addIdentityPools } from './pools.ts';
import { registry } from './registry.ts';
import { capRuns, runProperties, type PropertyOutcome } from './run.ts';
import type { PropertyCase } from './types.ts';

export type VariantRun = {
  variants: VariantName[];
  ok: boolean;
  /** Cases that did not pass. */
  notPassing: PropertyOutcome[];
  outcomes: PropertyOutcome[];
  durationMs: number;
  /** 429 answers the harness client retried (the throttling variant). */
  throttled: number;
};

export type VariantRunOptions = {
  seed: number;
  cases?: readonly PropertyCase[];
  /** At most this many runs per property (a property's own numRuns when lower). */
  numRuns?: number;
  /** Budget multiplier; 4 by default, as 2 cores are shared and throttling adds retries. */
  budgetScale?: number;
};

/** Every case against one emulator with these variants on. */
export async function runWithVariants(variants: readonly VariantName[], opts: VariantRunOptions): Promise<VariantRun> {
  const started = performance.now();
  const target = await resolveTarget({ target: 'emulator', variants: [...variants] });
  try {
    await addIdentityPools(target, 4);
    const { outcomes } = await runProperties({ target, seed: opts.seed, cases: capRuns(opts.cases ?? registry, opts.numRuns), budgetScale: opts.budgetScale ?? 4 });
    const notPassing = outcomes.filter((o) => o.status !== 'pass');
    return { variants: [...variants], ok: notPassing.length === 0, notPassing, outcomes, durationMs: Math.round(performance.now() - started), throttled: target.stats.throttled };
  } finally {
    await target.close();
  }
}

export function formatVariantRun(r: VariantRun): string {
  const head = `${r.variants.length === variantNames.length ? 'all variants' : r.variants.join(' + ')}: ${r.ok ? 'pass' : `${r.notPassing.length} not passing`} (${r.durationMs} ms${r.throttled ? `, ${r.throttled} throttled answers retried` : ''})`;
  return [head, ...r.notPassing.map((o) => `  ${o.status}${o.failure ? ` (${o.failure})` : ''} ${o.case}: ${o.reason?.split('\n')[0] ?? ''}`)].join('\n');
}
