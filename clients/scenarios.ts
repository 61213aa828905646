// The clients suite's scenarios: what apps in users' hands do with
// amazon-cognito-js, and what they must end up with. Each is one case.
// Basis: the sync protocol as the AWS sync managers drive it (Cognito Sync
// developer guide, "Synchronizing Data"; the library's own README callbacks).

import { AssertionFailure, NotApplicable } from '../src/results/verdicts.ts';
import type { Device, DeviceIdentity, SyncHandlers, SyncResult } from './device.ts';
import type { ClientsContext } from './context.ts';

/** A library defect (clients/README.md) that stopped the case: reported expected-fail, never pass. */
export class KnownDefect extends Error {
  constructor(readonly defect: string, message: string) {
    super(message);
    this.name = 'KnownDefect';
  }
}

export type Scenario = {
  name: string;
  /** The operation the case is about, or null for a whole sync. */
  operation: string | null;
  run(ctx: ClientsContext): Promise<void>;
};

function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new AssertionFailure(message);
}

function synced(device: Device, r: SyncResult, what: string): void {
  if (r.thrown?.some((t) => /_synchronizeInternal is not a function/.test(t))) {
    throw new KnownDefect('continue-after-callback', `${device.name}: ${what}: the library calls a method it does not define (_synchronizeInternal) after an onDatasetDeleted/onDatasetsMerged callback answered true`);
  }
  check(r.ok, `${device.name}: ${what}: synchronize ended in onFailure (${r.error ?? 'no error'}); a correct backend lets it succeed`);
}

async function sync(device: Device, ds: string, what: string, handlers?: SyncHandlers): Promise<SyncResult> {
  const r = await device.sync(ds, handlers);
  synced(device, r, what);
  return r;
}

/** Every device and the server hold the same live values. */
async function converged(ctx: ClientsContext, identity: DeviceIdentity, ds: string, devices: Device[], expected?: Record<string, string>): Promise<void> {
  const server = await ctx.serverValues(identity, ds);
  if (expected) check(same(server, expected), `the server holds ${show(server)}, expected ${show(expected)}`);
  for (const d of devices) {
    const local = await d.getAll(ds);
    check(same(local, server), `${d.name} holds ${show(local)} but the server holds ${show(server)}: they must converge after one more sync`);
  }
}

function same(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

export function show(values: Record<string, string>): string {
  const keys = Object.keys(values).sort();
  const shown = keys.slice(0, 8).map((k) => `${k}=${values[k]}`).join(', ');
  return `{${shown}${keys.length > 8 ? `, … ${keys.length} keys` : ''}}`;
}

const twoDevices: Scenario = {
  name: 'two-devices/put-on-one-seen-on-the-other-with-its-sync-count',
  operation: null,
  async run(ctx) {
    const id = await ctx.identity();
    const [a, b] = await ctx.devices(id, 2);
    const ds = ctx.dataset('two');
    await a.put(ds, 'colour', 'teal');
    await sync(a, ds, 'first sync after a put');
    await sync(b, ds, 'sync of the second device');
    const server = await ctx.serverRecords(id, ds);
    const onServer = server.get('colour');
    check(onServer?.value === 'teal', `the server's colour is ${onServer?.value} after A synced teal`);
    check(onServer.syncCount >= 1, `the server gave colour SyncCount ${onServer.syncCount}; every write raises it (UpdateRecords, API reference)`);
    const seen = await b.record(ds, 'colour');
    check(seen?.value === 'teal', `B sees colour=${seen?.value} after syncing; A had synced teal`);
    check(seen.syncCount === onServer.syncCount, `B holds colour with SyncCount ${seen.syncCount}, the server ${onServer.syncCount}`);
    // A second write must reach B too: it is only found through a raised DatasetSyncCount.
    await a.put(ds, 'colour', 'navy');
    await sync(a, ds, 'sync of a second write');
    await sync(b, ds, 'second sync of B');
    const again = await b.record(ds, 'colour');
    check(again?.value === 'navy', `B sees colour=${again?.value} after A synced navy over teal`);
    check(again.syncCount > seen.syncCount, `colour's SyncCount went from ${seen.syncCount} to ${again.syncCount} on the second write; it must rise`);
    await converged(ctx, id, ds, [a, b], { colour: 'navy' });
  },
};

function conflictScenario(kind: 'remote' | 'local' | 'merged'): Scenario {
  const expected = { remote: 'from-a', local: 'from-b', merged: 'from-a+from-b' }[kind];
  return {
    name: `conflict/offline-edits-resolved-with-${kind}-converge`,
    operation: 'UpdateRecords',
    async run(ctx) {
      const id = await ctx.identity();
      const [a, b] = await ctx.devices(id, 2);
      const ds = ctx.dataset(`conflict-${kind}`);
      await a.put(ds, 'base', 'x');
      await sync(a, ds, 'seeding the dataset');
      await sync(b, ds, 'B learning the dataset');
      // Both edit the same key while offline; A syncs first.
      await a.put(ds, 'item', 'from-a');
      await b.put(ds, 'item', 'from-b');
      await sync(a, ds, 'A pushing its offline edit');
      const choice = kind === 'merged' ? { value: (local: string | null, remote: string | null) => `${remote}+${local}` } : kind;
      const r = await sync(b, ds, 'B syncing its conflicting edit', { conflict: choice });
      check(r.conflicts.some((c) => c.key === 'item' && c.local === 'from-b' && c.remote === 'from-a'),
        `B's onConflict must fire for item (local from-b, remote from-a); it saw ${JSON.stringify(r.conflicts)}`);
      await sync(a, ds, 'A after the resolution');
      await sync(b, ds, 'B after the resolution');
      await converged(ctx, id, ds, [a, b], { base: 'x', item: expected });
    },
  };
}

const removal: Scenario = {
  name: 'remove/removed-key-propagates',
  operation: 'UpdateRecords',
  async run(ctx) {
    const id = await ctx.identity();
    const [a, b] = await ctx.devices(id, 2);
    const ds = ctx.dataset('remove');
    await a.putAll(ds, { keep: '1', drop: '2' });
    await sync(a, ds, 'seeding');
    await sync(b, ds, 'B learning both keys');
    check((await b.getAll(ds)).drop === '2', 'B does not have drop=2 after syncing');
    await a.remove(ds, 'drop');
    await sync(a, ds, 'A pushing the removal');
    await sync(b, ds, 'B after the removal');
    const onB = await b.record(ds, 'drop');
    check(onB?.value !== '2', `B still has drop=2 after A removed it and B synced: a removal travels as a record without a Value (tombstone) that a delta ListRecords returns`);
    const server = await ctx.serverRecords(id, ds);
    check(server.has('drop') ? server.get('drop')!.value === undefined : true, `the server still has drop=${server.get('drop')?.value} after A's remove patch`);
    check((await b.getAll(ds)).keep === '1', 'B lost keep=1, which nobody removed');
    for (const d of [a, b]) {
      const left = await d.record(ds, 'drop');
      if (left && left.value === '') {
        throw new KnownDefect('tombstone-as-empty-string', `${d.name} keeps the removed key drop as an empty string: the library turns a record without a Value into '' and only treats null as deleted, so getAll() still lists it`);
      }
    }
    await converged(ctx, id, ds, [a, b], { keep: '1' });
  },
};

const midSyncWrite: Scenario = {
  name: 'conflict/write-between-list-and-update-gets-409-then-resolves',
  operation: 'UpdateRecords',
  async run(ctx) {
    const id = await ctx.identity();
    const [a] = await ctx.devices(id, 1);
    const ds = ctx.dataset('race');
    await a.put(ds, 'score', '1');
    await sync(a, ds, 'seeding');
    await a.put(ds, 'score', '2');
    // Another writer changes score after A's ListRecords and before its UpdateRecords.
    a.beforeNextUpdate(() => ctx.serverWrite(id, ds, { score: 'other' }));
    const updatesBefore = a.calls.updateRecords ?? 0;
    const r = await sync(a, ds, 'sync racing another writer', { conflict: 'local' });
    check(r.conflicts.some((c) => c.key === 'score' && c.remote === 'other'),
      `A's UpdateRecords carried a stale SyncCount, so it must get 409 ResourceConflictException, re-list and see score=other in onConflict; onConflict saw ${JSON.stringify(r.conflicts)}`);
    check((a.calls.updateRecords ?? 0) - updatesBefore >= 2, 'A pushed only once: the stale push was not refused');
    await converged(ctx, id, ds, [a], { score: '2' });
  },
};

const RECORDS = 1100;
const paging: Scenario = {
  name: `paging/${RECORDS}-records-reach-a-new-device-in-default-and-100-record-pages`,
  operation: 'ListRecords',
  async run(ctx) {
    const id = await ctx.identity();
    const [a, b] = await ctx.devices(id, 2);
    const [c] = await ctx.devices(id, 1, { maxResults: 100 });
    const ds = ctx.dataset('big');
    const values: Record<string, string> = {};
    for (let i = 0; i < RECORDS; i++) values[`k${String(i).padStart(4, '0')}`] = `v${i}`;
    // Written through the server in 100-record slices, as many earlier app sessions would have: the cases here are the reading devices.
    const keys = Object.keys(values);
    for (let i = 0; i < keys.length; i += 100) await ctx.serverWrite(id, ds, Object.fromEntries(keys.slice(i, i + 100).map((k) => [k, values[k]!])));
    await a.put(ds, 'from-device', 'yes');
    values['from-device'] = 'yes';
    await sync(a, ds, 'A adding one record to the big dataset');
    for (const d of [b, c]) {
      await sync(d, ds, `${d.name} fetching every page`);
      const got = await d.getAll(ds);
      const missing = Object.keys(values).filter((k) => got[k] !== values[k]);
      check(missing.length === 0, `${d.name} has ${Object.keys(got).length} of ${RECORDS + 1} records after one sync${d === c ? ' in 100-record pages' : ''}; missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}: following NextToken must reach every record`);
      check((d.calls.listRecords ?? 0) >= 2, `${d.name} fetched ${RECORDS + 1} records in ${d.calls.listRecords ?? 0} ListRecords call(s); expected more than one page`);
    }
  },
};

const deletedRecreated: Scenario = {
  name: 'deleted/dataset-deleted-and-recreated-elsewhere-fires-on-dataset-deleted',
  operation: 'ListRecords',
  async run(ctx) {
    const id = await ctx.identity();
    const [a, b, c] = await ctx.devices(id, 3);
    const ds = ctx.dataset('deleted');
    await a.put(ds, 'old', '1');
    await sync(a, ds, 'seeding');
    await sync(b, ds, 'B learning the dataset');
    await ctx.serverDelete(id, ds);
    await c.put(ds, 'new', '2');
    await sync(c, ds, 'C re-creating the dataset');
    const r = await b.sync(ds, { deleted: true });
    check(r.deleted.length > 0, `B's onDatasetDeleted did not fire when syncing a dataset deleted and re-created since its last sync (DatasetDeletedAfterRequestedSyncCount); callbacks: ${r.ok ? 'onSuccess' : `onFailure(${r.error})`}`);
    synced(b, r, 'B continuing after onDatasetDeleted');
    await sync(b, ds, 'B after the purge');
    await converged(ctx, id, ds, [b, c], { new: '2' });
  },
};

const deletedOnServer: Scenario = {
  name: 'deleted/dataset-deleted-on-the-server-is-noticed-by-a-device-that-had-it',
  operation: 'ListRecords',
  async run(ctx) {
    const id = await ctx.identity();
    const [a, b] = await ctx.devices(id, 2);
    const ds = ctx.dataset('gone');
    await a.put(ds, 'old', '1');
    await sync(a, ds, 'seeding');
    await sync(b, ds, 'B learning the dataset');
    await ctx.serverDelete(id, ds);
    const r = await b.sync(ds, { deleted: false });
    const answer = b.lastListing();
    check(answer !== undefined, 'B made no ListRecords call when syncing');
    // Either member tells a client the dataset it had is gone (ListRecords API reference); with neither it cannot know.
    check(answer.exists === false || answer.deletedAfter === true,
      `ListRecords of a dataset deleted on the server answered DatasetExists=${String(answer.exists)}, DatasetDeletedAfterRequestedSyncCount=${String(answer.deletedAfter)}: a device that had it cannot tell it is gone`);
    if (r.deleted.length > 0) return;
    throw new KnownDefect('dataset-exists-ignored', `B's onDatasetDeleted did not fire: ListRecords answered DatasetExists=false (with DatasetDeletedAfterRequestedSyncCount=${String(answer.deletedAfter)}), which the library never reads; B still holds ${show(await b.getAll(ds))}`);
  },
};

const merge: Scenario = {
  name: 'merge/identity-merge-fires-on-datasets-merged-with-the-merged-names',
  operation: 'ListRecords',
  async run(ctx) {
    const pair = await ctx.mergedIdentities();
    if (!pair) throw new NotApplicable('merging identities needs a pool with a developer provider, which the harness creates only on the emulator or a URL target (never on AWS)');
    const ds = ctx.dataset('merge');
    const [onSource] = await ctx.devices(pair.source, 1);
    await onSource.put(ds, 'from-source', 'yes');
    await sync(onSource, ds, 'writing on the identity that will be merged away');
    const [onTarget] = await ctx.devices(pair.target, 1);
    await onTarget.put(ds, 'from-target', 'yes');
    await sync(onTarget, ds, 'writing on the surviving identity');
    await pair.merge();
    const r = await onTarget.sync(ds, { merged: false });
    const names = r.merged.flat();
    check(names.length > 0, `onDatasetsMerged did not fire after the identities were merged (MergedDatasetNames); callbacks: ${r.ok ? 'onSuccess' : `onFailure(${r.error})`}`);
    const listed = await ctx.serverDatasetNames(pair.target);
    const unknown = names.filter((n) => !listed.includes(n));
    check(unknown.length === 0, `onDatasetsMerged named ${unknown.join(', ')}, which ListDatasets of the surviving identity does not list (${listed.join(', ')})`);
    check(names.every((n) => n !== ds), `MergedDatasetNames names the dataset itself (${ds}); it must name the merged copies`);
  },
};

const DEVICES = 5;
const many: Scenario = {
  name: `concurrent/${DEVICES}-devices-writing-distinct-and-shared-keys-converge-to-the-server`,
  operation: null,
  async run(ctx) {
    const id = await ctx.identity();
    const devices = await ctx.devices(id, DEVICES);
    const ds = ctx.dataset('many');
    await devices[0]!.put(ds, 'shared', 'start');
    await sync(devices[0]!, ds, 'seeding');
    for (const d of devices) {
      await d.put(ds, `own-${d.name}`, d.name);
      await d.put(ds, 'shared', `by-${d.name}`);
    }
    // All at once: each push races the others; conflicts go to the remote value, so the server decides.
    const first = await Promise.all(devices.map((d) => d.sync(ds, { conflict: 'remote' })));
    // A device whose retries ran out (MAX_RETRY) simply syncs again, as an app would on its next sync.
    for (let round = 0; round < 3; round++) {
      for (const d of devices) synced(d, await d.sync(ds, { conflict: 'remote' }), `round ${round + 2}`);
    }
    const server = await ctx.serverValues(id, ds);
    for (const d of devices) {
      check(server[`own-${d.name}`] === d.name,
        `the server lost ${d.name}'s own key own-${d.name} (it has ${show(server)}); first round: ${first.map((r, i) => `${devices[i]!.name} ${r.ok ? 'ok' : r.error}`).join('; ')}`);
    }
    check(/^by-/.test(server.shared ?? ''), `the server's shared key is ${server.shared}; it must be one device's write`);
    const records = await ctx.serverRecords(id, ds);
    for (const d of devices) {
      const local = await d.getAll(ds);
      const behind = Object.keys(server).filter((k) => local[k] !== server[k]);
      if (behind.length === 0 && Object.keys(local).length === Object.keys(server).length) continue;
      const claimed = await d.lastSyncCount(ds);
      // The library's own bookkeeping says it has every change up to `claimed`, yet it misses changes at or below it.
      if (behind.length > 0 && behind.every((k) => (records.get(k)?.syncCount ?? Infinity) <= claimed)) {
        throw new KnownDefect('sync-count-jump', `${d.name} holds ${show(local)} but the server holds ${show(server)}; its last sync count is ${claimed}, past the changes it never fetched (${behind.join(', ')}): after a push the library sets its last sync count to the highest SyncCount it wrote, skipping other devices' writes made in between`);
      }
    }
    await converged(ctx, id, ds, devices);
  },
};

const [conflictRemote, conflictLocal, conflictMerged] = [conflictScenario('remote'), conflictScenario('local'), conflictScenario('merged')];

export const scenarios: readonly Scenario[] = [
  twoDevices, conflictRemote, conflictLocal, conflictMerged, removal, midSyncWrite, paging, deletedRecreated, deletedOnServer, merge, many,
];

/** Case names, for the coverage table. */
export const CLIENT = {
  twoDevices: twoDevices.name, conflictRemote: conflictRemote.name, conflictLocal: conflictLocal.name, conflictMerged: conflictMerged.name,
  removal: removal.name, race: midSyncWrite.name, paging: paging.name, deleted: deletedRecreated.name, deletedOnServer: deletedOnServer.name, merge: merge.name, concurrent: many.name,
} as const;
