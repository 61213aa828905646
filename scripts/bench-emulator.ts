// Emulator throughput and p99 latency for the two hot paths, against a bare
// node:http server that returns an equally sized canned response, measured in
// the same run with the same load client. Prints figures and ratios; it does
// not assert (the machine is shared and noisy). Target: ratio >= 0.5.
//
//   npm run bench:emulator [-- --requests 20000 --concurrency 16]

import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { buildRequest } from '../src/client/request.ts';
import { startEmulator } from '../src/emulator/index.ts';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '16' }, seconds: { type: 'string', default: '20' } },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const TIME_CAP_MS = Number(values.seconds) * 1000;
// Set once the emulator's Cognito Identity has made them.
let POOL = '';
let ID = '';
const AUTH = 'AWS4-HMAC-SHA256 Credential=BENCH/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00';

type Req = { method: string; path: string; body: string };
type Result = { rps: number; p50: number; p99: number; done: number; errors: number };

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(base: string, r: Req): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(base + r.path, { method: r.method, agent, headers: { authorization: AUTH, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(r.body || undefined);
  });
}

/** Runs `next(worker)` from CONCURRENCY workers until REQUESTS are done or the time cap passes. */
async function load(base: string, next: (worker: number, last?: string) => Req): Promise<Result> {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, worker) => {
    let last: string | undefined;
    while (issued < REQUESTS && performance.now() - start < TIME_CAP_MS) {
      issued++;
      const t0 = performance.now();
      const res = await send(base, next(worker, last));
      latencies.push(performance.now() - t0);
      if (res.status !== 200) errors++;
      last = res.text;
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rps: latencies.length / seconds, p50: pct(0.5), p99: pct(0.99), done: latencies.length, errors };
}

async function bare(body: string): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const wire = (name: Parameters<typeof buildRequest>[0], input: Record<string, unknown>): Req => {
  const r = buildRequest(name, { IdentityPoolId: POOL, IdentityId: ID, ...input });
  return { method: r.method, path: r.path + (r.query ? `?${r.query}` : ''), body: r.body };
};

function row(name: string, emu: Result, base: Result): string {
  const f = (n: number) => n.toFixed(0).padStart(7);
  const ms = (n: number) => n.toFixed(2).padStart(6);
  return `${name.padEnd(14)} emulator ${f(emu.rps)} req/s p99 ${ms(emu.p99)} ms | bare ${f(base.rps)} req/s p99 ${ms(base.p99)} ms | ratio ${(emu.rps / base.rps).toFixed(2)}${emu.errors ? ` (${emu.errors} errors!)` : ''}`;
}

async function main(): Promise<void> {
  // The whole emulator as the CLI serves it, with signatures unchecked (the SigV4 cost is not what this measures).
  const emu = await startEmulator({ auth: 'off', onInternalError: (e) => console.error(e) });
  try {
    const identity = async (op: string, input: object) => {
      const res = await fetch(emu.url, {
        method: 'POST', body: JSON.stringify(input),
        headers: { 'x-amz-target': `AWSCognitoIdentityService.${op}`, 'content-type': 'application/x-amz-json-1.1', authorization: AUTH },
      });
      if (!res.ok) throw new Error(`bench setup: ${op} answered ${res.status}`);
      return (await res.json()) as Record<string, string>;
    };
    POOL = (await identity('CreateIdentityPool', { IdentityPoolName: 'bench', AllowUnauthenticatedIdentities: true })).IdentityPoolId!;
    ID = (await identity('GetId', { IdentityPoolId: POOL })).IdentityId!;
    // A 1,000-record dataset written in 10 batches of 100.
    const list = JSON.parse((await send(emu.url, wire('ListRecords', { DatasetName: 'bench' }))).text) as { SyncSessionToken: string };
    for (let b = 0; b < 10; b++) {
      const patches = Array.from({ length: 100 }, (_, i) => ({ Op: 'replace', Key: `key-${b}-${i}`, Value: `value-${b}-${i}-${'x'.repeat(20)}`, SyncCount: 0 }));
      await send(emu.url, wire('UpdateRecords', { DatasetName: 'bench', SyncSessionToken: list.SyncSessionToken, RecordPatches: patches }));
    }
    const listReq = wire('ListRecords', { DatasetName: 'bench', LastSyncCount: 5, MaxResults: 100 });
    const listBody = (await send(emu.url, listReq)).text;

    // UpdateRecords: each worker rewrites its own key, carrying the SyncCount the last response gave it.
    const counts = new Map<number, number>();
    const updateReq = (worker: number, last?: string): Req => {
      const written = last ? (JSON.parse(last) as { Records?: Array<{ SyncCount: number }> }).Records?.[0]?.SyncCount : undefined;
      if (written !== undefined) counts.set(worker, written);
      return wire('UpdateRecords', {
        DatasetName: 'bench-write', SyncSessionToken: writeToken,
        RecordPatches: [{ Op: 'replace', Key: `worker-${worker}`, Value: 'v', SyncCount: counts.get(worker) ?? 0 }],
      });
    };
    const writeToken = (JSON.parse((await send(emu.url, wire('ListRecords', { DatasetName: 'bench-write' }))).text) as { SyncSessionToken: string }).SyncSessionToken;
    const updateBody = (await send(emu.url, updateReq(CONCURRENCY + 1))).text;

    console.log(`bench:emulator — ${REQUESTS} requests per leg, concurrency ${CONCURRENCY}, cap ${TIME_CAP_MS / 1000}s per leg, Node ${process.version}`);
    for (const [name, req, body, next] of [
      ['ListRecords', listReq, listBody, () => listReq],
      ['UpdateRecords', undefined, updateBody, updateReq],
    ] as const) {
      const canned = await bare(body);
      try {
        // The bare server gets one fixed request: it answers the same bytes whatever it is sent.
        const fixed = req ?? next(0);
        await load(canned.url, () => fixed); // warm-up of the client path
        const base = await load(canned.url, () => fixed);
        counts.clear();
        const mine = await load(emu.url, next as (w: number, last?: string) => Req);
        console.log(row(name, mine, base));
      } finally {
        canned.close();
      }
    }
  } finally {
    agent.destroy();
    await emu.close();
  }
}

await main();
