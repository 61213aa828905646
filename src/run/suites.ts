// The suites `run` knows, one row each: how to run it against a target and
// turn its outcomes into result lines.

import { loadDeviations } from '../../property/deviations.ts';
import { runProperties } from '../../property/run.ts';
import type { ResultsWriter } from '../results/writer.ts';
import type { Suite } from '../results/schema.ts';
import type { Target } from '../target/index.ts';

export type SuiteContext = { target: Target; writer: ResultsWriter; seed: number; progress(message: string): void };
export type SuiteRunner = (ctx: SuiteContext) => Promise<{ ok: boolean }>;

export const suites: Partial<Record<Suite, SuiteRunner>> = {
  async properties({ target, writer, seed, progress }) {
    let done = 0;
    const { ok, problems } = await runProperties({
      target, seed, deviations: loadDeviations(),
      onOutcome: (o) => {
        progress(`properties ${++done}: ${o.status} ${o.case}`);
        writer.append({
          suite: 'properties', case: o.case, operation: o.operations.length === 1 ? o.operations[0]! : null, target: target.name,
          status: o.status, duration_ms: o.durationMs, reason: o.reason ?? null, seed: String(o.seed),
          details: { operations: o.operations, ...(o.path ? { path: o.path } : {}) },
        });
      },
    });
    for (const p of problems) {
      writer.append({ suite: 'properties', case: 'deviations.json', operation: null, target: target.name, status: 'fail', duration_ms: 0, reason: p, seed: null });
    }
    return { ok };
  },
};

export const availableSuites = Object.keys(suites) as Suite[];
