import { describe, expect, it } from "vitest";
import { compileRule } from "../../shared/rules.ts";
import { segmentsFor, usableAnswers } from "../../widget/answers.ts";
import { demoConfig } from "./fixtures.ts";

const config = demoConfig();

describe("usableAnswers", () => {
  it("should keep valid answers and drop unknown questions, options and out-of-range scales", () => {
    expect(
      usableAnswers(
        config,
        {},
        {
          interests: ["running", "curling"],
          level: "pro",
          budget: 9,
          frequency: 3,
          gone: "x",
        },
      ),
    ).toEqual({ interests: ["running"], level: "pro", frequency: 3 });
  });

  it("should drop an answer whose question needs a purpose that is not granted", () => {
    const tied = {
      questions: [{ ...config.questions[1]!, purpose: "personalisation" }],
    };
    expect(usableAnswers(tied, { personalisation: false }, { level: "pro" })).toEqual({});
    expect(usableAnswers(tied, { personalisation: true }, { level: "pro" })).toEqual({
      level: "pro",
    });
  });
});

describe("segmentsFor", () => {
  it("should work out the demo segments on the device", () => {
    const segments = segmentsFor(
      config,
      { interests: ["running"], level: "beginner", budget: 2 },
      compileRule,
    );
    expect(segments).toContain("runners");
    expect(segments).toContain("beginners");
    expect(segments).toContain("value-seekers");
    expect(segments).toContain("outdoor");
    expect(segments).not.toContain("racket-fans");
  });

  it("should treat a rule that does not compile or throws as not in the segment", () => {
    const odd = {
      segments: [
        { id: "bad", label: "Bad", rule: { "no-such-op": [1] } },
        { id: "throws", label: "Throws", rule: { throw: "boom" } },
        { id: "ok", label: "Ok", rule: true },
      ],
    };
    expect(segmentsFor(odd, {}, compileRule)).toEqual(["ok"]);
  });

  it("should use JSON Logic truthiness (an empty array is false)", () => {
    expect(segmentsFor({ segments: [{ id: "e", label: "E", rule: [] }] }, {}, compileRule)).toEqual(
      [],
    );
  });
});
