// Profiles (open-model arrival rates) and SLO thresholds, as code. The CLI
// overrides them through environment variables.
import type { Options } from 'k6/options';

declare const __ENV: Record<string, string | undefined>;

type Profile = { stages?: Array<{ target: number; duration: string }>; rate?: number; duration?: string };

export const PROFILES: Record<string, Profile> = {
  smoke: { rate: 5, duration: '5s' },
  load: { stages: [{ target: 50, duration: '30s' }, { target: 50, duration: '2m' }, { target: 0, duration: '15s' }] },
  stress: { stages: [{ target: 100, duration: '1m' }, { target: 200, duration: '2m' }, { target: 300, duration: '2m' }, { target: 0, duration: '30s' }] },
  soak: { rate: 30, duration: '30m' },
  spike: { stages: [{ target: 10, duration: '30s' }, { target: 300, duration: '10s' }, { target: 300, duration: '1m' }, { target: 10, duration: '10s' }] },
};

export const DEFAULT_THRESHOLDS = { p95: 250, p99: 500, errorRate: 0.01 };

/** A rate in iterations/s as k6's integer rate per timeUnit. */
export function perTimeUnit(rate: number): { rate: number; timeUnit: string } {
  return Number.isInteger(rate) ? { rate, timeUnit: '1s' } : { rate: Math.max(1, Math.round(rate * 100)), timeUnit: '100s' };
}

const num = (v: string | undefined, d: number) => (v === undefined || v === '' ? d : Number(v));

export function optionsFor(scenario: string): Options {
  const name = __ENV.CSH_PROFILE ?? 'smoke';
  const p = PROFILES[name];
  if (!p) throw new Error(`unknown profile ${name}`);
  const cap = num(__ENV.CSH_RATE_CAP, Infinity);
  const rate = Math.min(num(__ENV.CSH_RATE, p.rate ?? 10), cap);
  const vus = num(__ENV.CSH_MAX_VUS, 50);
  // A fixed number of iterations (shared-iterations) splits exactly across execution segments;
  // arrival-rate runs may start one more iteration at the end boundary.
  const fixed = __ENV.CSH_ITERATIONS ? { executor: 'shared-iterations' as const, iterations: Number(__ENV.CSH_ITERATIONS), vus: Math.min(vus, 10), maxDuration: '60s' } : undefined;
  const executor = fixed ?? (p.stages && !__ENV.CSH_RATE
    ? { executor: 'ramping-arrival-rate' as const, startRate: 1, timeUnit: '1s', preAllocatedVUs: Math.min(vus, 20), maxVUs: vus, stages: p.stages.map((s) => ({ ...s, target: Math.min(s.target, cap) })) }
    // Few VUs at a slow rate, so that each runs several iterations (a VU's second write is its first stale one); k6 adds more when needed.
    // Capacity steps start every VU up front: a VU started mid-step costs an init that k6 counts as dropped iterations.
    // k6 takes a whole number of iterations per timeUnit: a fractional rate (capacity bisection, 6.5/s) goes per 100 s.
    : { executor: 'constant-arrival-rate' as const, ...perTimeUnit(rate), duration: __ENV.CSH_DURATION ?? p.duration ?? '10s', preAllocatedVUs: __ENV.CSH_PREALLOCATE === '1' ? vus : Math.min(vus, Math.max(2, Math.ceil(rate / 5))), maxVUs: vus });
  const t = { p95: num(__ENV.CSH_P95, DEFAULT_THRESHOLDS.p95), p99: num(__ENV.CSH_P99, DEFAULT_THRESHOLDS.p99), err: num(__ENV.CSH_ERROR_RATE, DEFAULT_THRESHOLDS.errorRate) };
  // The smoke profile tests behaviour, and time is no behaviour: it gets latency
  // thresholds only when asked for them. Load profiles and capacity steps measure time.
  const latency: string[] = [];
  if (name !== 'smoke' || __ENV.CSH_P95 !== undefined) latency.push(`p(95)<${t.p95}`);
  if (name !== 'smoke' || __ENV.CSH_P99 !== undefined) latency.push(`p(99)<${t.p99}`);
  return {
    scenarios: { [scenario]: { ...executor, exec: 'default', gracefulStop: '5s' } },
    thresholds: {
      // Any failed check fails the run; so does any iteration that threw.
      checks: ['rate==1'],
      csh_iteration_errors: ['count==0'],
      ...(latency.length ? { csh_latency: latency } : {}),
      unexpected_errors: [`rate<${t.err}`],
      // Calls still throttled after their retries; retried throttles are no error.
      throttled: ['rate<0.05'],
    },
    summaryTrendStats: ['count', 'avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
  };
}
