// The suites `run` knows, one row each: how to run it against a target and
// turn its outcomes into result lines. Each suite's code is loaded when it
// runs, not with the CLI: the `emulator` command must not carry the suites'
// libraries. The clients suite's aws-sdk v2 loads node:domain, which wraps
// every EventEmitter emit of the process, the emulator's sockets included.

import type { ResultsWriter } from '../results/writer.ts';
import type { Suite } from '../results/schema.ts';
import type { Target } from '../target/index.ts';

export type SuiteContext = {
  target: Target; writer: ResultsWriter; seed: number; progress(message: string): void; signal?: AbortSignal;
  /** Run only these cases (interaction descriptions, property names, load check names); selfcheck uses it. */
  only?: readonly string[];
  /** At most this many runs per property (selfcheck runs fewer). */
  numRuns?: number;
  /** Stop each property at its first counterexample, unshrunk: selfcheck asks whether, not how small. */
  firstFailure?: boolean;
};
export type SuiteRunner = (ctx: SuiteContext) => Promise<{ ok: boolean }>;

export const suites: Partial<Record<Suite, SuiteRunner>> = {
  async contracts({ target, writer, progress, only }) {
    const { verifyContracts } = await import('../../contracts/verify.ts');
    progress('contracts: verifying the pact');
    // Pact verifies the whole file; `only` narrows what is reported.
    const r = await verifyContracts({ target });
    const wanted = only?.length ? new Set(only) : undefined;
    for (const i of r.interactions) {
      if (wanted && !wanted.has(i.interaction)) continue;
      const op = /^(\w+)/.exec(i.interaction)?.[1] ?? null;
      const details = { state: i.state, ...(i.failure ? { failure: i.failure } : {}), ...(i.throttled ? { throttled: i.throttled } : {}) };
      writer.append({ suite: 'contracts', case: i.interaction, operation: op, target: target.name, status: i.status, duration_ms: i.durationMs, reason: i.reason ?? null, seed: null, details });
    }
    for (const e of r.strayStateErrors) {
      writer.append({ suite: 'contracts', case: 'provider state', operation: null, target: target.name, status: 'fail', duration_ms: 0, reason: e, seed: null, details: { failure: 'setup' } });
    }
    // Verifier errors that belong to no interaction: the pact itself could not be loaded.
    for (const e of r.sourceErrors) {
      writer.append({ suite: 'contracts', case: 'pact source', operation: null, target: target.name, status: 'fail', duration_ms: 0, reason: e, seed: null, details: { failure: 'crash' } });
    }
    const reported = r.interactions.filter((i) => !wanted || wanted.has(i.interaction));
    return { ok: reported.every((i) => i.status !== 'fail') && r.strayStateErrors.length === 0 && r.sourceErrors.length === 0 };
  },

  async properties({ target, writer, seed, progress, only, numRuns, firstFailure }) {
    const [{ loadDeviations }, { addIdentityPools }, { registry }, { capRuns, deviationProblemLine, resultLine, runProperties }] = await Promise.all([
      import('../../property/deviations.ts'), import('../../property/pools.ts'), import('../../property/registry.ts'), import('../../property/run.ts'),
    ]);
    let done = 0;
    // An emulator started for this run holds one pool; a few more give the pool-usage walk pages to turn.
    if (target.kind === 'emulator') await addIdentityPools(target, 4);
    const { ok, problems } = await runProperties({
      target, seed, deviations: loadDeviations(),
      cases: capRuns(only ? registry.filter((c) => only.includes(c.name)) : registry, numRuns),
      ...(firstFailure ? { endOnFailure: true } : {}),
      onOutcome: (o) => {
        progress(`properties ${++done}: ${o.status} ${o.case}`);
        writer.append(resultLine(o, target.name));
      },
    });
    for (const p of problems) writer.append(deviationProblemLine(p, target.name));
    return { ok };
  },
  async load({ target, writer, progress, signal, only }) {
    const { linesFor, runLoad, scenariosFor } = await import('../../load/run.ts');
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
  async clients({ target, writer, progress, signal, only }) {
    const { runClients } = await import('../../clients/run.ts');
    let done = 0;
    const { ok } = await runClients({
      target, ...(only ? { only } : {}), ...(signal ? { signal } : {}),
      onStart: (name) => progress(`clients ${done + 1}: ${name}`),
      onLine: (line) => {
        done++;
        writer.append(line);
      },
    });
    return { ok };
  },
};

export const availableSuites = Object.keys(suites) as Suite[];
