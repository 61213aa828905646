// Known deviations per target: data with a reason and a link, checked for
// staleness against the registry.

import { readFileSync } from 'node:fs';
import type { Target } from '../src/target/index.ts';
import type { PropertyCase } from './types.ts';

export type Deviation = { case: string; reason: string; link: string };
export type Deviations = Record<string, Deviation[]>;

export function loadDeviations(file = new URL('./deviations.json', import.meta.url)): Deviations {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const out: Deviations = {};
  for (const [key, list] of Object.entries(raw)) if (!key.startsWith('$')) out[key] = list as Deviation[];
  return out;
}

/** Problems with the file itself: unknown cases, missing reasons or links. */
export function staleDeviations(deviations: Deviations, registry: readonly PropertyCase[]): string[] {
  const names = new Set(registry.map((c) => c.name));
  const problems: string[] = [];
  for (const [target, list] of Object.entries(deviations)) {
    for (const d of list) {
      if (!names.has(d.case)) problems.push(`deviations.json (${target}) names "${d.case}", which is not a property`);
      if (!d.reason?.trim()) problems.push(`deviations.json (${target}) entry "${d.case}" has no reason`);
      if (!/^https?:\/\//.test(d.link ?? '')) problems.push(`deviations.json (${target}) entry "${d.case}" has no link`);
    }
  }
  return problems;
}

export function deviationFor(deviations: Deviations, target: Pick<Target, 'kind' | 'name'>, caseName: string): Deviation | undefined {
  return [...(deviations[target.name] ?? []), ...(deviations[target.kind] ?? [])].find((d) => d.case === caseName);
}
