// The suites `run` knows, one row each: how to run it against a target and
// turn its outcomes into result lines.

import { verifyContracts } from '../../contracts/verify.ts';
import { linesFor, runLoad, scenariosFor } from '../../load/run.ts';
import { loadDeviations } from '../../property/deviations.ts';
import { runProperties } from '../../property/run.ts';
import type { ResultsWriter } from '../results/writer.ts';
import type { Suite } from '../results/schema.ts';
import type { Target } from '../target/index.ts';

export type SuiteContext = {
  target: Target; writer: ResultsWriter; seed: number; progress(message: string): void; signal?: AbortSignal;
  /** Run only these cases (interaction descriptions, property names, load check names); selfcheck uses it. */
  only?: readonly string[];
  /** Overrides every property's numRuns (selfcheck runs fewer). */
  numRuns?: number;
};
export type SuiteRunner = (ctx: SuiteContext) => Promise<{ ok: boolean }>;

export const suites: Partial<Record<Suite, SuiteRunner>> = {
  async contracts({ target, writer, progress }) {
    progress('contracts: verifying the pact');
    const started = performance.now();
    const r = await verifyContracts({ target });
    const each = Math.round((performance.now() - started) / Math.max(1, r.interactions.length));
    for (const i of r.interactions) {
      const op = /^(\w+)/.exec(i.interaction)?.[1] ?? null;
      writer.append({ suite: 'contracts', case: i.interaction, operation: op, target: target.name, status: i.ok ? 'pass' : 'fail', duration_ms: each, reason: i.reason ?? null, seed: null });
    }
    for (const e of r.stateErrors) writer.append({ suite: 'contracts', case: 'provider state', operation: null, target: target.name, status: 'fail', duration_ms: 0, reason: e, seed: null });
    return { ok: r.ok };
  },

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
  async load({ target, writer, progress, signal, only }) {
    let ok = true;
    for (const scenario of scenariosFor(only)) {
      progress(`load: ${scenario} (smoke)`);
      if (signal?.aborted) break;
      const r = await runLoad({ target, scenario, profile: 'smoke', outDir: writer.runDir, identities: 2, datasetSize: 150, ...(signal ? { signal } : {}), ...(target.kind === 'aws' ? { rateCap: 5 } : {}) });
      const kept = linesFor(r.lines, only);
      for (const l of kept) writer.append(l);
      ok &&= only ? kept.every((l) => l.status !== 'fail') : r.ok;
    }
    return { ok };
  },
};

export const availableSuites = Object.keys(suites) as Suite[];
