// Node side of the load suite: prepares fixtures through the target, bundles
// the scenarios, runs k6 against the target, and turns k6's summary into
// result lines. Credentials for k6 go to a private temp file, never to reports.

import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../src/harness-error.ts';
import { MAX_DATASETS_PER_IDENTITY } from '../src/model/limits.ts';
import type { FailureKind, ResultLine } from '../src/results/schema.ts';
import { Driver, must } from '../src/target/driver.ts';
import type { Target } from '../src/target/index.ts';
import { checkNames, crashCase, setupCase, type ScenarioName } from './lib/checks.ts';
import { appendSeries, seriesFromPoints } from './series.ts';
import type { Samples } from './lib/summary-merge.ts';
import { samplesFromPoints, segmentArgs } from './segments.ts';

export const SCENARIOS = ['list-records', 'update-records', 'sync-session'] as const satisfies readonly ScenarioName[];
export type Scenario = (typeof SCENARIOS)[number];
/** VUs k6 may start when the caller does not say (the fixtures are sized for it). */
export const DEFAULT_MAX_VUS = 50;

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
  /** Keep the raw samples of every trend metric (shards merge them into exact percentiles). */
  keepSamples?: boolean;
  /** The scenarios are bundled already (shards bundle once, before starting k6 processes side by side). */
  bundled?: boolean;
  signal?: AbortSignal;
  /** Called with k6's process id once it runs (the capacity search samples its CPU). */
  onSpawn?: (pid: number) => void;
  /** Start every VU before the step (capacity steps), instead of adding them as the rate needs. */
  preallocate?: boolean;
  /** Pin k6 to these CPUs (taskset list, e.g. "0"), to see how the generator behaves with less CPU. */
  cpus?: string;
};

export type LoadLine = Omit<ResultLine, 'run_id' | 'time'>;
export type LoadResult = { ok: boolean; exitCode: number; summaryFile: string; summary: K6Summary; lines: LoadLine[]; samples?: Samples; notes?: ConsoleNotes; stderr?: string };
type K6Check = { name: string; passes: number; fails: number };
type K6Group = { checks?: K6Check[]; groups?: K6Group[] };
export type K6Summary = {
  metrics: Record<string, { type?: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  root_group?: K6Group;
  state?: { testRunDurationMs?: number };
};
/** What k6 said on its console: the first failure of each check, and iterations that threw. */
export type ConsoleNotes = { why: Map<string, string>; crashes: string[] };

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The scenarios that own one of the named checks; all of them when no names are given. */
export function scenariosFor(only?: readonly string[]): Scenario[] {
  return only ? SCENARIOS.filter((s) => checkNames(s).some((n) => only.includes(n))) : [...SCENARIOS];
}

/** The lines a run filtered to `only` reports: the named checks, and a crash or failed setup, which must never be hidden. */
export function linesFor(lines: LoadLine[], only?: readonly string[]): LoadLine[] {
  if (!only) return lines;
  const always = SCENARIOS.flatMap((s) => [crashCase(s), setupCase(s)]);
  return lines.filter((l) => only.includes(l.case) || always.includes(l.case));
}

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

export async function prepareFixtures(target: Target, opts: Pick<LoadOptions, 'identities' | 'datasetSize' | 'scenario' | 'unsigned' | 'maxVUs'>) {
  const size = opts.datasetSize ?? 200;
  // update-records gives each VU a dataset of its own, and an identity holds MAX_DATASETS_PER_IDENTITY at most.
  const own = opts.scenario === 'update-records';
  const n = Math.max(opts.identities ?? 4, own ? Math.ceil((opts.maxVUs ?? DEFAULT_MAX_VUS) / MAX_DATASETS_PER_IDENTITY) : 0);
  // Two batches at least, so that records differ in SyncCount and a delta read is a strict part of the dataset.
  const batch = Math.max(1, Math.min(100, Math.ceil(size / 2)));
  const identities = [];
  for (let i = 0; i < n; i++) {
    const d = await Driver.create(target);
    const datasets: string[] = [];
    if (!own) {
      const dataset = d.fresh(`load-${opts.scenario}`);
      for (let k = 0; k < size; k += batch) {
        const patches = Array.from({ length: Math.min(batch, size - k) }, (_, j) => ({ Op: 'replace' as const, Key: `rec-${k + j}`, Value: `value-${k + j}`, SyncCount: 0 }));
        must(await d.update(dataset, patches), 'seeding a load dataset');
      }
      datasets.push(dataset);
    }
    identities.push({ identityPoolId: d.identity.identityPoolId, identityId: d.identity.identityId, credentials: d.identity.credentials, datasets, records: own ? 0 : size, keys: ['shared-0', 'shared-1', 'shared-2'] });
  }
  const url = new URL(target.syncEndpoint);
  return { endpoint: url.origin, host: url.host, region: target.region, mode: target.credentialMode, developer: await target.developerCredentials(), identities, prefix: target.prefix, unsigned: opts.unsigned ?? false };
}

/** The result of a run whose fixtures could not be prepared: seeding goes through the public API, and a target that breaks it leaves k6 nothing to run. */
export function setupFailed(scenario: Scenario, target: Target, e: unknown): LoadResult {
  const line: LoadLine = {
    suite: 'load', case: setupCase(scenario), operation: null, target: target.name, status: 'fail', duration_ms: 0, seed: null,
    reason: `preparing fixtures through the public API failed: ${e instanceof Error ? e.message : String(e)}`, details: { failure: 'setup' },
  };
  return { ok: false, exitCode: 1, summaryFile: '', summary: { metrics: {} }, lines: [line] };
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const { target, scenario } = opts;
  if (target.kind === 'aws' && opts.rateCap === undefined) {
    throw new HarnessError('Load against AWS needs a rate cap', 'Add --rate-cap N (requests per second)');
  }
  const k6 = k6Binary();
  if (!opts.bundled) await bundleScenarios();
  mkdirSync(opts.outDir, { recursive: true });
  const maxVUs = opts.maxVUs ?? DEFAULT_MAX_VUS;
  let fixtures: Fixtures;
  try {
    fixtures = opts.fixtures ?? (await prepareFixtures(target, { ...opts, maxVUs }));
  } catch (e) {
    return setupFailed(scenario, target, e);
  }
  const secrets = mkdtempSync(join(tmpdir(), 'csh-k6-'));
  const fixtureFile = join(secrets, 'fixtures.json');
  writeFileSync(fixtureFile, JSON.stringify(fixtures));
  chmodSync(fixtureFile, 0o600);
  const env: Record<string, string> = {
    // Credentials the k8s bundle passes through the environment never come from the local one: the fixtures file has them.
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CSH_AWS_'))) as Record<string, string>,
    CSH_FIXTURES: fixtureFile, CSH_PROFILE: opts.profile ?? 'smoke', CSH_OUT_DIR: opts.outDir, CSH_MAX_VUS: String(maxVUs),
    // The dashboard server binds loopback on a free port; only its HTML export is kept.
    K6_WEB_DASHBOARD: 'true', K6_WEB_DASHBOARD_HOST: '127.0.0.1', K6_WEB_DASHBOARD_PORT: '0', K6_WEB_DASHBOARD_PERIOD: '1s', K6_WEB_DASHBOARD_EXPORT: join(opts.outDir, `${scenario}-dashboard.html`),
    K6_NO_USAGE_REPORT: 'true',
    ...(opts.rate !== undefined ? { CSH_RATE: String(opts.rate) } : {}),
    ...(opts.rateCap !== undefined ? { CSH_RATE_CAP: String(opts.rateCap) } : {}),
    ...(opts.duration ? { CSH_DURATION: opts.duration } : {}),
    ...(opts.iterations !== undefined ? { CSH_ITERATIONS: String(opts.iterations) } : {}),
    ...(opts.preallocate ? { CSH_PREALLOCATE: '1' } : {}),
    ...(opts.thresholds?.p95 !== undefined ? { CSH_P95: String(opts.thresholds.p95) } : {}),
    ...(opts.thresholds?.p99 !== undefined ? { CSH_P99: String(opts.thresholds.p99) } : {}),
    ...(opts.thresholds?.errorRate !== undefined ? { CSH_ERROR_RATE: String(opts.thresholds.errorRate) } : {}),
  };
  const pointsFile = join(opts.outDir, `${scenario}-points.json`);
  // The scenarios log one JSON line per first failure of a check; raw format keeps them parseable.
  const consoleFile = join(opts.outDir, `${scenario}-console.log`);
  rmSync(consoleFile, { force: true });
  const summaryFile = join(opts.outDir, `${scenario}-summary.json`);
  rmSync(summaryFile, { force: true }); // a summary left by an earlier run must not pass for this one's
  const args = ['run', '--quiet', '--no-color', '--log-format', 'raw', '--console-output', consoleFile, '--out', `json=${pointsFile}`, join(ROOT, 'load/dist', `${scenario}.js`)];
  if (opts.shard) args.splice(1, 0, ...segmentArgs(opts.shard.index, opts.shard.count));
  let exitCode: number;
  let stderr = '';
  try {
    exitCode = await new Promise<number>((resolve, reject) => {
      // taskset execs k6 in place, so the pid is k6's either way.
      const child = opts.cpus ? spawn('taskset', ['-c', opts.cpus, k6, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(k6, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      if (child.pid !== undefined) opts.onSpawn?.(child.pid);
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)));
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
        if (code !== 0 && code !== 99) process.stderr.write(stderr.slice(-2000));
        resolve(code ?? 1);
      });
    });
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
  const summary: K6Summary = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as K6Summary) : { metrics: {} };
  const notes = readConsole(consoleFile);
  let samples: Samples | undefined;
  if (existsSync(pointsFile)) {
    try {
      appendSeries(join(opts.outDir, 'load-series.json'), await seriesFromPoints(pointsFile, scenario));
      if (opts.keepSamples) samples = await samplesFromPoints(pointsFile);
    } finally {
      rmSync(pointsFile); // raw points are large; the per-second series (and the samples, for shards) keep what is needed
    }
  }
  const lines = linesOf(scenario, target.name, summary, { exitCode, hasSummary: existsSync(summaryFile), notes, stderr });
  return { ok: exitCode === 0 && lines.every((l) => l.status !== 'fail'), exitCode, summaryFile, summary, lines, notes, stderr, ...(samples ? { samples } : {}) };
}

/** The scenarios' console lines (JSON, one per line); anything else k6 printed there is ignored. */
export function readConsole(file: string): ConsoleNotes {
  const notes: ConsoleNotes = { why: new Map(), crashes: [] };
  if (!existsSync(file)) return notes;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{"csh"')) continue;
    try {
      const n = JSON.parse(line) as { csh: string; check?: string; why?: string };
      if (n.csh === 'check-failed' && n.check && !notes.why.has(n.check)) notes.why.set(n.check, n.why ?? '');
      if (n.csh === 'iteration-error' && notes.crashes.length < 3) notes.crashes.push(n.why ?? '');
    } catch {
      // a line cut short by a crash says nothing reliable
    }
  }
  return notes;
}

type RunFacts = { exitCode: number; hasSummary: boolean; notes: ConsoleNotes; stderr?: string };

// Represented by the per-check lines and the crash line; a line of their own would count every failure twice.
const IMPLIED_THRESHOLDS = new Set(['checks', 'csh_iteration_errors']);

/**
 * One line per check of the scenario, then one per threshold, then a crash
 * line when k6 crashed. A check that never ran is a setup failure when the
 * run was otherwise clean (it was too short to reach it), and not-applicable
 * when other failures stopped the scenario before it.
 */
export function linesOf(scenario: Scenario, targetName: string, summary: K6Summary, run: RunFacts = { exitCode: 0, hasSummary: true, notes: { why: new Map(), crashes: [] } }): LoadLine[] {
  const lines: LoadLine[] = [];
  const ms = Math.round(summary.state?.testRunDurationMs ?? summary.metrics.iteration_duration?.values.avg ?? 0);
  const throttles = summary.metrics.csh_throttles?.values.count ?? 0;
  const base = { suite: 'load' as const, target: targetName, duration_ms: ms, seed: null };
  const fail = (failure: FailureKind, details: Record<string, unknown>) => ({ status: 'fail' as const, details: { ...details, failure } });

  const ran = new Map<string, K6Check>();
  for (const c of allChecks(summary.root_group)) {
    const seen = ran.get(c.name);
    ran.set(c.name, seen ? { name: c.name, passes: seen.passes + c.passes, fails: seen.fails + c.fails } : c);
  }
  const iterationErrors = summary.metrics.csh_iteration_errors?.values.count ?? 0;
  const crashed = !run.hasSummary || (run.exitCode !== 0 && run.exitCode !== 99) || iterationErrors > 0;
  const anyFailed = crashed || [...ran.values()].some((c) => c.fails > 0);
  const names = [...checkNames(scenario), ...[...ran.keys()].filter((n) => !checkNames(scenario).includes(n))];
  for (const name of names) {
    const c = ran.get(name);
    const operation = operationOf(scenario, name);
    if (!c) {
      const details = { passes: 0, fails: 0, throttles };
      if (anyFailed) lines.push({ ...base, case: name, operation, status: 'not-applicable', reason: 'not reached: earlier failures in this run stopped the scenario before it', details });
      else lines.push({ ...base, case: name, operation, reason: 'never exercised: the run was too short to reach it', ...fail('setup', details) });
      continue;
    }
    const details = { passes: c.passes, fails: c.fails, throttles };
    if (c.fails === 0) lines.push({ ...base, case: name, operation, status: 'pass', reason: null, details });
    else lines.push({ ...base, case: name, operation, reason: `${c.fails} of ${c.passes + c.fails} failed: ${run.notes.why.get(name) ?? 'no reason logged'}`, ...fail('assertion', details) });
  }
  for (const [metric, m] of Object.entries(summary.metrics)) {
    if (IMPLIED_THRESHOLDS.has(metric)) continue;
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) {
      const details = { operations: ['ListRecords', 'UpdateRecords'], values: m.values, throttles };
      lines.push({
        ...base, case: `${scenario}: ${metric} ${expr}`, operation: scenario === 'list-records' ? 'ListRecords' : 'UpdateRecords',
        reason: t.ok ? null : `threshold ${metric} ${expr} breached`, ...(t.ok ? { status: 'pass' as const, details } : fail('assertion', details)),
      });
    }
  }
  if (crashed) {
    const why = !run.hasSummary ? `k6 ended with code ${run.exitCode} and wrote no summary`
      : iterationErrors > 0 ? `${iterationErrors} iterations threw: ${run.notes.crashes[0] ?? 'no message logged'}`
        : `k6 ended with code ${run.exitCode}`;
    const tail = run.stderr ? `; k6 said: ${run.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300)}` : '';
    lines.push({ ...base, case: crashCase(scenario), operation: null, reason: `${why}${iterationErrors > 0 ? '' : tail}`, ...fail('crash', { exitCode: run.exitCode, iterationErrors, throttles }) });
  }
  return lines;
}

function allChecks(g: K6Group | undefined): K6Check[] {
  return g ? [...(g.checks ?? []), ...(g.groups ?? []).flatMap(allChecks)] : [];
}

function operationOf(scenario: Scenario, check: string): string {
  if (scenario === 'list-records' || /ListRecords (status|answer)|NextToken|listing/.test(check)) return 'ListRecords';
  return 'UpdateRecords';
}
