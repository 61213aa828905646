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

describe('the emulator command', () => {
  it("loads none of the suites' libraries: node:domain (aws-sdk v2 wraps every emit with it), aws-sdk, playwright-core, pact", async () => {
    // The CLI's modules as `emulator` loads them, in a fresh process; then what that process holds.
    const probe = `
      await import(${JSON.stringify(new URL('../main.ts', import.meta.url).href)});
      const { createRequire } = await import('node:module');
      const cached = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({
        domain: process.moduleLoadList.includes('NativeModule domain'),
        heavy: cached.filter((f) => /node_modules\\/(aws-sdk|amazon-cognito-js|playwright-core|@pact-foundation)\\//.test(f)).map((f) => f.split('node_modules/')[1].split('/').slice(0, 2).join('/')),
      }));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(timer);
    expect(code).toBe(0);
    const loaded = JSON.parse(out.trim().split('\n').at(-1)!) as { domain: boolean; heavy: string[] };
    expect([...new Set(loaded.heavy)]).toEqual([]);
    expect(loaded.domain).toBe(false);
  });
});
