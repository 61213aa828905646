// Bad input never takes the emulator down, and the fuzz gets past the router
// to the store: 20,000 seeded requests against real pools and identities
// (created through the emulator's Cognito Identity), with session tokens from
// real ListRecords answers, mostly valid and the rest hostile (src/emulator/fuzz/).
// Every answer is below 500 and typed; answers about a dataset agree with a
// model of what the store must hold; a read-back at the end proves it.
// Replay a failure with the seed it prints: CSH_SEED=<seed> npx vitest run src/emulator/fuzz.test.ts

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultNames, type FaultName } from './faults.ts';
import type { CheckId } from './fuzz/check.ts';
import { explain, runFuzz, type FuzzReport } from './fuzz/run.ts';
import { startEmulator, type RunningEmulator } from './index.ts';
import { variantNames } from './variants.ts';

const SEED = Number(process.env.CSH_SEED ?? 20261125);
const REQUESTS = 20_000;
const FILE = 'src/emulator/fuzz.test.ts';
const AUTH = 'AWS4-HMAC-SHA256 Credential=FUZZKEY/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00';

function mix(r: FuzzReport): string {
  const statuses = Object.entries(r.statuses).map(([s, n]) => `${s}:${n}`).join(' ');
  return `seed ${r.seed}: ${r.requests} requests in ${r.ms} ms, 2xx ${(100 * r.ok / r.requests).toFixed(1)}%, ` +
    `UpdateRecords applied ${r.updatesApplied}, throttled ${r.throttled}, unrouted ${r.unrouted}, statuses ${statuses}; ` +
    `read back ${r.final.datasets} datasets (${r.final.neverDeleted} never deleted: ${r.final.writesNeverDeleted} writes, DatasetSyncCount sum ${r.final.syncCountSumNeverDeleted})`;
}

/** What every full run must show, with or without variants. */
function expectHealthy(r: FuzzReport): void {
  const why = `${explain(r, FILE)}\n${mix(r)}`;
  expect(r.stoppedEarly, why).toBe(false);
  expect(r.requests, why).toBeGreaterThanOrEqual(REQUESTS);
  expect(r.serverErrors, why).toBe(0);
  expect(r.internalErrors, why).toEqual([]);
  expect(r.failures, why).toBe(0);
  // Every non-2xx is a typed AWS error: throttled calls included, as 429 TooManyRequestsException.
  expect(r.typedErrors, why).toBe(r.requests - r.ok);
  // The mix: the run reaches the store, not just the router.
  expect(r.ok / r.requests, why).toBeGreaterThanOrEqual(0.2);
  expect(r.updatesApplied, why).toBeGreaterThanOrEqual(2_500);
  expect(r.unrouted / r.requests, why).toBeLessThan(0.05);
  // The read-back covered every dataset the run wrote: at least the 4 synced datasets of each of 6 identities.
  expect(r.final.datasets, why).toBeGreaterThanOrEqual(24);
  expect(r.final.neverDeleted, why).toBeGreaterThanOrEqual(18);
  // Reached the store: each dataset never deleted reports as its DatasetSyncCount exactly the writes the fuzz saw succeed.
  const kept = r.final.perDataset.filter((d) => d.deletes === 0);
  expect(kept.map((d) => [d.name, d.syncCount]), why).toEqual(kept.map((d) => [d.name, d.writes]));
  expect(kept.every((d) => d.writes > 0), why).toBe(true);
}

describe('the emulator under a fuzz that reaches the store', () => {
  it(`answers ${REQUESTS} valid and hostile requests below 500, typed, and in agreement with the store model (seed ${SEED})`, async () => {
    const r = await runFuzz({ seed: SEED, requests: REQUESTS, timeBudgetMs: 45_000 });
    console.info(mix(r));
    expectHealthy(r);
    expect(r.throttled, mix(r)).toBe(0);
  });

  it(`does the same with every legal-variation switch on, counting 429s as typed errors (seed ${SEED})`, async () => {
    const r = await runFuzz({ seed: SEED, requests: REQUESTS, variants: [...variantNames], timeBudgetMs: 45_000 });
    console.info(`all variants: ${mix(r)}`);
    expectHealthy(r);
    // The throttling variant was really on; its 429s are neither successes nor failures of the mix.
    expect(r.throttled, mix(r)).toBeGreaterThan(0);
    expect(r.ok / (r.requests - r.throttled), mix(r)).toBeGreaterThanOrEqual(0.2);
  });
});

// Each fault switch must be caught by the checks named, on a shorter run of the same seed.
const catches: Record<FaultName, CheckId[]> = {
  'iso-timestamps': ['record-dates'],
  'no-error-type': ['error-shape'],
  'error-type-lowercase': ['error-shape'],
  'conflict-as-400': ['stale-update-409'],
  'no-dataset-sync-count': ['listrecords-members'],
  'renamed-field': ['listrecords-members', 'update-echo', 'settings-stored'],
  'empty-as-204': ['success-shape'],
  'accept-stale': ['stale-update-409', 'race-one-winner'],
  'always-conflict': ['clean-update-applies'],
  'partial-apply': ['dataset-count', 'update-echo', 'clean-update-applies', 'records-match', 'complete-page', 'final-walk'],
  'write-dropped': ['dataset-count', 'dataset-exists', 'update-echo', 'clean-update-applies', 'race-one-winner'],
  'page-drop': ['final-walk'],
  'page-dup': ['final-walk'],
  'delta-ignored': ['delta'],
  'tombstone-vanish': ['complete-page', 'records-match', 'clean-update-applies', 'final-walk'],
  'tombstone-loses-count': ['update-echo', 'records-match'],
  'no-increment': ['update-echo', 'dataset-count'],
  'stale-read': ['dataset-count', 'records-match', 'complete-page'],
  'lost-update': ['race-one-winner'],
  'session-unbound': ['foreign-session-400'],
  'limits-unenforced': ['dataset-limit-400'],
  'dataset-always-exists': ['dataset-exists'],
  'settings-not-stored': ['settings-stored'],
  'zero-sync-count-refused': ['final-walk'],
  'endless-pages': ['delta'],
  'max-results-ignored': ['page-size'],
  'lagging-sync-count': ['dataset-count'],
  'no-update-echo': ['update-echo'],
};

describe('the fuzz checks can fail', () => {
  it('name a check for every fault switch', () => {
    expect(Object.keys(catches).sort()).toEqual([...faultNames].sort());
  });

  it.each(faultNames.map((fault) => ({ fault, checks: catches[fault].join(', ') })))(`catch $fault through $checks (seed ${SEED})`, async ({ fault }) => {
    // Stops at the first finding of a named check; the page faults show only in the read-back at the end.
    const r = await runFuzz({ seed: SEED, requests: 3_000, faults: [fault], stopOn: catches[fault], timeBudgetMs: 30_000 });
    const caught = r.findings.filter((f) => catches[fault].includes(f.check));
    expect(caught.length, `fault ${fault} went unseen by ${catches[fault].join(', ')}; ${explain(r, FILE)}`).toBeGreaterThan(0);
    expect(r.serverErrors, explain(r, FILE)).toBe(0);
  });

  it(`flag a 5xx answer (seed ${SEED})`, async () => {
    const r = await runFuzz({
      seed: SEED, requests: 200,
      tamper: (_req, res, i) => (i === 150 ? { status: 500, headers: { 'x-amzn-ErrorType': 'InternalErrorException' }, body: '{"message":"boom"}' } : res),
    });
    expect(r.findings.map((f) => [f.index, f.check])).toContainEqual([150, 'no-5xx']);
  });
});

describe('the emulator over a socket', () => {
  let running: RunningEmulator;
  beforeAll(async () => {
    // The whole emulator, signatures unchecked: these requests carry a well-formed but unsigned Authorization.
    running = await startEmulator({ auth: 'off', maxBodyBytes: 1024 });
  });
  afterAll(() => running.close());

  function send(method: string, path: string, body?: Buffer): Promise<{ status: number; type: string | undefined; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${running.url}${path}`, { method, headers: { authorization: AUTH, 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['x-amzn-errortype'] as string | undefined, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('caps the request size with a 413 and stays up', async () => {
    const big = await send('POST', '/identitypools/us-east-1%3A1/identities/us-east-1%3A2/datasets/d', Buffer.alloc(64 * 1024, 'x')).catch(() => undefined);
    // The server may answer before the client finishes sending; either way the next request is served.
    if (big) {
      expect(big.status).toBe(413);
      expect(big.type).toBe('RequestEntityTooLargeException');
    }
    const after = await send('GET', '/identitypools');
    expect(after.status).toBe(200);
  });

  it('answers malformed percent-encoding and unknown routes with typed 4xx', async () => {
    const bad = await send('GET', '/identitypools/%E0%A4%A/identities/x/datasets');
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('InvalidParameterException');
    const unknown = await send('GET', '/nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toBe('UnknownOperationException');
  });
});
