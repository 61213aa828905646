import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { k8sManifest } from '../../../load/k8s.ts';
import { bundleScenarios, runLoad, SCENARIOS, type Scenario } from '../../../load/run.ts';
import { HarnessError } from '../../harness-error.ts';
import { resolveTarget } from '../../target/index.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';

type Flags = TargetFlags & { profile: string; rateCap?: string; rate?: string; duration?: string; shard?: string; k8s?: boolean; parallelism: string; reportDir: string; p95?: string; p99?: string; errorRate?: string };

function scenarioOf(s: string): Scenario {
  if (!(SCENARIOS as readonly string[]).includes(s)) throw new HarnessError(`Unknown scenario "${s}"`, `Use one of: ${SCENARIOS.join(', ')}`);
  return s as Scenario;
}

function numberFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new HarnessError(`--${name} ${v} is not a non-negative number`, `Pass a number to --${name}`);
  return n;
}

export function registerLoad(program: Command): void {
  withTargetOptions(program.command('load <scenario>'))
    .description(`Run a k6 scenario (${SCENARIOS.join(', ')}) against a target`)
    .option('--profile <name>', 'smoke, load, stress, soak or spike', 'smoke')
    .option('--rate <n>', 'constant arrival rate (iterations/s) instead of the profile\'s')
    .option('--rate-cap <n>', 'never exceed this rate (required against AWS)')
    .option('--duration <d>', 'duration for constant-rate profiles, e.g. 30s')
    .option('--p95 <ms>', 'threshold: p95 latency in ms')
    .option('--p99 <ms>', 'threshold: p99 latency in ms')
    .option('--error-rate <r>', 'threshold: share of unexpected errors')
    .option('--shard <i/n>', 'run shard i of n (k6 execution segments)')
    .option('--k8s', 'write a k6-operator TestRun manifest instead of running')
    .option('--parallelism <n>', 'pods for --k8s', '4')
    .option('--report-dir <dir>', 'where k6 summaries, JUnit and the dashboard go', 'reports/load')
    .action(async (name: string, flags: Flags) => {
      const scenario = scenarioOf(name);
      const shard = flags.shard ? /^(\d+)\/(\d+)$/.exec(flags.shard) : null;
      if (flags.shard && (!shard || Number(shard[1]) < 1 || Number(shard[1]) > Number(shard[2]))) throw new HarnessError(`--shard ${flags.shard} is not i/n`, 'Use e.g. --shard 1/2');
      if (flags.k8s) {
        await bundleScenarios();
        mkdirSync(flags.reportDir, { recursive: true });
        const file = join(flags.reportDir, `${scenario}-testrun.yaml`);
        writeFileSync(file, k8sManifest({ scenario, bundle: join('load', 'dist', `${scenario}.js`), parallelism: Number(flags.parallelism), profile: flags.profile, endpoint: flags.target ?? 'emulator', ...(flags.rateCap ? { rateCap: Number(flags.rateCap) } : {}) }));
        process.stdout.write(`${file}\n`);
        return;
      }
      const target = await resolveTarget(specOf(flags));
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      try {
        const rateCap = numberFlag('rate-cap', flags.rateCap);
        const rate = numberFlag('rate', flags.rate);
        const p95 = numberFlag('p95', flags.p95);
        const p99 = numberFlag('p99', flags.p99);
        const errorRate = numberFlag('error-rate', flags.errorRate);
        const r = await runLoad({
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
