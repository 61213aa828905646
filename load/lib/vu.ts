// Which identity, credentials and dataset a VU works on. In identity mode each
// VU signs with its own identity's temporary credentials.
import exec from 'k6/execution';
import { fixtures, type Credentials, type FixtureIdentity, type Fixtures } from './fixtures.ts';

export type Seat = { f: Fixtures; identity: FixtureIdentity; credentials: Credentials; dataset: string; ids: Record<string, string> };

export function seat(): Seat {
  const f = fixtures();
  const vu = exec.vu.idInTest;
  const identity = f.identities[(vu - 1) % f.identities.length]!;
  const dataset = identity.datasets[(vu - 1) % identity.datasets.length]!;
  const credentials = f.mode === 'identity' ? identity.credentials : f.developer;
  return { f, identity, credentials, dataset, ids: { IdentityPoolId: identity.identityPoolId, IdentityId: identity.identityId, DatasetName: dataset } };
}
