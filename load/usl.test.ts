import { describe, expect, it } from 'vitest';
import { fitUsl, nelderMead, peakOf, uslX } from './usl.ts';

const NS = [1, 2, 4, 8, 16, 24, 32, 48, 64, 96];

describe('USL fit', () => {
  it('recovers known coefficients from exact points', () => {
    const truth = { lambda: 120, sigma: 0.05, kappa: 0.0008 };
    const fit = fitUsl(NS.map((n) => ({ n, x: uslX(truth, n) })))!;
    expect(fit.lambda).toBeCloseTo(120, 0);
    expect(fit.sigma).toBeCloseTo(0.05, 3);
    expect(fit.kappa).toBeCloseTo(0.0008, 5);
    expect(fit.r2).toBeGreaterThan(0.9999);
    // N* = sqrt((1-σ)/κ) = sqrt(0.95/0.0008) ≈ 34.46
    expect(fit.peakN).toBeCloseTo(Math.sqrt(0.95 / 0.0008), 0);
    expect(fit.peakX).toBeCloseTo(uslX(truth, Math.sqrt(0.95 / 0.0008)), 0);
  });

  it('stays close on noisy points (±3%, seeded), and reports the error', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const truth = { lambda: 50, sigma: 0.1, kappa: 0.002 };
    const pts = NS.flatMap((n) => [0, 1, 2].map(() => ({ n, x: uslX(truth, n) * (1 + (rnd() - 0.5) * 0.06) })));
    const fit = fitUsl(pts)!;
    expect(Math.abs(fit.lambda - 50) / 50).toBeLessThan(0.1);
    expect(Math.abs(fit.sigma - 0.1)).toBeLessThan(0.05);
    expect(Math.abs(fit.kappa - 0.002) / 0.002).toBeLessThan(0.35);
    expect(Math.abs(fit.peakN - peakOf(truth).peakN) / peakOf(truth).peakN).toBeLessThan(0.2);
    expect(fit.r2).toBeGreaterThan(0.95);
    expect(fit.rmse).toBeGreaterThan(0);
    expect(fit.maxMeasuredN).toBe(96);
  });

  it('contention only (κ = 0): no finite peak, throughput tends to λ/σ', () => {
    const truth = { lambda: 10, sigma: 0.2, kappa: 0 };
    const fit = fitUsl(NS.map((n) => ({ n, x: uslX(truth, n) })))!;
    expect(fit.sigma).toBeCloseTo(0.2, 2);
    expect(fit.kappa).toBeLessThan(1e-6);
    expect(fit.peakN).toBeGreaterThan(1000);
  });

  it('needs three concurrency levels', () => {
    expect(fitUsl([{ n: 1, x: 10 }, { n: 2, x: 19 }])).toBeUndefined();
    expect(fitUsl([{ n: 1, x: 10 }, { n: 1, x: 11 }, { n: 2, x: 19 }])).toBeUndefined();
  });

  it('Nelder–Mead finds the minimum of a quadratic within its iteration bound', () => {
    const x = nelderMead((v) => (v[0]! - 3) ** 2 + 10 * (v[1]! + 1) ** 2, [0, 0], { maxIter: 500 });
    expect(x[0]).toBeCloseTo(3, 4);
    expect(x[1]).toBeCloseTo(-1, 4);
  });
});
