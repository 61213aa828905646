// Fixtures for a device workload model: one identity per `devicesPerIdentity`
// devices, each with its datasets seeded to a size drawn from the model,
// all through the public API (GetId, UpdateRecords), a bounded number of
// identities at a time, under one overall deadline.

import { HarnessError } from '../src/harness-error.ts';
import { Driver, must } from '../src/target/driver.ts';
import type { Target } from '../src/target/index.ts';
import { draw, identitiesOf, MAX_RECORDS_PER_DATASET, scenarioModel, type DeviceModel } from './device-model.ts';
import type { FixtureIdentity, ScenarioModel } from './lib/fixtures.ts';
import type { Fixtures } from './run.ts';

/** Records per UpdateRecords while seeding (well under the 1 MB dataset limit with short values). */
const SEED_BATCH = 100;

export type PrepOptions = {
  /** Identities prepared at once. */
  concurrency?: number;
  /** The whole preparation ends after this many ms. */
  deadlineMs?: number;
  /** Seed for the dataset sizes, so two runs of one model seed the same data. */
  seed?: number;
  /** Caps the identities (tests); the model's count otherwise. */
  identities?: number;
  onDone?: (s: { identities: number; datasets: number; records: number; calls: number; seconds: number }) => void;
};

/** A small seeded generator (mulberry32), so dataset sizes repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function prepareModelFixtures(target: Target, model: DeviceModel, opts: PrepOptions = {}): Promise<Omit<Fixtures, 'identities'> & { model: ScenarioModel; identities: FixtureIdentity[] }> {
  const count = Math.min(opts.identities ?? Infinity, identitiesOf(model));
  const random = seededRandom(opts.seed ?? 1);
  const sizes = Array.from({ length: count }, () => Array.from({ length: model.datasetsPerIdentity }, () => Math.min(MAX_RECORDS_PER_DATASET, Math.round(draw(model.recordsPerDataset, random)))));
  const deadline = Date.now() + (opts.deadlineMs ?? 600_000);
  const started = Date.now();
  const identities: FixtureIdentity[] = new Array(count);
  let next = 0;
  let calls = 0;
  let records = 0;
  const one = async (i: number) => {
    const d = await Driver.create(target);
    calls += 2;
    const datasets: string[] = [];
    const syncCounts: number[] = [];
    for (const size of sizes[i]!) {
      const dataset = d.fresh('device');
      let batches = 0;
      let token: string | undefined;
      for (let k = 0; k < size; k += SEED_BATCH) {
        const patches = Array.from({ length: Math.min(SEED_BATCH, size - k) }, (_, j) => ({ Op: 'replace' as const, Key: `rec-${k + j}`, Value: `value-${k + j}`, SyncCount: 0 }));
        if (!token) {
          token = (await d.list(dataset)).SyncSessionToken;
          calls++;
        }
        must(await d.update(dataset, patches, token), 'seeding a device dataset');
        calls++;
        batches++;
      }
      records += size;
      datasets.push(dataset);
      syncCounts.push(batches);
    }
    identities[i] = {
      identityPoolId: d.identity.identityPoolId, identityId: d.identity.identityId, credentials: d.identity.credentials,
      datasets, syncCounts, records: Math.max(0, ...sizes[i]!), keys: [],
    };
  };
  const worker = async () => {
    while (next < count) {
      if (Date.now() > deadline) throw new HarnessError(`Preparing ${count} identities did not finish within ${Math.round((opts.deadlineMs ?? 600_000) / 1000)} s (${next} started)`, 'Use a smaller "devices" in the model, or a faster target');
      await one(next++);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 16, count)) }, worker));
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    // A request past its deadline, or a refused seeding call: one line, with what was done so far.
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    const timedOut = e instanceof Error && /timeout|aborted/i.test(`${e.name} ${e.message}`);
    throw new HarnessError(`Preparing fixtures through the public API failed after ${next} of ${count} identities: ${why}`,
      timedOut ? 'The target did not answer in time: lower --prep-concurrency or raise --request-timeout' : 'Check that the target accepts GetId and UpdateRecords', timedOut ? 3 : 1);
  }
  const seconds = (Date.now() - started) / 1000;
  opts.onDone?.({ identities: count, datasets: count * model.datasetsPerIdentity, records, calls, seconds });
  const url = new URL(target.syncEndpoint);
  return {
    endpoint: url.origin, host: url.host, region: target.region, mode: target.credentialMode, developer: await target.developerCredentials(),
    identities, prefix: target.prefix, unsigned: false, model: scenarioModel(model),
  };
}
