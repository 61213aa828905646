import type { Command } from 'commander';
import { faultMatrix, formatMatrix } from '../../../property/faults.ts';
import { chooseSeed } from '../../../property/seed.ts';

export function registerSelfcheck(program: Command): void {
  program
    .command('selfcheck')
    .description('Run the property suite against the emulator with each fault switch on; print which property caught each fault')
    .option('--seed <n>', 'fast-check seed')
    .action(async (flags: { seed?: string }) => {
      const seed = flags.seed !== undefined ? Number(flags.seed) : chooseSeed();
      process.stdout.write(`fault matrix (seed ${seed})\n`);
      const rows = await faultMatrix({ seed });
      process.stdout.write(`${formatMatrix(rows)}\n`);
      process.exitCode = rows.every((r) => r.caughtBy) ? 0 : 1;
    });
}
