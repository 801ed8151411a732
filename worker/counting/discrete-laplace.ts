/**
 * @module
 * Exact discrete Laplace (two-sided geometric) noise, after Canonne, Kamath and Steinke, "The
 * Discrete Gaussian for Differential Privacy" (NeurIPS 2020), algorithms 1 and 2. Every step is
 * integer arithmetic on BigInt over uniform integers from a random source, so the distribution
 * is exactly P(x) ∝ exp(-|x| * den / num) for the rational scale num/den: no floating point, no
 * logarithm, no rounding (Mironov 2012 showed how floating-point Laplace samplers leak).
 * The random source is injectable so tests can check the distribution reproducibly; the Worker
 * uses `cryptoSource` (crypto.getRandomValues).
 */

/** Uniform random 32-bit words; the only thing the sampler asks of its source. */
export interface RandomSource {
  /** An integer uniform on [0, 2^32). */
  next32(): number;
}

/** The Worker's source: crypto.getRandomValues, never Math.random. */
export const cryptoSource: RandomSource = {
  next32() {
    const [x = 0] = crypto.getRandomValues(new Uint32Array(1));
    return x;
  },
};

/** A positive rational scale num/den (both positive integers). */
export interface Scale {
  num: bigint;
  den: bigint;
}

/** Uniform on [0, n) for a positive BigInt n, by rejection (no modulo bias). */
export function uniformBelow(n: bigint, rng: RandomSource): bigint {
  if (n <= 0n) throw new RangeError("uniformBelow: n must be positive");
  let bits = 0n;
  while (1n << bits < n) bits += 32n;
  const limit = 1n << bits;
  // The largest multiple of n below 2^bits: draws at or above it are rejected.
  const cut = limit - (limit % n);
  for (;;) {
    let x = 0n;
    for (let b = 0n; b < bits; b += 32n) x = (x << 32n) | BigInt(rng.next32() >>> 0);
    if (x < cut) return x % n;
  }
}

/** Bernoulli(num/den) for 0 <= num <= den. */
export function bernoulli(num: bigint, den: bigint, rng: RandomSource): boolean {
  return uniformBelow(den, rng) < num;
}

/** Bernoulli(exp(-num/den)) for num >= 0, den > 0 (CKS 2020, algorithm 1). */
export function bernoulliExp(num: bigint, den: bigint, rng: RandomSource): boolean {
  if (num < 0n || den <= 0n) throw new RangeError("bernoulliExp: needs num >= 0 and den > 0");
  // exp(-g) for g > 1 is exp(-1)^floor(g) * exp(-(g - floor(g))).
  let rest = num;
  while (rest > den) {
    if (!bernoulliExpAtMostOne(den, den, rng)) return false;
    rest -= den;
  }
  return bernoulliExpAtMostOne(rest, den, rng);
}

/** Bernoulli(exp(-g)) for g = num/den in [0, 1]: the first k with A_k = 0 is odd. */
function bernoulliExpAtMostOne(num: bigint, den: bigint, rng: RandomSource): boolean {
  let k = 1n;
  while (bernoulli(num, den * k, rng)) k++;
  return k % 2n === 1n;
}

/**
 * One draw of the discrete Laplace distribution with scale num/den: P(x) ∝ exp(-|x| den/num)
 * for every integer x (CKS 2020, algorithm 2 with t = num, s = den).
 */
export function sampleDiscreteLaplace(scale: Scale, rng: RandomSource = cryptoSource): bigint {
  const { num: t, den: s } = scale;
  if (t <= 0n || s <= 0n) throw new RangeError("sampleDiscreteLaplace: scale must be positive");
  for (;;) {
    const u = uniformBelow(t, rng);
    if (!bernoulliExp(u, t, rng)) continue;
    let v = 0n;
    while (bernoulliExp(1n, 1n, rng)) v++;
    const y = (u + t * v) / s;
    const negative = bernoulli(1n, 2n, rng);
    if (negative && y === 0n) continue;
    return negative ? -y : y;
  }
}
