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

const loaded = new SharedArray('fixtures', () => [JSON.parse(open(__ENV.CSH_FIXTURES ?? 'fixtures.json')) as Fixtures]);

export function fixtures(): Fixtures {
  return loaded[0] as Fixtures;
}
