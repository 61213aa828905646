import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadDeviations } from '../../../property/deviations.ts';
import { addIdentityPools } from '../../../property/pools.ts';
import { findCase, registry } from '../../../property/registry.ts';
import { runProperties, type PropertyOutcome } from '../../../property/run.ts';
import { chooseSeed, parseSeed } from '../../../property/seed.ts';
import type { PropertyCase } from '../../../property/types.ts';
import { HarnessError } from '../../harness-error.ts';
import { createResultsWriter } from '../../results/writer.ts';
import { resolveTarget } from '../../target/index.ts';
import { specOf, withTargetOptions, type TargetFlags } from '../target-options.ts';

export type PropertiesFlags = TargetFlags & { seed?: string; path?: string; case?: string[]; numRuns?: string; budgetScale?: string; reportDir?: string };

export function registerProperties(program: Command): void {
  withTargetOptions(program.command('properties'))
    .description('Run the fast-check property suite (sync counts, deltas, pagination, model-based devices, concurrency) against a target')
    .option('--seed <n>', 'fast-check seed (default: CSH_SEED, a fixed seed when CI=true, else random; always printed)')
    .option('--path <path>', 'replay path printed with a failure (needs --case)')
    .option('--case <name...>', `run only these properties (${registry.length} in all)`)
    .option('--num-runs <n>', "override every property's numRuns")
    .option('--budget-scale <x>', 'multiply every time budget (default 1 on the emulator, 10 elsewhere)')
    .option('--report-dir <dir>', 'append one result line per property to <dir>/results.jsonl')
    .addHelpText('after', `\nProperties:\n${registry.map((c) => `  ${c.name}  (numRuns ${c.numRuns}, ${c.timeBudgetMs} ms)`).join('\n')}\n`)
    .action(async (flags: PropertiesFlags) => {
      process.exitCode = await propertiesCommand(flags, (s) => process.stdout.write(s));
    });
}

/** The command itself, with output injected: returns the exit code. */
export async function propertiesCommand(flags: PropertiesFlags, out: (text: string) => void): Promise<number> {
  const seed = flags.seed !== undefined ? parseSeed(flags.seed, '--seed') : chooseSeed();
  const cases = pickCases(flags.case);
  const numRuns = flags.numRuns !== undefined ? positiveInteger(flags.numRuns, '--num-runs') : undefined;
  const budgetScale = flags.budgetScale !== undefined ? positiveNumber(flags.budgetScale, '--budget-scale') : undefined;
  if (flags.path !== undefined && cases.length !== 1) {
    throw new HarnessError('--path replays one property', 'Add --case NAME with the name printed beside the path');
  }
  const writer = flags.reportDir !== undefined ? createResultsWriter(resolve(flags.reportDir), basename(resolve(flags.reportDir))) : undefined;
  const target = await resolveTarget(specOf(flags));
  out(`properties against ${target.name} · seed ${seed} · ${cases.length} of ${registry.length} properties\n`);
  try {
    // An emulator started for this run holds one pool; a few more give the pool-usage walk pages.
    if (target.kind === 'emulator') await addIdentityPools(target, 4);
    const { ok, outcomes, problems, lines } = await runProperties({
      target, seed, cases, deviations: loadDeviations(),
      ...(flags.path !== undefined ? { path: flags.path } : {}),
      ...(numRuns !== undefined ? { numRuns } : {}),
      ...(budgetScale !== undefined ? { budgetScale } : {}),
      onOutcome: (o) => out(formatOutcome(o)),
    });
    for (const p of problems) out(`deviation problem: ${p}\n`);
    for (const line of lines) writer?.append(line);
    const count = (s: PropertyOutcome['status']) => outcomes.filter((o) => o.status === s).length;
    out(`${ok ? 'PASS' : 'FAIL'} · ${count('pass')} passed, ${count('fail')} failed, ${count('expected-fail')} expected-fail, ${count('not-applicable')} not-applicable · seed ${seed}\n`);
    if (writer) out(`results: ${writer.runDir}/results.jsonl\n`);
    return ok ? 0 : 1;
  } finally {
    await target.close();
  }
}

export function pickCases(names: string[] | undefined): PropertyCase[] {
  if (!names?.length) return [...registry];
  return names.map((name) => {
    const c = findCase(name);
    if (!c) throw new HarnessError(`No property named "${name}"`, `Use one of: ${registry.map((x) => x.name).join(', ')}`);
    return c;
  });
}

export function positiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new HarnessError(`${flag} ${JSON.stringify(text)} is not a positive integer`, `Pass a whole number, e.g. ${flag} 10`);
  return n;
}

function positiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new HarnessError(`${flag} ${JSON.stringify(text)} is not a positive number`, `Pass a factor such as ${flag} 2`);
  return n;
}

function formatOutcome(o: PropertyOutcome): string {
  const head = `${o.status.toUpperCase().padEnd(13)} ${o.case} (${o.durationMs} ms)\n`;
  return o.reason ? `${head}  ${o.reason.replace(/\n/g, '\n  ')}\n` : head;
}
