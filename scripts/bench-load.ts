// Load-suite benchmarks, printed as figures and ratios (no assertions):
//  1. the signer profiled: microseconds per SigV4 signature inside k6 (with and
//     without the per-VU signing cache) and in Node, next to building the request.
//  2. k6 requests/s with SigV4 signing against unsigned, on one endpoint
//     (ListRecords, the list-records scenario) of one emulator running in its own
//     process with --auth off (it accepts both), legs interleaved in rounds so
//     that the machine's drift hits both alike. Target: signed >= 0.85 of unsigned.
//     On a machine that other work shares, requests/s swings from round to round;
//     requests per CPU-second of the k6 process does not, and it is the
//     throughput a CPU-bound load generator reaches, so both are printed.
//  3. achieved against requested arrival rate at the smoke rate: within 1%, 0 dropped.
//
//   npm run bench:load [-- --seconds 4 --rounds 7 --rate 3000 --vus 12]

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { buildRequest } from '../src/client/request.ts';
import { nodeCrypto } from '../src/sigv4/crypto-node.ts';
import { sign, signingCache } from '../src/sigv4/index.ts';

// The harness supports Node 20 on purpose (README); the SDK's Node-22 notice is noise here. Set before the SDK loads.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { k6Binary, prepareFixtures, runLoad } = await import('../load/run.ts');
const { resolveTarget } = await import('../src/target/index.ts');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '4' }, rounds: { type: 'string', default: '7' }, rate: { type: 'string', default: '3000' }, signs: { type: 'string', default: '5000' }, vus: { type: 'string', default: '12' } } });
const seconds = Number(values.seconds);
const rounds = Math.max(1, Math.min(15, Number(values.rounds)));
// Enough VUs to keep k6 busy (at 1-2 ms of k6 CPU a request, 12 reach its ceiling of about 2,000 req/s here), and
// no more: every VU keeps a JS runtime on the heap, and Go's collector marks them all on each cycle, so idle
// VUs charge every allocation (signing's included) again. With 64 the ratio by CPU measured 0.82-0.91, with 12 0.85-0.94.
const vus = Math.max(1, Math.min(256, Number(values.vus)));
const out = mkdtempSync(join(tmpdir(), 'csh-bench-load-'));

// 1. The signer under k6 and under Node.
const k6 = k6Binary();
await build({ entryPoints: [join(ROOT, 'load/bench/sign.ts')], outfile: join(out, 'sign.js'), bundle: true, format: 'esm', platform: 'browser', target: 'es2020', external: ['k6', 'k6/*'], logLevel: 'warning' });
const consoleFile = join(out, 'sign-console.log');
await new Promise<void>((resolve, reject) => {
  const child = spawn(k6, ['run', '--quiet', '--no-summary', '--log-format', 'raw', '--console-output', consoleFile, join(out, 'sign.js')], { env: { ...process.env, CSH_SIGNS: values.signs, K6_NO_USAGE_REPORT: 'true' }, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  child.on('error', reject);
  child.on('close', (code) => (clearTimeout(timer), code === 0 ? resolve() : reject(new Error(`the k6 signing benchmark ended with code ${code}`))));
});
const k6Sign = JSON.parse(readFileSync(consoleFile, 'utf8').split('\n').find((l) => l.startsWith('{"csh":"sign-bench"'))!) as { cachedUs: number; uncachedUs: number; buildUs: number };
const req = buildRequest('ListRecords', { IdentityPoolId: 'us-east-1:0c1ba052-e098-41fa-a76e-eaa2c125f861', IdentityId: 'us-east-1:4d5e6f70-e098-41fa-a76e-eaa2c125f862', DatasetName: 'csh-bench-load-list-records', LastSyncCount: 0, MaxResults: 67 });
const nodeUs = (cached: boolean) => {
  const n = Number(values.signs) * 4;
  const cache = cached ? signingCache() : undefined;
  const http = { method: req.method, host: '127.0.0.1:4599', path: req.path, query: req.query, headers: req.headers, body: req.body };
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sign(http, { credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, region: 'us-east-1', service: 'cognito-sync', now: () => new Date(), crypto: nodeCrypto, ...(cache ? { cache } : {}) });
  return Number(process.hrtime.bigint() - start) / 1000 / n;
};
const [nodeCached, nodeUncached] = [nodeUs(true), nodeUs(false)];
console.log(`bench:load — Node ${process.version}, k6 ${k6}`);
console.log(`signer in k6: ${k6Sign.cachedUs.toFixed(1)} us/signature with the per-VU cache, ${k6Sign.uncachedUs.toFixed(1)} us without (building the request: ${k6Sign.buildUs.toFixed(1)} us)`);
console.log(`signer in Node: ${nodeCached.toFixed(1)} us/signature with the cache, ${nodeUncached.toFixed(1)} us without`);

// 2. and 3. against an emulator in a process of its own, on loopback.
const emulator: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/cognito-sync-harness.js'), 'emulator', '--port', '0', '--auth', 'off'], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 60 s')), 60_000);
    emulator.stdout!.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/\S+)/.exec((text += d));
      if (m) (clearTimeout(timer), resolve(m[1]!));
    });
    emulator.on('close', (code) => reject(new Error(`the emulator ended with code ${code}`)));
  });
  const target = await resolveTarget({ target: url });
  try {
    const fixtures = await prepareFixtures(target, { scenario: 'list-records', identities: 2, datasetSize: 50 });
    // A rate far above what one machine sustains, so each leg runs flat out and requests/s is the measure.
    const leg = async (unsigned: boolean, round: number) => {
      const cpuBefore = childCpuSeconds();
      const r = await runLoad({ target, scenario: 'list-records', fixtures: { ...fixtures, unsigned }, unsigned, rate: Number(values.rate), duration: `${seconds}s`, maxVUs: vus, outDir: join(out, `${unsigned ? 'unsigned' : 'signed'}-${round}`), thresholds: { p95: 1e9, p99: 1e9 } });
      const http = r.summary.metrics.http_reqs!.values;
      const cpu = childCpuSeconds() - cpuBefore;
      return { rate: http.rate!, perCpu: cpu > 0 ? http.count! / cpu : NaN };
    };
    const byRate: number[] = [];
    const byCpu: number[] = [];
    let signedSum = 0;
    let unsignedSum = 0;
    for (let round = 1; round <= rounds; round++) {
      // Alternate which leg goes first, so a machine getting busier or quieter favours neither.
      const [a, b] = round % 2 ? [true, false] : [false, true];
      const first = await leg(a, round);
      const second = await leg(b, round);
      const [unsigned, signed] = a ? [first, second] : [second, first];
      byRate.push(signed.rate / unsigned.rate);
      byCpu.push(signed.perCpu / unsigned.perCpu);
      signedSum += signed.rate;
      unsignedSum += unsigned.rate;
      console.log(`  round ${round}: signed ${signed.rate.toFixed(0)} req/s (${signed.perCpu.toFixed(0)} per k6 CPU-second), unsigned ${unsigned.rate.toFixed(0)} req/s (${unsigned.perCpu.toFixed(0)}), ratio ${(signed.rate / unsigned.rate).toFixed(2)} by req/s, ${(signed.perCpu / unsigned.perCpu).toFixed(2)} by CPU`);
    }
    // Medians of the rounds: one round that another process on the machine disturbed moves them least.
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    console.log(`SigV4 in k6 (ListRecords, ${rounds} rounds of ${seconds}s flat out per leg with up to ${vus} VUs, emulator --auth off in its own process): signed ${(signedSum / rounds).toFixed(0)} req/s, unsigned ${(unsignedSum / rounds).toFixed(0)} req/s; signed/unsigned ${median(byRate).toFixed(2)} by req/s, ${median(byCpu).toFixed(2)} by requests per k6 CPU-second (medians of rounds; target >= 0.85)`);

    const smoke = await runLoad({ target, scenario: 'list-records', profile: 'smoke', rate: 5, duration: '10s', identities: 1, datasetSize: 10, outDir: join(out, 'smoke') });
    const m = smoke.summary.metrics;
    const iterations = m.iterations!.values.count!;
    const achieved = m.iterations!.values.rate!;
    const dropped = m.dropped_iterations?.values.count ?? 0;
    // constant-arrival-rate starts an iteration at each 1/rate step from 0 through the end, the end included: 50 steps
    // in 10 s start 51 iterations. The target counts that boundary iteration as on time.
    const requested = 5 * 10;
    const onTime = Math.abs(iterations - requested) <= Math.max(1, requested * 0.01) && dropped === 0;
    console.log(`arrival rate at the smoke rate: requested 5.00/s, achieved ${achieved.toFixed(2)}/s (${((achieved / 5) * 100).toFixed(1)}%; ${iterations} iterations in 10 s for ${requested} requested), dropped ${dropped} (target: within 1% or the one boundary iteration, 0 dropped) ${onTime ? 'met' : 'NOT met'}`);
  } finally {
    await target.close();
  }
} finally {
  emulator.kill('SIGTERM');
}

/**
 * CPU seconds (user + system) of this process's finished children, from
 * /proc/self/stat (cutime and cstime; proc(5)). The emulator child is still
 * running, so a leg's difference is the k6 process it waited for. NaN where
 * /proc is missing.
 */
function childCpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of the line; the slice starts at field 3 (state).
  const ticks = Number(fields[13]) + Number(fields[14]);
  return ticks / 100; // USER_HZ is 100 on Linux
}
