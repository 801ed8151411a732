import { describe, expect, it } from "vitest";
import { ASSIGNMENT_ERROR_CODES, validateAssignment } from "../../shared/assignment.ts";
import { ERROR_STATUS } from "../../shared/errors.ts";
import { MAX_IDEMPOTENCY_KEY_LENGTH, MIN_IDEMPOTENCY_KEY_LENGTH } from "../../shared/limits.ts";
import type { SiteConfig } from "../../shared/schema.ts";
import { checkSiteConfig } from "../../shared/site-config.ts";
import demo from "../../worker/sites/demo.json";

const checked = checkSiteConfig(demo);
if (!checked.ok) throw new Error("demo config must pass");
const config: SiteConfig = checked.config;

/** A proof of the right shape: its signature and solution are the Worker's to check. */
const proof = { challenge: "abc.def", solution: 7 };

const valid = () => ({
  proof,
  policyVersion: config.policyVersion,
  consent: { analytics: true, personalisation: false, advertising: true },
  answers: { interests: ["running", "hiking"], level: "beginner", budget: 4 } as Record<
    string,
    unknown
  >,
});

function codeOf(body: unknown, gpc = false): string {
  const r = validateAssignment(config, body, { gpc });
  return r.ok ? "ok" : r.error.code;
}

describe("validateAssignment", () => {
  it("should accept a valid body and complete consent for every purpose", () => {
    const r = validateAssignment(config, valid());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.consent).toEqual({
      necessary: true,
      analytics: true,
      personalisation: false,
      advertising: true,
    });
    expect(r.value.answers).toEqual({
      interests: ["running", "hiking"],
      level: "beginner",
      budget: 4,
    });
  });

  it("should answer each cause with its own 422 code", () => {
    const cases: [string, unknown][] = [
      ["unknown_field", { ...valid(), email: "a@b.c" }],
      ["proof_required", { consent: { analytics: true }, answers: {} }],
      ["missing_field", { proof, consent: { analytics: true }, answers: {} }],
      ["out_of_range", { ...valid(), proof: { challenge: "abc.def", solution: -1 } }],
      ["invalid_type", { ...valid(), consent: "yes" }],
      ["invalid_type", [1, 2]],
      ["out_of_range", { ...valid(), idempotencyKey: "short" }],
      ["stale_policy", { ...valid(), policyVersion: "1999-01-01" }],
      ["unknown_purpose", { ...valid(), consent: { analytics: true, tracking: true } }],
      ["no_counting_consent", { ...valid(), consent: { analytics: false } }],
      ["unknown_question", { ...valid(), answers: { shoe_size: "44" } }],
      ["unknown_option", { ...valid(), answers: { level: "olympic" } }],
      ["unknown_option", { ...valid(), answers: { interests: ["curling"] } }],
      ["duplicate_option", { ...valid(), answers: { interests: ["running", "running"] } }],
      ["invalid_type", { ...valid(), answers: { level: ["beginner"] } }],
      ["invalid_type", { ...valid(), answers: { interests: "running" } }],
      ["invalid_type", { ...valid(), answers: { budget: "4" } }],
      ["out_of_range", { ...valid(), answers: { budget: 6 } }],
      ["out_of_range", { ...valid(), answers: { budget: 2.5 } }],
      // Keys valibot's record() drops silently: still unknown, still refused.
      ["unknown_purpose", { ...valid(), consent: { analytics: true, constructor: true } }],
      ["unknown_question", { ...valid(), answers: { prototype: 3 } }],
      [
        "unknown_purpose",
        JSON.parse(
          `{"proof":{"challenge":"a.b","solution":0},"policyVersion":"${config.policyVersion}","consent":{"analytics":true,"__proto__":true},"answers":{}}`,
        ),
      ],
      [
        "unknown_question",
        JSON.parse(
          `{"proof":{"challenge":"a.b","solution":0},"policyVersion":"${config.policyVersion}","consent":{"analytics":true},"answers":{"__proto__":"x"}}`,
        ),
      ],
    ];
    for (const [code, body] of cases) expect(codeOf(body), JSON.stringify(body)).toBe(code);
    for (const [code] of cases) expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS]).toBe(422);
  });

  it("should cover every listed error code", () => {
    const sensitive: SiteConfig = structuredClone(config);
    sensitive.purposes.push({
      id: "health",
      label: "Health",
      description: "d",
      required: false,
      saleOrShare: false,
      explicit: true,
      consentMode: [],
    });
    sensitive.questions.push({
      id: "condition",
      label: "Condition",
      kind: "single",
      options: [
        { id: "a", label: "A" },
        { id: "b", label: "B" },
      ],
      sensitive: true,
      purpose: "health",
    });
    const r = validateAssignment(sensitive, { ...valid(), answers: { condition: "a" } });
    expect(r.ok ? "ok" : r.error.code).toBe("no_purpose_consent");
    const granted = validateAssignment(sensitive, {
      ...valid(),
      consent: { analytics: true, health: true },
      answers: { condition: "a" },
    });
    expect(granted.ok).toBe(true);
    expect(ASSIGNMENT_ERROR_CODES.length).toBe(13);
  });

  it("should take the proof its site asks for, and say so of the other kind (invalid_proof)", () => {
    const turnstileSite: SiteConfig = { ...config, proof: "turnstile", turnstileSiteKey: "0x4AAA" };
    const token = { ...valid(), proof: { turnstile: "token-from-cloudflare" } };
    expect(codeOf(token)).toBe("invalid_proof");
    const r = validateAssignment(turnstileSite, token);
    expect(r.ok && r.value.proof).toEqual({ turnstile: "token-from-cloudflare" });
    const pow = validateAssignment(turnstileSite, valid());
    expect(pow.ok ? "ok" : [pow.error.code, pow.error.details]).toEqual([
      "invalid_proof",
      { field: "proof" },
    ]);
    const missing = validateAssignment(turnstileSite, { ...valid(), proof: undefined });
    expect(missing.ok ? "ok" : missing.error.code).toBe("missing_field");
    const none = validateAssignment(turnstileSite, { consent: {}, answers: {} });
    expect(none.ok ? "ok" : [none.error.code, none.error.message]).toEqual([
      "proof_required",
      'an assignment on this site needs a Turnstile token: "proof": { "turnstile": TOKEN }',
    ]);
    const extra = { ...valid(), proof: { turnstile: "t", solution: 1 } };
    expect(validateAssignment(turnstileSite, extra).ok ? "ok" : "refused").toBe("refused");
  });

  it("should name the offending field in details", () => {
    const r = validateAssignment(config, { ...valid(), answers: { level: "olympic" } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.details).toEqual({ field: "answers.level" });
    expect(r.error.message).toContain("olympic");
  });

  it("should bound the idempotency key length at both ends", () => {
    const key = (n: number) => ({ ...valid(), idempotencyKey: "k".repeat(n) });
    expect(codeOf(key(MIN_IDEMPOTENCY_KEY_LENGTH))).toBe("ok");
    expect(codeOf(key(MIN_IDEMPOTENCY_KEY_LENGTH - 1))).toBe("out_of_range");
    expect(codeOf(key(MAX_IDEMPOTENCY_KEY_LENGTH))).toBe("ok");
    expect(codeOf(key(MAX_IDEMPOTENCY_KEY_LENGTH + 1))).toBe("out_of_range");
  });

  it("should turn sale-or-share purposes off under Global Privacy Control (invariant 7)", () => {
    const r = validateAssignment(config, valid(), { gpc: true });
    expect(r.ok && r.value.consent.advertising).toBe(false);
    expect(r.ok && r.value.consent.analytics).toBe(true);
  });

  it("should keep required purposes on even when the body says no", () => {
    const r = validateAssignment(config, {
      ...valid(),
      consent: { analytics: true, necessary: false },
    });
    expect(r.ok && r.value.consent.necessary).toBe(true);
  });

  it("should accept an empty multiple-choice answer (the visitor picked none)", () => {
    expect(codeOf({ ...valid(), answers: { interests: [] } })).toBe("ok");
  });
});
