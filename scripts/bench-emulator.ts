// bench:emulator — the composed emulator (Sync + Identity + SigV4 + merges),
// started by the CLI exactly as a user starts it, measured by autocannon in a
// process of its own, against a bare node:http server (another process) that
// answers the same bytes, in the same run. Prints req/s, p50/p99 and ratios;
// targets are printed as met / NOT met and never fail the run (exit 0).
//
//   npm run bench:emulator [-- --quick] [--seconds 6] [--warmup 2] [--connections 16] [--rounds 4]
//                          [--identities 100000] [--cpu-prof DIR] [--only list,page,signed,update,durable,memory]
//                          [--state-dir-on DIR]
//
// The ListRecords legs (10k page, emulator, bare, calibration) run in rounds,
// each round back to back (every other one backwards), and each ratio is the
// median of its rounds' ratios: on a shared machine one leg alone moves by a
// fifth, and a baseline measured minutes from its comparison can make a target
// look met or missed.
//
// The calibration legs are the bare server again, spending 10 and 30 µs of CPU
// per answer. From them each round reads the emulator as "bare plus N µs of
// work per answer": a figure that says what a ratio leaves a server to do, and
// that moves less with the machine than the ratio does, its calibration being
// measured in the same round.
//
// --cpu-prof DIR starts the emulator children under `node --cpu-prof`, for reading
// the hot frames (the profile is written when the bench stops them).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildRequest } from '../src/client/request.ts';
import type { SyncClient } from '../src/client/client.ts';
import { nodeCrypto } from '../src/sigv4/crypto-node.ts';
import { sign } from '../src/sigv4/index.ts';
import type { IdentityFixture, Target } from '../src/target/types.ts';
import type { CannedResponse } from './bench/bare-server.ts';
import { listeningUrl, runChild, startChild, type Child } from './bench/children.ts';
import type { GeneratorSpec, LegFigures, WireSpec } from './bench/generator.ts';
import type { MemoryFigures } from './bench/memory.ts';
import { legRow, memoryRow, ratio, roundsRatio, verdictRow, workEquivalent, type Verdict } from './bench/table.ts';
import { capture } from './bench/wire.ts';

// The harness supports Node 20 on purpose (README); the SDK's Node-22 notice is noise here. Set before the SDK loads.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { resolveTarget } = await import('../src/target/resolve.ts');

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BIN = join(ROOT, 'bin', 'cognito-sync-harness.js');
const script = (name: string) => join(ROOT, 'scripts', 'bench', name);

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' }, warmup: { type: 'string' }, connections: { type: 'string', default: '16' }, rounds: { type: 'string' },
    identities: { type: 'string' }, 'cpu-prof': { type: 'string' }, only: { type: 'string' },
    // Where the durable leg's state directory goes: on tmpfs an fsync costs nothing, so measure the disk you care about.
    'state-dir-on': { type: 'string' },
  },
});
const quick = values.quick!;
const SECONDS = Number(values.seconds ?? (quick ? 1 : 6));
const WARMUP = Number(values.warmup ?? (quick ? 0.5 : 2));
const CONNECTIONS = Number(values.connections);
const IDENTITIES = Number(values.identities ?? (quick ? 2_000 : 100_000));
const ROUNDS = Number(values.rounds ?? (quick ? 1 : 4));
for (const [flag, v] of [['--seconds', SECONDS], ['--warmup', WARMUP], ['--connections', CONNECTIONS], ['--identities', IDENTITIES], ['--rounds', ROUNDS]] as const) {
  if (!Number.isFinite(v) || v < 0 || v > 1_000_000) throw new Error(`${flag} ${v} is out of range`);
}
if (SECONDS > 120 || CONNECTIONS > 256 || ROUNDS > 9 || ROUNDS < 1 || !Number.isInteger(ROUNDS)) {
  throw new Error('--seconds is capped at 120, --connections at 256 and --rounds at 9 (at least 1): the bench stays bounded');
}

const LEGS = ['list', 'page', 'signed', 'update', 'durable', 'memory'];
const only = values.only?.split(',').map((x) => x.trim()).filter(Boolean);
for (const name of only ?? []) if (!LEGS.includes(name)) throw new Error(`--only ${name}: not a leg (${LEGS.join(', ')})`);
const wanted = (name: string) => !only || only.includes(name);

const PAGE = 100;
const VALUE = 'v'.repeat(32);
const FAKE_AUTH = 'AWS4-HMAC-SHA256 Credential=BENCHKEY/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00';
const LEG_DEADLINE_MS = (WARMUP + SECONDS) * 1000 + 60_000;
/** The calibration legs' work per answer, µs: 10 is about what 0.7 of bare leaves; 30 brackets the emulator today. */
const CALIBRATION_US = [10, 30] as const;

type Emulator = { child: Child; url: string; target: Target };
/** One round of the ListRecords legs, measured back to back. */
type ListRound = { bare: LegFigures; emu: LegFigures; work: LegFigures[]; emu10k?: LegFigures };

async function startEmulator(auth: 'off' | 'sigv4', extra: string[] = []): Promise<Emulator> {
  const nodeArgs = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(values['cpu-prof'])] : [];
  const child = await startChild(BIN, ['emulator', '--port', '0', '--auth', auth, ...extra], { nodeArgs, tsx: false, deadlineMs: 60_000 });
  const url = listeningUrl(child.firstLine);
  // No AWS_* variables: the URL target then signs with the emulator's documented developer key.
  const target = await resolveTarget({ target: url, env: {}, region: 'us-east-1' });
  return { child, url, target };
}

/** A dataset of `batches` × 100 records, keys and values of equal sizes, one SyncCount per batch. */
async function fill(client: SyncClient, ids: Record<string, string>, name: string, batches: number): Promise<void> {
  let token = (await ok(client, 'ListRecords', { ...ids, DatasetName: name })).SyncSessionToken as string;
  for (let b = 0; b < batches; b++) {
    const patches = Array.from({ length: PAGE }, (_, i) => ({ Op: 'replace', Key: `key-${String(b).padStart(4, '0')}-${String(i).padStart(3, '0')}`, Value: VALUE, SyncCount: 0 }));
    await ok(client, 'UpdateRecords', { ...ids, DatasetName: name, SyncSessionToken: token, RecordPatches: patches });
    if (b % 20 === 19) token = (await ok(client, 'ListRecords', { ...ids, DatasetName: name, MaxResults: 1 })).SyncSessionToken as string;
  }
}

async function ok(client: SyncClient, op: 'ListRecords' | 'UpdateRecords', input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await client.call(op, input);
  if (!r.ok) throw new Error(`setup: ${op} answered ${r.status} ${r.errorType}: ${r.message}`);
  return r.output;
}

/** The NextToken that leads to the middle page of a walk in pages of 100. */
async function middleToken(client: SyncClient, ids: Record<string, string>, name: string, pages: number): Promise<string> {
  let token: string | undefined;
  for (let p = 0; p < Math.floor(pages / 2); p++) {
    token = (await ok(client, 'ListRecords', { ...ids, DatasetName: name, MaxResults: PAGE, ...(token ? { NextToken: token } : {}) })).NextToken as string;
    if (!token) throw new Error(`setup: ${name} ended after ${p + 1} pages, expected ${pages}`);
  }
  return token!;
}

function listSpec(ids: Record<string, string>, name: string, nextToken: string, headers: Record<string, string>): WireSpec {
  const r = buildRequest('ListRecords', { ...ids, DatasetName: name, MaxResults: PAGE, NextToken: nextToken });
  return { method: r.method, path: r.path + (r.query ? `?${r.query}` : ''), headers: { ...r.headers, ...headers }, body: r.body };
}

/** Pre-signed copies of one request, dated over the last minute (SigV4 allows 5 minutes of skew), so each carries its own signature. */
function preSigned(spec: WireSpec, url: string, who: IdentityFixture, count: number): WireSpec[] {
  const host = new URL(url).host;
  const [path, query = ''] = spec.path.split('?') as [string, string?];
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const signed = sign({ method: spec.method, host, path, query, headers: spec.headers, body: spec.body },
      { credentials: who.credentials, region: 'us-east-1', service: 'cognito-sync', now: () => new Date(now - i * 1000), crypto: nodeCrypto });
    return { ...spec, headers: { ...spec.headers, ...signed } };
  });
}

/** CPU time a process has used (user + system, and system alone), in µs, from /proc (Linux); undefined elsewhere. */
function cpuMicrosOf(pid: number | undefined): { all: number; sys: number } | undefined {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th (proc(5)).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const sys = (Number(fields[12]) * 1e6) / CLOCK_TICKS;
    return { all: (Number(fields[11]) * 1e6) / CLOCK_TICKS + sys, sys };
  } catch {
    return undefined;
  }
}
// USER_HZ: 100 on every Linux build that matters here (sysconf(_SC_CLK_TCK)).
const CLOCK_TICKS = 100;

/** One leg: the generator child against `server` (its CPU time is read around the leg: a figure a shared machine's noise moves less). */
async function generate(server: Child, spec: Omit<GeneratorSpec, 'connections' | 'warmupSeconds' | 'seconds'>): Promise<LegFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-leg-'));
  try {
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify({ connections: CONNECTIONS, warmupSeconds: WARMUP, seconds: SECONDS, ...spec }));
    const before = cpuMicrosOf(server.proc.pid);
    const figures = JSON.parse(await runChild(script('generator.ts'), [file], { deadlineMs: LEG_DEADLINE_MS })) as LegFigures;
    const after = cpuMicrosOf(server.proc.pid);
    if (before !== undefined && after !== undefined) {
      const requests = Math.max(1, figures.total + figures.warmupTotal);
      figures.cpuMicros = (after.all - before.all) / requests;
      figures.sysMicros = (after.sys - before.sys) / requests;
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function againstBare(canned: CannedResponse, spec: Omit<GeneratorSpec, 'connections' | 'warmupSeconds' | 'seconds' | 'url'>, workMicros = 0): Promise<LegFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  const file = join(dir, 'response.json');
  writeFileSync(file, JSON.stringify(canned));
  const bare = await startChild(script('bare-server.ts'), [file, String(workMicros)], { deadlineMs: 30_000 });
  try {
    return await generate(bare, { ...spec, url: listeningUrl(bare.firstLine) });
  } finally {
    await bare.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const legs: Array<[string, LegFigures]> = [];
  const verdicts: Verdict[] = [];
  // Progress on a terminal only: the legs take a while; a log stays quiet.
  const showProgress = process.stderr.isTTY === true;
  const leg = (name: string, f: LegFigures) => {
    legs.push([name, f]);
    if (showProgress) process.stderr.write(`  ${legRow(name, f)}\n`);
    return f;
  };
  console.log(`bench:emulator — autocannon in its own process, ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${SECONDS} s per leg; emulator = the CLI's \`emulator\` command; Node ${process.version}`);

  const open = await startEmulator('off');
  const signed = await startEmulator('sigv4');
  try {
    // --auth off: any Authorization header is the developer; the records are those of one identity.
    const who = await open.target.newIdentity();
    const ids = { IdentityPoolId: who.identityPoolId, IdentityId: who.identityId };
    const dev = open.target.client('developer');
    await fill(dev, ids, 'list-1k', 10);
    await fill(dev, ids, 'list-10k', 100);
    const list1k = listSpec(ids, 'list-1k', await middleToken(dev, ids, 'list-1k', 10), { authorization: FAKE_AUTH });
    const list10k = listSpec(ids, 'list-10k', await middleToken(dev, ids, 'list-10k', 100), { authorization: FAKE_AUTH });
    const writeToken = (await ok(dev, 'ListRecords', { ...ids, DatasetName: 'write' })).SyncSessionToken as string;
    const update = { identityPoolId: ids.IdentityPoolId, identityId: ids.IdentityId, datasetName: 'write', syncSessionToken: writeToken, headers: { authorization: FAKE_AUTH }, value: VALUE };
    const updateOnce = buildRequest('UpdateRecords', { ...ids, DatasetName: 'write', SyncSessionToken: writeToken, RecordPatches: [{ Op: 'replace', Key: 'sample', Value: VALUE, SyncCount: 0 }] });

    // SigV4 on: an identity signs with the temporary credentials Cognito Identity gave it, as a mobile client does.
    const sWho = await signed.target.newIdentity();
    const sIds = { IdentityPoolId: sWho.identityPoolId, IdentityId: sWho.identityId };
    const sClient = signed.target.client(sWho);
    await fill(sClient, sIds, 'list-1k', 10);
    const signedList = listSpec(sIds, 'list-1k', await middleToken(sClient, sIds, 'list-1k', 10), {});

    const listBytes = await capture(open.url, list1k);
    const updateBytes = await capture(open.url, { method: updateOnce.method, path: updateOnce.path, headers: { ...updateOnce.headers, 'content-type': 'application/json', authorization: FAKE_AUTH }, body: updateOnce.body });
    for (const [what, c] of [['ListRecords', listBytes], ['UpdateRecords', updateBytes]] as const) {
      if (c.status !== 200) throw new Error(`setup: the sample ${what} answered ${c.status}: ${c.body.slice(0, 200)}`);
    }

    const fig: Partial<Record<string, LegFigures>> = {};
    const rounds: ListRound[] = [];
    for (let r = 1; r <= ROUNDS && (wanted('list') || wanted('page')); r++) {
      const tag = ROUNDS > 1 ? ` #${r}` : '';
      const got: { emu10k?: LegFigures; emu?: LegFigures; bare?: LegFigures; work: LegFigures[] } = { work: [] };
      // In this order each ratio compares neighbours: 10k page / 1k page, emulator / bare, calibration / bare.
      const steps: Array<() => Promise<unknown>> = [
        ...(wanted('page') ? [async () => (got.emu10k = leg(`emulator ListRecords, 10k dataset${tag}`, await generate(open.child, { url: open.url, requests: [list10k] })))] : []),
        async () => (got.emu = leg(`emulator ListRecords (auth off)${tag}`, await generate(open.child, { url: open.url, requests: [list1k] }))),
        async () => (got.bare = leg(`bare node:http, ListRecords bytes${tag}`, await againstBare(listBytes, { requests: [list1k] }))),
        ...CALIBRATION_US.map((us, i) => async () => (got.work[i] = leg(`bare node:http + ${us} µs work/answer${tag}`, await againstBare(listBytes, { requests: [list1k] }, us)))),
      ];
      // Every other round runs backwards, so that no leg always comes first after the emulator sat idle
      // through the bare legs: with the 10k page always first the page cost read 1.14-1.18, always second
      // 0.99-1.10. Mirrored rounds, an even count of them, weigh both orders alike.
      for (const step of r % 2 === 1 ? steps : [...steps].reverse()) await step();
      rounds.push({ bare: got.bare!, emu: got.emu!, work: got.work, ...(got.emu10k ? { emu10k: got.emu10k } : {}) });
    }
    if (wanted('signed')) {
      const signedBytes = await capture(signed.url, preSigned(signedList, signed.url, sWho, 1)[0]!);
      if (signedBytes.status !== 200) throw new Error(`setup: the signed ListRecords answered ${signedBytes.status}: ${signedBytes.body.slice(0, 200)}`);
      fig.bareSigned = leg('bare node:http, signed ListRecords bytes', await againstBare(signedBytes, { requests: preSigned(signedList, signed.url, sWho, 60) }));
      fig.emuSigned = leg('emulator ListRecords (SigV4 on)', await generate(signed.child, { url: signed.url, requests: preSigned(signedList, signed.url, sWho, 60) }));
    }
    if (wanted('update') || wanted('durable')) {
      fig.bareUpdate = leg('bare node:http, UpdateRecords bytes', await againstBare(updateBytes, { update }));
      fig.emuUpdate = leg('emulator UpdateRecords, 1 patch', await generate(open.child, { url: open.url, update }));
    }

    // The UpdateRecords leg again with `emulator --state-dir DIR`: what durability costs a write.
    if (wanted('durable')) {
      const dir = mkdtempSync(join(values['state-dir-on'] ?? tmpdir(), 'bench-state-'));
      const onDisk = await startEmulator('off', ['--state-dir', dir]);
      try {
        const w = await onDisk.target.newIdentity();
        const t = (await ok(onDisk.target.client('developer'), 'ListRecords', { IdentityPoolId: w.identityPoolId, IdentityId: w.identityId, DatasetName: 'write' })).SyncSessionToken as string;
        fig.durable = leg('emulator UpdateRecords, --state-dir', await generate(onDisk.child, { url: onDisk.url, update: { ...update, identityPoolId: w.identityPoolId, identityId: w.identityId, syncSessionToken: t } }));
      } finally {
        await onDisk.child.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }

    const memory = wanted('memory')
      ? JSON.parse(await runChild(script('memory.ts'), [String(IDENTITIES), '10'], { nodeArgs: ['--expose-gc'], deadlineMs: 11 * 60_000 })) as MemoryFigures
      : undefined;

    console.log('');
    for (const [name, f] of legs) console.log(legRow(name, f));
    if (memory) console.log(memoryRow(memory));
    console.log('');
    const { bareSigned, emuSigned, bareUpdate, emuUpdate, durable } = fig;
    if (rounds.length > 0) {
      const listRatio = roundsRatio('ListRecords, emulator / bare', rounds.map((r) => r.emu.rps / r.bare.rps), '>= 0.70', (x) => x >= 0.7);
      verdicts.push(listRatio);
      CALIBRATION_US.forEach((us, i) => verdicts.push(roundsRatio(`calibration: bare + ${us} µs work / bare`, rounds.map((r) => r.work[i]!.rps / r.bare.rps), '-')));
      const equivalent = rounds.flatMap((r) => {
        const w = workEquivalent(CALIBRATION_US.map((us, i) => [us, r.work[i]!.rps / r.bare.rps] as const), r.emu.rps / r.bare.rps);
        return w === undefined ? [] : [w];
      });
      if (equivalent.length > 0) verdicts.push(roundsRatio('ListRecords: emulator = bare + this work/answer (µs)', equivalent, '-', undefined, 0));
      const beyond = rounds.flatMap((r) => (r.emu.cpuMicros !== undefined && r.bare.cpuMicros !== undefined ? [r.emu.cpuMicros - r.bare.cpuMicros] : []));
      if (beyond.length > 0) verdicts.push(roundsRatio('ListRecords: emulator CPU/req beyond bare (µs)', beyond, '-', undefined, 0));
    }
    // The emulator's own ListRecords figure for the signed and page comparisons: the median round's.
    const emuList = rounds.length > 0 ? rounds.map((r) => r.emu).sort((a, b) => a.rps - b.rps)[Math.floor((rounds.length - 1) / 2)] : undefined;
    if (bareSigned && emuSigned) verdicts.push(ratio('ListRecords SigV4 on, emulator / bare', emuSigned.rps / bareSigned.rps, '-'));
    if (emuList && emuSigned) verdicts.push(ratio('ListRecords SigV4 on / auth off', emuSigned.rps / emuList.rps, '-'));
    if (bareUpdate && emuUpdate) verdicts.push(ratio('UpdateRecords, emulator / bare', emuUpdate.rps / bareUpdate.rps, '>= 0.50', emuUpdate.rps / bareUpdate.rps >= 0.5 && emuUpdate.non2xx === 0));
    const pageRounds = rounds.flatMap((r) => (r.emu10k ? [r.emu.rps / r.emu10k.rps] : [])); // time per request of the 10k page over the 1k page's
    if (pageRounds.length > 0) verdicts.push(roundsRatio('page cost: middle page of 10k / of 1k records', pageRounds, '<= 1.20', (x) => x <= 1.2));
    if (memory) verdicts.push(ratio(`memory: RSS GB for ${memory.identities.toLocaleString('en-US')} identities`, memory.rssBytes / 1024 ** 3, '<= 1.00', memory.rssBytes <= 1024 ** 3));
    if (durable && emuUpdate) verdicts.push(ratio('UpdateRecords --state-dir / in memory', durable.rps / emuUpdate.rps, '-'));
    for (const v of verdicts) console.log(verdictRow(v));
    for (const [name, f] of legs) {
      if (name.startsWith('emulator') && f.non2xx + f.errors + f.timeouts > 0) console.log(`${name}: ${f.non2xx} non-2xx, ${f.errors} errors, ${f.timeouts} timeouts (every request is built to succeed): the figure is NOT valid`);
    }
    if (quick) console.log('(--quick: short legs and a small memory leg; the figures are indicative only)');
  } finally {
    await Promise.all([open.child.stop(), signed.child.stop()]);
  }
}

await main();
