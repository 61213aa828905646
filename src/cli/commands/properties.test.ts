import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wrongCountConflicts } from '../../../property/cases/sync-count.ts';
import { HarnessError } from '../../harness-error.ts';
import { readResults } from '../../results/writer.ts';
import { propertiesCommand, type PropertiesFlags } from './properties.ts';

async function run(flags: PropertiesFlags): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await propertiesCommand(flags, (s) => (text += s));
  return { code, text };
}

/** The flags of a printed `replay: npx cognito-sync-harness properties …` line. */
function replayFlags(text: string): PropertiesFlags {
  const line = /replay: npx cognito-sync-harness properties (.*)/.exec(text)?.[1];
  expect(line).toBeDefined();
  const arg = (name: string) => new RegExp(`--${name} (\\S+)`).exec(line!)?.[1];
  return { case: [arg('case')!], seed: arg('seed')!, path: arg('path')! };
}

const counterexample = (text: string) => /Counterexample: (.*)/.exec(text)?.[1];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('properties command', () => {
  it('prints the seed, one line per property and a replay command that reproduces the failure', async () => {
    const first = await run({ fault: ['partial-apply'], case: [wrongCountConflicts.name], seed: '31', numRuns: '60' });
    expect(first.code).toBe(1);
    expect(first.text).toMatch(/seed 31/);
    expect(first.text).toMatch(new RegExp(`^FAIL +${wrongCountConflicts.name} `, 'm'));
    const again = await run({ fault: ['partial-apply'], ...replayFlags(first.text) });
    expect(again.code).toBe(1);
    expect(counterexample(first.text)).toBeDefined();
    expect(counterexample(again.text)).toBe(counterexample(first.text));
  }, 60_000);

  it('passes against a sound emulator and writes one result line per property to --report-dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csh-props-'));
    dirs.push(dir);
    const { code, text } = await run({ case: [wrongCountConflicts.name, 'pagination/list-records-every-record-once'], seed: '4', numRuns: '3', reportDir: dir });
    expect(text).toMatch(/^PASS · 2 passed, 0 failed/m);
    expect(code).toBe(0);
    const lines = readResults(dir);
    expect(lines.map((l) => [l.suite, l.case, l.status, l.seed, l.target])).toEqual([
      ['properties', wrongCountConflicts.name, 'pass', '4', 'emulator'],
      ['properties', 'pagination/list-records-every-record-once', 'pass', '4', 'emulator'],
    ]);
  }, 60_000);

  it.each<[string, PropertiesFlags, RegExp]>([
    ['a seed that is not an integer', { seed: 'abc' }, /--seed "abc" is not an integer seed/],
    ['zero runs', { numRuns: '0' }, /--num-runs "0" is not a positive integer/],
    ['a negative budget scale', { budgetScale: '-1' }, /--budget-scale "-1" is not a positive number/],
    ['an unknown property', { case: ['sync-count/nope'] }, /No property named "sync-count\/nope"/],
    ['a path without one --case', { path: '1:2' }, /--path replays one property/],
  ])('refuses %s with a HarnessError before starting a target', async (_, flags, message) => {
    const err = await run(flags).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HarnessError);
    expect((err as Error).message).toMatch(message);
  });
});
