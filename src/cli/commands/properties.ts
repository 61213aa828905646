import type { Command } from 'commander';
import { loadDeviations } from '../../../property/deviations.ts';
import { findCase, registry } from '../../../property/registry.ts';
import { runProperties } from '../../../property/run.ts';
import { chooseSeed } from '../../../property/seed.ts';
import { HarnessError } from '../../harness-error.ts';
import { resolveTarget } from '../../target/index.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';

type Flags = TargetFlags & { seed?: string; path?: string; case?: string[]; numRuns?: string };

export function registerProperties(program: Command): void {
  withTargetOptions(program.command('properties'))
    .description('Run the fast-check property suite (sync counts, deltas, pagination, model-based, concurrency) against a target')
    .option('--seed <n>', 'fast-check seed (default: CSH_SEED, a fixed seed in CI, else random)')
    .option('--path <path>', 'replay path printed with a failure')
    .option('--case <name...>', `run only these properties (${registry.length} in all)`)
    .option('--num-runs <n>', "override every property's numRuns")
    .action(async (flags: Flags) => {
      const seed = flags.seed !== undefined ? Number(flags.seed) : chooseSeed();
      if (!Number.isSafeInteger(seed)) throw new HarnessError(`--seed ${flags.seed} is not an integer`, 'Pass the seed printed with the failure');
      const cases = (flags.case ?? registry.map((c) => c.name)).map((name) => {
        const c = findCase(name);
        if (!c) throw new HarnessError(`No property named ${name}`, `Use one of: ${registry.map((x) => x.name).join(', ')}`);
        return c;
      });
      const numRuns = flags.numRuns !== undefined ? Number(flags.numRuns) : undefined;
      if (flags.path && cases.length !== 1) throw new HarnessError('--path replays one property', 'Add --case NAME with the name printed beside the path');
      const target = await resolveTarget(specOf(flags));
      process.stdout.write(`properties against ${target.name}, seed ${seed}\n`);
      try {
        const { ok, problems } = await runProperties({
          target, seed, cases, deviations: loadDeviations(), ...(flags.path ? { path: flags.path } : {}), ...(numRuns ? { numRuns } : {}),
          onOutcome: (o) => process.stdout.write(`${o.status.padEnd(13)} ${o.case} (${o.durationMs} ms)${o.reason ? `\n  ${o.reason.replace(/\n/g, '\n  ')}` : ''}\n`),
        });
        for (const p of problems) process.stdout.write(`deviation problem: ${p}\n`);
        process.exitCode = ok ? 0 : 1;
      } finally {
        await target.close();
      }
    });
}
