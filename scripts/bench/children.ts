// Child processes of bench:emulator: each started with a deadline for its
// first line, each stopped by its own pid. Nothing here outlives the bench.

import { spawn, type ChildProcess } from 'node:child_process';

export type Child = { proc: ChildProcess; firstLine: string; stop(): Promise<void> };

const NODE_TS = ['--import', 'tsx'];

/** Starts `node [nodeArgs] --import tsx script args` (without tsx for a script that registers it itself) and waits (bounded) for its first stdout line. */
export function startChild(script: string, args: string[], opts: { nodeArgs?: string[]; deadlineMs?: number; cwd?: string; tsx?: boolean } = {}): Promise<Child> {
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...(opts.tsx === false ? [] : NODE_TS), script, ...args], {
    cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const deadlineMs = opts.deadlineMs ?? 30_000;
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-2000);
  });
  const stop = () => new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const kill = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let settled = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} printed nothing within ${deadlineMs} ms${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`));
    }, deadlineMs);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0 && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ proc, firstLine: out.slice(0, nl), stop });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      if (!settled) reject(new Error(`${script} exited (${code}) before printing${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`));
    });
  });
}

/** Runs a child that prints one line when done (bounded by deadlineMs), then waits for it to exit. */
export async function runChild(script: string, args: string[], opts: { nodeArgs?: string[]; deadlineMs: number; cwd?: string }): Promise<string> {
  const child = await startChild(script, args, opts);
  await new Promise<void>((resolve) => {
    if (child.proc.exitCode !== null) return resolve();
    const timer = setTimeout(() => void child.stop().then(resolve), 10_000);
    child.proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return child.firstLine;
}

/** The URL in a "listening on URL" line. */
export function listeningUrl(line: string): string {
  const m = /listening on (http:\/\/\S+)/.exec(line);
  if (!m) throw new Error(`expected "listening on URL", got: ${line.slice(0, 200)}`);
  return m[1]!;
}
