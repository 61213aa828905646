// Comparing what the two ends answered to one call, after normalising:
// status and error type first (an error's message is free text), then every
// body member, at any depth.

import { DATE_TOLERANCE_S, DateMark } from './normalise.ts';

/** One call's answer as compared: status, error type, the normalised body. */
export type Observation = {
  /** The operation, or '<Op> walk' for a paged read followed to its end. */
  call: string;
  status: number;
  errorType?: string;
  body?: Record<string, unknown>;
  /** What was asked, where a legal-variation check needs it (e.g. the MaxResults of a walk). */
  request?: { maxResults?: number };
  /** The end's raw answer, shown beside the other end's in a counterexample. */
  raw?: unknown;
};

/** One member that differs: its path (`ListRecords walk.Records[0].Value`) and both values. */
export type Difference = { path: string; target: unknown; reference: unknown };

export function compareObservations(t: Observation, r: Observation): Difference[] {
  const head = (o: Observation) => `${o.status}${o.errorType ? ` ${o.errorType}` : ''}`;
  if (t.call !== r.call) return [{ path: 'call', target: t.call, reference: r.call }];
  // A different status or error type says it all; their bodies are not comparable.
  if (head(t) !== head(r)) return [{ path: `${t.call}.status`, target: head(t), reference: head(r) }];
  const out: Difference[] = [];
  diffValues(t.body, r.body, t.call, out);
  return out;
}

function diffValues(a: unknown, b: unknown, path: string, out: Difference[]): void {
  if (a instanceof DateMark && b instanceof DateMark) {
    if (Math.abs(a.seconds - b.seconds) > DATE_TOLERANCE_S) out.push({ path, target: a, reference: b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push({ path: `${path}.length`, target: a.length, reference: b.length });
    }
    for (let i = 0; i < Math.min(a.length, b.length); i++) diffValues(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isPlain(a) && isPlain(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diffValues(a[k], b[k], `${path}.${k}`, out);
    return;
  }
  if (!Object.is(a, b)) out.push({ path, target: a, reference: b });
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof DateMark);
}

/** `--ignore` paths: a prefix of the difference's path, with `[]` standing for any index. */
export function ignored(path: string, ignore: readonly string[]): boolean {
  const general = path.replace(/\[\d+\]/g, '[]');
  return ignore.some((p) => [path, general].some((x) => x === p || x.startsWith(`${p}.`) || x.startsWith(`${p}[`)));
}
