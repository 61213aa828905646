import { Option, type Command } from 'commander';
import { EXIT_CODES_HELP } from '../exit-codes.ts';
import { chooseSeed } from '../../../property/seed.ts';
import { HarnessError, isHarnessError } from '../../harness-error.ts';
import { redact } from '../../results/redact.ts';
import type { Suite } from '../../results/schema.ts';
import { runAll } from '../../run/run.ts';
import { availableSuites } from '../../run/suites.ts';
import { EXIT_UNREACHABLE } from '../../target/failures.ts';
import { harnessOutput } from '../output.ts';
import { colourAllowed } from '../supervise.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';
import { secondsFlag, seedFlag } from '../validate.ts';

type Flags = TargetFlags & { suite: string; reportDir: string; seed?: number; timeout: number; verbose?: boolean };

/** The watchdog's default: far above a full default run against the emulator (about 2 minutes). */
export const DEFAULT_RUN_TIMEOUT_S = 1800;

export function registerRun(program: Command): void {
  withTargetOptions(program.command('run'))
    .description('Run every suite against a target (the embedded emulator by default) and write results.jsonl, junit.xml and index.html')
    .option('--suite <list>', `comma-separated suites (${availableSuites.join(', ')})`, availableSuites.join(','))
    .option('--report-dir <dir>', 'where run folders go; <dir>/latest points at the newest', 'reports')
    .option('--seed <n>', 'fast-check seed for the property suite (an integer)', seedFlag)
    .addOption(new Option('--timeout <seconds>', 'watchdog for the whole run: past it the run stops, cleans up, writes its reports and exits 3')
      .argParser(secondsFlag('--timeout')).default(DEFAULT_RUN_TIMEOUT_S * 1000, `${DEFAULT_RUN_TIMEOUT_S}`))
    .option('--verbose', 'also print the Pact verifier\'s own report (always kept in <run folder>/pact-verifier.log)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags: Flags) => {
      const chosen = flags.suite.split(',').map((s) => s.trim()).filter(Boolean);
      if (chosen.length === 0) throw new HarnessError('--suite names no suite', `Use --suite with any of: ${availableSuites.join(', ')}`);
      for (const s of chosen) {
        if (!availableSuites.includes(s as Suite)) throw new HarnessError(`Unknown suite "${s}"`, `Use --suite with any of: ${availableSuites.join(', ')}`);
      }
      const out = outputLine();
      // The first line of every run names what it runs against.
      const spec = { ...specOf(flags), announce: out };
      const seed = flags.seed ?? chooseSeed();
      // Progress only for a person at a terminal (elapsed time and the case being run); CI logs stay quiet.
      const tty = process.stderr.isTTY === true;
      const ansi = colourAllowed(process.stderr);
      const runStarted = Date.now();
      const clear = () => process.stderr.write(ansi ? '\r\x1b[2K' : `\r${' '.repeat(Math.min(process.stderr.columns ?? 80, 120) - 1)}\r`);
      const interrupt = new AbortController();
      let exitCode = 1;
      const onSignal = () => {
        if (interrupt.signal.aborted) return;
        process.stderr.write('\ninterrupted: stopping k6, deleting this run\'s datasets and stopping the emulator\n');
        exitCode = 130;
        interrupt.abort(new HarnessError('Interrupted (Ctrl-C or SIGTERM)', 'What finished is in the report', 130));
        // A second chance never comes from a hung cleanup: give it a bounded time, then leave.
        setTimeout(() => process.exit(130), 60_000).unref();
      };
      const watchdog = setTimeout(() => {
        exitCode = EXIT_UNREACHABLE;
        interrupt.abort(new HarnessError(`The run did not end within its --timeout of ${flags.timeout / 1000} s`,
          'Raise --timeout, or check that the target answers in time', EXIT_UNREACHABLE));
        setTimeout(() => process.exit(EXIT_UNREACHABLE), 60_000).unref();
      }, flags.timeout);
      watchdog.unref();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let result;
      try {
        result = await runAll({
          spec, suites: chosen as Suite[], reportRoot: flags.reportDir, seed,
          progress: (m) => {
            if (!tty) return;
            clear();
            process.stderr.write(`[${Math.round((Date.now() - runStarted) / 1000)} s] ${m}`.slice(0, (process.stderr.columns ?? 80) - 1));
          },
          log: (line) => {
            if (tty) clear();
            out(line);
          },
          targetFlag: flags.target ? ` --target ${flags.target}` : '',
          signal: interrupt.signal,
        });
      } finally {
        clearTimeout(watchdog);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (tty) clear();
      const throttled = result.throttled ? ` · ${result.throttled} throttled calls retried` : '';
      out(`${result.ok ? 'PASS' : 'FAIL'} seed ${seed} · ${Object.entries(result.counts).map(([k, v]) => `${v} ${k}`).join(', ')}${throttled}`);
      for (const f of result.files) out(`  ${f}`);
      if (result.error) {
        process.stderr.write(`error: ${redact(result.error.message)}\n`);
        process.exitCode = interrupt.signal.aborted ? exitCode : isHarnessError(result.error) ? result.error.exitCode : 1;
        return;
      }
      process.exitCode = result.ok ? 0 : 1;
    });
}

function outputLine(): (line: string) => void {
  const write = harnessOutput();
  return (line) => write(`${line}\n`);
}
