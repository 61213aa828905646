// One end of a comparison: a target with its own pool, identity and run
// prefix, and what each simulated device knows of that end (its SyncCounts,
// last sync, session token), learnt only from that end's answers. So a step
// is the same request shape on both ends, each filled with its own tokens.

import type { SyncClient } from '../client/client.ts';
import type { CallResult } from '../client/request.ts';
import type { OperationName } from '../model/operations.ts';
import type { IdentityFixture, Target } from '../target/index.ts';
import type { Observation } from './compare.ts';
import { normaliseOutput, type EndIds } from './normalise.ts';
import { DEVICES, FILL_KEYS, type Step } from './steps.ts';

type Device = { lastSyncCount: number; known: Map<string, number>; session?: string };
type Json = Record<string, unknown>;

/** A bound on every walk: a backend whose NextToken never ends must not hang the run. */
export const MAX_PAGES = 20;
/** Calls per second on AWS, whose Cognito Sync quotas are low. */
export const AWS_RATE_CAP = 5;

export class End {
  private devices: Device[] = [];
  private dataset = '';
  private missing = '';
  private ids!: EndIds;
  private lastCall = 0;
  calls = 0;

  private constructor(readonly target: Target, readonly identity: IdentityFixture, private readonly client: SyncClient) {}

  static async open(target: Target): Promise<End> {
    const identity = await target.newIdentity();
    return new End(target, identity, target.client(target.credentialMode === 'identity' ? identity : 'developer'));
  }

  /** A fresh dataset and devices that know nothing, for one generated sequence. */
  startRun(run: number): void {
    this.dataset = this.target.datasetName(`diff-${run}`);
    this.missing = this.target.datasetName(`diff-${run}-missing`);
    this.devices = Array.from({ length: DEVICES }, () => ({ lastSyncCount: 0, known: new Map() }));
    this.ids = {
      identityPoolId: this.identity.identityPoolId, identityId: this.identity.identityId,
      datasetNames: new Map([[this.dataset, '<dataset>'], [this.missing, '<missing>']]),
    };
  }

  async endRun(): Promise<void> {
    await this.call('DeleteDataset', { DatasetName: this.dataset });
  }

  async perform(step: Step): Promise<Observation[]> {
    const ds = { DatasetName: this.dataset };
    switch (step.kind) {
      case 'push': return this.push(step.device, step.changes.map((c) => ({ ...c, syncCount: this.dev(step.device).known.get(c.key) ?? 0 })));
      case 'fill': return this.push(step.device, FILL_KEYS.map((key) => ({ key, value: 'v', syncCount: this.dev(step.device).known.get(key) ?? 0 })));
      case 'stalePush': return this.push(step.device, [{ key: step.key, value: 'stale', syncCount: Math.max(0, (this.dev(step.device).known.get(step.key) ?? 0) - 1) }]);
      case 'badToken': return [this.observe('UpdateRecords', await this.call('UpdateRecords', {
        ...ds, SyncSessionToken: 'not-a-session-token', RecordPatches: [{ Op: 'replace', Key: step.key, Value: 'x', SyncCount: this.dev(step.device).known.get(step.key) ?? 0 }],
      }))];
      case 'foreignToken': return this.foreignToken(step.device, step.key);
      case 'pull': return [await this.pull(step.device, step.pageSize)];
      case 'pullAbove': return [this.observe('ListRecords', await this.call('ListRecords', { ...ds, LastSyncCount: this.dev(step.device).lastSyncCount + 5 }))];
      case 'delete': return [this.observe('DeleteDataset', await this.call('DeleteDataset', ds))];
      case 'describe': return [this.observe('DescribeDataset', await this.call('DescribeDataset', ds))];
      case 'describeMissing': return [this.observe('DescribeDataset', await this.call('DescribeDataset', { DatasetName: this.missing }))];
      case 'invalidName': return [this.observe('ListRecords', await this.call('ListRecords', { DatasetName: 'bad*name' }))];
      case 'listDatasets': return [await this.listDatasets()];
    }
  }

  private dev(i: number): Device {
    return this.devices[i]!;
  }

  /** One UpdateRecords as the sync managers send it; a device with no session opens one first. */
  private async push(device: number, changes: Array<{ key: string; value: string | null; syncCount: number }>): Promise<Observation[]> {
    const dev = this.dev(device);
    const seen: Observation[] = [];
    if (dev.session === undefined) {
      const opened = await this.call<Json>('ListRecords', { DatasetName: this.dataset, LastSyncCount: dev.lastSyncCount, MaxResults: 1 });
      // Only its status matters here: the records are the next pull's business.
      seen.push({ call: 'ListRecords (session)', status: opened.status, ...(opened.ok ? {} : { errorType: opened.errorType }), raw: rawOf(opened) });
      if (!opened.ok || typeof opened.output.SyncSessionToken !== 'string') return seen;
      dev.session = opened.output.SyncSessionToken;
    }
    const RecordPatches = changes.map((c) => ({ Op: c.value === null ? 'remove' : 'replace', Key: c.key, SyncCount: c.syncCount, ...(c.value === null ? {} : { Value: c.value }) }));
    const res = await this.call<Json>('UpdateRecords', { DatasetName: this.dataset, SyncSessionToken: dev.session, RecordPatches });
    seen.push(this.observe('UpdateRecords', res));
    if (res.ok && Array.isArray(res.output.Records)) {
      // The sync managers take the new SyncCounts from the answer, and fast-forward after a lone write.
      let highest = 0;
      for (const r of res.output.Records as Array<{ Key?: unknown; SyncCount?: unknown }>) {
        if (typeof r?.Key === 'string' && typeof r.SyncCount === 'number') {
          dev.known.set(r.Key, r.SyncCount);
          highest = Math.max(highest, r.SyncCount);
        }
      }
      if (highest === dev.lastSyncCount + 1) dev.lastSyncCount = highest;
    }
    return seen;
  }

  private async foreignToken(device: number, key: string): Promise<Observation[]> {
    const opened = await this.call<Json>('ListRecords', { DatasetName: this.missing });
    const first: Observation = { call: 'ListRecords (session)', status: opened.status, ...(opened.ok ? {} : { errorType: opened.errorType }), raw: rawOf(opened) };
    if (!opened.ok || typeof opened.output.SyncSessionToken !== 'string') return [first];
    const res = await this.call<Json>('UpdateRecords', {
      DatasetName: this.dataset, SyncSessionToken: opened.output.SyncSessionToken,
      RecordPatches: [{ Op: 'replace', Key: key, Value: 'foreign', SyncCount: this.dev(device).known.get(key) ?? 0 }],
    });
    return [first, this.observe('UpdateRecords', res)];
  }

  /** A device's pull: ListRecords from its last sync, following NextToken, compared as one walk. */
  private async pull(device: number, pageSize: number | undefined): Promise<Observation> {
    const dev = this.dev(device);
    const records: unknown[] = [];
    const pageSizes: number[] = [];
    const raw: unknown[] = [];
    let count = 0;
    let NextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.call<Json>('ListRecords', {
        DatasetName: this.dataset, LastSyncCount: dev.lastSyncCount, ...(pageSize ? { MaxResults: pageSize } : {}), ...(NextToken ? { NextToken } : {}),
      });
      raw.push(rawOf(res));
      if (!res.ok) return { ...this.observe('ListRecords walk', res), raw };
      const norm = normaliseOutput('ListRecords', res.output, this.ids);
      const pageRecords = Array.isArray(norm.Records) ? norm.Records : [];
      records.push(...pageRecords);
      pageSizes.push(pageRecords.length);
      count += typeof norm.Count === 'number' ? norm.Count : 0;
      NextToken = typeof res.output.NextToken === 'string' ? res.output.NextToken : undefined;
      if (NextToken) continue;
      // The last page's members describe the dataset; the records are those of every page.
      const { Records: _r, Count: _c, NextToken: _n, ...last } = norm;
      const out = res.output;
      if (out.DatasetExists === false || out.DatasetDeletedAfterRequestedSyncCount === true) dev.known.clear();
      for (const r of (Array.isArray(out.Records) ? out.Records : []) as Array<{ Key?: unknown; SyncCount?: unknown }>) if (typeof r?.Key === 'string' && typeof r.SyncCount === 'number') dev.known.set(r.Key, r.SyncCount);
      if (typeof out.DatasetSyncCount === 'number') dev.lastSyncCount = out.DatasetSyncCount;
      if (typeof out.SyncSessionToken === 'string') dev.session = out.SyncSessionToken;
      return {
        call: 'ListRecords walk', status: res.status, body: { ...last, Records: sortRecords(records), Count: count, pageSizes },
        ...(pageSize ? { request: { maxResults: pageSize } } : {}), raw,
      };
    }
    return { call: 'ListRecords walk', status: 0, errorType: `NextToken still set after ${MAX_PAGES} pages`, raw };
  }

  private async listDatasets(): Promise<Observation> {
    const datasets: unknown[] = [];
    const pageSizes: number[] = [];
    const raw: unknown[] = [];
    let NextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.call<Json>('ListDatasets', { MaxResults: 2, ...(NextToken ? { NextToken } : {}) });
      raw.push(rawOf(res));
      if (!res.ok) return { ...this.observe('ListDatasets walk', res), raw };
      const norm = normaliseOutput('ListDatasets', res.output, this.ids);
      // Only this run's datasets: an earlier run's leftovers are no answer to this sequence.
      const mine = (Array.isArray(norm.Datasets) ? norm.Datasets : []).filter((d) => String((d as Json)?.DatasetName).startsWith('<'));
      datasets.push(...mine);
      pageSizes.push(mine.length);
      NextToken = typeof res.output.NextToken === 'string' ? res.output.NextToken : undefined;
      if (!NextToken) return { call: 'ListDatasets walk', status: res.status, body: { Datasets: datasets, pageSizes }, request: { maxResults: 2 }, raw };
    }
    return { call: 'ListDatasets walk', status: 0, errorType: `NextToken still set after ${MAX_PAGES} pages`, raw };
  }

  private observe(call: string, res: CallResult<Json>): Observation {
    const op = call.split(' ')[0] as OperationName;
    return res.ok
      ? { call, status: res.status, body: normaliseOutput(op, res.output, this.ids), raw: rawOf(res) }
      : { call, status: res.status, errorType: res.errorType, raw: rawOf(res) };
  }

  private async call<T = Json>(op: OperationName, input: Json): Promise<CallResult<T>> {
    if (this.target.kind === 'aws') {
      const wait = this.lastCall + 1000 / AWS_RATE_CAP - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.lastCall = Date.now();
    }
    this.calls++;
    return this.client.call<T>(op, { IdentityPoolId: this.identity.identityPoolId, IdentityId: this.identity.identityId, ...input });
  }
}

function rawOf(res: CallResult<unknown>): unknown {
  return res.ok ? { status: res.status, body: res.output } : { status: res.status, errorType: res.errorType, message: res.message };
}

function sortRecords(records: unknown[]): unknown[] {
  const keyOf = (x: unknown) => `${String((x as Json)?.Key)}\u0000${String((x as Json)?.SyncCount)}`;
  return [...records].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
