import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { capacityTable, findCapacity } from '../../../load/capacity.ts';
import { SCENARIOS, type Scenario } from '../../../load/run.ts';
import { HarnessError } from '../../harness-error.ts';
import { writeReports } from '../../report/write.ts';
import { createRunDir } from '../../results/writer.ts';
import { resolveTarget } from '../../target/index.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';
import { numberFlag } from '../validate.ts';
import { runDeviceCapacity, withDeviceOptions, type DeviceFlags } from './capacity-devices.ts';

type Flags = TargetFlags & DeviceFlags & { startRate: number; maxRate: number; p99: number; errorRate: number; stepSeconds?: number; reportDir: string };

export function registerCapacity(program: Command): void {
  withDeviceOptions(withTargetOptions(program.command('capacity <scenario>')))
    .description('Find what a target sustains within the SLO. sync-session: the most devices, syncing as the device model says (--model); other scenarios: the highest arrival rate')
    .option('--start-rate <n>', 'first rate (iterations/s; list-records and update-records)', numberFlag('--start-rate', 1, 100_000), 50)
    .option('--max-rate <n>', 'never go above this rate (list-records and update-records)', numberFlag('--max-rate', 1, 100_000), 4000)
    .option('--p99 <ms>', 'SLO: p99 latency per request', numberFlag('--p99', 1, 600_000), 100)
    .option('--error-rate <r>', 'SLO: share of unexpected errors (0 to 1)', numberFlag('--error-rate', 0, 1), 0.01)
    .option('--step-seconds <n>', 'length of each step (sync-session: of the steps near the knee, default 30; the ramp uses a third)', numberFlag('--step-seconds', 1, 3600))
    .option('--report-dir <dir>', 'where the run folder goes', 'reports')
    .action(async (name: string, flags: Flags) => {
      if (!(SCENARIOS as readonly string[]).includes(name)) throw new HarnessError(`Unknown scenario "${name}"`, `Use one of: ${SCENARIOS.join(', ')}`);
      if (name === 'sync-session') {
        process.exitCode = await runDeviceCapacity(flags);
        return;
      }
      if (flags.startRate > flags.maxRate) throw new HarnessError(`--start-rate ${flags.startRate} is above --max-rate ${flags.maxRate}`, 'Lower --start-rate or raise --max-rate');
      const target = await resolveTarget(specOf(flags));
      if (target.kind === 'aws' && flags.maxRate > 50) {
        await target.close();
        throw new HarnessError('Capacity search against AWS needs a low --max-rate', 'Pass --max-rate 50 or less; AWS throttles and bills');
      }
      const { runDir, runId } = createRunDir(flags.reportDir);
      const startedAt = new Date().toISOString();
      try {
        const result = await findCapacity({
          target, scenario: name as Scenario, outDir: runDir, startRate: flags.startRate, maxRate: flags.maxRate, stepSeconds: flags.stepSeconds ?? 5,
          slo: { p99: flags.p99, errorRate: flags.errorRate },
          onStep: (s) => process.stderr.write(`rate ${s.rate}/s: p99 ${s.p99.toFixed(2)} ms, ${s.ok ? 'ok' : 'breaks SLO'}\n`),
        });
        writeFileSync(join(runDir, 'capacity.json'), JSON.stringify(result, null, 2));
        process.stdout.write(`${capacityTable(result)}\n`);
        const files = writeReports(runDir, { runId, target: target.name, startedAt, finishedAt: new Date().toISOString(), harnessVersion: '0.1.0' });
        process.stdout.write(`report: ${files.html}\n`);
      } finally {
        await target.close();
      }
    });
}
