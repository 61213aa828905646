// JUnit for CI: every test case name unique within its class, each with its own duration.
import { describe, expect, it } from 'vitest';
import { buildJunit } from './junit.ts';
import type { ResultLine } from './schema.ts';

const line = (c: string, ms: number, status: ResultLine['status'] = 'pass'): ResultLine => ({
  suite: 'load', case: c, operation: 'ListRecords', target: 'emulator', status, duration_ms: ms, reason: status === 'fail' ? 'too slow' : null, seed: null,
  details: status === 'fail' ? { failure: 'assertion' } : {}, run_id: 'r', time: '2026-12-02T00:00:00.000Z',
});

describe('buildJunit', () => {
  it('numbers repeated case names so no two test cases of a class share a name', () => {
    const xml = buildJunit([line('p95 under threshold', 1200), line('p95 under threshold', 3400, 'fail'), line('errors under threshold', 10)]);
    const names = [...xml.matchAll(/<testcase classname="load\.ListRecords" name="([^"]+)" time="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(names).toEqual([['p95 under threshold', '1.200'], ['p95 under threshold #2', '3.400'], ['errors under threshold', '0.010']]);
  });
});
