import { describe, expect, it } from "vitest";
import { countsPerContribution } from "../../shared/counting-keys.ts";
import {
  DEFAULT_DP_EPSILON,
  EPSILON_DENOMINATOR,
  MAX_CONSENT_MODE_REGIONS,
  MAX_CONSENT_MONTHS,
  MAX_COUNTS_PER_CONTRIBUTION,
  MAX_DP_EPSILON,
  MAX_SCALE_STEPS,
  MAX_WAIT_FOR_UPDATE_MS,
  MIN_DP_EPSILON,
} from "../../shared/limits.ts";
import { RESERVED_IDS, type SiteConfigInput } from "../../shared/schema.ts";
import {
  type ConfigIssue,
  checkSiteConfig,
  formatIssues,
  publicConfig,
  ruleVariables,
  specialCategoryOf,
} from "../../shared/site-config.ts";
import demo from "../../worker/sites/demo.json";

/** A fresh deep copy of the demo config to break in one place per test. */
const base = (): SiteConfigInput => structuredClone(demo) as SiteConfigInput;

function issuesOf(input: unknown): ConfigIssue[] {
  const r = checkSiteConfig(input);
  if (r.ok) throw new Error("expected the config to be refused");
  return r.issues;
}

describe("checkSiteConfig", () => {
  it("should accept the demo config and apply defaults", () => {
    const r = checkSiteConfig(demo);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.id).toBe("demo");
    expect(r.config.purposes).toHaveLength(4);
    expect(r.config.purposes.filter((p) => p.saleOrShare).map((p) => p.id)).toEqual([
      "advertising",
    ]);
    expect(r.config.segments.length).toBeGreaterThanOrEqual(8);
    expect(new Set(r.config.questions.map((q) => q.kind))).toEqual(
      new Set(["single", "multiple", "scale"]),
    );
    expect(r.config.k).toBe(10);
    expect(r.config.windowDays).toBe(30);
  });

  it("should use the documented defaults when fields are left out", () => {
    const c = base();
    for (const key of [
      "consentMonths",
      "windowDays",
      "retentionDays",
      "k",
      "shards",
      "locales",
      "defaultLocale",
      "exactCounts",
    ] as const)
      delete c[key];
    // Texts keyed by locale need the default locale list: use plain strings instead.
    c.banner = undefined;
    const json = JSON.parse(
      JSON.stringify(c, (_k, v) =>
        v && typeof v === "object" && !Array.isArray(v) && "en" in v && "de" in v ? v.en : v,
      ),
    );
    const r = checkSiteConfig(json);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      consentMonths: 12,
      windowDays: 30,
      retentionDays: 90,
      k: 10,
      shards: 4,
      locales: ["en"],
      defaultLocale: "en",
      // Differential privacy is on unless a config opts out (DESIGN.md invariant 5).
      exactCounts: false,
      dpEpsilon: DEFAULT_DP_EPSILON,
    });
    expect(DEFAULT_DP_EPSILON).toBe(1);
  });

  it("should name an unknown field and say how to fix it", () => {
    const issues = issuesOf({ ...base(), colour: "red" });
    expect(issues).toEqual([
      expect.objectContaining({ path: "colour", message: "is not a known field" }),
    ]);
  });

  it("should name a missing field", () => {
    const c = base() as Partial<SiteConfigInput>;
    delete c.countingPurpose;
    expect(issuesOf(c)).toEqual([
      expect.objectContaining({ path: "countingPurpose", message: "is required", fix: "add it" }),
    ]);
  });

  it("should refuse a consent lifetime over 13 months", () => {
    const issues = issuesOf({ ...base(), consentMonths: MAX_CONSENT_MONTHS + 1 });
    expect(issues[0]?.path).toBe("consentMonths");
    expect(checkSiteConfig({ ...base(), consentMonths: MAX_CONSENT_MONTHS }).ok).toBe(true);
  });

  it("should take Consent Mode settings within their bounds, and refuse them outside", () => {
    const gcm = (googleConsentMode: unknown) => ({ ...base(), googleConsentMode });
    const regions = (n: number) => Array.from({ length: n }, (_, i) => `US-${i}`);
    expect(
      checkSiteConfig(
        gcm({
          waitForUpdate: MAX_WAIT_FOR_UPDATE_MS,
          regions: regions(MAX_CONSENT_MODE_REGIONS),
          adsDataRedaction: true,
          urlPassthrough: true,
          developerId: "dNzI2Mj",
        }),
      ).ok,
    ).toBe(true);
    expect(issuesOf(gcm({ waitForUpdate: MAX_WAIT_FOR_UPDATE_MS + 1 }))[0]?.path).toBe(
      "googleConsentMode.waitForUpdate",
    );
    expect(issuesOf(gcm({ regions: regions(MAX_CONSENT_MODE_REGIONS + 1) }))[0]?.path).toBe(
      "googleConsentMode.regions",
    );
    expect(issuesOf(gcm({ regions: ["Spain"] }))[0]?.message).toMatch(/ISO 3166-2/);
    expect(issuesOf(gcm({ developerId: "x y" }))[0]?.path).toBe("googleConsentMode.developerId");
  });

  it("should take launcher options, and refuse an unknown position", () => {
    const launcher = (l: unknown) => ({ ...base(), launcher: l });
    expect(
      checkSiteConfig(launcher({ hidden: true, position: "bottom-right", label: "Cookies" })).ok,
    ).toBe(true);
    expect(issuesOf(launcher({ position: "top" }))[0]?.path).toBe("launcher.position");
  });

  it("should refuse duplicate ids", () => {
    const c = base();
    c.segments.push({ ...c.segments[0]!, label: "again" });
    expect(issuesOf(c)).toEqual([
      expect.objectContaining({ path: "segments", message: 'id "runners" is used twice' }),
    ]);
  });

  it("should refuse ids that cannot be object keys (RESERVED_IDS)", () => {
    for (const id of RESERVED_IDS) {
      const c = base();
      c.questions[0]!.id = id;
      expect(issuesOf(c)).toContainEqual(
        expect.objectContaining({
          path: "questions[0].id",
          message: expect.stringMatching(/reserved ids constructor, prototype/),
        }),
      );
    }
  });

  it("should refuse a counting purpose that does not exist or is required", () => {
    expect(issuesOf({ ...base(), countingPurpose: "nope" })[0]).toMatchObject({
      path: "countingPurpose",
    });
    expect(issuesOf({ ...base(), countingPurpose: "necessary" })[0]?.message).toMatch(
      /required, but counting needs consent/,
    );
  });

  it("should refuse a scale with more than MAX_SCALE_STEPS steps", () => {
    const c = base();
    const scale = c.questions.find((q) => q.kind === "scale")!;
    scale.min = 0;
    scale.max = MAX_SCALE_STEPS - 1;
    expect(checkSiteConfig(c).ok).toBe(true);
    scale.max = MAX_SCALE_STEPS;
    expect(issuesOf(c)[0]).toMatchObject({
      path: expect.stringMatching(/^questions\[\d+\]\.max$/),
    });
  });

  it("should refuse a choice question with fewer than two options, and duplicate options", () => {
    const c = base();
    c.questions[1]!.options = [{ id: "only", label: "Only" }];
    expect(issuesOf(c)[0]).toMatchObject({
      path: "questions[1].options",
      message: expect.stringMatching(/at least 2 options/),
    });
    const d = base();
    d.questions[1]!.options!.push({ id: "beginner", label: "again" });
    expect(issuesOf(d)[0]?.message).toMatch(/option id "beginner" is used twice/);
  });

  it("should refuse a rule that does not compile, naming the segment", () => {
    const c = base();
    c.segments[2]!.rule = { frobnicate: [1] };
    expect(issuesOf(c)[0]).toMatchObject({
      path: "segments[2].rule",
      message: expect.stringMatching(/does not compile/),
    });
  });

  it("should refuse a rule that reads a variable that is not a question", () => {
    const c = base();
    c.segments[0]!.rule = { "==": [{ var: "email" }, "x"] };
    expect(issuesOf(c)[0]).toMatchObject({
      path: "segments[0].rule",
      message: 'reads "email", which is not a question',
    });
  });

  it("should refuse a text without the default locale, and a locale not listed", () => {
    const c = base();
    c.purposes[0]!.label = { de: "Nur deutsch" };
    expect(issuesOf(c)[0]).toMatchObject({
      path: "purposes[0].label",
      message: expect.stringMatching(/default locale "en"/),
    });
    const d = base();
    d.purposes[0]!.label = { en: "Necessary", it: "Necessari" };
    expect(issuesOf(d)[0]).toMatchObject({ path: "purposes[0].label.it" });
  });

  it("should take declared overlaps and breakdowns of the site's segments, each once", () => {
    expect(checkSiteConfig({ ...base(), overlaps: [["runners", "outdoor"]] }).ok).toBe(true);
    const cases: [Partial<SiteConfigInput>, string, RegExp][] = [
      [{ overlaps: [["runners", "swimmers"]] }, "overlaps[0][1]", /no segment "swimmers"/],
      [{ overlaps: [["runners", "runners"]] }, "overlaps[0]", /with itself/],
      [
        {
          overlaps: [
            ["runners", "outdoor"],
            ["outdoor", "runners"],
          ],
        },
        "overlaps[1]",
        /declared twice/,
      ],
      [{ overlaps: [["runners"]] }, "overlaps[0]", /pair of two segment ids/],
      [{ breakdowns: ["nope"] }, "breakdowns[0]", /no segment "nope"/],
      [{ breakdowns: ["runners", "runners"] }, "breakdowns[1]", /listed twice/],
    ];
    for (const [extra, path, message] of cases) {
      const issues = issuesOf({ ...base(), ...extra });
      expect(issues[0]?.path, path).toBe(path);
      expect(issues[0]?.message).toMatch(message);
      expect(issues[0]?.fix.length).toBeGreaterThan(5);
    }
  });

  it("should refuse retention shorter than the window", () => {
    expect(issuesOf({ ...base(), retentionDays: 20, windowDays: 30 })[0]).toMatchObject({
      path: "retentionDays",
    });
  });

  it("should take proof: turnstile only with a sitekey, and a sitekey only with it", () => {
    const turnstile = checkSiteConfig({
      ...base(),
      proof: "turnstile",
      turnstileSiteKey: "0x4AAA_b-1",
    });
    expect(turnstile.ok && [turnstile.config.proof, turnstile.config.turnstileSiteKey]).toEqual([
      "turnstile",
      "0x4AAA_b-1",
    ]);
    // Left out, the proof is the self-contained proof of work.
    const pow = checkSiteConfig(base());
    expect(pow.ok && pow.config.proof).toBeUndefined();
    expect(issuesOf({ ...base(), proof: "turnstile" })[0]).toMatchObject({
      path: "turnstileSiteKey",
      message: 'is required with "proof": "turnstile"',
    });
    expect(issuesOf({ ...base(), turnstileSiteKey: "0x4AAA" })[0]).toMatchObject({
      path: "turnstileSiteKey",
    });
    expect(issuesOf({ ...base(), proof: "captcha" })[0]).toMatchObject({ path: "proof" });
    expect(
      issuesOf({ ...base(), proof: "turnstile", turnstileSiteKey: "<script>" })[0],
    ).toMatchObject({ path: "turnstileSiteKey" });
  });

  describe("noise settings", () => {
    const noisy = (extra: Partial<SiteConfigInput>) => ({
      ...base(),
      exactCounts: false,
      ...extra,
    });

    it(`should take dpEpsilon in whole 1/EPSILON_DENOMINATOR (${EPSILON_DENOMINATOR}) steps only`, () => {
      expect(checkSiteConfig(noisy({ dpEpsilon: 1 / EPSILON_DENOMINATOR + 0.25 })).ok).toBe(true);
      expect(issuesOf(noisy({ dpEpsilon: 0.5 + 1 / (2 * EPSILON_DENOMINATOR) }))[0]).toMatchObject({
        path: "dpEpsilon",
      });
    });

    it("should need retention for the window and a checkpoint period with noise, not in exact mode", () => {
      // Window 30: checkpoints every 15 days, so 45 days of retention.
      expect(checkSiteConfig(noisy({ retentionDays: 45 })).ok).toBe(true);
      expect(issuesOf(noisy({ retentionDays: 44 }))[0]).toMatchObject({
        path: "retentionDays",
        fix: 'set retentionDays to at least 45, or "exactCounts": true',
      });
      expect(checkSiteConfig({ ...base(), retentionDays: 30 }).ok).toBe(true);
    });

    it("should enforce maxEpsilonPerContribution against dpEpsilon times the counts a contribution can be in", () => {
      const r = checkSiteConfig(noisy({}));
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      // The demo: respondents, 11 segments, 2 overlaps, 13 options, 13 again in 1 breakdown.
      const counts = countsPerContribution(r.config).total;
      expect(counts).toBe(1 + 11 + 2 + 13 + 13);
      expect(checkSiteConfig(noisy({ maxEpsilonPerContribution: counts })).ok).toBe(true);
      const over = issuesOf(noisy({ maxEpsilonPerContribution: counts - 0.04 }));
      expect(over[0]).toMatchObject({ path: "maxEpsilonPerContribution" });
      expect(over[0]?.message).toContain(`${counts} counts`);
      expect(over[0]?.fix).toContain("lower dpEpsilon to at most 0.999");
      // Exact mode spends no epsilon: the cap has nothing to bound.
      expect(checkSiteConfig({ ...base(), maxEpsilonPerContribution: 0.5 }).ok).toBe(true);
      // The cap's own bounds: what the largest config could spend, and MIN_DP_EPSILON.
      const most = MAX_DP_EPSILON * MAX_COUNTS_PER_CONTRIBUTION;
      expect(checkSiteConfig({ ...base(), maxEpsilonPerContribution: most }).ok).toBe(true);
      expect(issuesOf({ ...base(), maxEpsilonPerContribution: most + 1 })[0]?.path).toBe(
        "maxEpsilonPerContribution",
      );
      expect(issuesOf({ ...base(), maxEpsilonPerContribution: MIN_DP_EPSILON / 2 })[0]?.path).toBe(
        "maxEpsilonPerContribution",
      );
    });
  });

  it("should take only https: policy URLs (http: on a local host), never javascript: or data:", () => {
    for (const url of [
      "https://shop.example/privacy",
      "https://shop.example",
      "https://shop.example/p?x=1#top",
      "http://localhost:8787/privacy",
      "http://127.0.0.1/privacy",
    ]) {
      const c = base();
      c.policyUrl = url;
      expect(checkSiteConfig(c).ok, url).toBe(true);
    }
    for (const url of [
      "javascript:alert(1)",
      "JavaScript:alert(document.cookie)",
      "data:text/html,<script>alert(1)</script>",
      "http://shop.example/privacy",
      "http://localhost.evil.example/",
      "ftp://shop.example/privacy",
      "JAVASCRIPT://shop.example/%0aalert(1)",
      "//shop.example/privacy",
      "https:///path",
    ]) {
      const c = base();
      c.policyUrl = url;
      const issues = issuesOf(c);
      expect(
        issues.map((i) => i.path),
        url,
      ).toContain("policyUrl");
    }
  });

  describe("special categories (DESIGN.md invariant 8)", () => {
    const healthQuestion = {
      id: "health-conditions",
      label: "Do you have a health condition we should know about?",
      kind: "multiple" as const,
      options: [
        { id: "asthma", label: "Asthma" },
        { id: "none", label: "None" },
      ],
    };

    it("should refuse a special-category question that is not marked sensitive", () => {
      const c = base();
      c.questions.push(healthQuestion);
      const issues = issuesOf(c);
      expect(issues.map((i) => i.path)).toEqual(["questions[5].sensitive", "questions[5].purpose"]);
      expect(issues[0]?.message).toMatch(/special-category data \(health, GDPR art\. 9\)/);
      expect(issues[1]?.fix).toMatch(/"explicit": true/);
    });

    it("should refuse a sensitive question tied to a purpose without explicit consent", () => {
      const c = base();
      c.questions.push({ ...healthQuestion, sensitive: true, purpose: "personalisation" });
      expect(issuesOf(c)).toEqual([expect.objectContaining({ path: "questions[5].purpose" })]);
    });

    it("should accept a sensitive question tied to an explicit-consent purpose", () => {
      const c = base();
      c.purposes.push({
        id: "health-offers",
        label: "Health offers",
        description: "Offers for your condition.",
        explicit: true,
      });
      c.questions.push({ ...healthQuestion, sensitive: true, purpose: "health-offers" });
      expect(checkSiteConfig(c).ok).toBe(true);
    });

    it("should treat a declared category as special even with neutral words", () => {
      expect(
        specialCategoryOf({
          id: "q",
          label: "Your team",
          kind: "single",
          category: "politics",
          sensitive: false,
        }),
      ).toBe("politics");
      expect(
        specialCategoryOf({ id: "sport", label: "Your sport", kind: "single", sensitive: false }),
      ).toBeUndefined();
      expect(
        specialCategoryOf({ id: "faith", label: "Glaube", kind: "single", sensitive: false }),
      ).toBe("religion");
    });
  });

  it("should print every issue with its path and fix", () => {
    const text = formatIssues([{ path: "k", message: "must be at least 2", fix: "raise it" }]);
    expect(text).toBe("  k: must be at least 2.\n    Fix: raise it.");
  });
});

describe("ruleVariables", () => {
  it("should list the questions a rule reads, but not iterator-scoped variables", () => {
    const rule = {
      and: [
        { some: [{ var: "interests" }, { "==": [{ var: "" }, "x"] }] },
        { ">": [{ var: "budget.amount" }, 1] },
        { var: ["level", "none"] },
      ],
    };
    expect([...ruleVariables(rule)].sort()).toEqual(["budget", "interests", "level"]);
  });
});

describe("publicConfig", () => {
  it("should leave out the marketer token hash and the sharding", () => {
    const r = checkSiteConfig(demo);
    if (!r.ok) throw new Error("demo must pass");
    const pub = publicConfig(r.config);
    expect(pub.site).toBe("demo");
    expect(JSON.stringify(pub)).not.toContain(r.config.marketerTokenSha256);
    expect(pub).not.toHaveProperty("shards");
    expect(pub).not.toHaveProperty("id");
  });
});
