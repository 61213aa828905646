// The Pact verifier is native code that prints its whole report on file descriptor 1,
// around Node's process.stdout, so it cannot be silenced from inside the process. A `run`
// therefore executes in a child whose fd 1 is a file (the verifier's log, copied into the
// run folder), while the harness's own lines travel on fd 3 to the real stdout.
// --verbose sends the verifier's output to stdout as well. Kept free of heavy imports:
// the parent only starts the child and relays.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redact } from '../results/redact.ts';

const ISOLATED = new Set(['run', 'selfcheck']);
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

export function needsSupervisor(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const command = argv[2];
  if (!command || !ISOLATED.has(command) || env.CSH_OUT_FD) return false;
  return !argv.includes('--help') && !argv.includes('-h');
}

/** Whether the harness may colour its output: a terminal, and no NO_COLOR (https://no-color.org). */
export function colourAllowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export async function supervise(argv: readonly string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'csh-verifier-'));
  const logFile = join(dir, 'pact-verifier.log');
  const logFd = openSync(logFile, 'w');
  const verbose = argv.includes('--verbose');
  const env = { ...process.env, CSH_OUT_FD: '3', CSH_VERIFIER_LOG: logFile };
  const child = spawn(process.execPath, [...process.execArgv, ...argv.slice(1)], { stdio: ['inherit', logFd, 'inherit', 'pipe'], env });
  closeSync(logFd);
  const colour = colourAllowed(process.stdout);
  // A reader that goes away early (`| head`) is not the run's failure.
  process.stdout.on('error', () => {});
  child.stdio[3]!.on('data', (d: Buffer) => process.stdout.write(colour ? d : stripAnsi(d.toString())));
  // A signal sent to us alone is passed on; at a terminal the child gets Ctrl-C twice, and its handler ignores the second.
  const onInt = () => child.kill('SIGINT');
  const onTerm = () => child.kill('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const code = await new Promise<number>((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal === 'SIGINT' ? 130 : 1))));
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  if (verbose) {
    const text = redact(readFileSync(logFile, 'utf8'));
    process.stdout.write(colour ? text : stripAnsi(text));
  }
  // A run copies the log into its run folder; other commands keep it where it is and say so.
  if (argv[2] === 'run') rmSync(dir, { recursive: true, force: true });
  else process.stderr.write(`Pact verifier output: ${logFile}\n`);
  return code;
}
