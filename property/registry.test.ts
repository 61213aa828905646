import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations } from '../src/model/operations.ts';
import { registry } from './registry.ts';

describe('registry', () => {
  it('has unique, stable-looking names', () => {
    const names = registry.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
  });

  it('names only operations of the table', () => {
    for (const c of registry) for (const op of c.operations) expect(Object.keys(operations)).toContain(op);
  });

  it('keeps the whole suite within 60 s even if every property uses its full budget', () => {
    expect(registry.reduce((sum, c) => sum + c.timeBudgetMs, 0)).toBeLessThanOrEqual(55_000);
  });

  it('is documented in README.md with the same numRuns and budgets', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| ([a-z-]+\/[a-z0-9-]+) \| (\d+) \| (\d+) \|$/gm)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    expect(rows).toEqual(registry.map((c) => [c.name, c.numRuns, c.timeBudgetMs]));
  });
});
