// `capacity sync-session`: the device capacity of a target under a device
// workload model, the --plan-devices gate, and the k6-operator bundle when
// one machine cannot generate the load. Exit 0 (measured, or the plan fits),
// 1 (the plan does not fit), 4 (inconclusive: the generator saturated).

import { setMaxListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { deviceTable, findDeviceCapacity, judgePlan, type DeviceCapacity, type PlanVerdict } from '../../../load/device-capacity.ts';
import { writeDeviceBundle } from '../../../load/device-bundle.ts';
import { DEFAULT_MODEL, describeModel, parseModel, readModel, requestsPerSync, syncRate, type DeviceModel } from '../../../load/device-model.ts';
import { prepareModelFixtures } from '../../../load/model-fixtures.ts';
import type { Fixtures } from '../../../load/run.ts';
import { AWS_RATE_CAP } from '../../diff/end.ts';
import { HarnessError } from '../../harness-error.ts';
import { writeReports } from '../../report/write.ts';
import { createRunDir } from '../../results/writer.ts';
import { resolveTarget } from '../../target/index.ts';
import { EXIT_INCONCLUSIVE } from '../exit-codes.ts';
import { specOf, type TargetFlags } from '../target-options.ts';
import { numberFlag, oneOf } from '../validate.ts';

export type DeviceFlags = {
  model?: string; devices?: number; devicesPerIdentity?: number; syncInterval?: number; syncDistribution?: string; datasets?: number; records?: string;
  recordsChanged?: number; conflictShare?: number; firstSyncShare?: number;
  planDevices?: number; headroom: number; startDevices?: number; maxDevices?: number; repeats: number; bisections: number;
  maxVus?: number; generatorCpus?: string; prepConcurrency: number; fixtureIdentities?: number; droppedShare: number;
};
type Flags = TargetFlags & DeviceFlags & { p99: number; errorRate: number; stepSeconds?: number; reportDir: string };

function recordsFlag(value: string): string {
  if (!/^\d+(-\d+)?$/.test(value)) throw new HarnessError(`--records takes N or MIN-MAX, not "${value}"`, 'Use e.g. --records 50 or --records 10-200');
  return value;
}

export function withDeviceOptions(cmd: Command): Command {
  return cmd
    .option('--model <file>', 'sync-session: the device workload model (JSON; see README "Capacity planning"); the documented default model otherwise')
    .option('--devices <n>', 'model: the fleet the fixtures stand for', numberFlag('--devices', 1, 100_000_000, true))
    .option('--devices-per-identity <n>', 'model: devices signed in as one identity', numberFlag('--devices-per-identity', 1, 100))
    .option('--sync-interval <s>', 'model: mean seconds between two syncs of one device', numberFlag('--sync-interval', 0.01, 30 * 86_400))
    .addOption(new Option('--sync-distribution <d>', 'model: fixed, exponential or uniform (0 to twice the mean)').argParser(oneOf('--sync-distribution', ['fixed', 'exponential', 'uniform'])))
    .option('--datasets <n>', 'model: datasets per identity', numberFlag('--datasets', 1, 20, true))
    .option('--records <n|min-max>', 'model: records per dataset, fixed or uniform', recordsFlag)
    .option('--records-changed <n>', 'model: records pushed per sync', numberFlag('--records-changed', 0, 100, true))
    .option('--conflict-share <r>', 'model: share of syncs that conflict (0 to 1)', numberFlag('--conflict-share', 0, 1))
    .option('--first-sync-share <r>', 'model: share of syncs that are full pulls (0 to 1)', numberFlag('--first-sync-share', 0, 1))
    .option('--plan-devices <n>', 'gate: exit 0 when this many devices fit with the headroom, 1 when not', numberFlag('--plan-devices', 1, 100_000_000, true))
    .option('--headroom <r>', 'gate: spare capacity the plan must leave (0.3 = 30%)', numberFlag('--headroom', 0, 10), 0.3)
    .option('--start-devices <n>', 'first step (default: 4 syncs/s worth)', numberFlag('--start-devices', 1, 1e9, true))
    .option('--max-devices <n>', 'never step above this (default: 5000 syncs/s worth, or 1.5× the plan with headroom)', numberFlag('--max-devices', 1, 1e10, true))
    .option('--repeats <n>', 'runs of each final step', numberFlag('--repeats', 1, 10, true), 3)
    .option('--bisections <n>', 'bisection steps after the ramp', numberFlag('--bisections', 0, 10, true), 3)
    .option('--dropped-share <r>', 'SLO: share of syncs k6 may drop (not started in time)', numberFlag('--dropped-share', 0, 1), 0.01)
    .option('--max-vus <n>', 'most VUs k6 may use in a step (Little\'s law at the SLO otherwise)', numberFlag('--max-vus', 1, 100_000, true))
    .option('--generator-cpus <list>', 'pin k6 to these CPUs (taskset list, e.g. 0 or 0-1)')
    .option('--prep-concurrency <n>', 'identities prepared at once', numberFlag('--prep-concurrency', 1, 256, true), 16)
    .option('--fixture-identities <n>', 'prepare at most this many identities (devices then share them)', numberFlag('--fixture-identities', 1, 1_000_000, true));
}

/** The model: the file (or the default), then each model flag over it; checked as a whole. */
export function modelOf(flags: DeviceFlags): DeviceModel {
  const base = flags.model ? readModel(flags.model) : DEFAULT_MODEL;
  const raw: Record<string, unknown> = {};
  if (flags.devices !== undefined) raw.devices = flags.devices;
  if (flags.devicesPerIdentity !== undefined) raw.devicesPerIdentity = flags.devicesPerIdentity;
  if (flags.syncInterval !== undefined || flags.syncDistribution !== undefined) {
    const mean = flags.syncInterval ?? (base.syncInterval.distribution === 'uniform' ? (base.syncInterval.min + base.syncInterval.max) / 2 : base.syncInterval.mean);
    const d = flags.syncDistribution ?? base.syncInterval.distribution;
    raw.syncInterval = d === 'uniform' ? { distribution: 'uniform', min: 0.01, max: 2 * mean } : { distribution: d, mean };
  }
  if (flags.datasets !== undefined) raw.datasetsPerIdentity = flags.datasets;
  if (flags.records !== undefined) {
    const [a, b] = flags.records.split('-').map(Number);
    raw.recordsPerDataset = b === undefined ? a : { distribution: 'uniform', min: a, max: b };
  }
  if (flags.recordsChanged !== undefined) raw.recordsChangedPerSync = flags.recordsChanged;
  if (flags.conflictShare !== undefined) raw.conflictShare = flags.conflictShare;
  if (flags.firstSyncShare !== undefined) raw.firstSyncShare = flags.firstSyncShare;
  return parseModel(raw, base);
}

export async function runDeviceCapacity(flags: Flags): Promise<number> {
  const model = modelOf(flags);
  if (flags.generatorCpus !== undefined && !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(flags.generatorCpus)) throw new HarnessError(`--generator-cpus takes a CPU list such as 0 or 0-1, not "${flags.generatorCpus}"`, 'See taskset(1)');
  const slo = { p99: flags.p99, errorRate: flags.errorRate, droppedShare: flags.droppedShare };
  const needed = flags.planDevices !== undefined ? flags.planDevices * (1 + flags.headroom) : 0;
  const startRate = flags.startDevices !== undefined ? syncRate(model, flags.startDevices) : 4;
  const maxRate = flags.maxDevices !== undefined ? syncRate(model, flags.maxDevices) : Math.max(5000, syncRate(model, needed) * 1.5);
  if (startRate > maxRate) throw new HarnessError(`--start-devices is above --max-devices`, 'Lower --start-devices or raise --max-devices');
  const target = await resolveTarget(specOf(flags));
  const { runDir, runId } = createRunDir(flags.reportDir);
  const startedAt = new Date().toISOString();
  const controller = new AbortController();
  // Every step's k6 listens on this one signal; steps are bounded (ramp, bisections, repeats, VU re-runs).
  setMaxListeners(500, controller.signal);
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    // On AWS every request counts: the sync rate is capped so that requests stay under the harness's AWS cap.
    const perSync = Object.values(requestsPerSync(model)).reduce((a, b) => a + b, 0);
    const rateCap = target.kind === 'aws' ? AWS_RATE_CAP / Math.max(1, perSync) : undefined;
    process.stderr.write(`device model: ${describeModel(model)}\n`);
    const fixtures = await prepareModelFixtures(target, model, {
      concurrency: flags.prepConcurrency, ...(flags.fixtureIdentities !== undefined ? { identities: flags.fixtureIdentities } : {}),
      onDone: (p) => process.stderr.write(`fixtures: ${p.identities} identities, ${p.datasets} datasets, ${p.records} records through the public API in ${p.seconds.toFixed(1)} s (${(p.calls / Math.max(p.seconds, 1e-3)).toFixed(0)} calls/s, ${(p.identities / Math.max(p.seconds, 1e-3)).toFixed(0)} identities/s)\n`),
    });
    const result = await findDeviceCapacity({
      target, model, fixtures, outDir: runDir, slo, startRate: Math.min(startRate, rateCap ?? Infinity), maxRate, repeats: flags.repeats, bisections: flags.bisections,
      ...(flags.stepSeconds !== undefined ? { stepSeconds: flags.stepSeconds } : {}), ...(flags.maxVus !== undefined ? { maxVUs: flags.maxVus } : {}),
      ...(flags.generatorCpus ? { cpus: flags.generatorCpus } : {}), ...(rateCap !== undefined ? { rateCap } : {}), signal: controller.signal,
      onStep: (s) => process.stderr.write(`${s.phase} ${s.rate.toFixed(1)} syncs/s (${s.devices} devices, ${s.seconds} s): p99 ${Number.isFinite(s.p99) ? s.p99.toFixed(1) : '-'} ms, ${s.verdict}${s.why ? ` (${s.why})` : ''}\n`),
    });
    const plan = flags.planDevices !== undefined ? judgePlan(result, flags.planDevices, flags.headroom) : undefined;
    const bundle = result.verdict === 'inconclusive' ? await bundleFor(result, plan, fixtures, runDir, flags.maxVus) : undefined;
    writeFileSync(join(runDir, 'capacity-devices.json'), JSON.stringify({ ...result, ...(plan ? { plan } : {}), ...(bundle ? { bundle } : {}) }, null, 2));
    process.stdout.write(`${deviceTable(result)}\n`);
    if (bundle) process.stdout.write(`beyond one machine: k6-operator bundle for ${bundle.rate.toFixed(1)} syncs/s over ${bundle.parallelism} pods: ${bundle.file}\n`);
    const files = writeReports(runDir, { runId, target: target.name, startedAt, finishedAt: new Date().toISOString(), harnessVersion: '0.1.0' });
    process.stdout.write(`report: ${files.html}\n`);
    if (plan) process.stdout.write(`${plan.fits ? 'plan fits' : 'plan does not fit'}: ${plan.line}\n`);
    if (result.verdict === 'inconclusive') return EXIT_INCONCLUSIVE;
    return plan && !plan.fits ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', stop);
    await target.close();
  }
}

/** The k6-operator TestRun for the load the plan (or twice the generator's limit) needs. */
async function bundleFor(c: DeviceCapacity, plan: PlanVerdict | undefined, fixtures: Fixtures, outDir: string, maxVus?: number): Promise<{ file: string; rate: number; parallelism: number }> {
  const limit = Math.max(c.generator!.saturatedAt, 1e-3);
  const rate = Math.round((plan ? plan.neededRate : 2 * limit) * 100) / 100;
  const parallelism = plan?.parallelism ?? Math.max(2, Math.ceil((rate * 1.25) / (limit * 0.8)));
  const perPod = Math.max(10, maxVus ?? Math.max(...c.steps.map((s) => s.vusMax)));
  const file = await writeDeviceBundle({ model: c.model, fixtures, rate, parallelism, seconds: 300, maxVUs: perPod, outDir });
  return { file, rate, parallelism };
}
