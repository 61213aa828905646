// The pure parts of the load checks: the answer shapes a client reads, the
// check catalogue, and how a k6 summary becomes result lines. No k6 here.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS, checkNames, crashCase, scenarioOfCheck, setupCase } from './lib/checks.ts';
import { listingProblems, writtenProblems } from './lib/shapes.ts';
import { linesFor, linesOf, readConsole, scenariosFor, SCENARIOS, type K6Summary } from './run.ts';

const listing = { Records: [{ Key: 'k', SyncCount: 1, Value: 'v', LastModifiedDate: 1.5 }], DatasetSyncCount: 1, SyncSessionToken: 't', DatasetExists: true };

describe('answer shapes', () => {
  it('accepts every legal spelling of a ListRecords answer', () => {
    expect(listingProblems(listing)).toEqual([]);
    expect(listingProblems({ ...listing, NextToken: null, Records: [{ Key: 'k', SyncCount: 2, Value: null, DeviceLastModifiedDate: null }] })).toEqual([]);
    expect(listingProblems({ ...listing, NextToken: 'a+b/c==', Extra: { x: 1 }, Records: [{ Key: 'k', SyncCount: 2 }] })).toEqual([]);
  });

  it('names each member that is missing or of the wrong type, without throwing', () => {
    expect(listingProblems({ records: [], datasetSyncCount: 1 }).join(' ')).toMatch(/Records is undefined.*DatasetSyncCount is undefined.*SyncSessionToken.*DatasetExists/);
    expect(listingProblems({ ...listing, DatasetSyncCount: '1' })[0]).toMatch(/DatasetSyncCount is string/);
    expect(listingProblems({ ...listing, NextToken: 5 })[0]).toMatch(/NextToken is number/);
    expect(listingProblems({ ...listing, Records: [{ Key: 'k', SyncCount: 1, LastModifiedDate: '2020-01-01T00:00:00Z' }] })[0]).toMatch(/LastModifiedDate is string, not epoch seconds/);
    expect(listingProblems({ ...listing, Records: [{ Key: 'k', SyncCount: 1, Value: 3 }] })[0]).toMatch(/Value is number/);
    expect(listingProblems({ ...listing, Records: [null] })[0]).toMatch(/Records\[0\] is null/);
    expect(listingProblems(undefined)[0]).toMatch(/not a JSON object/);
    expect(listingProblems([])[0]).toMatch(/array, not a JSON object/);
  });

  it('checks UpdateRecords answers for Records with numeric SyncCounts', () => {
    expect(writtenProblems({ Records: [{ Key: 'k', SyncCount: 3, Value: 'v' }] })).toEqual([]);
    expect(writtenProblems({ records: [{ Key: 'k', SyncCount: 3 }] })[0]).toMatch(/Records is undefined/);
    expect(writtenProblems({ Records: [{ Key: 'k', SyncCount: '3' }] })[0]).toMatch(/SyncCount is string/);
  });
});

describe('check catalogue', () => {
  it('prefixes every check with its scenario, with no name twice', () => {
    const all = SCENARIOS.flatMap((s) => checkNames(s));
    expect(new Set(all).size).toBe(all.length);
    for (const s of SCENARIOS) for (const n of checkNames(s)) {
      expect(n.startsWith(`${s}: `)).toBe(true);
      expect(scenarioOfCheck(n)).toBe(s);
    }
    expect(scenarioOfCheck('no such check')).toBeUndefined();
  });

  it('runs only the scenarios whose checks are named, and keeps crash and setup lines', () => {
    expect(scenariosFor()).toEqual([...SCENARIOS]);
    expect(scenariosFor([CHECKS['sync-session'].conflictExplained])).toEqual(['sync-session']);
    expect(scenariosFor(['nothing of ours'])).toEqual([]);
    const line = (c: string) => ({ suite: 'load' as const, case: c, operation: null, target: 'e', status: 'fail' as const, duration_ms: 0, reason: 'x', seed: null });
    const lines = [line(CHECKS['list-records'].delta), line(CHECKS['list-records'].fullRead), line(crashCase('list-records')), line(setupCase('list-records'))];
    expect(linesFor(lines, [CHECKS['list-records'].delta]).map((l) => l.case)).toEqual([CHECKS['list-records'].delta, crashCase('list-records'), setupCase('list-records')]);
    expect(linesFor(lines)).toHaveLength(4);
  });
});

describe('result lines from a k6 summary', () => {
  const C = CHECKS['update-records'];
  const summary = (checks: Array<{ name: string; passes: number; fails: number }>, extra: Partial<K6Summary['metrics']> = {}): K6Summary => ({
    metrics: { csh_throttles: { values: { count: 7 } }, throttled: { values: { rate: 0 }, thresholds: { 'rate<0.05': { ok: true } } }, checks: { values: { rate: 1 }, thresholds: { 'rate==1': { ok: false } } }, ...extra } as K6Summary['metrics'],
    root_group: { checks: checks.slice(0, 1), groups: [{ checks: checks.slice(1), groups: [] }] },
    state: { testRunDurationMs: 3000 },
  });
  const passingAll = checkNames('update-records').map((name) => ({ name, passes: 3, fails: 0 }));

  it('gives one line per check, with counts and the throttles, and one per threshold but the checks one', () => {
    const lines = linesOf('update-records', 'emulator', summary(passingAll));
    expect(lines.filter((l) => l.case.startsWith('update-records: ') && checkNames('update-records').includes(l.case))).toHaveLength(checkNames('update-records').length);
    expect(lines.every((l) => l.status === 'pass')).toBe(true);
    expect(lines.find((l) => l.case === C.plusOne)!.details).toMatchObject({ passes: 3, fails: 0, throttles: 7 });
    expect(lines.some((l) => l.case === 'update-records: throttled rate<0.05')).toBe(true);
    expect(lines.some((l) => l.case.includes('checks rate==1'))).toBe(false);
  });

  it('fails a check as an assertion, with the logged reason', () => {
    const checks = passingAll.map((c) => (c.name === C.staleRefused ? { ...c, fails: 2 } : c));
    const why = new Map([[C.staleRefused, 'SyncCount 0 where the record is at 1 got 200']]);
    const line = linesOf('update-records', 'emulator', summary(checks), { exitCode: 99, hasSummary: true, notes: { why, crashes: [] } }).find((l) => l.case === C.staleRefused)!;
    expect(line).toMatchObject({ status: 'fail', details: { failure: 'assertion', passes: 3, fails: 2 } });
    expect(line.reason).toBe('2 of 5 failed: SyncCount 0 where the record is at 1 got 200');
  });

  it('reports a check that never ran: setup failure on a clean run, not-applicable after other failures', () => {
    const without = passingAll.filter((c) => c.name !== C.refusedChangesNothing);
    const clean = linesOf('update-records', 'emulator', summary(without)).find((l) => l.case === C.refusedChangesNothing)!;
    expect(clean).toMatchObject({ status: 'fail', details: { failure: 'setup' } });
    const failing = without.map((c) => (c.name === C.plusOne ? { ...c, fails: 1 } : c));
    const after = linesOf('update-records', 'emulator', summary(failing)).find((l) => l.case === C.refusedChangesNothing)!;
    expect(after.status).toBe('not-applicable');
    expect(after.reason).toMatch(/not reached/);
  });

  it('turns iterations that threw, a missing summary or a k6 error exit into a crash line', () => {
    const threw = linesOf('update-records', 'emulator', summary(passingAll, { csh_iteration_errors: { values: { count: 4 } } }), { exitCode: 99, hasSummary: true, notes: { why: new Map(), crashes: ['TypeError: x is undefined'] } });
    expect(threw.find((l) => l.case === crashCase('update-records'))).toMatchObject({ status: 'fail', details: { failure: 'crash', iterationErrors: 4 }, reason: '4 iterations threw: TypeError: x is undefined' });
    const none = linesOf('update-records', 'emulator', { metrics: {} }, { exitCode: 107, hasSummary: false, notes: { why: new Map(), crashes: [] }, stderr: 'SyntaxError: bad' });
    expect(none.find((l) => l.case === crashCase('update-records'))).toMatchObject({ status: 'fail', details: { failure: 'crash', exitCode: 107 } });
    expect(none.filter((l) => l.status === 'fail' && l.details?.failure !== 'crash')).toEqual([]);
    const exit = linesOf('update-records', 'emulator', summary(passingAll), { exitCode: 108, hasSummary: true, notes: { why: new Map(), crashes: [] } });
    expect(exit.find((l) => l.case === crashCase('update-records'))?.reason).toMatch(/code 108/);
    expect(linesOf('update-records', 'emulator', summary(passingAll)).some((l) => l.case === crashCase('update-records'))).toBe(false);
  });

  it('reads the scenarios\' console lines and ignores the rest', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'csh-console-')), 'c.log');
    writeFileSync(file, [
      'some k6 warning',
      JSON.stringify({ csh: 'check-failed', check: C.plusOne, why: 'first' }),
      JSON.stringify({ csh: 'check-failed', check: C.plusOne, why: 'second' }),
      JSON.stringify({ csh: 'iteration-error', why: 'boom' }),
      '{"csh":"check-failed","check":"cut sh',
    ].join('\n'));
    const notes = readConsole(file);
    expect(notes.why.get(C.plusOne)).toBe('first');
    expect(notes.crashes).toEqual(['boom']);
    expect(readConsole(join(tmpdir(), 'no-such-console.log')).why.size).toBe(0);
  });
});
