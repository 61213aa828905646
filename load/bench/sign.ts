// Micro-benchmark of the SigV4 signer inside k6 (k6 has no profiler): signs
// ListRecords requests N times with a per-VU signing cache and N times
// without, and logs microseconds per signature as one JSON line. Each request
// carries a NextToken of its own, as every page of a walk does, so the cache
// hits on what really repeats (key, path, host) and misses on the query.
// Bundled and run by scripts/bench-load.ts.
import { buildRequest } from '../../src/client/request.ts';
import { k6Crypto } from '../../src/sigv4/crypto-k6.ts';
import { sign, signingCache } from '../../src/sigv4/index.ts';

declare const __ENV: Record<string, string | undefined>;
declare const console: { log(...args: unknown[]): void };

export const options = { vus: 1, iterations: 1 };

const credentials = { accessKeyId: 'EMULATORDEVELOPERKEY', secretAccessKey: 'emulator-developer-secret-fake-not-for-aws' };
const input = { IdentityPoolId: 'us-east-1:0c1ba052-e098-41fa-a76e-eaa2c125f861', IdentityId: 'us-east-1:4d5e6f70-e098-41fa-a76e-eaa2c125f862', DatasetName: 'csh-bench-load-list-records', LastSyncCount: 0, MaxResults: 67 };

export default function (): void {
  const n = Number(__ENV.CSH_SIGNS ?? 5000);
  const requests = Array.from({ length: n }, (_, i) => {
    const req = buildRequest('ListRecords', { ...input, NextToken: `eyJvIjo${i}fQ-page_${i}` });
    return { method: req.method, host: '127.0.0.1:4599', path: req.path, query: req.query, headers: req.headers, body: req.body };
  });
  const time = (cache: ReturnType<typeof signingCache> | undefined) => {
    const opts = { credentials, region: 'us-east-1', service: 'cognito-sync', now: () => new Date(), crypto: k6Crypto, ...(cache ? { cache } : {}) };
    const start = Date.now();
    for (let i = 0; i < n; i++) sign(requests[i]!, opts);
    return ((Date.now() - start) * 1000) / n;
  };
  const buildStart = Date.now();
  for (let i = 0; i < n; i++) buildRequest('ListRecords', { ...input, NextToken: 'eyJvIjo1fQ-page_1' });
  const build = ((Date.now() - buildStart) * 1000) / n;
  const uncached = time(undefined);
  const cached = time(signingCache());
  console.log(JSON.stringify({ csh: 'sign-bench', n, cachedUs: cached, uncachedUs: uncached, buildUs: build }));
}
