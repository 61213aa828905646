// The suites' view of a dataset: ListRecords/UpdateRecords with sessions,
// full paged reads, and fresh dataset names under the run prefix. Public API
// only, so it works on AWS as on the emulator.

import type { SyncClient } from '../client/client.ts';
import type { CallResult } from '../client/request.ts';
import { AssertionFailure } from '../results/verdicts.ts';
import type { IdentityFixture, Target } from './types.ts';

export type Rec = { Key: string; Value?: string; SyncCount: number };
export type Listing = {
  Records: Rec[]; Count: number; DatasetSyncCount: number; SyncSessionToken: string; NextToken?: string;
  DatasetExists: boolean; DatasetDeletedAfterRequestedSyncCount: boolean; MergedDatasetNames?: string[];
};
export type PatchIn = { Op: 'replace' | 'remove'; Key: string; Value?: string; SyncCount: number };

export class Driver {
  readonly client: SyncClient;
  private counter = 0;

  constructor(readonly target: Target, readonly identity: IdentityFixture, as: 'developer' | 'identity' = target.credentialMode) {
    this.client = target.client(as === 'identity' ? identity : 'developer');
  }

  static async create(target: Target): Promise<Driver> {
    return new Driver(target, await target.newIdentity());
  }

  fresh(label: string): string {
    return this.target.datasetName(`${label}-${++this.counter}`);
  }

  private ids(name?: string) {
    return { IdentityPoolId: this.identity.identityPoolId, IdentityId: this.identity.identityId, ...(name ? { DatasetName: name } : {}) };
  }

  call<T = Record<string, unknown>>(op: Parameters<SyncClient['call']>[0], input: Record<string, unknown>): Promise<CallResult<T>> {
    return this.client.call<T>(op, { ...this.ids(), ...input });
  }

  async list(name: string, q: { LastSyncCount?: number; MaxResults?: number; NextToken?: string } = {}): Promise<Listing> {
    const page = must(await this.call<Listing>('ListRecords', { DatasetName: name, ...q }), 'ListRecords');
    // Without Records nothing can be synced; say so rather than fail later on an undefined list.
    if (!Array.isArray(page?.Records)) throw new AssertionFailure(`ListRecords answered without a Records list (documented output member), got ${JSON.stringify(page)?.slice(0, 200)}`);
    return page;
  }

  async update(name: string, patches: PatchIn[], token?: string): Promise<CallResult<{ Records: Rec[] }>> {
    const SyncSessionToken = token ?? (await this.list(name)).SyncSessionToken;
    return this.call<{ Records: Rec[] }>('UpdateRecords', { DatasetName: name, SyncSessionToken, RecordPatches: patches });
  }

  /** Every record after lastSyncCount, following NextToken; pages are checked by the caller through onPage. */
  async listAll(name: string, maxResults?: number, lastSyncCount = 0, onPage?: (page: Listing) => void): Promise<{ records: Rec[]; last: Listing }> {
    const records: Rec[] = [];
    let NextToken: string | undefined;
    for (let pages = 0; pages < 10_000; pages++) {
      const page = await this.list(name, { LastSyncCount: lastSyncCount, ...(maxResults ? { MaxResults: maxResults } : {}), ...(NextToken ? { NextToken } : {}) });
      onPage?.(page);
      records.push(...page.Records);
      NextToken = page.NextToken;
      if (!NextToken) return { records, last: page };
    }
    throw new AssertionFailure(`ListRecords of ${name} did not end after 10,000 pages (every sync manager loops while NextToken is set)`);
  }

  /** Current server state as key → record (tombstones included). */
  async snapshot(name: string): Promise<{ records: Map<string, Rec>; syncCount: number }> {
    const { records, last } = await this.listAll(name);
    return { records: new Map(records.map((r) => [r.Key, r])), syncCount: last.DatasetSyncCount };
  }

  async drop(name: string): Promise<void> {
    await this.call('DeleteDataset', { DatasetName: name });
  }

  /** Runs fn on a fresh dataset and deletes it afterwards, whatever fn does. */
  async withDataset<T>(label: string, fn: (name: string) => Promise<T>): Promise<T> {
    const name = this.fresh(label);
    try {
      return await fn(name);
    } finally {
      await this.drop(name);
    }
  }
}

/** The output of a call that must succeed; an error answer is the target's fault (an AssertionFailure). */
export function must<T>(r: CallResult<T>, what: string): T {
  if (!r.ok) throw new AssertionFailure(`${what} failed: ${r.status} ${r.errorType}: ${r.message} (a valid request, which must succeed)`);
  return r.output;
}
