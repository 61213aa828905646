// What the harness prepared before k6 started (pools, identities with their
// credentials, seeded datasets), read once in the init context.
import { SharedArray } from 'k6/data';

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
export type FixtureIdentity = { identityPoolId: string; identityId: string; credentials: Credentials; datasets: string[]; keys: string[] };
export type Fixtures = { endpoint: string; host: string; region: string; mode: 'developer' | 'identity'; developer: Credentials; identities: FixtureIdentity[]; unsigned?: boolean };

declare const __ENV: Record<string, string | undefined>;

const loaded = new SharedArray('fixtures', () => [JSON.parse(open(__ENV.CSH_FIXTURES ?? 'fixtures.json')) as Fixtures]);

export function fixtures(): Fixtures {
  return loaded[0] as Fixtures;
}
