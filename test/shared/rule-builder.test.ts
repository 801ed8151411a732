import { describe, expect, it } from "vitest";
import {
  exampleAnswers,
  fromJsonLogic,
  type Node,
  toJsonLogic,
} from "../../shared/rule-builder.ts";
import { compileRule } from "../../shared/rules.ts";
import type { Question } from "../../shared/schema.ts";

const Q: Question[] = [
  {
    id: "sports",
    label: "Sports",
    kind: "multiple",
    options: [
      { id: "run", label: "Run" },
      { id: "swim", label: "Swim" },
      { id: "bike", label: "Bike" },
    ],
    sensitive: false,
  },
  {
    id: "level",
    label: "Level",
    kind: "single",
    options: [
      { id: "new", label: "New" },
      { id: "pro", label: "Pro" },
    ],
    sensitive: false,
  },
  { id: "budget", label: "Budget", kind: "scale", min: 1, max: 5, sensitive: false },
];

const matches = (node: Node, answers: Record<string, unknown>) =>
  Boolean(compileRule(toJsonLogic(node, Q))(answers));

describe("rule builder", () => {
  it("should write any of / all of options for multiple and single choices", () => {
    const any: Node = {
      kind: "options",
      question: "sports",
      match: "any",
      options: ["run", "swim"],
      not: false,
    };
    const all: Node = { ...any, match: "all" };
    expect(matches(any, { sports: ["swim"] })).toBe(true);
    expect(matches(all, { sports: ["swim"] })).toBe(false);
    expect(matches(all, { sports: ["run", "swim", "bike"] })).toBe(true);
    expect(matches(any, {})).toBe(false);
    const level: Node = {
      kind: "options",
      question: "level",
      match: "any",
      options: ["pro"],
      not: false,
    };
    expect(toJsonLogic(level, Q)).toEqual({ in: [{ var: ["level", ""] }, ["pro"]] });
    expect(matches(level, { level: "pro" })).toBe(true);
    expect(matches(level, {})).toBe(false);
  });

  it("should write scales at least / at most that never match an unanswered scale", () => {
    const atLeast: Node = {
      kind: "scale",
      question: "budget",
      match: "at-least",
      value: 4,
      not: false,
    };
    const atMost: Node = {
      kind: "scale",
      question: "budget",
      match: "at-most",
      value: 2,
      not: false,
    };
    expect([1, 2, 3, 4, 5].map((b) => matches(atLeast, { budget: b }))).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
    expect([1, 2, 3, 4, 5].map((b) => matches(atMost, { budget: b }))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(matches(atMost, {})).toBe(false);
    expect(matches(atLeast, {})).toBe(false);
  });

  it("should negate and nest groups, and read back every rule it writes", () => {
    const node: Node = {
      kind: "group",
      mode: "all",
      not: false,
      children: [
        { kind: "options", question: "sports", match: "any", options: ["run"], not: false },
        {
          kind: "group",
          mode: "any",
          not: true,
          children: [
            { kind: "scale", question: "budget", match: "at-most", value: 1, not: false },
            { kind: "options", question: "level", match: "any", options: ["new"], not: false },
          ],
        },
      ],
    };
    expect(matches(node, { sports: ["run"], budget: 3, level: "pro" })).toBe(true);
    expect(matches(node, { sports: ["run"], budget: 1, level: "pro" })).toBe(false);
    expect(matches(node, { sports: ["swim"], budget: 3, level: "pro" })).toBe(false);
    expect(fromJsonLogic(toJsonLogic(node, Q), Q)).toEqual(node);
    expect(fromJsonLogic({ "+": [1, 2] }, Q)).toBeUndefined();
    expect(
      fromJsonLogic({ "!": [{ "!": [{ in: [{ var: ["level", ""] }, ["new"]] }] }] }, Q),
    ).toBeUndefined();
  });

  it("should offer example answer sets that are valid answers", () => {
    const sets = exampleAnswers(Q);
    expect(sets.map((s) => s.name)).toHaveLength(4);
    expect(sets[0]?.answers).toEqual({});
    expect(sets[1]?.answers).toEqual({ sports: ["run"], level: "new", budget: 1 });
    expect(sets[2]?.answers).toEqual({ sports: ["bike"], level: "pro", budget: 5 });
    expect(sets[3]?.answers).toEqual({ sports: ["run", "swim", "bike"], level: "new", budget: 3 });
  });
});
