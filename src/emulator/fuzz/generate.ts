// The request stream of the fuzz. Valid requests are common and built from
// live state (real pools and identities, session and page tokens taken from
// earlier answers, SyncCounts from the model), so most of them reach the
// store; hostile ones spoil one thing of a request that would otherwise work.
// Requests with a documented outcome say so in `expect`.

import { buildRequest, encodeRfc3986 } from '../../client/request.ts';
import { MAX_DATASET_BYTES, MAX_REQUEST_BODY_BYTES } from '../../model/limits.ts';
import { operations, operationNames, type OperationName } from '../../model/operations.ts';
import { isObject } from '../../model/validate.ts';
import type { WireRequest } from '../types.ts';
import type { Answer, Expectation, Sent } from './check.ts';
import { badBody, badLabel, EDGE_KEYS, forge, ODD_COUNTS, ODD_MAX_RESULTS, spoilList, spoilPatch, unicode, wild } from './hostile.ts';
import { currentSyncCount, expectedSyncCount, scopeOf, storageAfter, type DatasetModel, type Models, type Patch, type Scope } from './model.ts';
import type { Rng } from './random.ts';
import { authorization, DEVELOPER_KEY, type Identity, type World } from './world.ts';

/** Datasets every identity syncs; only the scratch one is deleted on purpose. */
export const DATASETS = ['profile', 'settings', 'game.state-1', 'scratch_2'] as const;
const SCRATCH = 'scratch_2';
/** Where the 1 MB limit is probed, apart from the others so that big records do not weigh on every read. */
const LIMITS = 'limits';
const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'name', 'score', 'ключ', '🔑', 'e\u0301', 'a b'];
const ROLE = 'arn:aws:iam::123456789012:role/fuzz';
const APP = 'arn:aws:sns:us-east-1:123456789012:app/GCM/fuzz';
// Keep clear of the 1 MB boundary when predicting: a backend may count bytes slightly differently.
const SURELY_FITS = MAX_DATASET_BYTES * 0.9;
const SURELY_OVER = MAX_DATASET_BYTES * 1.1;

type Json = Record<string, unknown>;
type Target = Scope & { identity: Identity };

const STEP_WEIGHTS = [
  [26, 'list'], [24, 'update'], [3, 'update-stale'], [2, 'update-foreign-token'], [1.2, 'update-limit'], [1, 'race'],
  [12, 'patch-hostile'], [6, 'query-hostile'], [5, 'label-hostile'], [5, 'body-hostile'], [2, 'route-hostile'], [10, 'other'],
] as const;

export class Generator {
  private readonly targets: Target[];
  private readonly limitTargets: Target[];
  // Session tokens per dataset: fresh ones (each spent by one write whose outcome is checked) and the newest one.
  private readonly fresh = new Map<string, string[]>();
  private readonly latest = new Map<string, string>();
  private readonly foreignSessions: Array<{ scope: string; token: string }> = [];
  private readonly pending = new Map<string, { n: number; token: string }>();
  private readonly foreignPages: string[] = [];
  private readonly datasetPages = new Map<string, string>();
  private poolPage: string | undefined;
  private readonly devices = new Map<string, string[]>();
  private readonly subscriptions: Array<{ target: Target; device: string }> = [];
  private serial = 0;

  constructor(private readonly rng: Rng, private readonly world: World, private readonly models: Models) {
    this.targets = world.identities.flatMap((identity) => DATASETS.map((d) => ({ ...scopeOf(identity.poolId, identity.identityId, d), identity })));
    this.limitTargets = world.identities.map((identity) => ({ ...scopeOf(identity.poolId, identity.identityId, LIMITS), identity }));
  }

  /** The next step: one request, or two sent together (a race). */
  next(): Sent[] {
    const kind = this.rng.weighted(STEP_WEIGHTS);
    const t = this.rng.pick(this.targets);
    switch (kind) {
      case 'list': return [this.list(t)];
      case 'update': return [this.update(t)];
      case 'update-stale': return [this.stale(t)];
      case 'update-foreign-token': return [this.foreignToken(t)];
      case 'update-limit': {
        // A dataset with a session ready, so that the probe does not wait for the same identity to come round again.
        const ready = this.limitTargets.filter((l) => this.fresh.get(l.key)?.length);
        return [this.limit(ready.length ? this.rng.pick(ready) : this.rng.pick(this.limitTargets))];
      }
      case 'race': return this.race();
      case 'patch-hostile': return [this.hostilePatches(t)];
      case 'query-hostile': return [this.hostileQuery(t)];
      case 'label-hostile': return [this.hostileLabel(t)];
      case 'body-hostile': return [this.hostileBody(t)];
      case 'route-hostile': return [this.hostileRoute(t)];
      default: return [this.other(t)];
    }
  }

  /** Takes tokens and IDs from a successful answer for later requests. */
  learn(sent: Sent, a: Answer): void {
    if (a.status !== 200 || !isObject(a.json)) return;
    const out = a.json;
    const scope = sent.scope?.key;
    if (sent.op === 'ListRecords' && scope) {
      if (typeof out.SyncSessionToken === 'string') {
        const list = this.fresh.get(scope) ?? [];
        list.push(out.SyncSessionToken);
        if (list.length > 4) list.shift();
        this.fresh.set(scope, list);
        this.latest.set(scope, out.SyncSessionToken);
        this.foreignSessions.push({ scope, token: out.SyncSessionToken });
        if (this.foreignSessions.length > 64) this.foreignSessions.shift();
      }
      if (typeof out.NextToken === 'string' && out.NextToken !== '') {
        this.pending.set(scope, { n: Number(new URLSearchParams(sent.req.query).get('lastSyncCount') ?? 0), token: out.NextToken });
        this.foreignPages.push(out.NextToken);
        if (this.foreignPages.length > 32) this.foreignPages.shift();
      } else this.pending.delete(scope);
    } else if (sent.op === 'DeleteDataset' && scope) {
      // Sessions opened before a delete belong to the old dataset on a backend that ties them to it.
      this.pending.delete(scope);
      this.fresh.delete(scope);
    } else if (sent.op === 'ListDatasets' && sent.scope) {
      if (typeof out.NextToken === 'string') this.datasetPages.set(sent.scope.identityId, out.NextToken);
      else this.datasetPages.delete(sent.scope.identityId);
    } else if (sent.op === 'ListIdentityPoolUsage') this.poolPage = typeof out.NextToken === 'string' ? out.NextToken : undefined;
    else if (sent.op === 'RegisterDevice' && sent.scope && typeof out.DeviceId === 'string') {
      const list = this.devices.get(sent.scope.identityId) ?? [];
      if (!list.includes(out.DeviceId)) list.push(out.DeviceId);
      this.devices.set(sent.scope.identityId, list.slice(-4));
    }
  }

  // ---- building blocks -------------------------------------------------

  private request(name: OperationName, input: Json, accessKeyId: string): WireRequest {
    const r = buildRequest(name, input);
    return { method: r.method, path: r.path, query: r.query, headers: { ...r.headers, authorization: authorization(accessKeyId) }, body: Buffer.from(r.body) };
  }

  /** Mostly the developer; sometimes the identity itself, with its own temporary credentials. */
  private caller(t: Target): string {
    return this.rng.chance(0.3) ? t.identity.accessKeyId : DEVELOPER_KEY;
  }

  private labels(t: Scope): Json {
    return { IdentityPoolId: t.poolId, IdentityId: t.identityId, DatasetName: t.dataset };
  }

  private model(t: Scope): DatasetModel {
    return this.models.get(t);
  }

  private takeFresh(t: Scope): string | undefined {
    return this.fresh.get(t.key)?.pop();
  }

  private value(): string {
    return this.rng.weighted<() => string>([
      [6, () => `v${this.serial++}`],
      [3, () => unicode(this.rng, 0, 30)],
      [1, () => ''],
      [1, () => 'x'.repeat(this.rng.int(100, 1000))],
    ])();
  }

  private freshKey(): string {
    return this.rng.weighted<() => string>([
      [90, () => this.rng.pick(KEYS)],
      [5, () => this.rng.pick(EDGE_KEYS)],
      [5, () => unicode(this.rng, 1, 16)],
    ])();
  }

  /** 1–4 patches on distinct keys, each with the key's current SyncCount (sometimes none at all). */
  private cleanPatches(m: DatasetModel, max = 4, avoid?: string): Patch[] {
    if (this.rng.chance(0.04)) return [];
    const patches: Patch[] = [];
    const used = new Set<string>(avoid === undefined ? [] : [avoid]);
    const n = this.rng.int(1, max);
    for (let i = 0; i < n * 3 && patches.length < n; i++) {
      const Key = this.freshKey();
      if (used.has(Key) || Key === '') continue;
      used.add(Key);
      const live = m.records.get(Key)?.value !== undefined;
      const p: Patch & Json = live && this.rng.chance(0.25)
        ? { Op: 'remove', Key, SyncCount: currentSyncCount(m, Key) }
        : { Op: 'replace', Key, Value: this.value(), SyncCount: currentSyncCount(m, Key) };
      if (this.rng.chance(0.3)) p.DeviceLastModifiedDate = this.world.clock.now() / 1000 - this.rng.int(0, 86_400);
      patches.push(p);
    }
    return patches;
  }

  private updateRequest(t: Target, token: unknown, patches: unknown, extra: Json = {}): WireRequest {
    const req = this.request('UpdateRecords', this.labels(t), this.caller(t));
    req.body = Buffer.from(JSON.stringify({ SyncSessionToken: token, RecordPatches: patches, ...extra }));
    req.headers['content-type'] = 'application/json';
    return req;
  }

  /** What an otherwise clean write must get, given the dataset's size afterwards. */
  private writeOutcome(m: DatasetModel, patches: Patch[]): Expectation | undefined {
    if (m.lost) return undefined;
    const after = storageAfter(m, patches);
    if (after > SURELY_OVER) return { kind: 'refused', type: 'LimitExceededException', check: 'dataset-limit-400', basis: 'documented: keys and values of a dataset may total 1 MB' };
    return after < SURELY_FITS ? { kind: 'applies' } : undefined;
  }

  // ---- valid steps -----------------------------------------------------

  private list(t: Target): Sent {
    const m = this.model(t);
    const input: Json = this.labels(t);
    const pending = this.pending.get(t.key);
    if (pending && this.rng.chance(0.6)) {
      input.LastSyncCount = pending.n;
      input.NextToken = pending.token;
    } else {
      const count = m.lost || m.exists === 'no' ? undefined : expectedSyncCount(m);
      // Like the sync managers: mostly a delta from the last count seen, sometimes a full read.
      const n = count === undefined ? 0 : this.rng.weighted<number | undefined>([[2, 0], [4, count], [3, this.rng.int(0, count)], [1, undefined]]);
      if (n !== undefined) input.LastSyncCount = n;
    }
    if (this.rng.chance(0.3)) input.MaxResults = this.rng.int(1, 20);
    const latest = this.latest.get(t.key);
    if (latest && this.rng.chance(0.15)) input.SyncSessionToken = latest;
    return { category: 'list', op: 'ListRecords', scope: t, req: this.request('ListRecords', input, this.caller(t)) };
  }

  private update(t: Target): Sent {
    const token = this.takeFresh(t);
    if (!token) return this.list(t);
    const m = this.model(t);
    const patches = this.cleanPatches(m);
    const expect = this.writeOutcome(m, patches);
    return { category: 'update', op: 'UpdateRecords', scope: t, req: this.updateRequest(t, token, patches), ...(expect ? { expect } : {}) };
  }

  private stale(t: Target): Sent {
    const m = this.model(t);
    const written = [...m.records].filter(([, r]) => r.syncCount >= 1);
    if (m.lost || written.length === 0 || !this.fresh.get(t.key)?.length) return this.update(t);
    const [key, r] = this.rng.pick(written);
    // Valid patches first, so a backend that applies patches one by one shows it.
    const patches = [...this.cleanPatches(m, 3, key), { Op: 'replace', Key: key, Value: this.value(), SyncCount: this.rng.int(0, r.syncCount - 1) }];
    return {
      category: 'update-stale', op: 'UpdateRecords', scope: t, req: this.updateRequest(t, this.takeFresh(t), patches),
      expect: { kind: 'refused', type: 'ResourceConflictException', check: 'stale-update-409', basis: 'documented: UpdateRecords 409 on a stale SyncCount' },
    };
  }

  private foreignToken(t: Target): Sent {
    const others = this.foreignSessions.filter((s) => s.scope !== t.key);
    if (others.length === 0) return this.list(t);
    const m = this.model(t);
    const patches = this.cleanPatches(m, 2);
    return {
      category: 'update-foreign-token', op: 'UpdateRecords', scope: t, req: this.updateRequest(t, this.rng.pick(others).token, patches),
      expect: { kind: 'refused', type: 'InvalidParameterException', check: 'foreign-session-400', basis: 'documented: a SyncSessionToken is bound to its identity and dataset' },
    };
  }

  private limit(t: Target): Sent {
    const token = this.takeFresh(t);
    if (!token) return this.list(t);
    const m = this.model(t);
    const over = this.rng.chance(0.5);
    const patches: Patch[] = over
      ? ['big-a', 'big-b', 'big-c'].map((Key) => ({ Op: 'replace', Key, Value: 'o'.repeat(450_000), SyncCount: currentSyncCount(m, Key) }))
      : [{ Op: 'replace', Key: 'big', Value: 'w'.repeat(this.rng.int(100_000, 300_000)), SyncCount: currentSyncCount(m, 'big') }];
    const expect = this.writeOutcome(m, patches);
    return { category: 'update-limit', op: 'UpdateRecords', scope: t, req: this.updateRequest(t, token, patches), ...(expect ? { expect } : {}) };
  }

  /** Two writers with their own sessions write one key at the same SyncCount: one must lose. */
  private race(): Sent[] {
    const count = (t: Target) => (this.model(t).lost ? 0 : this.fresh.get(t.key)?.length ?? 0);
    const ready = this.targets.filter((t) => count(t) >= 2);
    // Without a dataset holding two sessions, open a second one where there is one already.
    if (ready.length === 0) return [this.list(this.rng.pick(this.targets.filter((t) => count(t) === 1).concat(this.targets)))];
    const t = this.rng.pick(ready);
    const tokens = this.fresh.get(t.key)!;
    const m = this.model(t);
    const key = this.rng.pick(KEYS);
    return [tokens.pop()!, tokens.pop()!].map((token) => ({
      category: 'race', op: 'UpdateRecords' as const, scope: t,
      req: this.updateRequest(t, token, [{ Op: 'replace', Key: key, Value: this.value(), SyncCount: currentSyncCount(m, key) }]),
    }));
  }

  private other(t: Target): Sent {
    const pool = t.poolId;
    const dev = DEVELOPER_KEY;
    const own = t.identity.accessKeyId;
    const choice = this.rng.weighted<() => Sent>([
      [10, () => this.plain('DescribeDataset', this.labels(t), this.caller(t), t)],
      [10, () => {
        const page = this.datasetPages.get(t.identityId);
        const input: Json = { IdentityPoolId: pool, IdentityId: t.identityId, ...(page && this.rng.chance(0.6) ? { NextToken: page } : {}) };
        if (this.rng.chance(0.5)) input.MaxResults = this.rng.int(1, 5);
        return this.plain('ListDatasets', input, this.caller(t), t);
      }],
      [6, () => this.plain('DescribeIdentityUsage', { IdentityPoolId: pool, IdentityId: t.identityId }, this.caller(t))],
      [6, () => this.plain('DescribeIdentityPoolUsage', { IdentityPoolId: pool }, dev)],
      [6, () => this.plain('ListIdentityPoolUsage', { MaxResults: this.rng.int(1, 3), ...(this.poolPage && this.rng.chance(0.5) ? { NextToken: this.poolPage } : {}) }, dev)],
      [6, () => this.plain('GetIdentityPoolConfiguration', { IdentityPoolId: pool }, dev, undefined, pool)],
      [4, () => this.plain('SetIdentityPoolConfiguration', {
        IdentityPoolId: pool, PushSync: { ApplicationArns: [APP], RoleArn: ROLE },
        CognitoStreams: { StreamName: `fuzz-stream-${this.serial++}`, RoleArn: ROLE, StreamingStatus: this.rng.pick(['ENABLED', 'DISABLED']) },
      }, dev, undefined, pool)],
      [6, () => this.plain('GetCognitoEvents', { IdentityPoolId: pool }, dev, undefined, pool)],
      [4, () => this.plain('SetCognitoEvents', { IdentityPoolId: pool, Events: { SyncTrigger: `arn:aws:lambda:us-east-1:123456789012:function:fuzz${this.serial++}` } }, dev, undefined, pool)],
      [2, () => this.plain('BulkPublish', { IdentityPoolId: pool }, dev)],
      [4, () => this.plain('GetBulkPublishDetails', { IdentityPoolId: pool }, dev)],
      [6, () => this.plain('RegisterDevice', { IdentityPoolId: pool, IdentityId: t.identityId, Platform: this.rng.pick(['GCM', 'APNS', 'ADM', 'APNS_SANDBOX']), Token: `push-${this.rng.int(0, 3)}` }, own, t)],
      [6, () => {
        const device = this.rng.pick(this.devices.get(t.identityId) ?? ['no-such-device']);
        this.subscriptions.push({ target: t, device });
        if (this.subscriptions.length > 16) this.subscriptions.shift();
        return this.plain('SubscribeToDataset', { ...this.labels(t), DeviceId: device }, own, t);
      }],
      [4, () => {
        const s = this.subscriptions.length ? this.rng.pick(this.subscriptions) : { target: t, device: 'no-such-device' };
        return this.plain('UnsubscribeFromDataset', { ...this.labels(s.target), DeviceId: s.device }, s.target.identity.accessKeyId, s.target);
      }],
      [1, () => this.plain('DeleteDataset', this.labels({ ...t, dataset: SCRATCH }), this.caller(t), { ...t, ...scopeOf(t.poolId, t.identityId, SCRATCH) })],
    ]);
    return { ...choice(), category: 'other' };
  }

  private plain(name: OperationName, input: Json, key: string, scope?: Scope, poolId?: string): Sent {
    return { category: 'other', op: name, req: this.request(name, input, key), ...(scope ? { scope } : {}), ...(poolId ? { poolId } : {}) };
  }

  // ---- hostile steps ---------------------------------------------------

  private hostilePatches(t: Target): Sent {
    const token = this.latest.get(t.key);
    if (!token) return this.list(t);
    const m = this.model(t);
    const patches = this.cleanPatches(m, 3) as Json[];
    if (patches.length === 0) patches.push({ Op: 'replace', Key: 'k0', Value: 'v', SyncCount: currentSyncCount(m, 'k0') });
    const at = () => this.rng.int(0, patches.length - 1);
    const count = (p: Json) => currentSyncCount(m, String(p.Key));
    let list: unknown = patches;
    const extra: Json = {};
    this.rng.weighted<() => void>([
      [6, () => {
        const i = at();
        patches[i] = spoilPatch(this.rng, patches[i]!, count(patches[i]!));
      }],
      [2, () => {
        const i = at();
        patches[i] = spoilPatch(this.rng, patches[i]!, count(patches[i]!));
        const j = at();
        patches[j] = spoilPatch(this.rng, patches[j]!, count(patches[j]!));
      }],
      [2, () => {
        const p = patches[at()]!;
        patches.push({ ...p, Value: this.value(), ...(this.rng.chance(0.5) ? { SyncCount: count(p) + 1 } : {}) });
      }],
      [3, () => {
        const Key = this.rng.chance(0.6) ? this.rng.pick(EDGE_KEYS) : wild(this.rng, 20) || 'w';
        patches[at()] = { Op: 'replace', Key, Value: this.value(), SyncCount: currentSyncCount(m, Key) };
      }],
      [1, () => {
        const p = patches[at()]!;
        if (p.Op === 'remove') p.Value = 'kept?';
        else delete p.Value;
      }],
      [1, () => void (list = spoilList(this.rng, patches))],
      [0.5, () => {
        const n = this.rng.int(20, 150);
        list = Array.from({ length: n }, (_, i) => ({ Op: 'replace', Key: `bulk-${i}`, Value: `b${i}`, SyncCount: currentSyncCount(m, `bulk-${i}`) }));
      }],
      [1.5, () => {
        const spoil = this.rng.pick<() => void>([
          () => void (extra.SyncSessionToken = this.rng.pick<unknown>([5, [], {}, null, true, forge(this.rng, token)])),
          () => void (extra.DeviceId = this.rng.pick<unknown>(['', 'd'.repeat(257), 5, [], 'device-1', unicode(this.rng, 1, 10)])),
          () => void (extra.ClientContext = 'ignored in the body'),
        ]);
        spoil();
      }],
    ])();
    const req = this.updateRequest(t, token, list, extra);
    if (this.rng.chance(0.1)) req.headers['x-amz-client-context'] = this.rng.pick(['', 'not base64!', Buffer.from('{"client":{}}').toString('base64'), 'x'.repeat(5000)]);
    return { category: 'patch-hostile', op: 'UpdateRecords', scope: t, req };
  }

  private hostileQuery(t: Target): Sent {
    const m = this.model(t);
    const count = expectedSyncCount(m) ?? 0;
    const pairs: Array<[string, string]> = [['lastSyncCount', '0']];
    const set = (k: string, v: string) => {
      const i = pairs.findIndex(([name]) => name === k);
      if (i >= 0) pairs[i] = [k, v];
      else pairs.push([k, v]);
    };
    const pendingToken = this.pending.get(t.key)?.token;
    const session = this.latest.get(t.key);
    const foreign = this.foreignSessions.filter((s) => s.scope !== t.key);
    const mutations = this.rng.int(1, 3);
    for (let i = 0; i < mutations; i++) {
      this.rng.pick<() => void>([
        () => set('lastSyncCount', this.rng.pick(ODD_COUNTS)),
        () => set('lastSyncCount', String(count + this.rng.int(1, 100))),
        () => set('maxResults', this.rng.pick(ODD_MAX_RESULTS)),
        () => set('nextToken', encodeRfc3986(forge(this.rng, pendingToken))),
        () => set('nextToken', encodeRfc3986(this.foreignPages.length ? this.rng.pick(this.foreignPages) : 'none')),
        () => set('nextToken', pendingToken ?? 'raw+token/with=signs'),
        () => set('syncSessionToken', encodeRfc3986(forge(this.rng, session))),
        () => set('syncSessionToken', encodeRfc3986(foreign.length ? this.rng.pick(foreign).token : 'none')),
        () => set('syncSessionToken', encodeRfc3986(this.foreignPages.length ? this.rng.pick(this.foreignPages) : '')),
        () => pairs.push(['lastSyncCount', this.rng.pick(ODD_COUNTS)]),
        () => pairs.push([this.rng.pick(['LastSyncCount', 'x', '', 'maxresults', 'nextToken[]']), this.rng.pick(['1', '', '%zz', 'a'])]),
      ])();
    }
    const req = this.request('ListRecords', this.labels(t), this.caller(t));
    req.query = pairs.map(([k, v]) => (k === '' ? v : `${k}=${v}`)).join(this.rng.chance(0.1) ? '&&' : '&');
    if (this.rng.chance(0.05)) req.query = this.rng.pick(['lastSyncCount', '=', '&', '?', 'lastSyncCount=1=2', '%', 'a'.repeat(10_000)]);
    return { category: 'query-hostile', op: 'ListRecords', scope: t, req };
  }

  private hostileLabel(t: Target): Sent {
    const name = this.rng.weighted<OperationName>([[10, 'ListRecords'], [8, 'UpdateRecords'], [3, 'DescribeDataset'], [2, 'DeleteDataset'], [4, 'ListDatasets'], [3, 'RegisterDevice'], [3, 'SubscribeToDataset'], ...operationNames.map((n) => [1, n] as const)]);
    const op = operations[name];
    const values: Record<string, string> = { IdentityPoolId: t.poolId, IdentityId: t.identityId, DatasetName: t.dataset, DeviceId: this.rng.pick(this.devices.get(t.identityId) ?? ['device-x']) };
    const labelNames = Object.entries(op.input).filter(([, s]) => s.binding.in === 'label').map(([k]) => k);
    const encoded: Record<string, string> = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeRfc3986(v)]));
    let scope: Scope | undefined;
    const target = labelNames.length ? this.rng.pick(labelNames) : undefined;
    if (target && this.rng.chance(0.4)) {
      // Another real ID where this one belongs: another pool's identity, a deleted one, a pool ID as an identity.
      // A swapped-in ID that names a real dataset makes a valid request; deletes keep to the scratch dataset.
      const destructive = name === 'DeleteDataset';
      const others = this.world.identities.filter((i) => i.identityId !== t.identityId && !(destructive && i.poolId === t.poolId));
      const swap = target === 'IdentityPoolId'
        ? this.rng.pick([this.world.ghosts.poolId, ...this.world.pools.filter((p) => p !== t.poolId), t.identityId])
        : target === 'IdentityId'
          ? this.rng.pick([this.world.ghosts.identityId, t.poolId, ...others.map((i) => i.identityId)])
          : this.rng.pick(destructive ? ['dataset-nobody-wrote', SCRATCH] : ['dataset-nobody-wrote', ...DATASETS]);
      values[target] = swap;
      encoded[target] = this.rng.chance(0.8) ? encodeRfc3986(swap) : swap;
      if (labelNames.includes('DatasetName')) scope = scopeOf(values.IdentityPoolId!, values.IdentityId!, values.DatasetName!);
    } else if (target) {
      encoded[target] = badLabel(this.rng);
    }
    let path = op.path;
    for (const l of labelNames) path = path.replace(`{${l}}`, encoded[l]!);
    const input: Json = name === 'RegisterDevice' ? { Platform: 'GCM', Token: 'push-0' } : name === 'SetCognitoEvents' ? { Events: {} } : {};
    const body = name === 'UpdateRecords'
      ? JSON.stringify({ SyncSessionToken: this.latest.get(t.key) ?? 'none', RecordPatches: this.cleanPatches(this.model(t), 2) })
      : Object.keys(input).length ? JSON.stringify(input) : '';
    const key = op.credentials === 'identity' || this.rng.chance(0.2) ? t.identity.accessKeyId : DEVELOPER_KEY;
    const req: WireRequest = { method: op.method, path, query: '', headers: { authorization: authorization(key), 'content-type': 'application/json' }, body: Buffer.from(body) };
    return { category: 'label-hostile', op: name, req, poolId: values.IdentityPoolId!, ...(scope ? { scope } : {}) };
  }

  private hostileBody(t: Target): Sent {
    const m = this.model(t);
    const [name, valid, key] = this.rng.pick<[OperationName, Json, string]>([
      ['UpdateRecords', { SyncSessionToken: this.latest.get(t.key) ?? 'none', RecordPatches: this.cleanPatches(m, 2) }, this.caller(t)],
      ['SetIdentityPoolConfiguration', { PushSync: { ApplicationArns: [APP], RoleArn: ROLE }, CognitoStreams: { StreamName: 's', RoleArn: ROLE, StreamingStatus: 'ENABLED' } }, DEVELOPER_KEY],
      ['SetCognitoEvents', { Events: { SyncTrigger: 'arn:aws:lambda:us-east-1:123456789012:function:f' } }, DEVELOPER_KEY],
      ['RegisterDevice', { Platform: 'GCM', Token: 'push-1' }, t.identity.accessKeyId],
    ]);
    const req = this.request(name, this.labels(t), key);
    const body = this.rng.chance(0.005) ? 'x'.repeat(MAX_REQUEST_BODY_BYTES + 1) : badBody(this.rng, valid);
    req.body = typeof body === 'string' ? Buffer.from(body) : body;
    const type = this.rng.pick([undefined, 'application/json', 'text/plain', 'application/x-amz-json-1.1', 'multipart/form-data; boundary=x']);
    if (type) req.headers['content-type'] = type;
    else delete req.headers['content-type'];
    const isWrite = name === 'UpdateRecords';
    return { category: 'body-hostile', op: name, req, ...(isWrite ? { scope: t } : {}), ...(name.startsWith('Set') ? { poolId: t.poolId } : {}) };
  }

  private hostileRoute(t: Target): Sent {
    const name = this.rng.pick(operationNames);
    const req = this.request(name, { ...this.labels(t), DeviceId: 'device-x', Platform: 'GCM', Token: 't', Events: {} }, DEVELOPER_KEY);
    this.rng.pick<() => void>([
      () => void (req.method = this.rng.pick(['PUT', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'get', 'post', 'CONNECT', ''])),
      () => void (req.path += this.rng.pick(['/x', '//', '/..', '/%2F', '/records/extra'])),
      () => void (req.path = req.path.replace('/identitypools', this.rng.pick(['/IdentityPools', '/identitypool', '//identitypools', '']))),
      () => void (req.path = this.rng.pick(['/', '', '/nowhere', '/identitypools/', '/identitypools//identities', '*', '/%', `/${'a/'.repeat(500)}`])),
      () => void (req.path = req.path.replace(/\/[^/]+$/, '')),
    ])();
    return { category: 'route-hostile', req };
  }
}
