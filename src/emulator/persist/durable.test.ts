// --state-dir with real processes: the CLI emulator in a child process, the
// load from this one. A restart keeps state; kill -9 in the middle of a write
// load loses no acknowledged write and invents none; a damaged file stops the
// start with one line and exit 5, untouched; without --state-dir nothing is written.

import * as ci from '@aws-sdk/client-cognito-identity';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../client/client.ts';
import { DEVELOPER_CREDENTIALS } from '../auth/developer.ts';

const BIN = fileURLToPath(new URL('../../../bin/cognito-sync-harness.js', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'csh-durable-'));
  dirs.push(d);
  return d;
}

type Child = { url: string; child: ChildProcess; stderr: () => string; exit: Promise<{ code: number | null; signal: string | null }> };

/** Starts `emulator ARGS`; resolves on its "listening on" line, or with the exit of a start that failed. */
function emulator(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Child | { code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd ?? process.cwd(), env: { ...process.env, ...opts.env },
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator did not start in 30 s; stderr: ${stderr}`));
    }, 30_000);
    const exit = new Promise<{ code: number | null; signal: string | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+)\n/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, stderr: () => stderr, exit });
      }
    });
    void exit.then(({ code }) => {
      clearTimeout(timer);
      // Let stderr drain: 'exit' can come before the pipe's last data.
      child.stderr!.once('close', () => resolve({ code, stderr }));
      if (child.stderr!.closed) resolve({ code, stderr });
    });
  });
}

async function started(args: string[], opts?: Parameters<typeof emulator>[1]): Promise<Child> {
  const r = await emulator(args, opts);
  if (!('url' in r)) throw new Error(`emulator exited ${r.code}: ${r.stderr}`);
  return r;
}

function clients(url: string) {
  return {
    identity: new ci.CognitoIdentityClient({ endpoint: url, region: 'us-east-1', credentials: DEVELOPER_CREDENTIALS, maxAttempts: 1 }),
    sync: createSyncClient({ endpoint: url, region: 'us-east-1', credentials: DEVELOPER_CREDENTIALS, maxAttempts: 1, timeoutMs: 10_000 }),
  };
}

async function newIdentity(url: string): Promise<{ poolId: string; identityId: string }> {
  const { identity } = clients(url);
  const pool = await identity.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: 'durable', AllowUnauthenticatedIdentities: true }));
  const id = await identity.send(new ci.GetIdCommand({ IdentityPoolId: pool.IdentityPoolId! }));
  return { poolId: pool.IdentityPoolId!, identityId: id.IdentityId! };
}

type Rec = { Key: string; Value?: string; SyncCount: number };

/** Every record of a dataset, following NextToken (bounded). */
async function readAll(sync: SyncClient, ds: Record<string, string>): Promise<{ records: Map<string, Rec>; count: number }> {
  const records = new Map<string, Rec>();
  let token: string | undefined;
  let count = 0;
  for (let page = 0; page < 1000; page++) {
    const r = await sync.call<{ Records: Rec[]; NextToken?: string; DatasetSyncCount: number }>('ListRecords', { ...ds, MaxResults: 1024, ...(token ? { NextToken: token } : {}) });
    if (!r.ok) throw new Error(`ListRecords: ${r.status} ${r.errorType}`);
    for (const rec of r.output.Records) records.set(rec.Key, rec);
    count = r.output.DatasetSyncCount;
    token = r.output.NextToken;
    if (!token) return { records, count };
  }
  throw new Error('ListRecords did not end within 1000 pages');
}

async function stop(c: Child): Promise<void> {
  c.child.kill('SIGTERM');
  expect(await c.exit).toEqual({ code: 0, signal: null });
}

function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

describe('emulator --state-dir (real processes)', () => {
  it('a restart keeps pools, identities and records', async () => {
    const dir = tempDir();
    const first = await started(['--state-dir', dir]);
    const { poolId, identityId } = await newIdentity(first.url);
    const ds = { IdentityPoolId: poolId, IdentityId: identityId, DatasetName: 'profile' };
    const a = clients(first.url);
    const list = await a.sync.call<{ SyncSessionToken: string }>('ListRecords', ds);
    expect(list.ok).toBe(true);
    const token = list.ok ? list.output.SyncSessionToken : '';
    const put = await a.sync.call('UpdateRecords', { ...ds, SyncSessionToken: token, RecordPatches: [{ Op: 'replace', Key: 'name', Value: 'Ada', SyncCount: 0 }, { Op: 'replace', Key: 'age', Value: '36', SyncCount: 0 }] });
    expect(put.ok).toBe(true);
    await stop(first);

    const second = await started(['--state-dir', dir]);
    const b = clients(second.url);
    expect((await b.identity.send(new ci.DescribeIdentityCommand({ IdentityId: identityId }))).IdentityId).toBe(identityId);
    const back = await readAll(b.sync, ds);
    expect(back.count).toBe(1);
    expect([...back.records.values()].map(({ Key, Value, SyncCount }) => ({ Key, Value, SyncCount })).sort((x, y) => x.Key.localeCompare(y.Key)))
      .toEqual([{ Key: 'age', Value: '36', SyncCount: 1 }, { Key: 'name', Value: 'Ada', SyncCount: 1 }]);
    await stop(second);
  }, 60_000);

  it('kill -9 during a concurrent write load loses no acknowledged write and adds none that was not attempted', async () => {
    const dir = tempDir();
    const first = await started(['--state-dir', dir]);
    const { poolId, identityId } = await newIdentity(first.url);
    const { sync } = clients(first.url);
    const WRITERS = 8;
    const MAX_WRITES = 250; // per writer; the kill comes long before
    const KILL_AFTER_ACKS = 300;
    const LOAD_DEADLINE_MS = 15_000;
    const attempted = Array.from({ length: WRITERS }, () => new Map<string, string>());
    const acked = Array.from({ length: WRITERS }, () => new Map<string, { value: string; syncCount: number }>());
    let acks = 0;
    let killed = false;
    const deadline = Date.now() + LOAD_DEADLINE_MS;
    const kill = () => {
      if (killed) return;
      killed = true;
      first.child.kill('SIGKILL');
    };

    async function writer(w: number): Promise<void> {
      const ds = { IdentityPoolId: poolId, IdentityId: identityId, DatasetName: `load-${w}` };
      const list = await sync.call<{ SyncSessionToken: string }>('ListRecords', ds);
      if (!list.ok) throw new Error(`ListRecords ${list.status}`);
      for (let n = 0; n < MAX_WRITES && !killed && Date.now() < deadline; n++) {
        const key = `w${n}`;
        const value = `writer ${w} write ${n}`;
        attempted[w]!.set(key, value);
        let r;
        try {
          r = await sync.call<{ Records: Rec[] }>('UpdateRecords', { ...ds, SyncSessionToken: list.output.SyncSessionToken, RecordPatches: [{ Op: 'replace', Key: key, Value: value, SyncCount: 0 }] });
        } catch {
          return; // the connection died with the emulator: attempted, not acknowledged
        }
        if (r.status !== 200 || !r.ok) throw new Error(`UpdateRecords answered ${r.status} before the kill`);
        acked[w]!.set(key, { value, syncCount: r.output.Records[0]!.SyncCount });
        if (++acks >= KILL_AFTER_ACKS) kill();
      }
    }
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    expect(killed, `the load reached ${acks} acknowledged writes before its deadline`).toBe(true);
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acks).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const second = await started(['--state-dir', dir]);
    const after = clients(second.url).sync;
    for (let w = 0; w < WRITERS; w++) {
      const { records, count } = await readAll(after, { IdentityPoolId: poolId, IdentityId: identityId, DatasetName: `load-${w}` });
      for (const [key, a] of acked[w]!) {
        expect(records.get(key), `writer ${w} ${key} was acknowledged`).toMatchObject({ Key: key, Value: a.value, SyncCount: a.syncCount });
      }
      for (const [key, r] of records) expect(attempted[w]!.get(key), `writer ${w} ${key} is stored`).toBe(r.Value);
      // Each write adds one to the dataset's count: it is at least every acknowledged one and at most every attempted one.
      expect(count).toBeGreaterThanOrEqual(Math.max(0, ...[...acked[w]!.values()].map((a) => a.syncCount)));
      expect(count).toBeLessThanOrEqual(attempted[w]!.size);
      expect(records.size).toBe(count);
    }
    await stop(second);
  }, 90_000);

  it('a damaged state file stops the start with one line and exit 5, and stays byte for byte as it was', async () => {
    const dir = tempDir();
    const first = await started(['--state-dir', dir]);
    await newIdentity(first.url);
    first.child.kill('SIGKILL'); // the journal keeps its lines
    await first.exit;
    const journal = readFileSync(join(dir, 'state.journal'));
    const lines = journal.toString('utf8').split('\n');
    // Damage the second line's JSON (its checksum no longer matches); the last line stays complete.
    const at = lines[0]!.length + 1 + lines[1]!.indexOf('{') + 2;
    const damaged = Buffer.from(journal);
    damaged[at] = damaged[at] === 0x7a ? 0x79 : 0x7a;
    writeFileSync(join(dir, 'state.journal'), damaged);
    const before = hashes(dir);
    const r = await emulator(['--state-dir', dir]);
    expect('code' in r && r.code).toBe(5);
    const stderr = 'stderr' in r && typeof r.stderr === 'string' ? r.stderr : '';
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^error: state file ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/state\\.journal is damaged at line 2 \\(byte ${lines[0]!.length + 1}\\): checksum mismatch; nothing was changed\\. Move the state directory`));
    expect(hashes(dir)).toEqual(before);
  }, 60_000);

  it('without --state-dir the emulator writes no file', async () => {
    const root = tempDir();
    const [cwd, home, tmp] = ['cwd', 'home', 'tmp'].map((d) => join(root, d));
    for (const d of [cwd!, home!, tmp!]) mkdirSync(d);
    const c = await started([], { cwd: cwd!, env: { HOME: home!, TMPDIR: tmp!, TMP: tmp!, TEMP: tmp! } });
    const { poolId, identityId } = await newIdentity(c.url);
    const { sync } = clients(c.url);
    const ds = { IdentityPoolId: poolId, IdentityId: identityId, DatasetName: 'memory' };
    const list = await sync.call<{ SyncSessionToken: string }>('ListRecords', ds);
    const put = await sync.call('UpdateRecords', { ...ds, SyncSessionToken: list.ok ? list.output.SyncSessionToken : '', RecordPatches: [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }] });
    expect(put.ok).toBe(true);
    await stop(c);
    // tsx keeps its compile cache under TMPDIR (tsx-<uid>/); that is the runtime's, not the emulator's.
    expect({ cwd: readdirSync(cwd!), home: readdirSync(home!), tmp: readdirSync(tmp!).filter((f) => !/^tsx-/.test(f)) }).toEqual({ cwd: [], home: [], tmp: [] });
  }, 60_000);
});
