import { join } from 'node:path';
import type { Command } from 'commander';
import { unreachableFromCluster, writeK8sBundle } from '../../../load/k8s.ts';
import { runLoad, SCENARIOS, type Scenario } from '../../../load/run.ts';
import { runShards } from '../../../load/shards.ts';
import { HarnessError } from '../../harness-error.ts';
import { kindOf, resolveTarget } from '../../target/index.ts';
import { PROFILES } from '../../../load/lib/options.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';
import { durationFlag, numberFlag, oneOf } from '../validate.ts';

type Flags = TargetFlags & { profile: string; rateCap?: number; rate?: number; duration?: string; shard?: string; shards?: number; k8s?: boolean; parallelism: number; out?: string; reportDir: string; p95?: number; p99?: number; errorRate?: number };

function scenarioOf(s: string): Scenario {
  if (!(SCENARIOS as readonly string[]).includes(s)) throw new HarnessError(`Unknown scenario "${s}"`, `Use one of: ${SCENARIOS.join(', ')}`);
  return s as Scenario;
}

export function registerLoad(program: Command): void {
  withTargetOptions(program.command('load <scenario>'))
    .description(`Run a k6 scenario (${SCENARIOS.join(', ')}) against a target`)
    .option('--profile <name>', `${Object.keys(PROFILES).join(', ')}`, oneOf('--profile', Object.keys(PROFILES)), 'smoke')
    .option('--rate <n>', 'constant arrival rate (iterations/s) instead of the profile\'s', numberFlag('--rate', 0.001, 100_000))
    .option('--rate-cap <n>', 'never exceed this rate (required against AWS)', numberFlag('--rate-cap', 0.001, 100_000))
    .option('--duration <d>', 'duration for constant-rate profiles, e.g. 30s', durationFlag)
    .option('--p95 <ms>', 'threshold: p95 latency in ms', numberFlag('--p95', 1, 600_000))
    .option('--p99 <ms>', 'threshold: p99 latency in ms', numberFlag('--p99', 1, 600_000))
    .option('--error-rate <r>', 'threshold: share of unexpected errors (0 to 1)', numberFlag('--error-rate', 0, 1))
    .option('--shard <i/n>', 'run only shard i of n (one k6 execution segment; its report covers that part alone)')
    .option('--shards <n>', 'run n k6 processes on execution segments and merge their summaries into one report', numberFlag('--shards', 1, 64, true))
    .option('--k8s', 'write a k6-operator bundle (TestRun, ConfigMap, Secret template, README) instead of running; needs --target URL the cluster reaches')
    .option('--parallelism <n>', 'runner pods for --k8s', numberFlag('--parallelism', 1, 1000, true), 4)
    .option('--out <dir>', 'where --k8s writes its bundle (default: reports/k8s/<scenario>)')
    .option('--report-dir <dir>', 'where k6 summaries, JUnit and the dashboard go', 'reports/load')
    .action(async (name: string, flags: Flags) => {
      const scenario = scenarioOf(name);
      const shard = flags.shard ? /^(\d+)\/(\d+)$/.exec(flags.shard) : null;
      if (flags.shard && (!shard || Number(shard[1]) < 1 || Number(shard[1]) > Number(shard[2]))) throw new HarnessError(`--shard ${flags.shard} is not i/n`, 'Use e.g. --shard 1/2');
      if ([flags.k8s, flags.shard, flags.shards].filter((f) => f !== undefined).length > 1) throw new HarnessError('--k8s, --shard and --shards do not go together', 'Use one of them');
      if (flags.k8s) {
        refuseForCluster(flags);
        const target = await resolveTarget(specOf(flags));
        // No close(): closing cleans up, and the cluster test needs the fixtures; the bundle's README says how to remove them.
        const files = await writeK8sBundle(target, {
          scenario, parallelism: flags.parallelism, profile: flags.profile, outDir: flags.out ?? join('reports', 'k8s', scenario),
          ...(flags.rateCap !== undefined ? { rateCap: flags.rateCap } : {}), ...(flags.rate !== undefined ? { rate: flags.rate } : {}), ...(flags.duration ? { duration: flags.duration } : {}),
        });
        for (const f of files) process.stdout.write(`${f}\n`);
        return;
      }
      const target = await resolveTarget(specOf(flags));
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      try {
        const { rateCap, rate, p95, p99, errorRate } = flags;
        const run = flags.shards !== undefined ? (o: Parameters<typeof runLoad>[0]) => runShards({ ...o, shards: flags.shards! }) : runLoad;
        const r = await run({
          target, scenario, profile: flags.profile, outDir: flags.reportDir, signal: controller.signal,
          ...(rateCap !== undefined ? { rateCap } : {}), ...(rate !== undefined ? { rate } : {}), ...(flags.duration ? { duration: flags.duration } : {}),
          ...(shard ? { shard: { index: Number(shard[1]), count: Number(shard[2]) } } : {}),
          thresholds: { ...(p95 !== undefined ? { p95 } : {}), ...(p99 !== undefined ? { p99 } : {}), ...(errorRate !== undefined ? { errorRate } : {}) },
        });
        for (const l of r.lines) process.stdout.write(`${l.status.padEnd(5)} ${l.case}\n`);
        process.stdout.write(`${r.ok ? 'thresholds passed' : `thresholds breached (k6 exit ${r.exitCode})`}; summary ${r.summaryFile}\n`);
        process.exitCode = r.ok ? 0 : 1;
      } finally {
        await target.close();
      }
    });
}

/** A cluster reaches neither the embedded emulator nor a loopback address: refuse before preparing anything. */
function refuseForCluster(flags: Flags): void {
  const env = process.env;
  const kind = kindOf(flags.target ?? (env.AWS_ENDPOINT_URL_COGNITO_SYNC || env.AWS_ENDPOINT_URL ? 'url' : undefined));
  if (kind === 'emulator') {
    throw new HarnessError('--k8s needs a target the cluster can reach, and the embedded emulator runs inside this process on loopback', 'Pass --target with the URL of an endpoint reachable from the cluster');
  }
  if (flags.credentialMode === 'identity') {
    throw new HarnessError('--k8s runs in developer mode only: identity credentials from GetCredentialsForIdentity expire after an hour, before a cluster test may even start', 'Drop --credential-mode identity');
  }
  if (kind === 'aws' && flags.rateCap === undefined) throw new HarnessError('Load against AWS needs a rate cap', 'Add --rate-cap N (requests per second)');
  const url = kind === 'url' ? (flags.target && flags.target !== 'url' ? flags.target : env.AWS_ENDPOINT_URL_COGNITO_SYNC || env.AWS_ENDPOINT_URL) : undefined;
  let why: string | undefined;
  try {
    why = url ? unreachableFromCluster(url) : undefined;
  } catch {
    throw new HarnessError(`${url} is not a URL`, 'Pass an endpoint such as https://sync.internal:8080');
  }
  if (why) throw new HarnessError(`--k8s: ${why}`, 'Pass --target with an address the cluster can reach (a service name or an external host)');
}
