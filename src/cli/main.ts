// CLI entry: one commander program; each command lives in commands/<name>.ts.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { redact } from '../results/redact.ts';
import { registerCapacity } from './commands/capacity.ts';
import { registerContracts } from './commands/contracts.ts';
import { registerDiff } from './commands/diff.ts';
import { registerEmulator } from './commands/emulator.ts';
import { registerLoad } from './commands/load.ts';
import { registerProperties } from './commands/properties.ts';
import { registerRun } from './commands/run.ts';
import { registerSelfcheck } from './commands/selfcheck.ts';
import { isHarnessError } from '../harness-error.ts';
import { applyConfigFile } from './config-file.ts';
import { EXIT_CODES_HELP } from './exit-codes.ts';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function buildProgram(): Command {
  const program = new Command('cognito-sync-harness')
    .description('Contract, property and load tests for the Amazon Cognito Sync API, with an embedded emulator')
    // Usage errors stay on one line: the pointer to --help joins the message instead of following it.
    .configureOutput({ outputError: (message, write) => write(`${message.trimEnd()} (run with --help for usage)\n`) })
    .version(version, '--version', 'print the harness version')
    .addHelpText('after', EXIT_CODES_HELP)
    // The program's own options (--version) only before a command, so a command's --version (can-i-deploy, record-*) is its own.
    .enablePositionalOptions()
    .exitOverride();
  program.hook('preAction', (_program, action) => void applyConfigFile(action));
  registerRun(program);
  registerContracts(program);
  registerEmulator(program);
  registerLoad(program);
  registerCapacity(program);
  registerProperties(program);
  registerSelfcheck(program);
  registerDiff(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    // Help and --version end with 0; every parse or validation error is a usage error.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isHarnessError(e)) {
      process.stderr.write(`error: ${redact(e.message)}\n`);
      return e.exitCode;
    }
    // Anything else is a harness bug: keep the stack for the report, but never leak secrets.
    process.stderr.write(`internal error: ${redact(e instanceof Error ? (e.stack ?? e.message) : String(e))}\n`);
    return 70;
  }
}
