import { describe, expect, it } from "vitest";
import { DAY_MS, dayOf, isoDay, startOfDay } from "../../../worker/counting/day.ts";

describe("day math", () => {
  it("should put an instant on its UTC day, midnight included", () => {
    const d = dayOf(Date.UTC(2026, 2, 29, 0, 0, 0));
    expect(dayOf(Date.UTC(2026, 2, 29, 23, 59, 59, 999))).toBe(d);
    expect(dayOf(Date.UTC(2026, 2, 28, 23, 59, 59, 999))).toBe(d - 1);
    expect(isoDay(d)).toBe("2026-03-29");
    expect(startOfDay(d)).toBe(Date.UTC(2026, 2, 29));
    expect(startOfDay(d + 1) - startOfDay(d)).toBe(DAY_MS);
  });
});
