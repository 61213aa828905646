import type { Command } from 'commander';
import { chooseSeed, parseSeed } from '../../../property/seed.ts';
import { faultNames, parseFaults, type FaultName } from '../../emulator/faults.ts';
import { parseVariants, variantNames, type VariantName } from '../../emulator/variants.ts';
import { CATCHING_SUITES, coverage } from '../../selfcheck/coverage.ts';
import { checkFault, checkVariants, pool, type FaultRow, type VariantRow } from '../../selfcheck/run.ts';
import { harnessOutput } from '../output.ts';
import { positiveInteger } from './properties.ts';

export type SelfcheckFlags = {
  seed?: string; numRuns?: string; parallel?: string;
  fault?: string[]; variant?: string[]; faults?: boolean; variants?: boolean; together?: boolean;
};

export function registerSelfcheck(program: Command): void {
  program
    .command('selfcheck')
    .description('Prove the suites: each fault switch must be caught, on an assertion, by every case the coverage table declares for it; each legal-variation switch, alone and all together, must leave every suite green')
    .option('--seed <n>', 'fast-check seed (default: CSH_SEED, a fixed seed when CI=true, else random)')
    .option('--num-runs <n>', 'numRuns of every property', '10')
    .option('--parallel <n>', 'emulators checked at once', '2')
    .option('--fault <name...>', `check only these faults (${faultNames.join(', ')})`)
    .option('--variant <name...>', `check only these variants, one at a time (${variantNames.join(', ')})`)
    .option('--no-faults', 'skip the fault table')
    .option('--no-variants', 'skip the variants')
    .option('--no-together', 'skip the run with every variant switched on at once')
    .action(async (flags: SelfcheckFlags) => {
      process.exitCode = await selfcheckCommand(flags, harnessOutput());
    });
}

export type SelfcheckPlan = { seed: number; numRuns: number; parallel: number; faults: FaultName[]; variantRuns: VariantName[][] };

export function planSelfcheck(flags: SelfcheckFlags): SelfcheckPlan {
  const seed = flags.seed !== undefined ? parseSeed(flags.seed, '--seed') : chooseSeed();
  const faults = flags.faults === false ? [] : flags.fault?.length ? [...parseFaults(flags.fault)] : [...faultNames];
  const alone = flags.variants === false ? [] : flags.variant?.length ? [...parseVariants(flags.variant)] : [...variantNames];
  const variantRuns = [...alone.map((v) => [v]), ...(flags.variants !== false && flags.together !== false ? [[...variantNames]] : [])];
  return {
    seed, faults, variantRuns,
    numRuns: positiveInteger(flags.numRuns ?? '10', '--num-runs'),
    parallel: positiveInteger(flags.parallel ?? '2', '--parallel'),
  };
}

export async function selfcheckCommand(flags: SelfcheckFlags, out: (text: string) => void): Promise<number> {
  const plan = planSelfcheck(flags);
  const opts = { seed: plan.seed, numRuns: plan.numRuns };
  out(`selfcheck · seed ${plan.seed} · numRuns ${plan.numRuns} · ${plan.faults.length} faults · ${plan.variantRuns.length} variant runs\n`);
  const faultRows = await pool(plan.faults, plan.parallel, (f) => checkFault(f, coverage[f], opts));
  if (faultRows.length) out(`faults: each must be caught, on an assertion, by every case declared for it\n${formatFaults(faultRows)}\n`);
  const variantRows = await pool(plan.variantRuns, plan.parallel, (v) => checkVariants(v, opts));
  if (variantRows.length) out(`variants: every suite must pass\n${formatVariants(variantRows)}\n`);
  const missed = faultRows.filter((r) => !r.caught);
  const failed = variantRows.filter((r) => !r.passed);
  const ok = missed.length === 0 && failed.length === 0;
  out(`${ok ? 'PASS' : 'FAIL'} · ${faultRows.length - missed.length} of ${faultRows.length} faults caught · ${variantRows.length - failed.length} of ${variantRows.length} variant runs passed\n`);
  return ok ? 0 : 1;
}

const pad = (s: string, n: number) => s.padEnd(n);

export function formatFaults(rows: FaultRow[]): string {
  const width = Math.max(...rows.map((r) => r.fault.length));
  return rows.map((r) => {
    const caught = r.cases.filter((c) => c.caught).length;
    const head = `  ${pad(r.fault, width)}  ${r.caught ? 'caught' : 'MISSED'}  ${caught}/${r.cases.length}`;
    // A passing row lists its catchers by suite; a missed one says what each case that did not catch did instead.
    const detail = r.caught
      ? CATCHING_SUITES.map((s) => [s, r.cases.filter((c) => c.suite === s).length] as const).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(' · ')
      : r.cases.filter((c) => !c.caught).map((c) => `\n      ${c.suite} · ${c.case}: ${c.how}`).join('');
    return `${head}  ${detail}`;
  }).join('\n');
}

export function formatVariants(rows: VariantRow[]): string {
  const name = (r: VariantRow) => (r.variants.length === variantNames.length && r.variants.length > 1 ? 'all together' : r.variants.join('+'));
  const width = Math.max(...rows.map((r) => name(r).length));
  return rows.map((r) => {
    const notes = [r.notApplicable.length ? `${r.notApplicable.length} not-applicable` : '', r.throttled ? `${r.throttled} throttled calls retried` : ''].filter(Boolean).join(', ');
    const failures = r.failures.map((f) => `\n      ${f}`).join('');
    return `  ${pad(name(r), width)}  ${r.passed ? 'passed' : 'FAILED'}${notes ? `  (${notes})` : ''}${failures}`;
  }).join('\n');
}
