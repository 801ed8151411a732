import { describe, expect, it } from "vitest";
import { keysFor } from "../../../worker/counting/keys.ts";
import { laplace, noisy, uniformOf } from "../../../worker/counting/noise.ts";

const keys = keysFor("noise-test-secret-0123456789abcdef-xx");
const seed = { site: "s", segment: "a", day: "2026-01-01", measure: "audience" };

describe("noise", () => {
  it("should map bytes to (0, 1), never 0 or 1", () => {
    expect(uniformOf(new Uint8Array(8))).toBeGreaterThan(0);
    expect(uniformOf(new Uint8Array(8).fill(255))).toBeLessThan(1);
  });

  it("should follow the Laplace quantile function", () => {
    expect(laplace(0.5, 2)).toBeCloseTo(0);
    expect(laplace(0.75, 2)).toBeCloseTo(2 * Math.log(2));
    expect(laplace(0.25, 2)).toBeCloseTo(-2 * Math.log(2));
  });

  it("should give the same number for the same seed and vary with it", async () => {
    const first = await noisy(keys, 0.1, 100, seed);
    expect(await noisy(keys, 0.1, 100, seed)).toBe(first);
    const others = await Promise.all(
      ["b", "c", "d", "e", "f", "g"].map((segment) => noisy(keys, 0.1, 100, { ...seed, segment })),
    );
    expect(new Set([first, ...others]).size).toBeGreaterThan(1);
  });

  it("should draw fresh noise when the count changes, so two reads do not reveal one person", async () => {
    const diffs = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const s = { ...seed, day: String(i) };
        return (await noisy(keys, 0.5, 101, s)) - (await noisy(keys, 0.5, 100, s));
      }),
    );
    // With noise fixed per day the difference would be exactly 1 every time.
    expect(diffs.filter((d) => d !== 1).length).toBeGreaterThan(25);
  });

  it("should be centred on the count with spread 1/epsilon, and never negative", async () => {
    const values = await Promise.all(
      Array.from({ length: 400 }, (_, i) => noisy(keys, 0.5, 1000, { ...seed, day: String(i) })),
    );
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const meanAbs = values.reduce((a, b) => a + Math.abs(b - 1000), 0) / values.length;
    expect(Math.abs(mean - 1000)).toBeLessThan(0.6);
    expect(meanAbs).toBeGreaterThan(1.4);
    expect(meanAbs).toBeLessThan(2.6);
    const zeros = await Promise.all(
      Array.from({ length: 50 }, (_, i) => noisy(keys, 0.5, 0, { ...seed, day: String(i) })),
    );
    expect(Math.min(...zeros)).toBe(0);
  });
});
