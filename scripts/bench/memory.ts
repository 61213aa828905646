// The memory leg of bench:emulator, in a process of its own (started with
// --expose-gc): the composed emulator, loaded through its request handler
// (Cognito Identity GetId, then ListRecords and UpdateRecords, as a client
// would, without the socket), then RSS after a full GC. Prints one JSON line.
//
//   node --expose-gc --import tsx scripts/bench/memory.ts IDENTITIES RECORDS_PER_DATASET

import { pathToFileURL } from 'node:url';
import { buildRequest } from '../../src/client/request.ts';
import { createEmulator, type WireRequest } from '../../src/emulator/index.ts';

export type MemoryFigures = { identities: number; records: number; seconds: number; rssBytes: number; heapUsedBytes: number; baselineRssBytes: number };

const AUTH = 'AWS4-HMAC-SHA256 Credential=BENCHKEY/20260101/us-east-1/cognito-sync/aws4_request, SignedHeaders=host, Signature=00';
const DEADLINE_MS = 10 * 60_000;

function identityCall(target: string, input: unknown): WireRequest {
  return {
    method: 'POST', path: '/', query: '',
    headers: { 'x-amz-target': `AWSCognitoIdentityService.${target}`, 'content-type': 'application/x-amz-json-1.1', authorization: AUTH, host: '127.0.0.1' },
    body: Buffer.from(JSON.stringify(input)),
  };
}

function syncCall(name: 'ListRecords' | 'UpdateRecords', input: Record<string, unknown>): WireRequest {
  const r = buildRequest(name, input);
  return { method: r.method, path: r.path, query: r.query, headers: { ...r.headers, 'content-type': 'application/json', authorization: AUTH, host: '127.0.0.1' }, body: Buffer.from(r.body) };
}

function rssAfterGc(): { rss: number; heapUsed: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory leg needs node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

export async function loadIdentities(identities: number, recordsPerDataset: number): Promise<MemoryFigures> {
  const baseline = rssAfterGc();
  // The composed emulator the CLI serves, without its socket: the load goes through handle() as a request would.
  const emulator = createEmulator({ auth: 'off' });
  const handle = (req: WireRequest) => emulator.handle(req);
  const ok = async (req: WireRequest, what: string) => {
    const res = await handle(req);
    if (res.status !== 200) throw new Error(`${what} answered ${res.status}: ${res.body.slice(0, 200)}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };
  const pool = await ok(identityCall('CreateIdentityPool', { IdentityPoolName: 'bench', AllowUnauthenticatedIdentities: true }), 'CreateIdentityPool');
  const poolId = pool.IdentityPoolId as string;
  const value = 'v'.repeat(32);
  const started = performance.now();
  let records = 0;
  for (let i = 0; i < identities; i++) {
    if (performance.now() - started > DEADLINE_MS) throw new Error(`memory leg: loading took longer than ${DEADLINE_MS / 1000} s at identity ${i}`);
    const { IdentityId } = await ok(identityCall('GetId', { IdentityPoolId: poolId }), 'GetId');
    const ids = { IdentityPoolId: poolId, IdentityId, DatasetName: 'profile' };
    const { SyncSessionToken } = await ok(syncCall('ListRecords', ids), 'ListRecords');
    const RecordPatches = Array.from({ length: recordsPerDataset }, (_, k) => ({ Op: 'replace', Key: `key-${k}`, Value: value, SyncCount: 0 }));
    await ok(syncCall('UpdateRecords', { ...ids, SyncSessionToken, RecordPatches }), 'UpdateRecords');
    records += recordsPerDataset;
  }
  const seconds = (performance.now() - started) / 1000;
  const after = rssAfterGc();
  // Read after the measurement, which also keeps the emulator alive (and counted) until then.
  const datasets = emulator.sync.datasetCount();
  if (datasets !== identities) throw new Error(`memory leg: ${datasets} datasets held, expected ${identities}`);
  return { identities, records, seconds, rssBytes: after.rss, heapUsedBytes: after.heapUsed, baselineRssBytes: baseline.rss };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await loadIdentities(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 10));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
