/**
 * What one contribution is counted in (shared/counting-keys.ts, issue 14): the respondents, its
 * segments, its options, declared overlaps and breakdowns, under keys no segment id can be.
 */

import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  answerKeys,
  breakdownKey,
  COUNTING_KEY_PATTERN,
  countedKeys,
  countsKept,
  countsPerContribution,
  optionKey,
  overlapKey,
  questionEntries,
  RESPONDENTS_KEY,
  receiptLengthBound,
  segmentsOf,
} from "../../shared/counting-keys.ts";
import { IdSchema, type SiteConfig } from "../../shared/schema.ts";
import { checkSiteConfig } from "../../shared/site-config.ts";
import demo from "../../worker/sites/demo.json";

const config = (): SiteConfig => {
  const r = checkSiteConfig(demo);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
};

describe("counting keys", () => {
  it("should never be a segment id, and always match the receipts' pattern", () => {
    const keys = [
      RESPONDENTS_KEY,
      optionKey("level", "beginner"),
      optionKey("budget", "-3"),
      overlapKey("runners", "beginners"),
      breakdownKey("runners", "level", "pro"),
    ];
    for (const key of keys) {
      expect(v.safeParse(IdSchema, key).success, key).toBe(false);
      expect(key).toMatch(COUNTING_KEY_PATTERN);
    }
    expect("runners").toMatch(COUNTING_KEY_PATTERN);
    for (const bad of ["", "**", "a=b=c", "a&b&c", "A=b", "a|b", `${"x".repeat(65)}`])
      expect(bad, bad).not.toMatch(COUNTING_KEY_PATTERN);
    expect(segmentsOf(keys.concat(["runners"]))).toEqual(["runners"]);
  });

  it("should list a scale's every value and a choice's options as its entries", () => {
    const c = config();
    const budget = c.questions.find((q) => q.id === "budget");
    expect(budget && questionEntries(budget)).toEqual(
      [1, 2, 3, 4, 5].map((x) => ({ id: String(x), value: x })),
    );
    const level = c.questions.find((q) => q.id === "level");
    expect(level && questionEntries(level).map((e) => e.id)).toEqual([
      "beginner",
      "intermediate",
      "advanced",
      "pro",
    ]);
  });

  it("should count a contribution in the respondents, its segments, overlaps, options and breakdowns, in that order", () => {
    const c = config();
    const answers = { interests: ["hiking", "running"], level: "beginner", budget: 2 };
    expect(answerKeys(c, answers)).toEqual([
      "interests=running",
      "interests=hiking",
      "level=beginner",
      "budget=2",
    ]);
    expect(countedKeys(c, answers, ["runners", "beginners", "outdoor"])).toEqual([
      "*",
      "runners",
      "beginners",
      "outdoor",
      "runners&beginners",
      "interests=running",
      "interests=hiking",
      "level=beginner",
      "budget=2",
      "runners|interests=running",
      "runners|interests=hiking",
      "runners|level=beginner",
      "runners|budget=2",
    ]);
    // Nobody's answers at all: a respondent still.
    expect(countedKeys(c, {}, [])).toEqual(["*"]);
  });

  it("should bound the counts of one contribution by the config: the demo's 40", () => {
    expect(countsPerContribution(config())).toEqual({
      respondents: 1,
      segments: 11,
      overlaps: 2,
      // interests 7 (multiple: all of them), level, budget, frequency 1 each, shopfor 3.
      options: 13,
      breakdowns: 13,
      total: 40,
    });
    // Kept: every option and scale value: 7 + 4 + 5 + 8 + 3.
    expect(countsKept(config())).toMatchObject({ options: 27, breakdowns: 27 });
  });

  it("should bound the receipt of the longest contribution, growing with each count", () => {
    const c = config();
    const bound = receiptLengthBound(c);
    expect(bound).toBeGreaterThan(0);
    expect(receiptLengthBound({ ...c, breakdowns: [] })).toBeLessThan(bound);
    expect(receiptLengthBound({ ...c, overlaps: [] })).toBeLessThan(bound);
  });
});
