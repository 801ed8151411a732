/**
 * The exact discrete Laplace sampler (worker/counting/discrete-laplace.ts): its distribution
 * against the pmf by a chi-square test on a large, reproducible sample, its building blocks
 * exactly, and no floating point anywhere in its path.
 */
import { describe, expect, it } from "vitest";
import {
  bernoulliExp,
  cryptoSource,
  type RandomSource,
  sampleDiscreteLaplace,
  uniformBelow,
} from "../../../worker/counting/discrete-laplace.ts";
import source from "../../../worker/counting/discrete-laplace.ts?raw";

/** A seeded source (splitmix32) so the statistical tests are reproducible. */
function seeded(seed: number): RandomSource & { calls: number } {
  let s = seed >>> 0;
  return {
    calls: 0,
    next32() {
      this.calls++;
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    },
  };
}

/** The discrete Laplace pmf with scale t: (1 - q) / (1 + q) * q^|x|, q = exp(-1/t). */
function pmf(x: number, scale: number): number {
  const q = Math.exp(-1 / scale);
  return ((1 - q) / (1 + q)) * q ** Math.abs(x);
}

/** Pearson's chi-square of `counts` against `pmf` over bins -m..m and the two tails pooled. */
function chiSquare(samples: readonly number[], scale: number, m: number) {
  const n = samples.length;
  const observed = new Map<number, number>();
  for (const x of samples) {
    const bin = Math.max(-m - 1, Math.min(m + 1, x));
    observed.set(bin, (observed.get(bin) ?? 0) + 1);
  }
  let inner = 0;
  let chi = 0;
  for (let x = -m; x <= m; x++) {
    const expected = n * pmf(x, scale);
    inner += pmf(x, scale);
    chi += ((observed.get(x) ?? 0) - expected) ** 2 / expected;
  }
  const tail = (n * (1 - inner)) / 2;
  for (const bin of [-m - 1, m + 1]) chi += ((observed.get(bin) ?? 0) - tail) ** 2 / tail;
  return { chi, df: 2 * m + 2 };
}

describe("discrete Laplace sampler", () => {
  it.each([
    { num: 8n, den: 3n, m: 12 },
    { num: 1n, den: 1n, m: 6 },
    { num: 16n, den: 1n, m: 40 },
  ])("should follow the pmf at scale $num/$den (chi-square, 100,000 draws)", ({ num, den, m }) => {
    const rng = seeded(Number(num * 7919n + den));
    const samples = Array.from({ length: 100_000 }, () =>
      Number(sampleDiscreteLaplace({ num, den }, rng)),
    );
    const { chi, df } = chiSquare(samples, Number(num) / Number(den), m);
    // The 99.9th percentile of chi-square with df degrees of freedom is below df + 4.5 sqrt(2 df)
    // for these df (Wilson-Hilferty); a sampler off by a few percent anywhere lands far above.
    expect(chi).toBeLessThan(df + 4.5 * Math.sqrt(2 * df));
    // Symmetric, centred on zero, and integer.
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.05 * (Number(num) / Number(den) + 1));
    expect(samples.every(Number.isInteger)).toBe(true);
  });

  it("should fail the same chi-square test for a sampler of the wrong scale (the test can fail)", () => {
    const rng = seeded(42);
    const samples = Array.from({ length: 100_000 }, () =>
      Number(sampleDiscreteLaplace({ num: 3n, den: 1n }, rng)),
    );
    const { chi, df } = chiSquare(samples, 8 / 3, 12);
    expect(chi).toBeGreaterThan(df + 4.5 * Math.sqrt(2 * df));
  });

  it("should draw Bernoulli(exp(-g)) exactly for rational g, beyond 1 too", () => {
    const rng = seeded(7);
    for (const [num, den] of [
      [1n, 2n],
      [3n, 2n],
      [0n, 5n],
    ] as const) {
      const n = 100_000;
      let ones = 0;
      for (let i = 0; i < n; i++) if (bernoulliExp(num, den, rng)) ones++;
      const p = Math.exp(-Number(num) / Number(den));
      // Four standard deviations of a binomial proportion.
      expect(Math.abs(ones / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1e-9);
    }
  });

  it("should draw uniform integers below any bound without modulo bias, past 32 bits too", () => {
    const rng = seeded(11);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) {
      const x = Number(uniformBelow(3n, rng));
      counts[x] = (counts[x] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    const big = 3n * 2n ** 40n;
    for (let i = 0; i < 100; i++) {
      const x = uniformBelow(big, rng);
      expect(x >= 0n && x < big).toBe(true);
    }
    expect(() => uniformBelow(0n, rng)).toThrow(RangeError);
  });

  it("should take rational scales only and use no floating point in its path", () => {
    // BigInt in, BigInt out: a scale cannot be a float.
    expect(typeof sampleDiscreteLaplace({ num: 8n, den: 3n }, seeded(1))).toBe("bigint");
    expect(() => sampleDiscreteLaplace({ num: 0n, den: 1n }, seeded(1))).toThrow(RangeError);
    // The module's code (comments stripped) has no Math, no float literal, no division or
    // conversion to a float, and no Math.random.
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    expect(code).not.toMatch(/Math\./);
    expect(code).not.toMatch(/\d\.\d/);
    expect(code).not.toMatch(/parseFloat|Number\(|toFixed|\*\*/);
    // Every division is between BigInts (the operands' names end the expression with n or are
    // the BigInt names used there).
    for (const [, left] of code.matchAll(/(\S+)\s\/\s/g)) expect(left).toMatch(/^\(?[a-z]+\)?$/);
  });

  it("should use crypto.getRandomValues in the Worker", () => {
    const draws = new Set(Array.from({ length: 20 }, () => cryptoSource.next32()));
    expect(draws.size).toBeGreaterThan(15);
    for (const d of draws) expect(d >= 0 && d < 2 ** 32 && Number.isInteger(d)).toBe(true);
  });
});
