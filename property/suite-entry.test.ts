// The properties entry of `run` (src/run/suites.ts): runs only the named
// properties, with the numRuns asked for, and writes lines that say how a
// failure failed.
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultLine } from '../src/results/schema.ts';
import { suites, type SuiteContext } from '../src/run/suites.ts';
import { resolveTarget, type Target } from '../src/target/index.ts';
import { poolUsagePaginates } from './cases/pagination.ts';
import { sessionTokenBound } from './cases/sync-count.ts';
import { tampered } from './tamper.ts';

const opened: Target[] = [];
afterAll(async () => {
  for (const t of opened) await t.close();
});

async function runEntry(target: Target, only: string[], numRuns: number): Promise<Array<Omit<ResultLine, 'run_id' | 'time'>>> {
  const lines: Array<Omit<ResultLine, 'run_id' | 'time'>> = [];
  const ctx: SuiteContext = { target, seed: 1, progress: () => {}, only, numRuns, writer: { runDir: '', runId: 'r', append: (l) => lines.push(l) } };
  await suites.properties!(ctx);
  return lines;
}

describe('the properties entry of run', () => {
  it('runs only the named properties, each numRuns times, and pages pools on an emulator', async () => {
    const target = await resolveTarget({ target: 'emulator' });
    opened.push(target);
    // The session property sends exactly one UpdateRecords without a token per run.
    let tokenless = 0;
    const counting = tampered(target, (op, input, real) => {
      if (op === 'UpdateRecords' && input.SyncSessionToken === undefined) tokenless++;
      return real(op, input);
    });
    const lines = await runEntry(counting, [sessionTokenBound.name, poolUsagePaginates.name], 3);
    expect(lines.map((l) => [l.case, l.status])).toEqual([[sessionTokenBound.name, 'pass'], [poolUsagePaginates.name, 'pass']]);
    expect(tokenless).toBe(3);
  }, 30_000);

  it('writes details.failure on a failing line', async () => {
    const target = await resolveTarget({ target: 'emulator', faults: ['session-unbound'] });
    opened.push(target);
    const [line] = await runEntry(target, [sessionTokenBound.name], 5);
    expect(line).toMatchObject({ case: sessionTokenBound.name, status: 'fail', details: { failure: 'assertion' } });
  }, 30_000);
});
