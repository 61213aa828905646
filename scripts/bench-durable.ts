// What durability costs UpdateRecords: the CLI emulator in a child process,
// memory only and with --state-dir (every answer waits for its fsync, group
// commit), driven by a load client in another child process. Both runs in the
// same invocation, alternating; prints req/s, p50/p99 and the ratio per round
// and their medians. It does not assert: the machine is shared and noisy.
//
//   node --import tsx scripts/bench-durable.ts [--connections 16 --seconds 5 --rounds 3 --dir /path/on/the/disk/to/measure]
//
// --dir matters: on tmpfs an fsync costs nothing and the figure means nothing.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '16' }, seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' },
    dir: { type: 'string' }, load: { type: 'string' },
  },
});
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const MAX_REQUESTS_PER_CONNECTION = 200_000;
const BIN = fileURLToPath(new URL('../bin/cognito-sync-harness.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

type LoadResult = { requests: number; errors: number; seconds: number; p50: number; p99: number; firstError?: string };

// ---- the load process ---------------------------------------------------------------

async function runLoad(base: string): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  // --auth off: any key is the developer, so the load client spends nothing on signing.
  const headers = { authorization: 'AWS4-HMAC-SHA256 Credential=BENCH/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00' };
  const send = (method: string, path: string, body: string, extra: Record<string, string> = {}) => new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request(base + path, { method, agent, timeout: 10_000, headers: { ...headers, 'content-type': 'application/json', ...extra } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : {} });
      });
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body || undefined);
  });
  const identity = (op: string, input: object) => send('POST', '/', JSON.stringify(input), { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${op}` });
  const pool = (await identity('CreateIdentityPool', { IdentityPoolName: 'bench', AllowUnauthenticatedIdentities: true })).json.IdentityPoolId as string;
  const id = (await identity('GetId', { IdentityPoolId: pool })).json.IdentityId as string;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async (_, c) => {
    // One dataset per connection: no conflicts, every write a new key at SyncCount 0.
    const path = `/identitypools/${encodeURIComponent(pool)}/identities/${encodeURIComponent(id)}/datasets/bench-${c}`;
    const session = (await send('GET', `${path}/records`, '')).json.SyncSessionToken as string;
    for (let n = 0; n < MAX_REQUESTS_PER_CONNECTION && performance.now() < end; n++) {
      const body = JSON.stringify({ SyncSessionToken: session, RecordPatches: [{ Op: 'replace', Key: `k${n}`, Value: `value ${n}`, SyncCount: 0 }] });
      const t0 = performance.now();
      const r = await send('POST', path, body);
      latencies.push(performance.now() - t0);
      if (r.status !== 200 && errors++ === 0) firstError = `${r.status} ${JSON.stringify(r.json).slice(0, 200)}`;
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  agent.destroy();
  return { requests: latencies.length, errors, seconds, p50: pct(0.5), p99: pct(0.99), ...(firstError ? { firstError } : {}) };
}

// ---- the orchestrating process ------------------------------------------------------

function child(args: string[], until?: RegExp): Promise<{ match?: RegExpExecArray; done: Promise<string>; kill(): void }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} timed out; stderr: ${err}`));
    }, (SECONDS + 60) * 1000);
    const done = new Promise<string>((ok, fail) => p.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 || p.killed) ok(out);
      else fail(new Error(`${args.join(' ')} exited ${code}: ${err}`));
    }));
    done.catch(reject);
    p.stderr.on('data', (d: Buffer) => (err += d));
    p.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = until?.exec(out);
      if (m) resolve({ match: m, done, kill: () => p.kill('SIGTERM') });
    });
    if (!until) resolve({ done, kill: () => p.kill('SIGTERM') });
  });
}

async function measure(stateDir: string | undefined): Promise<LoadResult> {
  const emulator = await child([BIN, 'emulator', '--port', '0', '--auth', 'off', ...(stateDir ? ['--state-dir', stateDir] : [])], /listening on (\S+)\n/);
  try {
    const load = await child(['--import', 'tsx', SELF, '--load', emulator.match![1]!, '--connections', String(CONNECTIONS), '--seconds', String(SECONDS)]);
    return JSON.parse(await load.done) as LoadResult;
  } finally {
    emulator.kill();
    await emulator.done.catch(() => {});
  }
}

async function main(): Promise<void> {
  if (values.load) {
    process.stdout.write(JSON.stringify(await runLoad(values.load)));
    return;
  }
  const root = mkdtempSync(join(values.dir ?? tmpdir(), 'csh-bench-durable-'));
  const rounds: { memory: LoadResult; durable: LoadResult }[] = [];
  const rps = (r: LoadResult) => r.requests / r.seconds;
  try {
    for (let round = 0; round < Number(values.rounds); round++) {
      const pair: Partial<Record<'memory' | 'durable', LoadResult>> = {};
      for (const mode of ['memory', 'durable'] as const) {
        const r = await measure(mode === 'durable' ? join(root, `state-${round}`) : undefined);
        if (r.errors > 0) throw new Error(`${mode}: ${r.errors} answers were not 200 (first: ${r.firstError}); the figures would mean nothing`);
        console.log(`round ${round + 1} ${mode.padEnd(7)} ${rps(r).toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`);
        pair[mode] = r;
      }
      rounds.push(pair as { memory: LoadResult; durable: LoadResult });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  // Each round pairs two runs seconds apart, so its ratio is the least disturbed by a shared machine; the median resists outliers.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratios = rounds.map((r) => rps(r.durable) / rps(r.memory));
  console.log(`UpdateRecords (1 patch, ${CONNECTIONS} connections, load from another process), median of ${rounds.length} rounds:`);
  console.log(`  memory only     ${median(rounds.map((r) => rps(r.memory))).toFixed(0)} req/s, p99 ${median(rounds.map((r) => r.memory.p99)).toFixed(2)} ms`);
  console.log(`  --state-dir     ${median(rounds.map((r) => rps(r.durable))).toFixed(0)} req/s, p99 ${median(rounds.map((r) => r.durable.p99)).toFixed(2)} ms`);
  console.log(`  ratio durable/memory, per round ${ratios.map((x) => x.toFixed(2)).join(' ')}; median ${median(ratios).toFixed(2)}`);
}

await main();
