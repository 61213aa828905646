import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { chooseSeed, parseSeed } from '../../../property/seed.ts';
import { formatCounterexample, replayCommand, resultLines, type ReplaySpec } from '../../diff/format.ts';
import { runDiff, type DiffOutcome } from '../../diff/run.ts';
import { parseFaults } from '../../emulator/faults.ts';
import { parseVariants } from '../../emulator/variants.ts';
import { writeReports } from '../../report/write.ts';
import { createResultsWriter } from '../../results/writer.ts';
import { resolveTarget, type Target, type TargetSpec } from '../../target/index.ts';
import { positiveInteger } from './properties.ts';

export type DiffFlags = {
  target?: string; reference?: string; region?: string; allowAws?: boolean; credentialMode?: string;
  targetPoolId?: string; referencePoolId?: string;
  targetFault?: string[]; targetVariant?: string[]; referenceFault?: string[]; referenceVariant?: string[];
  seed?: string; numRuns?: string; path?: string; ignore?: string[]; maxSteps?: string; reportDir?: string; timeLimit?: string;
};

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('Differential testing: run generated sync sequences against a target and a reference in lockstep and report every answer that differs beyond what two correct backends may differ by')
    .option('--target <target>', 'the backend under test: emulator (default), aws, or an endpoint URL', 'emulator')
    .option('--reference <target>', 'the backend it must answer like: emulator (default), aws, or an endpoint URL', 'emulator')
    .option('--region <region>', 'AWS region for an aws end (default: AWS_REGION or us-east-1)')
    .option('--allow-aws', 'allow requests to real AWS (needed when either end is aws; capped at 5 calls/s)')
    .option('--credential-mode <mode>', 'developer or identity credentials', 'developer')
    .option('--target-pool-id <id>', "the target's identity pool (required when it is aws)")
    .option('--reference-pool-id <id>', "the reference's identity pool (required when it is aws)")
    .option('--target-fault <name...>', 'emulator target only: switch on deliberate faults')
    .option('--target-variant <name...>', 'emulator target only: legal-variation switches')
    .option('--reference-fault <name...>', 'emulator reference only: switch on deliberate faults')
    .option('--reference-variant <name...>', 'emulator reference only: legal-variation switches')
    .option('--seed <n>', 'fast-check seed (default: CSH_SEED, a fixed seed when CI=true, else random; always printed)')
    .option('--num-runs <n>', 'generated sequences', '50')
    .option('--max-steps <n>', 'longest generated sequence', '12')
    .option('--path <path>', 'replay path printed with a divergence')
    .option('--ignore <path...>', 'leave these members out of the comparison, e.g. "ListRecords walk.LastModifiedBy" or "UpdateRecords.Records[].Value"')
    .option('--time-limit <s>', 'stop generating (and shrinking) after this many seconds', '600')
    .option('--report-dir <dir>', 'append result lines to <dir>/results.jsonl and build junit.xml and index.html there')
    .action(async (flags: DiffFlags) => {
      process.exitCode = await diffCommand(flags, (s) => process.stdout.write(s));
    });
}

/** The command itself, with output injected: 0 when nothing diverged beyond legal differences, 1 otherwise. */
export async function diffCommand(flags: DiffFlags, out: (text: string) => void): Promise<number> {
  const seed = flags.seed !== undefined ? parseSeed(flags.seed, '--seed') : chooseSeed();
  const numRuns = positiveInteger(flags.numRuns ?? '50', '--num-runs');
  const maxSteps = positiveInteger(flags.maxSteps ?? '12', '--max-steps');
  const timeLimitMs = positiveInteger(flags.timeLimit ?? '600', '--time-limit') * 1000;
  const replay: ReplaySpec = {
    target: flags.target ?? 'emulator', reference: flags.reference ?? 'emulator',
    ...(flags.targetFault?.length ? { targetFaults: [...parseFaults(flags.targetFault)] } : {}),
    ...(flags.targetVariant?.length ? { targetVariants: [...parseVariants(flags.targetVariant)] } : {}),
    ...(flags.referenceFault?.length ? { referenceFaults: [...parseFaults(flags.referenceFault)] } : {}),
    ...(flags.referenceVariant?.length ? { referenceVariants: [...parseVariants(flags.referenceVariant)] } : {}),
    ...(flags.ignore?.length ? { ignore: flags.ignore } : {}),
    ...(flags.allowAws ? { allowAws: true } : {}),
  };
  const started = new Date();
  const ends: Target[] = [];
  try {
    const target = await resolveTarget(endSpec(flags, replay.target, flags.targetPoolId, replay.targetFaults, replay.targetVariants));
    ends.push(target);
    const reference = await resolveTarget(endSpec(flags, replay.reference, flags.referencePoolId, replay.referenceFaults, replay.referenceVariants));
    ends.push(reference);
    out(`diff ${describe(target)} against reference ${describe(reference)} · seed ${seed} · ${numRuns} sequences of up to ${maxSteps} steps\n`);
    const outcome = await runDiff({
      target, reference, seed, numRuns, maxSteps, timeLimitMs, ...(flags.path ? { path: flags.path } : {}), ...(flags.ignore?.length ? { ignore: flags.ignore } : {}),
    });
    const command = replayCommand(replay, seed, outcome.path);
    out(formatOutcome(outcome, command));
    const throttled = target.stats.throttled + reference.stats.throttled;
    if (throttled > 0) out(`${throttled} throttled calls (429) retried: target ${target.stats.throttled}, reference ${reference.stats.throttled}\n`);
    if (flags.reportDir !== undefined) {
      const dir = resolve(flags.reportDir);
      const writer = createResultsWriter(dir, basename(dir));
      for (const l of resultLines(outcome, `${target.name} vs ${reference.name}`, command)) writer.append(l);
      const { html } = writeReports(dir, { runId: basename(dir), target: `${target.name} vs reference ${reference.name}`, startedAt: started.toISOString(), finishedAt: new Date().toISOString(), harnessVersion: '0.1.0', throttled: target.stats.throttled + reference.stats.throttled });
      out(`results: ${dir}/results.jsonl · report: ${html}\n`);
    }
    return outcome.ok ? 0 : 1;
  } finally {
    await Promise.all(ends.map((e) => e.close()));
  }
}

function endSpec(flags: DiffFlags, target: string, poolId: string | undefined, faults: string[] | undefined, variants: string[] | undefined): TargetSpec {
  return {
    target,
    ...(flags.region ? { region: flags.region } : {}),
    ...(poolId ? { identityPoolId: poolId } : {}),
    ...(flags.allowAws ? { allowAws: true } : {}),
    ...(flags.credentialMode === 'identity' ? { credentialMode: 'identity' as const } : {}),
    ...(faults?.length ? { faults } : {}),
    ...(variants?.length ? { variants } : {}),
  };
}

function describe(t: Target): string {
  const switches = [...t.faults.map((f) => `fault ${f}`), ...t.variants.map((v) => `variant ${v}`)];
  return `${t.name}${switches.length ? ` (${switches.join(', ')})` : ''}`;
}

export function formatOutcome(o: DiffOutcome, replay: string): string {
  const rate = o.durationMs > 0 ? ((o.steps / o.durationMs) * 1000).toFixed(0) : '?';
  const lines: string[] = [];
  for (const [variant, t] of o.legal) lines.push(`LEGAL ${variant}: ${t.count} divergence(s) this variant explains, e.g. ${t.example}`);
  if (o.ok) {
    lines.push(`PASS · ${o.runs} sequences, ${o.steps} steps in ${o.durationMs} ms (${rate} steps/s) · no divergence beyond legal ones${o.interrupted ? ' · stopped at the time limit' : ''} · seed ${o.seed}`);
  } else if (o.counterexample) {
    lines.push(`DIVERGENCE after ${o.counterexample.length} step(s) (shrunk ${o.shrinks ?? 0} times) · ${o.runs} sequences, ${o.steps} steps in ${o.durationMs} ms`);
    lines.push(formatCounterexample(o.counterexample));
    lines.push(`replay: ${replay}`);
  } else {
    lines.push(`FAIL · the run broke: ${o.error}`);
  }
  return `${lines.join('\n')}\n`;
}
