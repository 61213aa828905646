// --state-dir in process: every kind of state survives a restart (after a clean
// stop, after compactions, and from the journal alone), tokens and temporary
// credentials issued before a restart still work, and damaged files are
// refused with one line, untouched. The real-process and kill -9 tests are in
// durable.test.ts.

import * as ci from '@aws-sdk/client-cognito-identity';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../client/client.ts';
import { isHarnessError } from '../../harness-error.ts';
import { DEVELOPER_CREDENTIALS } from '../auth/developer.ts';
import { startEmulator } from '../server.ts';
import { encodeLine } from './line-format.ts';
import { STATE_CORRUPT_EXIT_CODE, StateFileError } from './state-dir.ts';

const FB = 'graph.facebook.com';
const DEV = 'login.example.dev';
const dirs: string[] = [];
const stops: (() => Promise<void>)[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'csh-state-'));
  dirs.push(d);
  return d;
}

afterAll(async () => {
  for (const stop of stops) await stop().catch(() => {});
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(stateDir: string, extra: { compactBytes?: number; notices?: string[] } = {}) {
  const running = await startEmulator({
    stateDir, ...(extra.compactBytes ? { compactBytes: extra.compactBytes } : {}), onNotice: (l: string) => extra.notices?.push(l),
  });
  stops.push(() => running.close());
  const identity = new ci.CognitoIdentityClient({ endpoint: running.url, region: 'us-east-1', credentials: DEVELOPER_CREDENTIALS, maxAttempts: 1 });
  const sync = createSyncClient({ endpoint: running.url, region: 'us-east-1', credentials: DEVELOPER_CREDENTIALS, maxAttempts: 1 });
  return { running, identity, sync };
}

async function ok(sync: SyncClient, name: Parameters<SyncClient['call']>[0], input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await sync.call(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.status} ${r.errorType} ${r.message}`);
  return r.output;
}

async function write(sync: SyncClient, poolId: string, id: string, name: string, patches: Record<string, unknown>[]) {
  const ds = { IdentityPoolId: poolId, IdentityId: id, DatasetName: name };
  const list = await ok(sync, 'ListRecords', { ...ds, LastSyncCount: 0 });
  return ok(sync, 'UpdateRecords', { ...ds, SyncSessionToken: list.SyncSessionToken, RecordPatches: patches });
}

type World = { poolId: string; alice: string; merged: string; guest: string; guestKey: ci.Credentials; session: string; deviceId: string };

/** Builds state of every kind: pool settings, logins, a merge, tombstones, a deleted dataset, push settings, devices. */
async function build(e: Awaited<ReturnType<typeof start>>): Promise<World> {
  const pool = await e.identity.send(new ci.CreateIdentityPoolCommand({
    IdentityPoolName: 'durable', AllowUnauthenticatedIdentities: true, DeveloperProviderName: DEV, SupportedLoginProviders: { [FB]: 'app-1' },
    IdentityPoolTags: { team: 'sync' },
  }));
  const poolId = pool.IdentityPoolId!;
  await e.identity.send(new ci.SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: 'arn:aws:iam::000000000000:role/auth' } }));
  const alice = (await e.identity.send(new ci.GetIdCommand({ IdentityPoolId: poolId, Logins: { [FB]: 'alice' } }))).IdentityId!;
  await e.identity.send(new ci.GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: alice, Logins: { [DEV]: 'alice-dev' } }));
  await write(e.sync, poolId, alice, 'settings', [{ Op: 'replace', Key: 'theme', Value: 'dark', SyncCount: 0 }, { Op: 'replace', Key: 'lang', Value: 'fr', SyncCount: 0 }]);
  await write(e.sync, poolId, alice, 'settings', [{ Op: 'remove', Key: 'lang', SyncCount: 1 }, { Op: 'replace', Key: 'font', Value: 'serif', SyncCount: 0 }]);
  await write(e.sync, poolId, alice, 'gone', [{ Op: 'replace', Key: 'a', Value: '1', SyncCount: 0 }]);
  await ok(e.sync, 'DeleteDataset', { IdentityPoolId: poolId, IdentityId: alice, DatasetName: 'gone' });
  // A guest with data signs in as alice: merged into her.
  const other = (await e.identity.send(new ci.GetIdCommand({ IdentityPoolId: poolId }))).IdentityId!;
  await write(e.sync, poolId, other, 'settings', [{ Op: 'replace', Key: 'theme', Value: 'light', SyncCount: 0 }]);
  await e.identity.send(new ci.GetCredentialsForIdentityCommand({ IdentityId: other, Logins: { [FB]: 'alice' } }));
  const guest = (await e.identity.send(new ci.GetIdCommand({ IdentityPoolId: poolId }))).IdentityId!;
  const guestKey = (await e.identity.send(new ci.GetCredentialsForIdentityCommand({ IdentityId: guest }))).Credentials!;
  await ok(e.sync, 'SetIdentityPoolConfiguration', {
    IdentityPoolId: poolId, PushSync: { ApplicationArns: ['arn:aws:sns:us-east-1:000000000000:app/GCM/durable'], RoleArn: 'arn:aws:iam::000000000000:role/push' },
    CognitoStreams: { StreamName: 's', RoleArn: 'arn:aws:iam::000000000000:role/streams', StreamingStatus: 'ENABLED' },
  });
  await ok(e.sync, 'SetCognitoEvents', { IdentityPoolId: poolId, Events: { SyncTrigger: 'arn:aws:lambda:us-east-1:000000000000:function:f' } });
  const guestSync = createSyncClient({
    endpoint: e.running.url, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: guestKey.AccessKeyId!, secretAccessKey: guestKey.SecretKey!, sessionToken: guestKey.SessionToken! },
  });
  const deviceId = (await ok(guestSync, 'RegisterDevice', { IdentityPoolId: poolId, IdentityId: guest, Platform: 'GCM', Token: 'push-token' })).DeviceId as string;
  await ok(guestSync, 'SubscribeToDataset', { IdentityPoolId: poolId, IdentityId: guest, DatasetName: 'settings', DeviceId: deviceId });
  const session = (await ok(e.sync, 'ListRecords', { IdentityPoolId: poolId, IdentityId: alice, DatasetName: 'settings' })).SyncSessionToken as string;
  return { poolId, alice, merged: `settings.${other}`, guest, guestKey, session, deviceId };
}

/** Everything a client can read about the world, minus what legitimately changes per call. */
async function observe(e: Awaited<ReturnType<typeof start>>, w: World): Promise<unknown> {
  const strip = (o: object) => JSON.parse(JSON.stringify(o, (k, v) => (k === '$metadata' || k === 'SyncSessionToken' ? undefined : v)));
  const arn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${w.poolId}`;
  const ds = (name: string) => ({ IdentityPoolId: w.poolId, IdentityId: w.alice, DatasetName: name });
  return strip({
    pool: await e.identity.send(new ci.DescribeIdentityPoolCommand({ IdentityPoolId: w.poolId })),
    pools: await e.identity.send(new ci.ListIdentityPoolsCommand({ MaxResults: 10 })),
    roles: await e.identity.send(new ci.GetIdentityPoolRolesCommand({ IdentityPoolId: w.poolId })),
    tags: await e.identity.send(new ci.ListTagsForResourceCommand({ ResourceArn: arn })),
    identities: await e.identity.send(new ci.ListIdentitiesCommand({ IdentityPoolId: w.poolId, MaxResults: 10 })),
    alice: await e.identity.send(new ci.DescribeIdentityCommand({ IdentityId: w.alice })),
    developer: await e.identity.send(new ci.LookupDeveloperIdentityCommand({ IdentityPoolId: w.poolId, DeveloperUserIdentifier: 'alice-dev' })),
    datasets: await ok(e.sync, 'ListDatasets', { IdentityPoolId: w.poolId, IdentityId: w.alice }),
    settings: await ok(e.sync, 'ListRecords', ds('settings')),
    merged: await ok(e.sync, 'ListRecords', ds(w.merged)),
    deletedSince: await ok(e.sync, 'ListRecords', { ...ds('gone'), LastSyncCount: 1 }),
    usage: await ok(e.sync, 'DescribeIdentityUsage', { IdentityPoolId: w.poolId, IdentityId: w.alice }),
    config: await ok(e.sync, 'GetIdentityPoolConfiguration', { IdentityPoolId: w.poolId }),
    events: await ok(e.sync, 'GetCognitoEvents', { IdentityPoolId: w.poolId }),
    bulk: await ok(e.sync, 'GetBulkPublishDetails', { IdentityPoolId: w.poolId }),
  });
}

/** What only works if tokens, credentials and subscriptions survived: run once, after a restart. */
async function usePreRestartTokens(e: Awaited<ReturnType<typeof start>>, w: World): Promise<void> {
  const guestSync = createSyncClient({
    endpoint: e.running.url, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: w.guestKey.AccessKeyId!, secretAccessKey: w.guestKey.SecretKey!, sessionToken: w.guestKey.SessionToken! },
  });
  // The device and its subscription are there: unsubscribing succeeds once, then 404.
  await ok(guestSync, 'UnsubscribeFromDataset', { IdentityPoolId: w.poolId, IdentityId: w.guest, DatasetName: 'settings', DeviceId: w.deviceId });
  const again = await guestSync.call('UnsubscribeFromDataset', { IdentityPoolId: w.poolId, IdentityId: w.guest, DatasetName: 'settings', DeviceId: w.deviceId });
  expect(again.ok ? 200 : again.status).toBe(404);
  // A SyncSessionToken issued before the restart still opens a write.
  const written = await ok(e.sync, 'UpdateRecords', {
    IdentityPoolId: w.poolId, IdentityId: w.alice, DatasetName: 'settings', SyncSessionToken: w.session,
    RecordPatches: [{ Op: 'replace', Key: 'theme', Value: 'blue', SyncCount: 1 }],
  });
  expect(written.Records).toMatchObject([{ Key: 'theme', Value: 'blue', SyncCount: 3 }]);
}

function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((f) => f !== 'state.lock').map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

describe('emulator --state-dir (in process)', () => {
  it('a clean stop and start keeps every kind of state, and tokens and credentials issued before it', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const world = await build(first);
    const before = await observe(first, world);
    await first.running.close();
    expect(readdirSync(dir).sort()).toEqual(['state.journal', 'state.snapshot']);
    const second = await start(dir);
    expect(await observe(second, world)).toEqual(before);
    await usePreRestartTokens(second, world);
    await second.running.close();
  });

  it('without a clean stop (journal only) and across compactions the state is the same', async () => {
    for (const compactBytes of [undefined, 1500]) {
      const dir = tempDir();
      const first = await start(dir, compactBytes ? { compactBytes } : {});
      const world = await build(first);
      const before = await observe(first, world);
      const snapshot = readFileSync(join(dir, 'state.snapshot'), 'utf8');
      // Compaction at 1.5 kB must have run several times; without it the snapshot is still the empty one.
      const gen = JSON.parse(snapshot.split('\n')[0]!.split(' ').slice(2).join(' ')).gen as number;
      if (compactBytes) expect(gen).toBeGreaterThan(1);
      else expect(gen).toBe(0);
      if (compactBytes) expect(snapshot.split('\n').length).toBeGreaterThan(5);
      // The first emulator never stops cleanly before the second reads the directory (as after kill -9).
      const second = await start(dir);
      expect(await observe(second, world)).toEqual(before);
      await usePreRestartTokens(second, world);
      await second.running.close();
    }
  });

  it('a reset (POST /_emulator/reset) is durable too: the state before it stays gone after a restart', async () => {
    const dir = tempDir();
    const first = await start(dir);
    await build(first);
    expect((await fetch(`${first.running.url}/_emulator/reset`, { method: 'POST' })).status).toBe(200);
    await first.identity.send(new ci.CreateIdentityPoolCommand({ IdentityPoolName: 'after-reset', AllowUnauthenticatedIdentities: true }));
    const names = async (e: Awaited<ReturnType<typeof start>>) =>
      (await e.identity.send(new ci.ListIdentityPoolsCommand({ MaxResults: 10 }))).IdentityPools!.map((p) => p.IdentityPoolName);
    expect(await names(first)).toEqual(['after-reset']);
    const second = await start(dir); // from the journal: the reset line drops what came before it
    expect(await names(second)).toEqual(['after-reset']);
    await second.running.close();
    const third = await start(dir); // from the snapshot the clean stop wrote
    expect(await names(third)).toEqual(['after-reset']);
    await third.running.close();
  });

  it('cuts a torn last journal line (a crash mid-append, never acknowledged) and says so', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const world = await build(first);
    const before = await observe(first, world);
    const torn = encodeLine({ t: 'sync.touch', pool: world.poolId, id: 'us-east-1:torn', at: 1 });
    appendFileSync(join(dir, 'state.journal'), torn.slice(0, 30));
    const size = readFileSync(join(dir, 'state.journal')).length;
    const notices: string[] = [];
    const second = await start(dir, { notices });
    expect(notices).toEqual([expect.stringMatching(/cut a torn last line off .*state\.journal \(30 bytes at byte \d+\)/)]);
    expect(readFileSync(join(dir, 'state.journal')).length).toBe(size - 30);
    expect(await observe(second, world)).toEqual(before);
    await second.running.close();
  });

  it('refuses damaged files with one line naming file, line and byte, exit code 5, and changes nothing', async () => {
    const dir = tempDir();
    const first = await start(dir);
    await build(first);
    await first.running.close(); // snapshot now holds everything
    const second = await start(dir);
    await write(second.sync, (await second.identity.send(new ci.ListIdentityPoolsCommand({ MaxResults: 1 }))).IdentityPools![0]!.IdentityPoolId!,
      'us-east-1:00000000-0000-4000-8000-000000000000', 'x', []).catch(() => {}); // a journal line or two
    const pool = (await second.identity.send(new ci.ListIdentityPoolsCommand({ MaxResults: 1 }))).IdentityPools![0]!.IdentityPoolId!;
    const id = (await second.identity.send(new ci.GetIdCommand({ IdentityPoolId: pool }))).IdentityId!;
    await write(second.sync, pool, id, 'more', [{ Op: 'replace', Key: 'k', Value: 'v', SyncCount: 0 }]);
    await write(second.sync, pool, id, 'more', [{ Op: 'replace', Key: 'k2', Value: 'v', SyncCount: 0 }]);
    // Not closed: the journal keeps its lines, as after a crash.
    const good = { snapshot: readFileSync(join(dir, 'state.snapshot')), journal: readFileSync(join(dir, 'state.journal')) };
    const journalLines = good.journal.toString('utf8').split('\n');
    expect(journalLines.length).toBeGreaterThan(3);

    const flip = (buf: Buffer, at: number) => {
      const copy = Buffer.from(buf);
      copy[at] = copy[at] === 0x41 ? 0x42 : 0x41;
      return copy;
    };
    const secondLineStart = journalLines[0]!.length + 1;
    const cases: { name: string; file: 'snapshot' | 'journal'; bytes: Buffer; where: RegExp }[] = [
      { name: 'bad checksum mid-journal', file: 'journal', bytes: flip(good.journal, secondLineStart + 30), where: /state\.journal is damaged at line 2 \(byte \d+\): checksum mismatch/ },
      { name: 'a line cut short mid-journal', file: 'journal', bytes: Buffer.concat([good.journal.subarray(0, secondLineStart + 20), Buffer.from('\n'), good.journal.subarray(secondLineStart + 20)]), where: /state\.journal is damaged at line 2 \(byte \d+\): length prefix disagrees/ },
      { name: 'bad JSON in the snapshot', file: 'snapshot', bytes: Buffer.concat([good.snapshot, Buffer.from(encodeLine('x').replace('"x"', '{x}'))]), where: /state\.snapshot is damaged at line \d+ \(byte \d+\): (checksum mismatch|data after the end marker)/ },
      { name: 'a snapshot cut short', file: 'snapshot', bytes: good.snapshot.subarray(0, good.snapshot.length - 40), where: /state\.snapshot is damaged at line \d+ \(byte \d+\): the file ends in the middle of this line/ },
      { name: 'an unknown version', file: 'snapshot', bytes: Buffer.from(good.snapshot.toString('utf8').replace(/^[^\n]*\n/, (h) => encodeLine({ ...JSON.parse(h.split(' ').slice(2).join(' ')), version: 2 }))), where: /state\.snapshot is damaged at line 1 \(byte 0\): format version 2, this harness reads version 1/ },
      { name: 'an unknown entry type', file: 'journal', bytes: Buffer.concat([good.journal, Buffer.from(encodeLine({ t: 'sync.teleport' }))]), where: /state\.journal is damaged at line \d+ \(byte \d+\): unknown entry type "sync.teleport"/ },
    ];
    for (const c of cases) {
      const broken = tempDir();
      writeFileSync(join(broken, 'state.snapshot'), c.file === 'snapshot' ? c.bytes : good.snapshot);
      writeFileSync(join(broken, 'state.journal'), c.file === 'journal' ? c.bytes : good.journal);
      const before = hashes(broken);
      const refused = await startEmulator({ stateDir: broken }).then(async (r: { close(): Promise<void> }) => (await r.close(), undefined), (e: unknown) => e);
      expect(refused, c.name).toBeInstanceOf(StateFileError);
      expect(isHarnessError(refused) && refused.exitCode, c.name).toBe(STATE_CORRUPT_EXIT_CODE);
      const message = (refused as Error).message;
      expect(message, c.name).toMatch(c.where);
      expect(message, c.name).toMatch(/Move the state directory/);
      expect(message.split('\n'), c.name).toHaveLength(1);
      expect(hashes(broken), c.name).toEqual(before);
      expect(existsSync(join(broken, 'state.lock')), c.name).toBe(false);
    }
  });
});
