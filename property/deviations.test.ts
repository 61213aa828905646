import { describe, expect, it } from 'vitest';
import type { Target } from '../src/target/index.ts';
import { deviationFor, loadDeviations, staleDeviations, type Deviations } from './deviations.ts';
import { registry } from './registry.ts';
import { runProperties } from './run.ts';
import { PropertyFailure, type PropertyCase } from './types.ts';

// Stand-ins with real case names: the runner's bookkeeping is under test, not the properties.
const [first, second] = registry as [PropertyCase, PropertyCase];
const failing: PropertyCase = { ...first, run: (ctx) => Promise.reject(new PropertyFailure(first.name, ctx.seed, '3:1', 'Counterexample: [x]', 'assertion')) };
const passing: PropertyCase = { ...second, run: () => Promise.resolve() };
const target = { kind: 'aws', name: 'aws:us-east-1' } as Target;
const known = (name: string): Deviations => ({ aws: [{ case: name, reason: 'AWS answers 400 here', link: 'https://example.com/issue/1' }] });

describe('deviations file', () => {
  it('names only properties that exist, each with a reason and a link', () => {
    expect(staleDeviations(loadDeviations(), registry)).toEqual([]);
  });

  it('reports a deviation naming an unknown property, or lacking reason or link', () => {
    const problems = staleDeviations({ aws: [{ case: 'no/such-case', reason: '', link: 'nowhere' }] }, registry);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/no\/such-case.*not a property/);
  });

  it('matches a deviation by target name first, then by kind', () => {
    const d = { aws: [{ case: first.name, reason: 'r', link: 'https://example.com/1' }] };
    expect(deviationFor(d, { kind: 'aws', name: 'aws:us-east-1' }, first.name)?.reason).toBe('r');
    expect(deviationFor(d, { kind: 'emulator', name: 'emulator' }, first.name)).toBeUndefined();
  });
});

describe('the runner applies deviations', () => {
  it('reports a listed failure as expected-fail, and the run stays green', async () => {
    const r = await runProperties({ target, seed: 5, cases: [failing], deviations: known(first.name) });
    expect(r.outcomes.map((o) => o.status)).toEqual(['expected-fail']);
    expect(r.outcomes[0]!.reason).toContain('AWS answers 400 here');
    expect(r.ok).toBe(true);
    expect(r.lines[0]).toMatchObject({ suite: 'properties', case: first.name, status: 'expected-fail', seed: '5', details: { path: '3:1' } });
  });

  it('fails the run when a listed failure passes', async () => {
    const r = await runProperties({ target, seed: 5, cases: [passing], deviations: known(second.name) });
    expect(r.outcomes[0]).toMatchObject({ status: 'fail', reason: expect.stringMatching(/passed, but deviations.json expects it to fail/) });
    expect(r.ok).toBe(false);
  });

  it('fails the run when the file names a property that does not exist', async () => {
    const r = await runProperties({ target, seed: 5, cases: [passing], deviations: known('sync-count/renamed-long-ago') });
    expect(r.outcomes[0]!.status).toBe('pass');
    expect(r.problems).toEqual([expect.stringMatching(/renamed-long-ago.*not a property/)]);
    expect(r.lines.at(-1)).toMatchObject({ case: 'deviations.json', status: 'fail' });
    expect(r.ok).toBe(false);
  });

  it('fails an unlisted failure, keeping its replay path', async () => {
    const r = await runProperties({ target, seed: 5, cases: [failing, passing], deviations: {} });
    expect(r.outcomes.map((o) => [o.status, o.path])).toEqual([['fail', '3:1'], ['pass', undefined]]);
    expect(r.ok).toBe(false);
  });

  it('applies a deviation only to the target it names', async () => {
    const r = await runProperties({ target: { kind: 'emulator', name: 'emulator' } as Target, seed: 5, cases: [failing], deviations: known(first.name) });
    expect(r.outcomes[0]!.status).toBe('fail');
  });
});
