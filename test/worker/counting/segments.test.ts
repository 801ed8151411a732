import { describe, expect, it } from "vitest";
import type { SiteConfig } from "../../../shared/schema.ts";
import { assignSegments, truthy } from "../../../worker/counting/segments.ts";
import { demo, tiny } from "../helpers.ts";

describe("assignSegments", () => {
  it("should return the matching segment ids in config order", () => {
    expect(assignSegments(tiny, { color: "red", pets: ["cat"], score: 4 })).toEqual([
      "reds",
      "cat-people",
      "high",
    ]);
    expect(assignSegments(tiny, {})).toEqual([]);
    expect(assignSegments(demo, { interests: ["running", "tennis"], level: "beginner" })).toEqual(
      expect.arrayContaining(["runners", "racket-fans", "beginners", "outdoor"]),
    );
  });

  it("should treat a rule that throws on the answers as not matching", () => {
    const config = {
      ...tiny,
      segments: [{ id: "boom", label: "B", rule: { throw: "nope" } }, ...tiny.segments],
    } as SiteConfig;
    expect(assignSegments(config, { color: "red" })).toEqual(["reds"]);
  });

  it("should use JSON Logic truthiness", () => {
    expect([[], "", 0, null, false, undefined].map(truthy)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect([[0], "0", 1, {}, true].map(truthy)).toEqual([true, true, true, true, true]);
  });
});
