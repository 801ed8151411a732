import { describe, expect, it } from "vitest";
import { NEVER_STORED, privacyRecord } from "../../../worker/privacy/record.ts";
import { summarise } from "../../../worker/sites/change-log.ts";
import { demo, noisy, tiny } from "../helpers.ts";

describe("privacyRecord", () => {
  it("should describe collection, purposes and lifetimes from the config", () => {
    const r = privacyRecord(demo);
    expect(r.site).toBe("demo");
    expect(r.countingPurpose.id).toBe(demo.countingPurpose);
    expect(r.dataCollected.find((q) => q.id === "interests")?.options).toContain("Running");
    expect(r.dataCollected.find((q) => q.id === "budget")).toMatchObject({
      kind: "scale",
      min: 1,
      max: 5,
    });
    expect(r.lifetimes.consentOnDevice).toContain(`${demo.consentMonths} months`);
    expect(r.lifetimes.dailyCounts).toBe(`${demo.retentionDays} days`);
    expect(r.neverStored).toEqual([...NEVER_STORED]);
    expect(NEVER_STORED.join(" ")).toMatch(/IP addresses.*user agents.*cookies.*referrers/);
  });

  it("should state noise only when the site sets an epsilon, and mark sensitive questions", () => {
    expect(privacyRecord(tiny).differentialPrivacy).toBeNull();
    expect(privacyRecord(noisy).differentialPrivacy).toMatchObject({ epsilon: noisy.dpEpsilon });
    expect(privacyRecord(tiny).dataCollected.find((q) => q.id === "stress")).toMatchObject({
      sensitive: true,
      purpose: "wellbeing",
    });
  });

  it("should say what is counted: respondents, segments, options, overlaps, breakdowns, aggregates only", () => {
    const r = privacyRecord(demo);
    expect(r.counted.map((c) => [c.kind, c.counts, c.perContribution])).toEqual([
      ["respondents", 1, 1],
      ["segment", 11, 11],
      ["option", 27, 13],
      ["overlap", 2, 2],
      ["breakdown", 27, 13],
    ]);
    const option = r.counted.find((c) => c.kind === "option");
    expect(option?.what).toMatch(/aggregate count kept like a segment's, never anyone's answers/);
    expect(r.neverStored.join(" ")).toMatch(
      /the answers themselves .*only how many chose each option/,
    );
    // With noise, the budget is over every one of those 40 counts.
    const withNoise = privacyRecord({ ...demo, exactCounts: false });
    expect(withNoise.differentialPrivacy).toMatchObject({
      epsilon: 1,
      countsPerContribution: 40,
      perContribution: 40,
    });
    // The stored fields say what a flow row's sets and a released cell's key hold now.
    const holds = (table: string, column: string) =>
      r.storedFields.find((f) => f.table === table && f.column === column)?.holds;
    expect(holds("flows", "new")).toMatch(/counts/);
    expect(holds("idempotency", "segments")).toMatch(/keyed digest .*never the ids/);
  });

  it("should put a declared overlap or breakdown in the public change log", () => {
    const { overlaps: _o, breakdowns: _b, ...without } = demo;
    expect(summarise(without, demo)).toEqual([
      "overlap added: runners & beginners",
      "overlap added: outdoor & family-shoppers",
      "breakdown added: runners",
    ]);
    expect(summarise(demo, without)).toEqual([
      "overlap removed: runners & beginners",
      "overlap removed: outdoor & family-shoppers",
      "breakdown removed: runners",
    ]);
  });
});
