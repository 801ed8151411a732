import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { assessSite, protectedCharacteristicOf } from "../../shared/assessment.ts";
import { type SiteConfig, type SiteConfigInput, SiteConfigSchema } from "../../shared/schema.ts";
import demo from "../../worker/sites/demo.json";

/** The demo with one more question and a segment reading it (or not). */
function withQuestion(question: Record<string, unknown>, reads = true): SiteConfig {
  const input = structuredClone(demo) as SiteConfigInput;
  input.questions.push(question as SiteConfigInput["questions"][number]);
  input.segments.push({
    id: "targeted",
    label: "Targeted",
    rule: reads
      ? { "==": [{ var: String(question.id) }, "a"] }
      : { "==": [{ var: "level" }, "pro"] },
  });
  return v.parse(SiteConfigSchema, input);
}
const options = [
  { id: "a", label: "A" },
  { id: "b", label: "B" },
];
const flagged = (c: SiteConfig) =>
  assessSite(c).filter((f) => f.code === "segment-protected-characteristic");

describe("assessment: segments on protected characteristics", () => {
  it("should flag a segment reading a question tagged protectedCharacteristic", () => {
    const c = withQuestion({
      id: "q1",
      label: "Pick one",
      kind: "single",
      options,
      protectedCharacteristic: "age",
    });
    const [f] = flagged(c);
    expect(f).toMatchObject({
      severity: "medium",
      path: `segments[${c.segments.length - 1}].rule`,
    });
    expect(f?.message).toContain("(age)");
    expect(f?.fix).toMatch(/housing, employment or credit/);
  });

  it("should detect untagged age and gender questions by their wording", () => {
    const age = { id: "age-band", label: "How old are you?", kind: "single", options };
    const gender = { id: "q2", label: "Your gender", kind: "single", options };
    expect(
      protectedCharacteristicOf(v.parse(SiteConfigSchema.entries.questions.pipe[0].item, age)),
    ).toBe("age");
    expect(flagged(withQuestion(age))[0]?.message).toContain("(age)");
    expect(flagged(withQuestion(gender))[0]?.message).toContain("(sex-or-gender)");
  });

  it("should flag special categories too, and nothing when no segment reads the question", () => {
    const health = {
      id: "q3",
      label: "Any health condition?",
      kind: "single",
      options,
      sensitive: true,
      purpose: "analytics",
    };
    expect(flagged(withQuestion(health))[0]?.message).toContain("(health)");
    expect(
      flagged(withQuestion({ id: "q4", label: "Your gender", kind: "single", options }, false)),
    ).toEqual([]);
    // The demo's own segments read no protected characteristic.
    expect(flagged(v.parse(SiteConfigSchema, demo))).toEqual([]);
  });

  it("should ask for a controller when the config names none", () => {
    const { controller: _, ...rest } = structuredClone(demo);
    const f = assessSite(v.parse(SiteConfigSchema, rest)).find((x) => x.code === "no-controller");
    expect(f).toMatchObject({ severity: "medium", path: "controller" });
  });
});
