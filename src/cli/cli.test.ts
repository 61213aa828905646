import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/cognito-sync-harness.js', import.meta.url));

function run(args: string[], until?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('cognito-sync-harness CLI', () => {
  it('prints help for the program and for each command', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    const section = top.stdout.slice(top.stdout.indexOf('Commands:'), top.stdout.indexOf('Exit codes:'));
    const commands = [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThan(5);
    expect(commands).toContain('emulator');
    for (const command of commands) {
      const help = await run([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/^Usage: cognito-sync-harness /);
    }
  });

  it('starts the emulator on loopback and prints one listening line', async () => {
    const r = await run(['emulator', '--port', '0'], /listening on /);
    expect(r.stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n/);
  });

  it('reports a dead endpoint in one line and a non-zero exit (run() kills it after 20 s)', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const r = await run(['run', '--target', `http://127.0.0.1:${port}`, '--report-dir', 'reports/test-results/dead']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: Cannot reach http:\/\/127\.0\.0\.1:\d+ \(connection refused\)\. /);
  });

  it('on Ctrl-C during a load run, stops k6, deletes the run\'s datasets and exits 130', async () => {
    const { startEmulator } = await import('../emulator/index.ts');
    const emulator = await startEmulator({});
    const { mkdtempSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    // A temp dir of the child's own: other test files run k6 at the same time and leave theirs in the shared one.
    const privateTmp = mkdtempSync(join(tmpdir(), 'csh-cli-'));
    const fixtureDirs = () => readdirSync(privateTmp).filter((f) => f.startsWith('csh-k6-'));
    const child = spawn(process.execPath, [BIN, 'run', '--suite', 'load', '--target', emulator.url, '--report-dir', 'reports/test-results/interrupted'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: privateTmp } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    // Wait until the seeded load datasets exist (k6 is running on them), then interrupt.
    for (let i = 0; i < 200 && emulator.emulator.sync.datasetCount() === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(emulator.emulator.sync.datasetCount()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted: stopping k6');
    expect(emulator.emulator.sync.datasetCount()).toBe(0);
    // k6's private fixtures file (temporary credentials) is gone.
    expect(fixtureDirs()).toEqual([]);
    // No k6 is left writing to the emulator.
    const sessionsBefore = emulator.emulator.pools.sessions(emulator.emulator.sync.knownPoolIds()[0]!);
    await new Promise((r) => setTimeout(r, 1500));
    expect(emulator.emulator.pools.sessions(emulator.emulator.sync.knownPoolIds()[0]!)).toBe(sessionsBefore);
    await emulator.close();
  }, 60_000);

  it('answers bad flags with one line naming the cause and the fix, and a non-zero exit', async () => {
    const r = await run(['emulator', '--fault', 'no-such-fault']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: Unknown fault "no-such-fault"\. Use one of: /);
  });
});
