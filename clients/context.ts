// What a scenario may use: identities of the target's pool, devices under them,
// dataset names under the run prefix, and the server's own view through the
// harness client (public API only). It remembers every device and dataset, so
// a failure can show each device's final values.

import {
  CreateIdentityPoolCommand, DeleteIdentityPoolCommand, GetOpenIdTokenForDeveloperIdentityCommand, MergeDeveloperIdentitiesCommand,
} from '@aws-sdk/client-cognito-identity';
import { identitySdk, type IdentityFixture, type Target } from '../src/target/index.ts';
import { Driver, must, type Rec } from '../src/target/driver.ts';
import { createDevice, type Device, type DeviceIdentity, type Transcript } from './device.ts';
import { show } from './scenarios.ts';

type DeviceOpts = { maxResults?: number };

export type ClientsContext = {
  identity(): Promise<DeviceIdentity>;
  devices(identity: DeviceIdentity, n: 1, opts?: DeviceOpts): Promise<[Device]>;
  devices(identity: DeviceIdentity, n: 2, opts?: DeviceOpts): Promise<[Device, Device]>;
  devices(identity: DeviceIdentity, n: 3, opts?: DeviceOpts): Promise<[Device, Device, Device]>;
  devices(identity: DeviceIdentity, n: number, opts?: DeviceOpts): Promise<Device[]>;
  dataset(label: string): string;
  serverRecords(identity: DeviceIdentity, ds: string): Promise<Map<string, { value: string | undefined; syncCount: number }>>;
  /** Live values on the server (tombstones left out). */
  serverValues(identity: DeviceIdentity, ds: string): Promise<Record<string, string>>;
  /** Writes values as another client would: current SyncCounts, one UpdateRecords. */
  serverWrite(identity: DeviceIdentity, ds: string, values: Record<string, string>): Promise<void>;
  serverDelete(identity: DeviceIdentity, ds: string): Promise<void>;
  serverDatasetNames(identity: DeviceIdentity): Promise<string[]>;
  /** Two developer-authenticated identities of a pool made for the case, and how to merge the first into the second; undefined on AWS. */
  mergedIdentities(): Promise<{ source: DeviceIdentity; target: DeviceIdentity; merge(): Promise<void> } | undefined>;
  readonly transcript: Transcript;
  /** Each device's final values in every dataset of the case, for a failure message. */
  finalValues(): Promise<string>;
  close(): Promise<void>;
};

const PROVIDER = 'login.csh.clients';

export function createContext(target: Target, label: string): ClientsContext {
  const transcript: Transcript = [];
  const devices: Device[] = [];
  const datasets: string[] = [];
  const drivers = new Map<string, Driver>();
  const cleanups: Array<() => Promise<void>> = [];
  let counter = 0;

  const driver = (identity: DeviceIdentity) => {
    let d = drivers.get(identity.identityId);
    if (!d) {
      // The developer reads and writes for any identity: the server's view, independent of the devices' credentials.
      const fixture: IdentityFixture = { identityPoolId: identity.identityPoolId, identityId: identity.identityId, credentials: { accessKeyId: '', secretAccessKey: '' } };
      d = new Driver(target, fixture, 'developer');
      drivers.set(identity.identityId, d);
    }
    return d;
  };

  const ctx: ClientsContext = {
    transcript,
    async identity() {
      const f = await target.newIdentity();
      return { identityPoolId: f.identityPoolId, identityId: f.identityId };
    },
    async devices(identity: DeviceIdentity, n: number, opts: DeviceOpts = {}): Promise<never> {
      const made: Device[] = [];
      for (let i = 0; i < n; i++) {
        const name = String.fromCharCode(65 + devices.length);
        const d = await createDevice({ target, identity, name, transcript, ...(opts.maxResults ? { maxResults: opts.maxResults } : {}) });
        devices.push(d);
        made.push(d);
      }
      // The overloads promise exactly n devices, which is what was made.
      return made as never;
    },
    dataset(l) {
      const name = target.datasetName(`${label}-${l}-${++counter}`);
      datasets.push(name);
      return name;
    },
    async serverRecords(identity, ds) {
      const { records } = await driver(identity).snapshot(ds);
      return new Map([...records.values()].map((r: Rec) => [r.Key, { value: r.Value ?? undefined, syncCount: r.SyncCount }]));
    },
    async serverValues(identity, ds) {
      const out: Record<string, string> = {};
      for (const [k, r] of await ctx.serverRecords(identity, ds)) if (r.value !== undefined) out[k] = r.value;
      return out;
    },
    async serverWrite(identity, ds, values) {
      const d = driver(identity);
      const listing = await d.list(ds);
      const { records } = await d.snapshot(ds);
      const patches = Object.entries(values).map(([Key, Value]) => ({ Op: 'replace' as const, Key, Value, SyncCount: records.get(Key)?.SyncCount ?? 0 }));
      transcript.push(`server: another client writes ${show(values)}`);
      must(await d.update(ds, patches, listing.SyncSessionToken), 'UpdateRecords by another client');
    },
    async serverDelete(identity, ds) {
      transcript.push(`server: DeleteDataset ${ds}`);
      must(await driver(identity).call('DeleteDataset', { DatasetName: ds }), 'DeleteDataset');
    },
    async serverDatasetNames(identity) {
      const names: string[] = [];
      let NextToken: string | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = must(await driver(identity).call<{ Datasets?: Array<{ DatasetName?: string }>; NextToken?: string }>('ListDatasets', NextToken ? { NextToken } : {}), 'ListDatasets');
        for (const d of page.Datasets ?? []) if (d.DatasetName) names.push(d.DatasetName);
        NextToken = page.NextToken;
        if (!NextToken) break;
      }
      return names;
    },
    async mergedIdentities() {
      if (target.kind === 'aws') return undefined;
      const identity = identitySdk(target, { maxAttempts: 4 });
      const pool = await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: `csh_clients_${counter++}`, AllowUnauthenticatedIdentities: true, DeveloperProviderName: PROVIDER }));
      const poolId = pool.IdentityPoolId!;
      const made: DeviceIdentity[] = [];
      cleanups.push(async () => {
        for (const id of made) for (const ds of datasets) await driver(id).call('DeleteDataset', { DatasetName: ds });
        await identity.send(new DeleteIdentityPoolCommand({ IdentityPoolId: poolId }));
        identity.destroy();
      });
      const user = async (name: string): Promise<DeviceIdentity> => {
        const r = await identity.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [PROVIDER]: name } }));
        const id = { identityPoolId: poolId, identityId: r.IdentityId!, openIdToken: r.Token! };
        made.push(id);
        return id;
      };
      const source = await user('user-source');
      const dest = await user('user-target');
      return {
        source, target: dest,
        async merge() {
          transcript.push(`server: MergeDeveloperIdentities ${source.identityId} into ${dest.identityId}`);
          await identity.send(new MergeDeveloperIdentitiesCommand({ IdentityPoolId: poolId, DeveloperProviderName: PROVIDER, SourceUserIdentifier: 'user-source', DestinationUserIdentifier: 'user-target' }));
        },
      };
    },
    async finalValues() {
      const lines: string[] = [];
      for (const d of devices) {
        for (const ds of datasets) {
          try {
            lines.push(`${d.name} ${ds.slice(target.prefix.length)}: ${show(await d.getAll(ds))}`);
          } catch (e) {
            lines.push(`${d.name} ${ds.slice(target.prefix.length)}: unreadable (${e instanceof Error ? e.message : String(e)})`);
          }
        }
      }
      return lines.join('\n');
    },
    async close() {
      for (const c of cleanups.splice(0)) await c();
    },
  };
  return ctx;
}
