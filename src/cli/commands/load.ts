import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { k8sManifest } from '../../../load/k8s.ts';
import { bundleScenarios, runLoad, SCENARIOS, type Scenario } from '../../../load/run.ts';
import { HarnessError } from '../../harness-error.ts';
import { resolveTarget } from '../../target/index.ts';
import { PROFILES } from '../../../load/lib/options.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';
import { durationFlag, numberFlag, oneOf } from '../validate.ts';

type Flags = TargetFlags & { profile: string; rateCap?: number; rate?: number; duration?: string; shard?: string; k8s?: boolean; parallelism: number; reportDir: string; p95?: number; p99?: number; errorRate?: number };

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
    .option('--shard <i/n>', 'run shard i of n (k6 execution segments)')
    .option('--k8s', 'write a k6-operator TestRun manifest instead of running')
    .option('--parallelism <n>', 'pods for --k8s', numberFlag('--parallelism', 1, 1000, true), 4)
    .option('--report-dir <dir>', 'where k6 summaries, JUnit and the dashboard go', 'reports/load')
    .action(async (name: string, flags: Flags) => {
      const scenario = scenarioOf(name);
      const shard = flags.shard ? /^(\d+)\/(\d+)$/.exec(flags.shard) : null;
      if (flags.shard && (!shard || Number(shard[1]) < 1 || Number(shard[1]) > Number(shard[2]))) throw new HarnessError(`--shard ${flags.shard} is not i/n`, 'Use e.g. --shard 1/2');
      if (flags.k8s) {
        await bundleScenarios();
        mkdirSync(flags.reportDir, { recursive: true });
        const file = join(flags.reportDir, `${scenario}-testrun.yaml`);
        writeFileSync(file, k8sManifest({ scenario, bundle: join('load', 'dist', `${scenario}.js`), parallelism: flags.parallelism, profile: flags.profile, endpoint: flags.target ?? 'emulator', ...(flags.rateCap ? { rateCap: flags.rateCap } : {}) }));
        process.stdout.write(`${file}\n`);
        return;
      }
      const target = await resolveTarget(specOf(flags));
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      try {
        const { rateCap, rate, p95, p99, errorRate } = flags;
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
