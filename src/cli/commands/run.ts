import type { Command } from 'commander';
import { chooseSeed } from '../../../property/seed.ts';
import { HarnessError } from '../../harness-error.ts';
import type { Suite } from '../../results/schema.ts';
import { runAll } from '../../run/run.ts';
import { availableSuites } from '../../run/suites.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';

type Flags = TargetFlags & { suite: string; reportDir: string; seed?: string };

export function registerRun(program: Command): void {
  withTargetOptions(program.command('run'))
    .description('Run every suite against a target (the embedded emulator by default) and write results.jsonl, junit.xml and index.html')
    .option('--suite <list>', `comma-separated suites (${availableSuites.join(', ')})`, availableSuites.join(','))
    .option('--report-dir <dir>', 'where run folders go; <dir>/latest points at the newest', 'reports')
    .option('--seed <n>', 'fast-check seed for the property suite')
    .action(async (flags: Flags) => {
      const chosen = flags.suite.split(',').map((s) => s.trim()).filter(Boolean);
      for (const s of chosen) {
        if (!availableSuites.includes(s as Suite)) throw new HarnessError(`Unknown suite "${s}"`, `Use --suite with any of: ${availableSuites.join(', ')}`);
      }
      const seed = flags.seed !== undefined ? Number(flags.seed) : chooseSeed();
      // Progress only for a person at a terminal; CI logs stay quiet.
      const tty = process.stderr.isTTY;
      let close: (() => Promise<void>) | undefined;
      const interrupt = new AbortController();
      const onSignal = () => {
        process.stderr.write('\ninterrupted: stopping k6, deleting this run\'s datasets and stopping the emulator\n');
        interrupt.abort();
        void (close ? close() : Promise.resolve()).finally(() => process.exit(130));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const result = await runAll({
        spec: specOf(flags), suites: chosen as Suite[], reportRoot: flags.reportDir, seed,
        progress: (m) => tty && process.stderr.write(`\r\x1b[2K${m}`),
        onTarget: (c) => (close = c),
        signal: interrupt.signal,
      });
      if (tty) process.stderr.write('\r\x1b[2K');
      const throttled = result.throttled ? ` · ${result.throttled} throttled calls retried` : '';
      process.stdout.write(`${result.ok ? 'PASS' : 'FAIL'} seed ${seed} · ${Object.entries(result.counts).map(([k, v]) => `${v} ${k}`).join(', ')}${throttled}\n`);
      for (const f of result.files) process.stdout.write(`  ${f}\n`);
      process.exitCode = result.ok ? 0 : 1;
    });
}
