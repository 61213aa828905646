// Node side of the load suite: prepares fixtures through the target, bundles
// the scenarios, runs k6 against the target, and turns k6's summary into
// result lines. Credentials for k6 go to a private temp file, never to reports.

import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../src/harness-error.ts';
import type { ResultLine } from '../src/results/schema.ts';
import { Driver, must } from '../src/target/driver.ts';
import type { Target } from '../src/target/index.ts';
import { appendSeries, seriesFromPoints } from './series.ts';

export const SCENARIOS = ['list-records', 'update-records', 'sync-session'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export type LoadOptions = {
  target: Target;
  scenario: Scenario;
  profile?: string;
  outDir: string;
  identities?: number;
  datasetSize?: number;
  rate?: number;
  rateCap?: number;
  duration?: string;
  shard?: { index: number; count: number };
  thresholds?: { p95?: number; p99?: number; errorRate?: number };
  /** Skip SigV4 in k6 (the signing benchmark's baseline; the emulator must run with --auth off). */
  unsigned?: boolean;
  /** Fixtures from prepareFixtures(), reused across runs (capacity steps, benchmarks). */
  fixtures?: Fixtures;
  /** k6 may use this many VUs at most (high rates need more). */
  maxVUs?: number;
  /** Run exactly this many iterations (shared-iterations) instead of an arrival rate. */
  iterations?: number;
  signal?: AbortSignal;
};

export type LoadResult = { ok: boolean; exitCode: number; summaryFile: string; summary: K6Summary; lines: Array<Omit<ResultLine, 'run_id' | 'time'>> };
type K6Summary = { metrics: Record<string, { type?: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }> };

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function k6Binary(): string {
  try {
    return execFileSync(join(ROOT, 'scripts/ensure-k6'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch {
    throw new HarnessError('k6 is not available', 'Install k6 or Go >= 1.25 (scripts/ensure-k6 builds it), or set K6_BIN');
  }
}

export async function bundleScenarios(): Promise<void> {
  const { bundle } = (await import(join(ROOT, 'load/build.mjs'))) as { bundle: () => Promise<string[]> };
  await bundle();
}

export type Fixtures = Awaited<ReturnType<typeof prepareFixtures>>;

export async function prepareFixtures(target: Target, opts: Pick<LoadOptions, 'identities' | 'datasetSize' | 'scenario' | 'unsigned'>) {
  const n = opts.identities ?? 4;
  const size = opts.datasetSize ?? 200;
  const identities = [];
  for (let i = 0; i < n; i++) {
    const d = await Driver.create(target);
    const dataset = d.fresh(`load-${opts.scenario}`);
    for (let k = 0; k < size; k += 100) {
      const batch = Array.from({ length: Math.min(100, size - k) }, (_, j) => ({ Op: 'replace' as const, Key: `rec-${k + j}`, Value: `value-${k + j}`, SyncCount: 0 }));
      must(await d.update(dataset, batch), 'seeding a load dataset');
    }
    identities.push({ identityPoolId: d.identity.identityPoolId, identityId: d.identity.identityId, credentials: d.identity.credentials, datasets: [dataset], keys: ['shared-0', 'shared-1', 'shared-2'] });
  }
  const url = new URL(target.syncEndpoint);
  return { endpoint: url.origin, host: url.host, region: target.region, mode: target.credentialMode, developer: await target.developerCredentials(), identities, unsigned: opts.unsigned ?? false };
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const { target, scenario } = opts;
  if (target.kind === 'aws' && opts.rateCap === undefined) {
    throw new HarnessError('Load against AWS needs a rate cap', 'Add --rate-cap N (requests per second)');
  }
  const k6 = k6Binary();
  await bundleScenarios();
  mkdirSync(opts.outDir, { recursive: true });
  const secrets = mkdtempSync(join(tmpdir(), 'csh-k6-'));
  const fixtureFile = join(secrets, 'fixtures.json');
  writeFileSync(fixtureFile, JSON.stringify(opts.fixtures ?? (await prepareFixtures(target, opts))));
  chmodSync(fixtureFile, 0o600);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    CSH_FIXTURES: fixtureFile, CSH_PROFILE: opts.profile ?? 'smoke', CSH_OUT_DIR: opts.outDir,
    // The dashboard server binds loopback on a free port; only its HTML export is kept.
    K6_WEB_DASHBOARD: 'true', K6_WEB_DASHBOARD_HOST: '127.0.0.1', K6_WEB_DASHBOARD_PORT: '0', K6_WEB_DASHBOARD_PERIOD: '1s', K6_WEB_DASHBOARD_EXPORT: join(opts.outDir, `${scenario}-dashboard.html`),
    K6_NO_USAGE_REPORT: 'true',
    ...(opts.rate !== undefined ? { CSH_RATE: String(opts.rate) } : {}),
    ...(opts.rateCap !== undefined ? { CSH_RATE_CAP: String(opts.rateCap) } : {}),
    ...(opts.duration ? { CSH_DURATION: opts.duration } : {}),
    ...(opts.maxVUs !== undefined ? { CSH_MAX_VUS: String(opts.maxVUs) } : {}),
    ...(opts.iterations !== undefined ? { CSH_ITERATIONS: String(opts.iterations) } : {}),
    ...(opts.thresholds?.p95 !== undefined ? { CSH_P95: String(opts.thresholds.p95) } : {}),
    ...(opts.thresholds?.p99 !== undefined ? { CSH_P99: String(opts.thresholds.p99) } : {}),
    ...(opts.thresholds?.errorRate !== undefined ? { CSH_ERROR_RATE: String(opts.thresholds.errorRate) } : {}),
  };
  const pointsFile = join(opts.outDir, `${scenario}-points.json`);
  const args = ['run', '--quiet', '--no-color', '--out', `json=${pointsFile}`, join(ROOT, 'load/dist', `${scenario}.js`)];
  if (opts.shard) {
    const seq = Array.from({ length: opts.shard.count + 1 }, (_, i) => (i === 0 ? '0' : i === opts.shard!.count ? '1' : `${i}/${opts.shard!.count}`));
    args.splice(1, 0, '--execution-segment', `${seq[opts.shard.index - 1]}:${seq[opts.shard.index]}`, '--execution-segment-sequence', seq.join(','));
  }
  let exitCode: number;
  try {
    exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(k6, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d));
      child.stdout.on('data', () => {});
      // Ctrl-C stops k6 too; a second signal, if k6 lingers, ends it.
      opts.signal?.addEventListener('abort', () => {
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
        // The process may exit before the finally below runs; the credentials file must not outlive it.
        rmSync(secrets, { recursive: true, force: true });
      }, { once: true });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0 && code !== 99) process.stderr.write(err.slice(-2000));
        resolve(code ?? 1);
      });
    });
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
  const summaryFile = join(opts.outDir, `${scenario}-summary.json`);
  if (!existsSync(summaryFile)) throw new HarnessError(`k6 ended with code ${exitCode} and wrote no summary for ${scenario}`, 'Run with the same flags and read the k6 output above');
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as K6Summary;
  if (existsSync(pointsFile)) {
    appendSeries(join(opts.outDir, 'load-series.json'), await seriesFromPoints(pointsFile, scenario));
    rmSync(pointsFile); // raw points are large; the per-second series keeps what the report needs
  }
  return { ok: exitCode === 0, exitCode, summaryFile, summary, lines: linesOf(scenario, target.name, summary) };
}

export function linesOf(scenario: string, targetName: string, summary: K6Summary): LoadResult['lines'] {
  const lines: LoadResult['lines'] = [];
  const ms = summary.metrics.iteration_duration?.values.avg ?? 0;
  for (const [metric, m] of Object.entries(summary.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) {
      lines.push({
        suite: 'load', case: `${scenario}: ${metric} ${expr}`, operation: scenario === 'list-records' ? 'ListRecords' : 'UpdateRecords', target: targetName,
        status: t.ok ? 'pass' : 'fail', duration_ms: Math.round(ms), reason: t.ok ? null : `threshold ${metric} ${expr} breached`, seed: null,
        details: { operations: ['ListRecords', 'UpdateRecords'], values: m.values },
      });
    }
  }
  return lines;
}
