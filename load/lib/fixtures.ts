// What the harness prepared before k6 started (pools, identities with their
// credentials, seeded datasets), read once in the init context.
import { SharedArray } from 'k6/data';

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
/** datasets: seeded, each with `records` records (rec-0 …); keys: the keys devices contend on in sync-session. */
export type FixtureIdentity = {
  identityPoolId: string; identityId: string; credentials: Credentials; datasets: string[]; records: number; keys: string[];
  /** Device-model fixtures: each dataset's DatasetSyncCount after seeding (where a device that synced then starts its deltas). */
  syncCounts?: number[];
};
/** The part of the device workload model (load/device-model.ts) a sync-session iteration follows. */
export type ScenarioModel = { recordsChangedPerSync: number; conflictShare: number; firstSyncShare: number };
/** prefix: the run's dataset prefix, under which VUs name datasets of their own. */
export type Fixtures = { endpoint: string; host: string; region: string; mode: 'developer' | 'identity'; developer: Credentials; identities: FixtureIdentity[]; prefix: string; unsigned?: boolean; model?: ScenarioModel };

declare const __ENV: Record<string, string | undefined>;

/** What a VU reads of the fixtures besides the identities: endpoint, signing, mode, prefix, model. */
export type FixtureHead = Omit<Fixtures, 'identities'> & { identityCount: number };

// A k6-operator bundle (load/k8s.ts) mounts fixtures without credentials and
// passes the developer credentials as environment variables from a Secret.
function load(): Fixtures {
  const f = JSON.parse(open(__ENV.CSH_FIXTURES ?? 'fixtures.json')) as Fixtures;
  const id = __ENV.CSH_AWS_ACCESS_KEY_ID;
  const secret = __ENV.CSH_AWS_SECRET_ACCESS_KEY;
  if (id && secret) f.developer = { accessKeyId: id, secretAccessKey: secret, ...(__ENV.CSH_AWS_SESSION_TOKEN ? { sessionToken: __ENV.CSH_AWS_SESSION_TOKEN } : {}) };
  if (!f.developer?.accessKeyId || !f.developer.secretAccessKey) {
    throw new Error('no credentials: the fixtures carry none, and CSH_AWS_ACCESS_KEY_ID / CSH_AWS_SECRET_ACCESS_KEY are unset (a k8s bundle takes them from its Secret)');
  }
  return f;
}

// A SharedArray element is decoded afresh on every access. Device-model fixtures hold thousands of
// identities, so they are one element each: a sync decodes the one identity it uses. Decoding them
// all, once per VU on its first iteration, put a burst of k6 CPU into the first seconds of every
// capacity step, and its latency into the step's p99.
let parsed: Fixtures | undefined;
const loadOnce = () => (parsed ??= load());
const heads = new SharedArray('fixtures', () => {
  const { identities, ...head } = loadOnce();
  return [{ ...head, identityCount: identities.length }];
});
const identities = new SharedArray('fixture-identities', () => loadOnce().identities);

// Per VU (each VU has its own module scope): the head is small and read on every call.
let head_: FixtureHead | undefined;

export function fixtures(): FixtureHead {
  return (head_ ??= heads[0] as FixtureHead);
}

/** Identity i of the fixtures (a fresh copy: keep it for as long as it is used, no longer). */
export function identityAt(i: number): FixtureIdentity {
  return identities[i] as FixtureIdentity;
}
