import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  assessSite,
  type Finding,
  hasHighFinding,
  LONG_RETENTION_DAYS,
  MIN_SAFE_K,
  RETENTION_NOTICE_DAYS,
  SEVERITIES,
  WEAK_DP_EPSILON,
} from "../../shared/assessment.ts";
import { DEFAULT_K } from "../../shared/limits.ts";
import { type SiteConfig, type SiteConfigInput, SiteConfigSchema } from "../../shared/schema.ts";
import demo from "../../worker/sites/demo.json";

/** The demo config with defaults applied, changed by `edit` (a fresh copy each time). */
function config(edit: (c: SiteConfigInput) => void = () => {}): SiteConfig {
  const input = structuredClone(demo) as SiteConfigInput;
  edit(input);
  return v.parse(SiteConfigSchema, input);
}

/** The demo config with one field set. */
const set = <K extends keyof SiteConfigInput>(key: K, value: SiteConfigInput[K]) =>
  config((c) => {
    c[key] = value;
  });

const codes = (findings: Finding[]) => findings.map((f) => f.code);
const find = (findings: Finding[], code: string) => findings.find((f) => f.code === code);

describe("assessSite", () => {
  it("should find nothing high in the demo config, and say why each finding is there", () => {
    const findings = assessSite(config());
    expect(hasHighFinding(findings)).toBe(false);
    // The demo chose exact counts, has two localhost origins and one sale/share purpose, and
    // nothing else.
    expect(new Set(codes(findings))).toEqual(
      new Set(["exact-counts", "local-origin", "sale-or-share"]),
    );
    for (const f of findings) {
      expect(SEVERITIES).toContain(f.severity);
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.fix.length).toBeGreaterThan(3);
      expect(f.ref).toMatch(/GDPR|CCPA|CNIL/);
    }
  });

  it("should note Turnstile as a third party each counted visitor meets (low), never by default", () => {
    expect(codes(assessSite(config()))).not.toContain("turnstile");
    const turnstile = find(
      assessSite(
        config((c) => {
          c.proof = "turnstile";
          c.turnstileSiteKey = "0x4AAA";
        }),
      ),
      "turnstile",
    );
    expect(turnstile).toMatchObject({ severity: "low", path: "proof" });
    expect(turnstile?.message).toContain("Cloudflare");
  });

  it("should sort findings from high to info", () => {
    const findings = assessSite(
      config((c) => {
        c.k = MIN_SAFE_K - 1;
        c.allowedOrigins = ["http://shop.example"];
      }),
    );
    const ranks = findings.map((f) => SEVERITIES.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(findings[0]?.severity).toBe("high");
  });

  it("should rate k just below the safe minimum high, and k below the default medium", () => {
    expect(find(assessSite(set("k", MIN_SAFE_K - 1)), "k-below-5")?.severity).toBe("high");
    const atSafe = assessSite(set("k", MIN_SAFE_K));
    expect(find(atSafe, "k-below-5")).toBeUndefined();
    expect(find(atSafe, "k-below-10")?.severity).toBe("medium");
    const atDefault = assessSite(set("k", DEFAULT_K));
    expect(codes(atDefault)).not.toContain("k-below-10");
  });

  it("should rate exact counts medium (contributors can unmask them), note weak DP, and accept a modest epsilon", () => {
    const exact = find(assessSite(config()), "exact-counts");
    expect(exact?.severity).toBe("medium");
    expect(exact?.message).toContain("anyone who can contribute");
    const noisy = (epsilon: number) =>
      assessSite(
        config((c) => {
          c.exactCounts = false;
          c.dpEpsilon = epsilon;
        }),
      );
    expect(find(noisy(WEAK_DP_EPSILON + 0.5), "weak-dp")?.severity).toBe("low");
    const fine = noisy(WEAK_DP_EPSILON);
    expect(codes(fine)).not.toContain("weak-dp");
    expect(codes(fine)).not.toContain("exact-counts");
    // Without a cap the budget is stated as info, with the figure.
    expect(find(fine, "no-budget-cap")?.message).toContain("epsilon");
  });

  it("should rate retention by its length at both boundaries", () => {
    const at = (days: number) => assessSite(set("retentionDays", days));
    expect(codes(at(RETENTION_NOTICE_DAYS))).not.toContain("retention-notice");
    expect(find(at(RETENTION_NOTICE_DAYS + 1), "retention-notice")?.severity).toBe("low");
    expect(find(at(LONG_RETENTION_DAYS), "retention-notice")?.severity).toBe("low");
    expect(find(at(LONG_RETENTION_DAYS + 1), "long-retention")?.severity).toBe("medium");
  });

  it("should note a consent lifetime over 12 months", () => {
    expect(codes(assessSite(set("consentMonths", 12)))).not.toContain("long-consent");
    expect(find(assessSite(set("consentMonths", 13)), "long-consent")).toMatchObject({
      severity: "low",
      path: "consentMonths",
    });
  });

  it("should flag a purpose whose description is only its label", () => {
    const findings = assessSite(
      config((c) => {
        const p = c.purposes[2];
        if (p) p.description = p.label;
      }),
    );
    expect(find(findings, "purpose-undescribed")).toMatchObject({
      severity: "medium",
      path: "purposes[2].description",
    });
  });

  it("should rate an always-on purpose that grants ad storage high (pre-ticked consent)", () => {
    const findings = assessSite(
      config((c) => {
        const p = c.purposes[0];
        if (p) p.consentMode = ["security_storage", "ad_storage"];
      }),
    );
    expect(find(findings, "required-non-essential")).toMatchObject({
      severity: "high",
      path: "purposes[0].consentMode",
    });
    expect(hasHighFinding(findings)).toBe(true);
  });

  it("should flag a missing policy link", () => {
    expect(find(assessSite(set("policyUrl", undefined)), "no-policy-url")?.severity).toBe("medium");
  });

  it("should rate a gated sensitive question medium and the segments built on it medium", () => {
    const findings = assessSite(
      config((c) => {
        c.purposes.push({
          id: "health-offers",
          label: "Health offers",
          description: "Uses your answer about injuries to count interest in physio products.",
          explicit: true,
        });
        c.questions.push({
          id: "injury",
          label: "Do you have a sports injury or health condition?",
          kind: "single",
          options: [
            { id: "yes", label: "Yes" },
            { id: "no", label: "No" },
          ],
          sensitive: true,
          category: "health",
          purpose: "health-offers",
        });
        c.segments.push({
          id: "injured",
          label: "Injured",
          rule: { "==": [{ var: "injury" }, "yes"] },
        });
      }),
    );
    expect(find(findings, "sensitive-question")).toMatchObject({
      severity: "medium",
      path: "questions[5]",
    });
    expect(find(findings, "segment-reads-sensitive")).toMatchObject({
      severity: "medium",
      path: "segments[11].rule",
    });
    expect(hasHighFinding(findings)).toBe(false);
  });

  it("should rate an ungated special-category question high", () => {
    const findings = assessSite(
      config((c) => {
        c.questions.push({
          id: "religion",
          label: "Which religion do you follow?",
          kind: "single",
          options: [
            { id: "a", label: "A" },
            { id: "b", label: "B" },
          ],
        });
      }),
    );
    expect(find(findings, "sensitive-question-ungated")?.severity).toBe("high");
  });

  it("should rate a plain-http production origin high and a localhost one info", () => {
    const findings = assessSite(
      set("allowedOrigins", ["http://localhost:8787", "http://shop.example"]),
    );
    expect(find(findings, "local-origin")).toMatchObject({
      severity: "info",
      path: "allowedOrigins[0]",
    });
    expect(find(findings, "http-origin")).toMatchObject({
      severity: "high",
      path: "allowedOrigins[1]",
      fix: "use https://shop.example",
    });
    expect(find(findings, "no-https-origin")?.severity).toBe("medium");
  });

  it("should rate a config without any origin high", () => {
    expect(find(assessSite(set("allowedOrigins", [])), "no-origins")?.severity).toBe("high");
  });
});
