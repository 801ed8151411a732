/**
 * @module
 * Optional differential-privacy noise (DESIGN.md invariant 5): Laplace noise of scale 1/epsilon on
 * each released count, seeded by (site, segment, day, measure) through an HMAC with the server
 * secret, so a repeated read returns the same number and averaging reads removes nothing.
 * The true count is part of the seed too: with the day's noise fixed whatever the count, two
 * reads a moment apart would differ by exactly the change (one person joining). Seeded by the
 * count, a change draws fresh noise, while reads of an unchanged count stay the same.
 */
import type { Keys } from "./keys.ts";

/** A uniform number in (0, 1) from the first 52 bits of a MAC. */
export function uniformOf(bytes: Uint8Array): number {
  let x = 0;
  for (let i = 0; i < 6; i++) x = x * 256 + (bytes[i] ?? 0);
  x = x * 16 + ((bytes[6] ?? 0) >> 4);
  // 52 bits, exact in a double; centred in its cell (+0.5 still fits the 53-bit mantissa), so
  // neither 0 nor 1 occurs and the logarithm in `laplace` stays finite.
  return (x + 0.5) / 2 ** 52;
}

/** The Laplace(0, scale) quantile of a uniform u in (0, 1). */
export function laplace(u: number, scale: number): number {
  const d = u - 0.5;
  return -scale * Math.sign(d) * Math.log(1 - 2 * Math.abs(d));
}

/** `count` plus stable noise, rounded and never negative. */
export async function noisy(
  keys: Keys,
  epsilon: number,
  count: number,
  seed: { site: string; segment: string; day: string; measure: string },
): Promise<number> {
  const mac = await keys.mac(
    "noise",
    `${seed.site}\n${seed.segment}\n${seed.day}\n${seed.measure}\n${count}`,
  );
  return Math.max(0, Math.round(count + laplace(uniformOf(mac), 1 / epsilon)));
}
