// Universal Scalability Law (Gunther, "Guerrilla Capacity Planning", 2007):
//   X(N) = λN / (1 + σ(N−1) + κN(N−1))
// σ is contention (queueing on a shared resource), κ coherency (crosstalk),
// λ the throughput of one unit of concurrency. Fitted by least squares with
// Nelder–Mead (bounded iterations) on a transform that keeps λ > 0, σ, κ ≥ 0.

export type UslPoint = { n: number; x: number };
export type UslFit = { lambda: number; sigma: number; kappa: number; peakN: number; peakX: number; r2: number; rmse: number; points: number; maxMeasuredN: number; maxMeasuredX: number };

export const uslX = (f: Pick<UslFit, 'lambda' | 'sigma' | 'kappa'>, n: number) => (f.lambda * n) / (1 + f.sigma * (n - 1) + f.kappa * n * (n - 1));

/** N* = sqrt((1−σ)/κ); without coherency cost (κ = 0) throughput only flattens, and N* is infinite. */
export function peakOf(f: Pick<UslFit, 'lambda' | 'sigma' | 'kappa'>): { peakN: number; peakX: number } {
  if (f.kappa <= 1e-12 || f.sigma >= 1) {
    const peakX = f.sigma > 0 ? f.lambda / f.sigma : Infinity;
    return { peakN: Infinity, peakX };
  }
  const peakN = Math.sqrt((1 - f.sigma) / f.kappa);
  return { peakN, peakX: uslX(f, peakN) };
}

/** Minimises f over R^k from x0; at most maxIter iterations. */
export function nelderMead(f: (x: number[]) => number, x0: number[], opts: { maxIter?: number; step?: number; tol?: number } = {}): number[] {
  const k = x0.length;
  const step = opts.step ?? 0.5;
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, v: f(x) }));
  for (let it = 0; it < (opts.maxIter ?? 4000); it++) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[k]!;
    if (Math.abs(worst.v - best.v) <= (opts.tol ?? 1e-14) * (Math.abs(best.v) + 1e-30)) break;
    const centroid = x0.map((_, j) => simplex.slice(0, k).reduce((s, p) => s + p.x[j]!, 0) / k);
    const at = (t: number) => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const r = { x: at(-1), v: 0 };
    r.v = f(r.x);
    if (r.v < best.v) {
      const e = { x: at(-2), v: 0 };
      e.v = f(e.x);
      simplex[k] = e.v < r.v ? e : r;
    } else if (r.v < simplex[k - 1]!.v) {
      simplex[k] = r;
    } else {
      const c = { x: at(r.v < worst.v ? -0.5 : 0.5), v: 0 };
      c.v = f(c.x);
      if (c.v < Math.min(worst.v, r.v)) simplex[k] = c;
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: p.x.map((v, j) => best.x[j]! + 0.5 * (v - best.x[j]!)), v: 0 })).map((p, i) => (i === 0 ? p : { x: p.x, v: f(p.x) }));
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return simplex[0]!.x;
}

/** Least-squares USL fit; undefined with fewer than 3 distinct concurrency levels. */
export function fitUsl(points: UslPoint[]): UslFit | undefined {
  const pts = points.filter((p) => p.n > 0 && p.x > 0 && Number.isFinite(p.n) && Number.isFinite(p.x));
  if (new Set(pts.map((p) => p.n.toFixed(6))).size < 3) return undefined;
  // Throughput is fitted relative to its largest value, so the error surface is well scaled whatever the units.
  const scale = Math.max(...pts.map((p) => p.x));
  const lambda0 = Math.max(...pts.map((p) => p.x / p.n)) / scale;
  const params = (v: number[]) => ({ lambda: lambda0 * Math.exp(v[0]!), sigma: v[1]! * v[1]!, kappa: v[2]! * v[2]! * 1e-3 });
  const sse = (v: number[]) => {
    const f = params(v);
    return pts.reduce((s, p) => s + (uslX(f, p.n) - p.x / scale) ** 2, 0);
  };
  // A few starts: contention-only, coherency-heavy and mixed; the best fit wins.
  const starts = [[0, 0.1, 0.01], [0, 0.3, 0.3], [0, 0.05, 1], [-0.5, 0.5, 0.1]];
  const best = starts.map((s) => nelderMead(sse, s, { maxIter: 3000, step: 0.3 })).reduce((a, b) => (sse(a) <= sse(b) ? a : b));
  const p = params(best);
  const fit = { lambda: p.lambda * scale, sigma: p.sigma, kappa: p.kappa };
  const mean = pts.reduce((s, q) => s + q.x, 0) / pts.length;
  const ssRes = pts.reduce((s, q) => s + (uslX(fit, q.n) - q.x) ** 2, 0);
  const ssTot = pts.reduce((s, q) => s + (q.x - mean) ** 2, 0);
  return {
    ...fit, ...peakOf(fit), r2: ssTot > 0 ? 1 - ssRes / ssTot : 1, rmse: Math.sqrt(ssRes / pts.length), points: pts.length,
    maxMeasuredN: Math.max(...pts.map((q) => q.n)), maxMeasuredX: Math.max(...pts.map((q) => q.x)),
  };
}
