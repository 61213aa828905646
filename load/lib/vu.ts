// Which identity, credentials and dataset a VU works on. In identity mode each
// VU signs with its own identity's temporary credentials.
import exec from 'k6/execution';
import { DATASET_NAME_MAX, MAX_DATASETS_PER_IDENTITY } from '../../src/model/limits.ts';
import { fixtures, identityAt, type Credentials, type FixtureHead, type FixtureIdentity } from './fixtures.ts';

export type Seat = { f: FixtureHead; identity: FixtureIdentity; credentials: Credentials; dataset: string; ids: Record<string, string> };

/** A seeded dataset, shared with the other VUs of the same identity. */
export function seat(): Seat {
  const f = fixtures();
  const vu = exec.vu.idInTest;
  const identity = ownIdentity(f, vu);
  const dataset = identity.datasets[(vu - 1) % identity.datasets.length]!;
  return seatOf(f, identity, dataset);
}

/**
 * A dataset that only this VU writes, so that every SyncCount it sees is its
 * own doing. VU ids are unique across shards (k6 execution segments), and an
 * identity holds at most MAX_DATASETS_PER_IDENTITY datasets, so the fixtures must bring enough identities.
 */
export function privateSeat(label: string): Seat {
  const f = fixtures();
  const vu = exec.vu.idInTest;
  const n = f.identityCount;
  const identity = ownIdentity(f, vu);
  const room = MAX_DATASETS_PER_IDENTITY - identity.datasets.length;
  if (Math.floor((vu - 1) / n) >= room) {
    throw new Error(`VU ${vu} has no private dataset: ${n} identities hold ${n * room} more datasets at most (${MAX_DATASETS_PER_IDENTITY} per identity); prepare more identities`);
  }
  return seatOf(f, identity, `${f.prefix}${label}-vu-${vu}`.slice(0, DATASET_NAME_MAX));
}

export function seatOf(f: FixtureHead, identity: FixtureIdentity, dataset: string): Seat {
  const credentials = f.mode === 'identity' ? identity.credentials : f.developer;
  return { f, identity, credentials, dataset, ids: { IdentityPoolId: identity.identityPoolId, IdentityId: identity.identityId, DatasetName: dataset } };
}

// Per VU: the identity a VU's seat is on never changes, so it is decoded once.
let own: FixtureIdentity | undefined;
function ownIdentity(f: FixtureHead, vu: number): FixtureIdentity {
  return (own ??= identityAt((vu - 1) % f.identityCount));
}
