// The lockstep run: fast-check generates step sequences; each step goes to
// both ends at once and their answers are compared. A difference a
// legal-variation row explains is recorded as legal; any other one fails the
// property, and fast-check shrinks the sequence to the shortest that still
// diverges.

import fc from 'fast-check';
import type { VariantName } from '../emulator/variants.ts';
import type { Target } from '../target/index.ts';
import { compareObservations, ignored, type Observation } from './compare.ts';
import { End } from './end.ts';
import { explainedBy, type Divergence } from './legal.ts';
import { sequenceArb, stepLabel, type Step } from './steps.ts';

export type StepRecord = { step: string; target: Observation[]; reference: Observation[]; divergences: Array<Divergence & { legal?: VariantName }> };

/** The shrunk counterexample: every step up to and including the first that diverged unexplained. */
export class Counterexample extends Error {
  constructor(readonly steps: StepRecord[]) {
    super(`diverged at step ${steps.length}: ${steps.at(-1)?.step}`);
    this.name = 'Counterexample';
  }
}

export type DiffOptions = {
  target: Target; reference: Target; seed: number; numRuns: number;
  path?: string; ignore?: readonly string[]; maxSteps?: number;
  /** Stop at the first counterexample, unshrunk. */
  endOnFailure?: boolean;
  /** Time limit for the whole run, shrinking included. */
  timeLimitMs?: number;
};

export type LegalTally = Map<VariantName, { count: number; example: string }>;

export type DiffOutcome = {
  ok: boolean; seed: number; runs: number; steps: number; durationMs: number;
  counterexample?: StepRecord[]; path?: string; shrinks?: number; legal: LegalTally;
  /** The run stopped for a reason other than a divergence (its time limit, or the harness broke). */
  error?: string; interrupted?: boolean;
};

export async function runDiff(opts: DiffOptions): Promise<DiffOutcome> {
  const [t, r] = await Promise.all([End.open(opts.target), End.open(opts.reference)]);
  const legal: LegalTally = new Map();
  let run = 0;
  let steps = 0;
  const started = performance.now();
  const property = fc.asyncProperty(sequenceArb(opts.maxSteps), async (sequence: Step[]) => {
    run++;
    t.startRun(run);
    r.startRun(run);
    const seen: StepRecord[] = [];
    try {
      for (const step of sequence) {
        steps++;
        const [to, ro] = await Promise.all([t.perform(step), r.perform(step)]);
        const record: StepRecord = { step: stepLabel(step), target: to, reference: ro, divergences: divergences(to, ro, opts.ignore ?? []) };
        seen.push(record);
        for (const d of record.divergences) {
          if (!d.legal) continue;
          const tally = legal.get(d.legal) ?? { count: 0, example: `${record.step}: ${d.path} target ${show(d.target)} · reference ${show(d.reference)}` };
          tally.count++;
          legal.set(d.legal, tally);
        }
        if (record.divergences.some((d) => !d.legal)) throw new Counterexample(seen);
      }
    } finally {
      await Promise.all([t.endRun(), r.endRun()]);
    }
  });
  const details = await fc.check(property, {
    seed: opts.seed, numRuns: opts.numRuns,
    ...(opts.path ? { path: opts.path } : {}),
    ...(opts.endOnFailure ? { endOnFailure: true } : {}),
    ...(opts.timeLimitMs ? { interruptAfterTimeLimit: opts.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  const base = { seed: opts.seed, runs: run, steps, durationMs: Math.round(performance.now() - started), legal };
  if (!details.failed) return { ...base, ok: true, ...(details.interrupted ? { interrupted: true } : {}) };
  const err = details.errorInstance;
  if (err instanceof Counterexample) {
    return { ...base, ok: false, counterexample: err.steps, path: details.counterexamplePath ?? undefined, shrinks: details.numShrinks } as DiffOutcome;
  }
  return { ...base, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

export function divergences(to: Observation[], ro: Observation[], ignore: readonly string[]): StepRecord['divergences'] {
  const out: StepRecord['divergences'] = [];
  for (let i = 0; i < Math.max(to.length, ro.length); i++) {
    const a = to[i];
    const b = ro[i];
    if (!a || !b) {
      const missing: Observation = { call: '(no call)', status: 0 };
      out.push({ path: 'calls', target: a?.call, reference: b?.call, targetObs: a ?? missing, referenceObs: b ?? missing });
      continue;
    }
    for (const d of compareObservations(a, b)) {
      if (ignored(d.path, ignore)) continue;
      const full = { ...d, targetObs: a, referenceObs: b };
      const variant = explainedBy(full);
      out.push(variant ? { ...full, legal: variant } : full);
    }
  }
  return out;
}

export function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}
