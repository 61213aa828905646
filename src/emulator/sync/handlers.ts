// One handler per Cognito Sync operation: validated input in, output object
// out. The wire layer has already parsed, validated and authorized the call.

import { ServiceError } from '../../model/errors.ts';
import type { OperationName } from '../../model/operations.ts';
import type { PageLimit, PageLimits } from '../../model/limits.ts';
import type { FaultName } from '../faults.ts';
import type { Caller } from '../types.ts';
import type { VariantName } from '../variants.ts';
import type { CognitoStreams, PoolStore, PushSync } from './pools.ts';
import type { Patch, SyncStore } from './store.ts';
import { pageOf } from './paging.ts';
import type { TokenCodec } from '../tokens.ts';

export type HandlerContext = {
  sync: SyncStore;
  pools: PoolStore;
  tokens: TokenCodec;
  faults: ReadonlySet<FaultName>;
  variants: ReadonlySet<VariantName>;
  pages: PageLimits;
  now: () => number;
  /** Pools the emulator knows of, for ListIdentityPoolUsage. */
  poolIds: () => string[];
};

type Input = Record<string, unknown>;
type Handler = (ctx: HandlerContext, input: Input, caller: Caller) => unknown | Promise<unknown>;

function pageSize(value: unknown, limits: PageLimit): number {
  if (value === undefined) return limits.default;
  const n = value as number;
  if (n < 1) throw new ServiceError('InvalidParameterException', 'maxResults must be at least 1');
  return Math.min(n, limits.max);
}

const str = (v: unknown) => v as string;

export const handlers: Record<OperationName, Handler> = {
  BulkPublish: (ctx, i) => ctx.pools.bulkPublish(str(i.IdentityPoolId)),
  GetBulkPublishDetails: (ctx, i) => ctx.pools.bulkPublishDetails(str(i.IdentityPoolId)),

  DescribeDataset: (ctx, i) => ({ Dataset: ctx.sync.describeDataset(str(i.IdentityPoolId), str(i.IdentityId), str(i.DatasetName)) }),
  DeleteDataset: (ctx, i) => ({ Dataset: ctx.sync.deleteDataset(str(i.IdentityPoolId), str(i.IdentityId), str(i.DatasetName)) }),

  ListDatasets: (ctx, i) => {
    const page = ctx.sync.listDatasets(str(i.IdentityPoolId), str(i.IdentityId), pageSize(i.MaxResults, ctx.pages.datasets), i.NextToken as string | undefined);
    return { Datasets: page.items, Count: page.items.length, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  },

  ListRecords: (ctx, i) => {
    const floor = ctx.faults.has('zero-sync-count-refused') ? 1 : 0;
    if (i.LastSyncCount !== undefined && (i.LastSyncCount as number) < floor) {
      throw new ServiceError('InvalidParameterException', `lastSyncCount must be at least ${floor}`);
    }
    return ctx.sync.listRecords(str(i.IdentityPoolId), str(i.IdentityId), str(i.DatasetName), {
      maxResults: ctx.faults.has('max-results-ignored') ? ctx.pages.records.default : pageSize(i.MaxResults, ctx.pages.records),
      ...(i.LastSyncCount !== undefined ? { lastSyncCount: i.LastSyncCount as number } : {}),
      ...(i.NextToken !== undefined ? { nextToken: str(i.NextToken) } : {}),
      ...(i.SyncSessionToken !== undefined ? { syncSessionToken: str(i.SyncSessionToken) } : {}),
    });
  },

  UpdateRecords: async (ctx, i, caller) => {
    const commit = ctx.sync.planUpdate(
      str(i.IdentityPoolId), str(i.IdentityId), str(i.DatasetName), str(i.SyncSessionToken),
      (i.RecordPatches as Patch[] | undefined) ?? [], modifiedBy(ctx, caller, str(i.IdentityId)),
    );
    // lost-update fault: let concurrent writers check against the same state before anyone writes.
    if (ctx.faults.has('lost-update')) await new Promise((resolve) => setTimeout(resolve, 2));
    const written = commit();
    return ctx.faults.has('no-update-echo') ? {} : { Records: written };
  },

  DescribeIdentityUsage: (ctx, i) => ({ IdentityUsage: ctx.sync.identityUsage(str(i.IdentityPoolId), str(i.IdentityId)) }),
  DescribeIdentityPoolUsage: (ctx, i) => ({ IdentityPoolUsage: poolUsage(ctx, str(i.IdentityPoolId)) }),
  ListIdentityPoolUsage: (ctx, i) => {
    const max = pageSize(i.MaxResults, ctx.pages.pools);
    const page = pageOf([...new Set(ctx.poolIds())].sort(), max, i.NextToken as string | undefined, {
      tokens: ctx.tokens, kind: 'pools', scope: '*', now: ctx.now(), faults: ctx.faults,
    });
    return {
      IdentityPoolUsages: page.items.map((id) => poolUsage(ctx, id)), MaxResults: max, Count: page.items.length,
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },

  GetIdentityPoolConfiguration: (ctx, i) => ctx.pools.getConfiguration(str(i.IdentityPoolId)),
  SetIdentityPoolConfiguration: (ctx, i) =>
    ctx.pools.setConfiguration(str(i.IdentityPoolId), i.PushSync as PushSync | undefined, i.CognitoStreams as CognitoStreams | undefined),
  GetCognitoEvents: (ctx, i) => ({ Events: ctx.pools.getEvents(str(i.IdentityPoolId)) }),
  SetCognitoEvents: (ctx, i) => {
    ctx.pools.setEvents(str(i.IdentityPoolId), i.Events as Record<string, string>);
    return {};
  },

  RegisterDevice: (ctx, i) => ctx.pools.registerDevice(str(i.IdentityPoolId), str(i.IdentityId), str(i.Platform), str(i.Token)),
  SubscribeToDataset: (ctx, i) => {
    ctx.pools.subscribe(str(i.IdentityPoolId), str(i.IdentityId), str(i.DatasetName), str(i.DeviceId));
    return {};
  },
  UnsubscribeFromDataset: (ctx, i) => {
    ctx.pools.unsubscribe(str(i.IdentityPoolId), str(i.IdentityId), str(i.DatasetName), str(i.DeviceId));
    return {};
  },
};

/** [INFERRED] LastModifiedBy: the developer's key, or the identity; the identity-modifier variant always names the identity. */
function modifiedBy(ctx: HandlerContext, caller: Caller, identityId: string): string {
  return caller.kind === 'developer' && !ctx.variants.has('identity-modifier') ? caller.accessKeyId : identityId;
}

function poolUsage(ctx: HandlerContext, poolId: string) {
  const { dataStorage, modified } = ctx.sync.poolStorage(poolId);
  return {
    IdentityPoolId: poolId, SyncSessionsCount: ctx.pools.sessions(poolId), DataStorage: dataStorage,
    ...(modified !== undefined ? { LastModifiedDate: modified / 1000 } : {}),
  };
}
