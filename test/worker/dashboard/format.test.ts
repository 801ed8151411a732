import { describe, expect, it } from "vitest";
import {
  axisTicks,
  countText,
  fewerThan,
  niceCeil,
  shortDay,
} from "../../../worker/dashboard/format.ts";

describe("dashboard format", () => {
  it("should write a suppressed count as fewer than k, never as the number", () => {
    expect(countText(null, true, 10)).toBe("fewer than 10");
    expect(countText(7, true, 10)).toBe("fewer than 10");
    expect(fewerThan(25)).toBe("fewer than 25");
  });

  it("should write a visible count with thousands separators", () => {
    expect(countText(1234567, false, 10)).toBe("1,234,567");
    expect(countText(10, false, 10)).toBe("10");
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
