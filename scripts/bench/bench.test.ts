// The bench's pieces, checked for what they send and serve (never for speed):
// the bare server answers the emulator's bytes, the write stream never
// conflicts, and the generator child reports what autocannon saw.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest } from '../../src/client/request.ts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { startBareServer } from './bare-server.ts';
import { runChild } from './children.ts';
import { updateRequests, type LegFigures, type WireSpec } from './generator.ts';
import { parseRaw, rawExchange } from './wire.ts';
import { median, roundsRatio, verdictRow, workEquivalent } from './table.ts';

const AUTH = 'AWS4-HMAC-SHA256 Credential=BENCHKEY/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00';

let emu: RunningEmulator;
let ids: { IdentityPoolId: string; IdentityId: string };

const identityCall = (target: string, input: unknown): WireSpec => ({
  method: 'POST', path: '/', headers: { 'x-amz-target': `AWSCognitoIdentityService.${target}`, 'content-type': 'application/x-amz-json-1.1', authorization: AUTH }, body: JSON.stringify(input),
});
const syncCall = (name: 'ListRecords' | 'UpdateRecords', input: Record<string, unknown>): WireSpec => {
  const r = buildRequest(name, { ...ids, ...input });
  return { method: r.method, path: r.path + (r.query ? `?${r.query}` : ''), headers: { ...r.headers, 'content-type': 'application/json', authorization: AUTH }, body: r.body };
};
const json = async (spec: WireSpec) => {
  const res = parseRaw(await rawExchange(emu.url, spec));
  expect(res.status, res.body).toBe(200);
  return JSON.parse(res.body) as Record<string, unknown>;
};
// Only the Date value may differ between two answers sent at different moments.
const undated = (raw: Buffer) => raw.toString('latin1').replace(/\r\nDate: [^\r]*/i, '\r\nDate: -');

beforeAll(async () => {
  emu = await startEmulator({ auth: 'off' });
  const { IdentityPoolId } = await json(identityCall('CreateIdentityPool', { IdentityPoolName: 'bench', AllowUnauthenticatedIdentities: true }));
  const { IdentityId } = await json(identityCall('GetId', { IdentityPoolId }));
  ids = { IdentityPoolId: IdentityPoolId as string, IdentityId: IdentityId as string };
  const { SyncSessionToken } = await json(syncCall('ListRecords', { DatasetName: 'page' }));
  const RecordPatches = Array.from({ length: 30 }, (_, i) => ({ Op: 'replace', Key: `k${i}`, Value: `v${i}`, SyncCount: 0 }));
  await json(syncCall('UpdateRecords', { DatasetName: 'page', SyncSessionToken, RecordPatches }));
});
afterAll(() => emu?.close());

describe('bare server', () => {
  it('answers byte for byte what the emulator answered (status, header lines in order, body), Date aside', async () => {
    const raw = await rawExchange(emu.url, syncCall('ListRecords', { DatasetName: 'page', MaxResults: 10 }));
    const canned = parseRaw(raw);
    expect(canned.status).toBe(200);
    expect(JSON.parse(canned.body).Records).toHaveLength(10);
    const bare = await startBareServer(canned);
    try {
      const replayed = await rawExchange(bare.url, syncCall('ListRecords', { DatasetName: 'other' }));
      expect(undated(replayed)).toBe(undated(raw));
      expect(parseRaw(replayed).headers.map(([k]) => k)).toEqual(canned.headers.map(([k]) => k));
    } finally {
      bare.server.close();
      bare.server.closeAllConnections();
    }
  });

  it('keeps an error answer as it was: status and the x-amzn-ErrorType line', async () => {
    const raw = await rawExchange(emu.url, syncCall('ListRecords', { DatasetName: 'page', NextToken: 'forged' }));
    const canned = parseRaw(raw);
    expect(canned.status).toBe(400);
    const bare = await startBareServer(canned);
    try {
      expect(undated(await rawExchange(bare.url, syncCall('ListRecords', { DatasetName: 'page' })))).toBe(undated(raw));
    } finally {
      bare.server.close();
      bare.server.closeAllConnections();
    }
  });
});

describe('the UpdateRecords stream', () => {
  it('sends only valid, non-conflicting writes, reusing keys at the SyncCount each answer gave', async () => {
    const { SyncSessionToken } = await json(syncCall('ListRecords', { DatasetName: 'writes' }));
    const stream = updateRequests({ ...ids, identityPoolId: ids.IdentityPoolId, identityId: ids.IdentityId, datasetName: 'writes', syncSessionToken: SyncSessionToken as string, headers: { authorization: AUTH }, value: 'v' });
    // Three connections taking turns, as autocannon's do.
    const contexts = [{}, {}, {}];
    const keys = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const pending = contexts.map((c) => ({ c, req: stream.setupRequest!({}, c) }));
      for (const { c, req } of pending) {
        const res = parseRaw(await rawExchange(emu.url, { method: req.method!, path: req.path!, headers: req.headers!, body: req.body! }));
        expect(res.status, res.body).toBe(200);
        keys.add((JSON.parse(req.body!) as { RecordPatches: Array<{ Key: string }> }).RecordPatches[0]!.Key);
        stream.onResponse!(res.status, res.body, c);
      }
    }
    // 12 writes over 3 keys: each key went back to the pool with its new SyncCount and was written again.
    expect(keys.size).toBe(3);
    const page = await json(syncCall('ListRecords', { DatasetName: 'writes' }));
    expect(page.DatasetSyncCount).toBe(12);
  });

  it('after a refused write, takes a fresh key rather than repeat the stale one', () => {
    const stream = updateRequests({ identityPoolId: 'p', identityId: 'i', datasetName: 'd', syncSessionToken: 't', headers: {}, value: 'v' });
    const c = {};
    const first = stream.setupRequest!({}, c).body!;
    stream.onResponse!(409, '{"message":"conflict"}', c);
    const second = stream.setupRequest!({}, c).body!;
    expect(JSON.parse(second).RecordPatches[0].Key).not.toBe(JSON.parse(first).RecordPatches[0].Key);
    expect(JSON.parse(second).RecordPatches[0].SyncCount).toBe(0);
  });
});

describe('generator child', () => {
  it('runs autocannon in its own process and reports the answers it got, non-2xx included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    try {
      const { SyncSessionToken } = await json(syncCall('ListRecords', { DatasetName: 'gen' }));
      const file = join(dir, 'spec.json');
      writeFileSync(file, JSON.stringify({
        url: emu.url, connections: 2, warmupSeconds: 0, seconds: 1,
        update: { identityPoolId: ids.IdentityPoolId, identityId: ids.IdentityId, datasetName: 'gen', syncSessionToken: SyncSessionToken, headers: { authorization: AUTH }, value: 'v' },
      }));
      const writes = JSON.parse(await runChild(join(import.meta.dirname, 'generator.ts'), [file], { deadlineMs: 60_000 })) as LegFigures;
      expect(writes.total).toBeGreaterThan(0);
      expect(writes.non2xx).toBe(0);
      expect(writes.errors).toBe(0);
      writeFileSync(file, JSON.stringify({ url: emu.url, connections: 1, warmupSeconds: 0, seconds: 1, requests: [syncCall('ListRecords', { DatasetName: 'gen', NextToken: 'forged' })] }));
      const refused = JSON.parse(await runChild(join(import.meta.dirname, 'generator.ts'), [file], { deadlineMs: 60_000 })) as LegFigures;
      expect(refused.total).toBeGreaterThan(0);
      expect(refused.non2xx).toBe(refused.total);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a ratio over rounds', () => {
  it('is decided by the median round, with the spread beside it', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const v = roundsRatio('r', [0.9, 0.5, 0.72], '>= 0.70', (x) => x >= 0.7);
    expect(v).toMatchObject({ figure: '0.72', met: true, note: '3 rounds, 0.50–0.90' });
    expect(roundsRatio('r', [0.69, 0.95, 0.4], '>= 0.70', (x) => x >= 0.7).met).toBe(false);
    expect(verdictRow(roundsRatio('µs', [48.8, 59], '-', undefined, 0))).toMatch(/54 .*\(2 rounds, 49–59\)$/);
    expect(roundsRatio('one', [0.8], '-').note).toBeUndefined();
  });
});

describe('work equivalent', () => {
  // Time per request (1 / ratio): bare 1, +10 µs 1.25, +30 µs 2.5.
  const calibration = [[10, 0.8], [30, 0.4]] as const;
  it('interpolates the time per request between the calibration points around it', () => {
    expect(workEquivalent(calibration, 1)).toBe(0);
    expect(workEquivalent(calibration, 0.8)).toBeCloseTo(10, 9);
    expect(workEquivalent(calibration, 1 / 1.125)).toBeCloseTo(5, 9);
    expect(workEquivalent(calibration, 1 / 1.875)).toBeCloseTo(20, 9);
    expect(workEquivalent(calibration, 0.4)).toBeCloseTo(30, 9);
  });
  it('extends the last segment past the calibration, and the first below bare', () => {
    expect(workEquivalent(calibration, 1 / 3.125)).toBeCloseTo(40, 9);
    expect(workEquivalent(calibration, 1 / 0.875)).toBeCloseTo(-5, 9);
  });
  it('gives nothing for a calibration that noise scrambled, or a ratio that is not positive', () => {
    expect(workEquivalent([[10, 0.5], [30, 0.6]], 0.5)).toBeUndefined();
    expect(workEquivalent([[10, 1.1]], 0.5)).toBeUndefined();
    expect(workEquivalent(calibration, 0)).toBeUndefined();
    expect(workEquivalent([[10, 0.8], [30, 0]], 0.5)).toBeUndefined();
    expect(workEquivalent([], 0.5)).toBeUndefined();
  });
});
