// `emulator --cors-origin`: checked before anything starts, and what it allows is what the emulator answers.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/cognito-sync-harness.js', import.meta.url));

function preflightOrigin(url: string, origin: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' }, timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.headers['access-control-allow-origin'] as string | undefined);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject).end();
  });
}

describe('emulator --cors-origin', () => {
  it('refuses a value that is not an origin in one line with exit 2', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--cors-origin', 'localhost:3000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(timer);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: --cors-origin localhost:3000 is not an origin pattern\. Use \*/);
  });

  it('allows exactly the repeated origins given', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--cors-origin', 'https://app.example', '--cors-origin', 'http://dev.example:*'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          const m = /listening on (\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('close', () => reject(new Error(`emulator exited before listening: ${out}`)));
      });
      expect(await preflightOrigin(url, 'https://app.example')).toBe('https://app.example');
      expect(await preflightOrigin(url, 'http://dev.example:8080')).toBe('http://dev.example:8080');
      expect(await preflightOrigin(url, 'http://localhost:3000')).toBeUndefined();
    } finally {
      child.kill('SIGTERM');
      clearTimeout(timer);
    }
  });
});
