// Which store each journaled change belongs to, both ways: replaying a state
// directory into fresh stores, and exporting the stores' images for a snapshot.

import type { IdentityStore } from '../identity/store.ts';
import type { PoolStore } from '../sync/pools.ts';
import type { SyncStore } from '../sync/store.ts';
import type { Mutation } from './mutations.ts';

export type DurableStores = { sync: SyncStore; pools: PoolStore; identity: IdentityStore };

export function replay(entries: Iterable<Mutation>, stores: DurableStores): void {
  for (const m of entries) {
    if (m.t === 'id.pool' || m.t === 'id.identity' || m.t === 'id.credentials') stores.identity.apply(m);
    else if (m.t === 'sync.pool') stores.pools.restore(m.pool, m.image);
    else if (m.t === 'reset') throw new Error('a reset is replayed by the composition (emulator.ts), which builds fresh stores');
    else stores.sync.apply(m);
  }
}

/** Identity first: Sync state refers to its pools and identities. */
export function* exportState(stores: DurableStores): Generator<Mutation> {
  yield* stores.identity.exportState();
  yield* stores.pools.exportState();
  yield* stores.sync.exportState();
}
