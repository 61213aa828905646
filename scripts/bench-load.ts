// Load-suite benchmarks, printed as figures and ratios (no assertions):
//  1. k6 requests/s with SigV4 signing against unsigned, same endpoint, same run
//     (the emulator with --auth off accepts both). Target: signed >= 0.85 of unsigned.
//  2. achieved against requested arrival rate at the smoke rate: within 1%, 0 dropped.
//
//   npm run bench:load [-- --seconds 8 --rate 3000]

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareFixtures, runLoad } from '../load/run.ts';
import { resolveTarget } from '../src/target/index.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, rate: { type: 'string', default: '3000' } } });
const out = mkdtempSync(join(tmpdir(), 'csh-bench-load-'));
const target = await resolveTarget({ target: 'emulator', auth: 'off' });
try {
  // A rate far above what one machine sustains, so each leg runs flat out and requests/s is the measure.
  const leg = async (unsigned: boolean) => {
    const fixtures = await prepareFixtures(target, { scenario: 'list-records', identities: 2, datasetSize: 50, unsigned });
    const r = await runLoad({ target, scenario: 'list-records', fixtures, unsigned, rate: Number(values.rate), duration: `${values.seconds}s`, maxVUs: 64, outDir: join(out, unsigned ? 'unsigned' : 'signed'), thresholds: { p95: 1e9, p99: 1e9 } });
    return r.summary.metrics.http_reqs!.values.rate!;
  };
  const unsigned = await leg(true);
  const signed = await leg(false);
  console.log(`bench:load — ${values.seconds}s flat out per leg, one emulator (--auth off), Node ${process.version}`);
  console.log(`SigV4 in k6: signed ${signed.toFixed(0)} req/s, unsigned ${unsigned.toFixed(0)} req/s, ratio ${(signed / unsigned).toFixed(2)} (target >= 0.85)`);

  const smoke = await runLoad({ target, scenario: 'list-records', profile: 'smoke', rate: 5, duration: '10s', identities: 1, datasetSize: 10, outDir: join(out, 'smoke') });
  const m = smoke.summary.metrics;
  const iterations = m.iterations!.values.count!;
  const achieved = m.iterations!.values.rate!;
  const dropped = m.dropped_iterations?.values.count ?? 0;
  console.log(`arrival rate at the smoke rate: requested 5.00/s, achieved ${achieved.toFixed(2)}/s (${((achieved / 5) * 100).toFixed(1)}%; ${iterations} iterations in 10 s), dropped ${dropped} (target: within 1%, 0 dropped)`);
} finally {
  await target.close();
}
