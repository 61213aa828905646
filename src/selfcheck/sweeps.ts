// How much of the fault and variant matrices `npm test` runs. CI runs a
// representative part to stay within its time budget on two cores; the whole
// of both runs in `npx cognito-sync-harness selfcheck` and in
// `CSH_SWEEPS=full npm test`. The README says which part CI runs.

import type { VariantName } from '../emulator/variants.ts';

export const FULL_SWEEPS = process.env.CSH_SWEEPS === 'full';

/**
 * The variants CI runs alone, besides all of them together: throttling (every
 * suite must retry, and the test checks it did), the two that change what a
 * walk sees most (small pages, opaque tokens), and the deleted flag, which
 * changes a verdict the clients and properties read.
 */
export const REPRESENTATIVE_VARIANTS: readonly VariantName[] = ['throttling', 'small-pages', 'opaque-tokens', 'deleted-flag-true'];

/** Why a per-suite sweep is not run here: it repeats what selfcheck.test.ts runs for every fault. */
export const PER_SUITE_SWEEP_NOTE = 'per-suite sweep: selfcheck.test.ts runs the same fault rows; CSH_SWEEPS=full runs this too';
