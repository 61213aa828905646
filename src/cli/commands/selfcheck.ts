import type { Command } from 'commander';
import { faultMatrix, formatMatrix } from '../../../property/faults.ts';
import { chooseSeed, parseSeed } from '../../../property/seed.ts';
import { parseFaults, semanticFaults } from '../../emulator/faults.ts';
import { HarnessError } from '../../harness-error.ts';
import { pickCases, positiveInteger } from './properties.ts';

export type SelfcheckFlags = { seed?: string; numRuns?: string; parallel?: string; all?: boolean; fault?: string[]; case?: string[] };

export function registerSelfcheck(program: Command): void {
  program
    .command('selfcheck')
    .description('Run the property suite against the emulator once per semantic fault switch; print which property caught each fault, and fail if any went uncaught')
    .option('--seed <n>', 'fast-check seed (default: CSH_SEED, a fixed seed when CI=true, else random)')
    .option('--num-runs <n>', 'numRuns of every property per fault', '10')
    .option('--parallel <n>', 'emulators running at once', '3')
    .option('--all', 'run every property against every fault instead of stopping at the first catch')
    .option('--fault <name...>', `check only these faults (${semanticFaults.join(', ')})`)
    .option('--case <name...>', 'run only these properties')
    .action(async (flags: SelfcheckFlags) => {
      process.exitCode = await selfcheckCommand(flags, (s) => process.stdout.write(s));
    });
}

export async function selfcheckCommand(flags: SelfcheckFlags, out: (text: string) => void): Promise<number> {
  const seed = flags.seed !== undefined ? parseSeed(flags.seed, '--seed') : chooseSeed();
  const numRuns = positiveInteger(flags.numRuns ?? '10', '--num-runs');
  const parallel = positiveInteger(flags.parallel ?? '3', '--parallel');
  const faults = flags.fault?.length ? [...parseFaults(flags.fault)] : semanticFaults;
  for (const f of faults) {
    if (!semanticFaults.includes(f)) throw new HarnessError(`"${f}" is a wire fault`, `The property suite checks semantic faults (${semanticFaults.join(', ')}); wire faults belong to the contracts`);
  }
  const cases = pickCases(flags.case);
  out(`fault matrix · seed ${seed} · numRuns ${numRuns} · ${faults.length} faults × ${cases.length} properties\n`);
  const rows = await faultMatrix({ seed, numRuns, parallel, faults, cases, exhaustive: flags.all === true });
  out(`${formatMatrix(rows)}\n`);
  const missed = rows.filter((r) => r.caughtBy.length === 0);
  out(missed.length === 0 ? `PASS · all ${rows.length} faults caught\n` : `FAIL · ${missed.length} of ${rows.length} faults not caught: ${missed.map((r) => r.fault).join(', ')}\n`);
  return missed.length === 0 ? 0 : 1;
}
