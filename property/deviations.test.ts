import { describe, expect, it } from 'vitest';
import { deviationFor, loadDeviations, staleDeviations } from './deviations.ts';
import { registry } from './registry.ts';

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
    const d = { aws: [{ case: registry[0]!.name, reason: 'r', link: 'https://example.com/1' }] };
    expect(deviationFor(d, { kind: 'aws', name: 'aws:us-east-1' }, registry[0]!.name)?.reason).toBe('r');
    expect(deviationFor(d, { kind: 'emulator', name: 'emulator' }, registry[0]!.name)).toBeUndefined();
  });
});
