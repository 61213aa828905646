// The load generator of bench:emulator, run as its own process so that it
// never shares an event loop with the server it measures. It drives
// autocannon's API (https://github.com/mcollina/autocannon#api): a warm-up
// run, then the measured run, and prints one JSON line of figures.
//
//   node --import tsx scripts/bench/generator.ts SPEC.json

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { buildRequest } from '../../src/client/request.ts';

export type WireSpec = { method: string; path: string; headers: Record<string, string>; body: string };

/** Writes of UpdateRecords, one patch each, that never conflict (see updateRequests). */
export type UpdateSpec = {
  identityPoolId: string; identityId: string; datasetName: string; syncSessionToken: string;
  headers: Record<string, string>; value: string;
};

export type GeneratorSpec = {
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Fixed requests, sent in turn (each may be pre-signed), or a stream of fresh writes. */
  requests?: WireSpec[];
  update?: UpdateSpec;
};

export type LegFigures = {
  rps: number; p50: number; p99: number; total: number; non2xx: number; errors: number; timeouts: number; seconds: number;
  /** Requests of the warm-up run, for CPU time per request (the server's CPU is read around both runs). */
  warmupTotal: number;
  /** Server CPU time (user + system) per request, in µs, when the bench could read it (Linux /proc). */
  cpuMicros?: number;
  /** The part of cpuMicros spent in the kernel (sockets, mostly). */
  sysMicros?: number;
};

type AutocannonRequest = {
  method?: string; path?: string; headers?: Record<string, string>; body?: string;
  setupRequest?: (req: AutocannonRequest, context: object) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: object) => void;
};
type AutocannonResult = {
  duration: number; non2xx: number; errors: number; timeouts: number;
  requests: { total: number }; latency: { p50: number; p99: number };
};
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => unknown;

/**
 * A request factory for UpdateRecords where each request is a valid,
 * non-conflicting write: a key is held by at most one request in flight, and
 * it goes back to the pool with the SyncCount its answer gave it. autocannon
 * resets a connection's context after each pass over its request list, so the
 * pool is shared by all connections rather than kept per connection.
 */
export function updateRequests(spec: UpdateSpec): AutocannonRequest {
  const free: Array<{ key: string; syncCount: number }> = [];
  const inFlight = new Map<object, string>();
  let fresh = 0;
  const countOf = /"SyncCount":(\d+)/;
  return {
    setupRequest(req, context) {
      const slot = free.pop() ?? { key: `w-${fresh++}`, syncCount: 0 };
      inFlight.set(context, slot.key);
      const r = buildRequest('UpdateRecords', {
        IdentityPoolId: spec.identityPoolId, IdentityId: spec.identityId, DatasetName: spec.datasetName, SyncSessionToken: spec.syncSessionToken,
        RecordPatches: [{ Op: 'replace', Key: slot.key, Value: spec.value, SyncCount: slot.syncCount }],
      });
      return { ...req, method: r.method, path: r.path, headers: { ...spec.headers, ...r.headers, 'content-type': 'application/json' }, body: r.body };
    },
    onResponse(status, body, context) {
      const key = inFlight.get(context);
      inFlight.delete(context);
      // A refused write loses its key: a fresh key (SyncCount 0) takes its place.
      const m = status === 200 && key !== undefined ? countOf.exec(body) : null;
      if (m) free.push({ key: key!, syncCount: Number(m[1]) });
    },
  };
}

function run(autocannon: Autocannon, spec: GeneratorSpec, seconds: number, requests: AutocannonRequest[]): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url: spec.url, connections: spec.connections, duration: seconds, pipelining: 1, timeout: 10, requests }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export async function generate(spec: GeneratorSpec): Promise<LegFigures> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const requests: AutocannonRequest[] = spec.update ? [updateRequests(spec.update)] : (spec.requests ?? []).map((r) => ({ ...r }));
  if (requests.length === 0) throw new Error('generator: no requests in the spec');
  const warm = spec.warmupSeconds > 0 ? await run(autocannon, spec, spec.warmupSeconds, requests) : undefined;
  const r = await run(autocannon, spec, spec.seconds, requests);
  return {
    warmupTotal: warm?.requests.total ?? 0,
    rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total,
    non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, seconds: r.duration,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as GeneratorSpec;
  process.stdout.write(`${JSON.stringify(await generate(spec))}\n`);
}
