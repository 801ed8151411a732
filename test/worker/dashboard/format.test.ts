import { describe, expect, it } from "vitest";
import {
  axisTicks,
  countText,
  heldBackRule,
  heldBackText,
  niceCeil,
  shortDay,
} from "../../../worker/dashboard/format.ts";

describe("dashboard format", () => {
  const noisy = { k: 10, exact: false };
  const exact = { k: 10, exact: true };

  it("should write a suppressed count as fewer than k under noise, never as the number", () => {
    expect(countText(null, true, noisy)).toBe("fewer than 10");
    expect(countText(7, true, noisy)).toBe("fewer than 10");
    expect(heldBackText({ k: 25, exact: false })).toBe("fewer than 25");
  });

  it("should write every suppressed count as held back with exact counts, since some are at or above k", () => {
    // Complementary suppression holds back counts >= k as well (worker/counting/complementary.ts):
    // "fewer than 10" would be false of them, and telling the two kinds apart would leak the bit.
    expect(countText(null, true, exact)).toBe("held back");
    expect(countText(42, true, exact)).toBe("held back");
    expect(heldBackRule(exact)).toContain("those that would let one be worked out");
    expect(heldBackRule(noisy)).not.toContain("worked out");
  });

  it("should write a visible count with thousands separators", () => {
    expect(countText(1234567, false, noisy)).toBe("1,234,567");
    expect(countText(10, false, exact)).toBe("10");
  });

  it("should write UTC days without a time-zone shift", () => {
    expect(shortDay("2026-01-01")).toBe("Jan 1");
    expect(shortDay("2026-12-31")).toBe("Dec 31");
  });

  it("should round up to nice numbers", () => {
    expect([0, 1, 3, 7, 11, 240, 251].map(niceCeil)).toEqual([1, 1, 5, 10, 20, 250, 500]);
  });

  it("should give whole-number ticks from 0 that cover the maximum", () => {
    expect(axisTicks(10)).toEqual([0, 5, 10]);
    expect(axisTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(axisTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(axisTicks(1)).toEqual([0, 1]);
    for (const max of [2, 9, 10, 99, 101, 4999]) {
      const ticks = axisTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
    }
  });
});
