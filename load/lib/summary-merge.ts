// Merging the summaries of k6 processes that ran execution segments of one
// test (local --shards, or the pods of a k6-operator TestRun) into the
// summary of that test. Counters and rates add up; trends are recomputed from
// the raw samples of every shard, because a percentile of a union is not any
// mean of the shards' percentiles. Thresholds are evaluated again on the
// merged figures: each shard only judged its own part (k6 docs, "Running
// large tests": thresholds are evaluated per instance).
// Pure: no k6 or Node imports, so Node runs it and tests check it.

export type MergeCheck = { name: string; passes: number; fails: number };
export type MergeGroup = { name?: string; checks?: MergeCheck[]; groups?: MergeGroup[] };
export type MergeMetric = { type?: string; contains?: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> };
export type MergeSummary = { metrics: Record<string, MergeMetric>; root_group?: MergeGroup; state?: { testRunDurationMs?: number } };
/** Raw samples of each trend metric, from one shard. */
export type Samples = Record<string, number[]>;

/**
 * k6's percentile: linear interpolation between the two closest ranks of the
 * sorted samples (index p·(n−1)), as its trend sink computes it.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  if (n === 1) return sorted[0]!;
  const i = p * (n - 1);
  const lo = sorted[Math.floor(i)]!;
  const hi = sorted[Math.ceil(i)]!;
  return lo + (hi - lo) * (i - Math.floor(i));
}

/** The statistic a summary key names: count, avg, min, med, max, p(N). */
export function trendStat(sorted: Float64Array, stat: string): number | undefined {
  const n = sorted.length;
  if (stat === 'count') return n;
  if (stat === 'min') return n ? sorted[0]! : 0;
  if (stat === 'max') return n ? sorted[n - 1]! : 0;
  if (stat === 'med') return percentile(sorted, 0.5);
  if (stat === 'avg') {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i]!;
    return n ? sum / n : 0;
  }
  const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  return p ? percentile(sorted, Number(p[1]) / 100) : undefined;
}

export function checksOf(g: MergeGroup | undefined): MergeCheck[] {
  return g ? [...(g.checks ?? []), ...(g.groups ?? []).flatMap(checksOf)] : [];
}

const OPS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b, '==': (a, b) => a === b, '===': (a, b) => a === b, '!=': (a, b) => a !== b,
};

/** Evaluates a k6 threshold expression (`<aggregation> <op> <number>`) on a metric's values; undefined if it cannot be read. */
export function evaluateThreshold(expr: string, values: Record<string, number>): boolean | undefined {
  const m = /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i.exec(expr);
  if (!m) return undefined;
  const v = values[m[1]!];
  return v === undefined ? undefined : OPS[m[2]!]!(v, Number(m[3]));
}

/**
 * One summary from the shards' summaries and raw trend samples. A trend
 * without samples from every shard keeps only what adds up exactly (count,
 * min, max, a count-weighted avg) and loses its percentiles.
 */
export function mergeSummaries(shards: readonly MergeSummary[], samples: readonly Samples[]): MergeSummary {
  const durationMs = Math.max(0, ...shards.map((s) => s.state?.testRunDurationMs ?? 0));
  const seconds = durationMs / 1000;
  const names = [...new Set(shards.flatMap((s) => Object.keys(s.metrics)))];
  const metrics: Record<string, MergeMetric> = {};
  for (const name of names) {
    const parts = shards.map((s) => s.metrics[name]).filter((m): m is MergeMetric => m !== undefined);
    const first = parts[0]!;
    const type = first.type ?? typeOf(first.values);
    const sum = (k: string) => parts.reduce((a, m) => a + (m.values[k] ?? 0), 0);
    let values: Record<string, number>;
    if (type === 'counter') {
      values = { count: sum('count'), rate: seconds > 0 ? sum('count') / seconds : 0 };
    } else if (type === 'rate') {
      const passes = sum('passes');
      const fails = sum('fails');
      values = { passes, fails, rate: passes + fails > 0 ? passes / (passes + fails) : 0 };
    } else if (type === 'gauge') {
      // Gauges the shards report at once (VUs) add up across processes.
      values = { value: sum('value'), min: sum('min'), max: sum('max') };
    } else {
      values = mergeTrend(name, parts, shards.length, samples);
    }
    const thresholds: Record<string, { ok: boolean }> = {};
    for (const expr of new Set(parts.flatMap((m) => Object.keys(m.thresholds ?? {})))) {
      // An expression that cannot be evaluated on the merged figures fails: a pass must be earned.
      thresholds[expr] = { ok: evaluateThreshold(expr, values) === true };
    }
    metrics[name] = { type, ...(first.contains ? { contains: first.contains } : {}), values, ...(Object.keys(thresholds).length ? { thresholds } : {}) };
  }
  const checks = new Map<string, MergeCheck>();
  for (const s of shards) {
    for (const c of checksOf(s.root_group)) {
      const seen = checks.get(c.name) ?? { name: c.name, passes: 0, fails: 0 };
      checks.set(c.name, { name: c.name, passes: seen.passes + c.passes, fails: seen.fails + c.fails });
    }
  }
  return { metrics, root_group: { name: '', checks: [...checks.values()], groups: [] }, state: { testRunDurationMs: durationMs } };
}

function typeOf(values: Record<string, number>): string {
  if ('passes' in values) return 'rate';
  if ('count' in values && 'rate' in values) return 'counter';
  if ('value' in values) return 'gauge';
  return 'trend';
}

function mergeTrend(name: string, parts: MergeMetric[], shardCount: number, samples: readonly Samples[]): Record<string, number> {
  const stats = [...new Set(parts.flatMap((m) => Object.keys(m.values)))];
  const own = samples.map((s) => s[name]);
  if (own.length === shardCount && own.every((s) => s !== undefined)) {
    const all = new Float64Array(own.reduce((n, s) => n + s!.length, 0));
    let at = 0;
    for (const s of own) {
      all.set(s!, at);
      at += s!.length;
    }
    all.sort();
    const values: Record<string, number> = {};
    for (const stat of stats) {
      const v = trendStat(all, stat);
      if (v !== undefined) values[stat] = v;
    }
    return values;
  }
  const count = parts.reduce((a, m) => a + (m.values.count ?? 0), 0);
  return {
    count,
    min: Math.min(...parts.map((m) => m.values.min ?? Infinity)),
    max: Math.max(...parts.map((m) => m.values.max ?? -Infinity)),
    avg: count > 0 ? parts.reduce((a, m) => a + (m.values.avg ?? 0) * (m.values.count ?? 0), 0) / count : 0,
  };
}
