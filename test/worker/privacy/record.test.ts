import { describe, expect, it } from "vitest";
import { NEVER_STORED, privacyRecord } from "../../../worker/privacy/record.ts";
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
});
