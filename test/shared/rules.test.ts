import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compileRule,
  MAX_RULE_DEPTH,
  MAX_RULE_ITERATIONS,
  MAX_RULE_NODES,
  RuleCompileError,
  RuleError,
  RuleLimitError,
} from "../../shared/rules.ts";

/** Compiles and runs in one go. */
const run = (rule: unknown, data: unknown = null): unknown => compileRule(rule)(data);

/** What a rule throws (compiling or evaluating): the error, or a failure when it does not throw. */
function thrown(rule: unknown, data: unknown = null, options = {}): RuleError {
  try {
    compileRule(rule, options)(data);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleError);
    return e as RuleError;
  }
  throw new Error(`expected ${JSON.stringify(rule)} to throw`);
}

/** `{"!": {"!": … {"!": true}}}` with `ops` operations: depth ops + 1 (the literal counts). */
const nested = (ops: number): unknown => {
  let rule: unknown = true;
  for (let i = 0; i < ops; i++) rule = { "!": rule };
  return rule;
};

describe("compileRule: data in, result out", () => {
  it("should pass literals through, evaluating operations inside arrays", () => {
    expect(run(17)).toBe(17);
    expect(run("apple")).toBe("apple");
    expect(run(null)).toBeNull();
    expect(run(["a", "b"])).toEqual(["a", "b"]);
    expect(run([1, { var: "x" }, 3], { x: 2 })).toEqual([1, 2, 3]);
    expect(run({})).toEqual({});
    expect(run({ preserve: { "==": [1, 1] } })).toEqual({ "==": [1, 1] });
  });

  it("should compile once and give the same answers on every call", () => {
    const rule = compileRule({ ">=": [{ var: "budget" }, 3] });
    expect([1, 2, 3, 4, 5].map((budget) => rule({ budget }))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(rule({ budget: 3 })).toBe(true);
  });

  it("should not change the data it reads", () => {
    const data = { interests: ["running"], nested: { a: [1, 2] } };
    const copy = structuredClone(data);
    run({ merge: [{ var: "interests" }, { var: "nested.a" }] }, data);
    run({ map: [{ var: "nested.a" }, { "*": [{ var: "" }, 2] }] }, data);
    expect(data).toEqual(copy);
  });
});

describe("var, val, exists, missing", () => {
  it("should read dotted paths and array indexes with var", () => {
    expect(run({ var: "a.b" }, { a: { b: "c" } })).toBe("c");
    expect(run({ var: 1 }, ["apple", "banana"])).toBe("banana");
    expect(run({ var: "1.1" }, ["apple", ["banana", "beer"]])).toBe("beer");
    expect(run({ var: "" }, 7)).toBe(7);
    expect(run({ var: [] }, 7)).toBe(7);
    expect(run({ var: "a.b.c" }, { a: null })).toBeNull();
  });

  it("should use var's default only when the value is missing, not when it is falsy", () => {
    expect(run({ var: ["missing", "default"] }, {})).toBe("default");
    expect(run({ var: ["count", 99] }, { count: 0 })).toBe(0);
    expect(run({ var: ["name", "anon"] }, { name: "" })).toBe("");
    expect(run({ var: ["active", true] }, { active: false })).toBe(false);
    expect(run({ var: ["interests", []] }, {})).toEqual([]);
  });

  it("should read a var whose key is computed", () => {
    const rule = { var: { if: [{ var: "deep" }, "a.b", "c"] } };
    expect(run(rule, { deep: true, a: { b: 1 }, c: 2 })).toBe(1);
    expect(run(rule, { deep: false, a: { b: 1 }, c: 2 })).toBe(2);
  });

  it("should never see prototypes: inherited keys read as missing", () => {
    for (const key of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(run({ var: key }, {})).toBeNull();
      expect(run({ var: `a.${key}` }, { a: {} })).toBeNull();
      expect(run({ val: key }, {})).toBeNull();
      expect(run({ exists: key }, {})).toBe(false);
    }
    expect(run({ var: "length" }, [1, 2])).toBe(2);
  });

  it("should read key lists with val, where dots are part of a key", () => {
    expect(run({ val: ["hello", "world"] }, { hello: { world: 1 } })).toBe(1);
    expect(run({ val: "." }, { ".": 20 })).toBe(20);
    expect(run({ val: "" }, { "": 1 })).toBe(1);
    expect(run({ val: [] }, { "": 21 })).toEqual({ "": 21 });
    expect(run({ val: ["a", "b", "c"] }, { a: null })).toBeNull();
    expect(run({ val: { cat: ["te", "st"] } }, { test: 1 })).toBe(1);
  });

  it("should climb scopes with val inside iterators: [1] is the iteration, [2] the data around", () => {
    const data = { numbers: [1, 2, 3], add: 10 };
    expect(
      run({ map: [{ val: "numbers" }, { "+": [{ val: [[1], "index"] }, { val: [] }] }] }, data),
    ).toEqual([1, 3, 5]);
    expect(
      run({ map: [{ val: "numbers" }, { "+": [{ val: [[-2], "add"] }, { val: [] }] }] }, data),
    ).toEqual([11, 12, 13]);
    const inner = { map: [[1, 2], { "+": [{ val: [] }, { val: [[-4], "add"] }] }] };
    expect(run({ map: [["x"], inner] }, data)).toEqual([[11, 12]]);
  });

  it("should tell whether a path exists with exists, null values included", () => {
    expect(run({ exists: "hello" }, { hello: null })).toBe(true);
    expect(run({ exists: ["hello", "world"] }, { hello: { world: false } })).toBe(true);
    expect(run({ exists: ["hello", "x"] }, { hello: { world: false } })).toBe(false);
    expect(run({ exists: "hello" }, null)).toBe(false);
  });

  it("should list missing keys (null and empty strings count as missing) with missing and missing_some", () => {
    expect(run({ missing: ["a", "b.c", "d"] }, { a: 1, b: { c: null }, d: "" })).toEqual([
      "b.c",
      "d",
    ]);
    expect(run({ missing: { merge: ["vin", ["apr"]] } }, { vin: 1 })).toEqual(["apr"]);
    expect(run({ missing_some: [1, ["a", "b"]] }, { b: 2 })).toEqual([]);
    expect(run({ missing_some: [2, ["a", "b", "c"]] }, { a: 1 })).toEqual(["b", "c"]);
  });
});

describe("truthiness and logic", () => {
  it("should treat an empty array as false and an empty object as true", () => {
    const cases: [unknown, boolean][] = [
      [[[]], false],
      [[[0]], true],
      [[{}], true],
      [[""], false],
      [["0"], true],
      [[0], false],
      [[-1], true],
      [[null], false],
      [[false], false],
      [[true], true],
    ];
    for (const [arg, truthy] of cases) {
      expect(run({ "!!": arg }), JSON.stringify(arg)).toBe(truthy);
      expect(run({ "!": arg }), JSON.stringify(arg)).toBe(!truthy);
    }
  });

  it("should take a lone argument of ! as the value itself, so that it tests for an empty list", () => {
    expect(run({ "!": { var: "tags" } }, { tags: [] })).toBe(true);
    expect(run({ "!": { var: "tags" } }, { tags: [""] })).toBe(false);
    expect(run({ "!": [] })).toBe(true);
    expect(run({ "!!": [] })).toBe(false);
  });

  it("should return the deciding value from and/or, for one, two, three and more arguments", () => {
    expect(run({ and: [] })).toBe(false);
    expect(run({ or: [] })).toBe(false);
    expect(run({ and: [0] })).toBe(0);
    expect(run({ and: [1, "x"] })).toBe("x");
    expect(run({ and: [1, [], 3] })).toEqual([]);
    expect(run({ and: [1, 2, 3, 4] })).toBe(4);
    expect(run({ or: [0, ""] })).toBe("");
    expect(run({ or: [0, "", null, "hello"] })).toBe("hello");
    expect(run({ or: [false, [], "0"] })).toBe("0");
  });

  it("should short-circuit and, or, if, ?? and comparison chains", () => {
    const boom = { throw: "Not Lazy" };
    expect(run({ and: [false, boom] })).toBe(false);
    expect(run({ and: [1, 2, 0, boom] })).toBe(0);
    expect(run({ or: [1, boom] })).toBe(1);
    expect(run({ or: [0, 0, 1, boom] })).toBe(1);
    expect(run({ if: [false, boom, "b"] })).toBe("b");
    expect(run({ "??": ["a", boom] })).toBe("a");
    expect(run({ "<": [3, 2, boom] })).toBe(false);
  });

  it("should pick if branches: then/else pairs, else, or null", () => {
    expect(run({ if: [] })).toBeNull();
    expect(run({ if: ["x"] })).toBe("x");
    expect(run({ if: [false, "a"] })).toBeNull();
    expect(run({ if: [[], "a", "b"] })).toBe("b");
    expect(run({ if: [false, "a", true, "b", "c"] })).toBe("b");
    expect(run({ if: [false, "a", false, "b", "c"] })).toBe("c");
    expect(run({ "?:": [{ var: "ok" }, "yes", "no"] }, { ok: 1 })).toBe("yes");
  });

  it("should give the first non-null value with ??", () => {
    expect(run({ "??": [] })).toBeNull();
    expect(run({ "??": [null, false, "x"] })).toBe(false);
    expect(run({ "??": [{ var: "a" }, { var: "b" }, "none"] }, { b: 0 })).toBe(0);
  });
});

describe("comparisons", () => {
  it("should compare loosely with == as JSON Logic defines it", () => {
    expect(run({ "==": [1, "1"] })).toBe(true);
    expect(run({ "==": [null, 0] })).toBe(true);
    expect(run({ "==": [null, true] })).toBe(false);
    expect(run({ "==": [1, true] })).toBe(true);
    expect(run({ "==": ["a", "a"] })).toBe(true);
    expect(run({ "==": [null, ""] })).toBe(false);
    expect(run({ "!=": [{ var: "level" }, "pro"] }, {})).toBe(true);
    expect(run({ "==": [3, 3, 3] })).toBe(true);
    expect(run({ "!=": [3, 2, 3] })).toBe(true);
  });

  it("should throw NaN when == or < compares something that is not a number with a number", () => {
    expect(thrown({ "==": [1, "A"] }).type).toBe("NaN");
    expect(thrown({ "==": [[], [1]] }).type).toBe("NaN");
    expect(thrown({ "==": [{ var: "x" }, "beginner"] }, { x: 5 }).type).toBe("NaN");
    expect(thrown({ "<": [{}, 1] }).type).toBe("NaN");
    expect(thrown({ ">=": [{ var: "x" }, 3] }, { x: "many" }).type).toBe("NaN");
  });

  it("should compare strictly with === and !==", () => {
    expect(run({ "===": [1, "1"] })).toBe(false);
    expect(run({ "!==": [1, "1"] })).toBe(true);
    expect(run({ "===": [0, { "+": "0" }] })).toBe(true);
  });

  it("should order numbers, numeric strings, strings and null", () => {
    expect(run({ "<": ["2", 10] })).toBe(true);
    expect(run({ "<": ["a", "b"] })).toBe(true);
    expect(run({ ">": ["2024-01-02", "2024-01-01"] })).toBe(true);
    expect(run({ "<": [null, 1] })).toBe(true);
    expect(run({ ">=": [null, 0] })).toBe(true);
    expect(run({ "<=": [1, { var: "x" }, 3] }, { x: 2 })).toBe(true);
    expect(run({ "<=": [1, { var: "x" }, 3] }, { x: 4 })).toBe(false);
    expect(run({ "<": [1, { var: "x" }, 3] }, { x: 1 })).toBe(false);
    expect(run({ ">": [{ var: "a" }, { var: "b" }] }, { a: 2, b: 1 })).toBe(true);
  });

  it("should need at least two values and an array of them", () => {
    expect(thrown({ "<": [1] }).type).toBe("Invalid Arguments");
    expect(thrown({ "==": 5 }).type).toBe("Invalid Arguments");
    expect(thrown({ "==": { preserve: [1, 1] } }).type).toBe("Invalid Arguments");
  });
});

describe("in, strings, arrays", () => {
  it("should find elements of arrays and substrings of strings with in", () => {
    expect(
      run({ in: ["running", { var: "interests" }] }, { interests: ["running", "tennis"] }),
    ).toBe(true);
    expect(run({ in: ["yoga", { var: "interests" }] }, { interests: ["running"] })).toBe(false);
    expect(run({ in: ["running", { var: "interests" }] }, {})).toBe(false);
    expect(run({ in: ["Spring", "Springfield"] })).toBe(true);
    expect(run({ in: ["x", 5] })).toBe(false);
    expect(run({ in: [{ var: "level" }, ["advanced", "pro"]] }, { level: "pro" })).toBe(true);
    expect(run({ in: [{ var: "level" }, ["advanced", "pro"]] }, { level: "beginner" })).toBe(false);
    expect(run({ in: [1, ["1"]] })).toBe(false);
    expect(run({ in: { merge: [["a"], [["b", "a"]]] } })).toBe(true);
  });

  it("should concatenate with cat, skipping null", () => {
    expect(run({ cat: ["ice", null, "cream", 2, true] })).toBe("icecream2true");
    expect(run({ cat: { var: "words" } }, { words: ["a", "b"] })).toBe("ab");
  });

  it("should cut strings with substr, negative start and length counting from the end", () => {
    expect(run({ substr: ["jsonlogic", 4] })).toBe("logic");
    expect(run({ substr: ["jsonlogic", -5] })).toBe("logic");
    expect(run({ substr: ["jsonlogic", 1, 3] })).toBe("son");
    expect(run({ substr: ["jsonlogic", -5, -2] })).toBe("log");
    expect(run({ substr: ["jsonlogic", 1, -5] })).toBe("son");
    expect(run({ substr: ["test", -10, 1] })).toBe("t");
    expect(run({ substr: [42, 0, 1] })).toBe("4");
  });

  it("should flatten one level with merge", () => {
    expect(run({ merge: [[1, 2], null, [3, [4]]] })).toEqual([1, 2, null, 3, [4]]);
    expect(run({ merge: 1 })).toEqual([1]);
  });
});

describe("arithmetic", () => {
  it("should add, multiply, subtract, divide and take remainders, coercing numeric values", () => {
    expect(run({ "+": [1, "2", true, null, ""] })).toBe(4);
    expect(run({ "+": [] })).toBe(0);
    expect(run({ "*": [2, "3"] })).toBe(6);
    expect(run({ "*": [] })).toBe(1);
    expect(run({ "-": [10, 3, 2] })).toBe(5);
    expect(run({ "-": 4 })).toBe(-4);
    expect(run({ "/": [8, 2, 2] })).toBe(2);
    expect(run({ "/": 2 })).toBe(0.5);
    expect(run({ "%": [-8, 3] })).toBe(-2);
    expect(run({ "+": "1e2" })).toBe(100);
    expect(run({ "+": { merge: [[1, 2], 3] } })).toBe(6);
    expect(run({ max: [1, 3, 2] })).toBe(3);
    expect(run({ min: { var: "xs" } }, { xs: [4, 2, 9] })).toBe(2);
  });

  it("should throw NaN for what is not a number and for division by zero", () => {
    for (const rule of [
      { "+": ["Hey", 1] },
      { "*": [[1], 1] },
      { "+": {} },
      { "/": [1, 0] },
      { "/": 0 },
      { "%": [1, 0] },
    ]) {
      expect(thrown(rule).type, JSON.stringify(rule)).toBe("NaN");
    }
  });

  it("should throw Invalid Arguments for too few operands", () => {
    for (const rule of [
      { "-": [] },
      { "/": [] },
      { "%": [1] },
      { "%": 1 },
      { max: [] },
      { max: ["1"] },
    ]) {
      expect(thrown(rule).type, JSON.stringify(rule)).toBe("Invalid Arguments");
    }
  });
});

describe("iterators", () => {
  const data = { xs: [1, 2, 3], people: [{ age: 20 }, { age: 30 }], empty: [] };

  it("should map, filter and reduce", () => {
    expect(run({ map: [{ var: "xs" }, { "*": [{ var: "" }, 2] }] }, data)).toEqual([2, 4, 6]);
    expect(run({ map: [{ var: "people" }, { var: "age" }] }, data)).toEqual([20, 30]);
    expect(run({ filter: [{ var: "xs" }, { "%": [{ var: "" }, 2] }] }, data)).toEqual([1, 3]);
    expect(run({ filter: [{ var: "xs" }, { in: [{ var: "" }, [2, 3]] }] }, data)).toEqual([2, 3]);
    const sum = { "+": [{ var: "accumulator" }, { var: "current" }] };
    expect(run({ reduce: [{ var: "xs" }, sum, 10] }, data)).toBe(16);
    expect(run({ reduce: [{ var: "xs" }, sum] }, data)).toBe(6);
  });

  it("should decide all, some and none, with all of nothing false", () => {
    expect(run({ all: [{ var: "xs" }, { ">": [{ var: "" }, 0] }] }, data)).toBe(true);
    expect(run({ all: [{ var: "empty" }, true] }, data)).toBe(false);
    expect(run({ some: [{ var: "xs" }, { "==": [{ var: "" }, 2] }] }, data)).toBe(true);
    expect(run({ some: [{ var: "xs" }, { "==": [{ var: "" }, 9] }] }, data)).toBe(false);
    expect(run({ none: [{ var: "xs" }, { ">": [{ var: "" }, 5] }] }, data)).toBe(true);
    expect(run({ none: [{ var: "empty" }, true] }, data)).toBe(true);
    expect(run({ some: [{ var: "people" }, { ">=": [{ var: "age" }, 30] }] }, data)).toBe(true);
  });

  it("should treat a computed null list as empty for map, filter and reduce, and refuse it for all, some, none", () => {
    expect(run({ map: [{ var: "nope" }, 1] }, data)).toEqual([]);
    expect(run({ filter: [{ var: "nope" }, 1] }, data)).toEqual([]);
    expect(run({ reduce: [{ var: "nope" }, 1, 42] }, data)).toBe(42);
    for (const op of ["all", "some", "none"]) {
      expect(thrown({ [op]: [{ var: "nope" }, true] }, data).type).toBe("Invalid Arguments");
    }
  });

  it("should refuse literal non-lists, missing bodies and non-array arguments when compiling", () => {
    expect(() => compileRule({ map: [null, { var: "" }] })).toThrow(RuleCompileError);
    expect(() => compileRule({ filter: [{ var: "xs" }, null] })).toThrow(RuleCompileError);
    expect(() => compileRule({ some: { preserve: [[1], true] } })).toThrow(RuleCompileError);
    expect(run({ all: [{ var: "xs" }, null] }, data)).toBe(false);
  });
});

describe("errors: try and throw", () => {
  it("should throw the given type with throw, or the type of a thrown object", () => {
    expect(thrown({ throw: "hello" }).type).toBe("hello");
    expect(thrown({ throw: { var: "e" } }, { e: { type: "Custom" } }).type).toBe("Custom");
  });

  it("should fall back in try, with the error as the fallback's data and the outer data two levels up", () => {
    expect(run({ try: [{ throw: "A" }, 1] })).toBe(1);
    expect(run({ try: [{ "/": [1, 0] }, { var: "type" }] })).toBe("NaN");
    expect(run({ try: [{ throw: "A" }, { throw: "B" }, { val: "type" }] })).toBe("B");
    expect(run({ try: [{ throw: "A" }, { val: [[2], "fallback"] }] }, { fallback: "x" })).toBe("x");
    expect(thrown({ try: [{ throw: "A" }, { throw: "B" }] }).type).toBe("B");
    expect(run({ try: [] })).toBeNull();
  });

  it("should put a type on every evaluation error and a path on every compile error", () => {
    const nan = thrown({ "+": ["x"] });
    expect(nan).not.toBeInstanceOf(RuleCompileError);
    expect(nan.type).toBe("NaN");
    const bad = thrown({ if: "apple" });
    expect(bad).toBeInstanceOf(RuleCompileError);
    expect(bad.type).toBe("Invalid Arguments");
    expect((bad as RuleCompileError).path).toBe("rule.if");
  });

  it("should name the JSON path of an unknown operator in the message", () => {
    const e = thrown({ and: [true, { nope: [1] }] });
    expect(e).toBeInstanceOf(RuleCompileError);
    expect(e.type).toBe("Unknown Operator");
    expect((e as RuleCompileError).path).toBe("rule.and[1]");
    expect(e.message).toContain("nope");
    expect(e.message).toContain("rule.and[1]");
    expect((thrown({ "!": { in: ["x", { foo: 1 }] } }) as RuleCompileError).path).toBe(
      'rule["!"].in[1]',
    );
    expect(thrown({ a: 1, b: 2 }).type).toBe("Unknown Operator");
    expect(thrown({ log: "x" }).type).toBe("Unknown Operator");
    expect(thrown({ constructor: [] }).type).toBe("Unknown Operator");
  });
});

describe("limits", () => {
  it(`should compile a rule exactly MAX_RULE_DEPTH (${MAX_RULE_DEPTH}) deep, and refuse one level more`, () => {
    // An even number of negations of true is true.
    expect(run(nested(MAX_RULE_DEPTH - 1))).toBe((MAX_RULE_DEPTH - 1) % 2 === 0);
    const e = thrown(nested(MAX_RULE_DEPTH));
    expect(e).toBeInstanceOf(RuleCompileError);
    expect(e.type).toBe("Limit Exceeded");
    expect(e.message).toContain("MAX_RULE_DEPTH");
  });

  it("should count literal arrays as levels of depth, but not an operation's list of arguments", () => {
    let deep: unknown = 1;
    for (let i = 1; i < MAX_RULE_DEPTH; i++) deep = [deep];
    expect(() => compileRule(deep)).not.toThrow();
    expect(thrown([deep]).message).toContain("MAX_RULE_DEPTH");
    expect(() => compileRule({ "!": [nested(MAX_RULE_DEPTH - 2)] })).not.toThrow();
  });

  it(`should compile a rule of exactly MAX_RULE_NODES (${MAX_RULE_NODES}) values, and refuse one more`, () => {
    // `cat` itself is one value, each argument another.
    const args = (n: number) => Array.from({ length: n }, () => "a");
    expect(run({ cat: args(MAX_RULE_NODES - 1) })).toHaveLength(MAX_RULE_NODES - 1);
    const e = thrown({ cat: args(MAX_RULE_NODES) });
    expect(e).toBeInstanceOf(RuleCompileError);
    expect(e.type).toBe("Limit Exceeded");
    expect(e.message).toContain("MAX_RULE_NODES");
  });

  it(`should let an iterator take exactly MAX_RULE_ITERATIONS (${MAX_RULE_ITERATIONS}) steps, and stop it one step later`, () => {
    const rule = compileRule({ map: [{ var: "xs" }, 1] });
    expect(rule({ xs: new Array(MAX_RULE_ITERATIONS).fill(0) })).toHaveLength(MAX_RULE_ITERATIONS);
    let caught: unknown;
    try {
      rule({ xs: new Array(MAX_RULE_ITERATIONS + 1).fill(0) });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RuleLimitError);
    expect((caught as RuleError).type).toBe("Limit Exceeded");
    expect((caught as Error).message).toContain("MAX_RULE_ITERATIONS");
    // The budget is per evaluation: the same rule works again afterwards.
    expect(rule({ xs: [0, 0] })).toEqual([1, 1]);
  });

  it("should take smaller limits from options, at the same boundaries", () => {
    expect(() => compileRule(nested(3), { maxDepth: 4 })).not.toThrow();
    expect(thrown(nested(4), null, { maxDepth: 4 }).message).toContain("MAX_RULE_DEPTH");
    expect(() => compileRule({ cat: ["a", "b"] }, { maxNodes: 3 })).not.toThrow();
    expect(thrown({ cat: ["a", "b", "c"] }, null, { maxNodes: 3 }).message).toContain(
      "MAX_RULE_NODES",
    );
    const rule = compileRule({ some: [{ var: "xs" }, false] }, { maxIterations: 3 });
    expect(rule({ xs: [1, 2, 3] })).toBe(false);
    expect(() => rule({ xs: [1, 2, 3, 4] })).toThrow(RuleLimitError);
  });

  it("should count nested iterators against the outermost one's budget", () => {
    const grid = (n: number) => Array.from({ length: n }, () => new Array(n).fill(0));
    const rule = compileRule(
      { map: [{ var: "rows" }, { map: [{ var: "" }, 1] }] },
      { maxIterations: 110 },
    );
    expect(rule({ rows: grid(10) })).toHaveLength(10); // 10 + 10 × 10 steps
    expect(() => rule({ rows: grid(11) })).toThrow(RuleLimitError); // 11 + 11 × 11
  });

  it("should stop a reduce that doubles its accumulator, instead of eating memory", () => {
    const xs = new Array(64).fill(0);
    const twice = (op: string) => ({ [op]: [{ var: "accumulator" }, { var: "accumulator" }] });
    expect(() => run({ reduce: [{ var: "xs" }, twice("merge"), [1]] }, { xs })).toThrow(
      RuleLimitError,
    );
    expect(() => run({ reduce: [{ var: "xs" }, twice("cat"), "x"] }, { xs })).toThrow(
      RuleLimitError,
    );
    expect(run({ reduce: [{ var: "xs" }, twice("cat"), ""] }, { xs: [0, 0] })).toBe("");
  });

  it("should not let try catch a limit", () => {
    const rule = { try: [{ map: [{ var: "xs" }, 1] }, "caught"] };
    expect(() => compileRule(rule, { maxIterations: 2 })({ xs: [1, 2, 3] })).toThrow(
      RuleLimitError,
    );
    expect(compileRule(rule, { maxIterations: 2 })({ xs: "not a list" })).toBe("caught");
  });
});

describe("segment rules (DESIGN.md: rules over the visitor's answers)", () => {
  const answers = {
    interests: ["running", "tennis"],
    sport: "football",
    budget: 3,
    frequency: 4,
    newsletter: true,
    level: "beginner",
  };

  it("should assign the segments of the demo kinds", () => {
    expect(run({ in: ["running", { var: "interests" }] }, answers)).toBe(true);
    expect(run({ in: ["yoga", { var: ["interests", []] }] }, answers)).toBe(false);
    expect(run({ some: [{ var: "interests" }, { "==": [{ var: "" }, "tennis"] }] }, answers)).toBe(
      true,
    );
    expect(
      run(
        { some: [{ var: ["interests", []] }, { in: [{ var: "" }, ["running", "hiking"]] }] },
        answers,
      ),
    ).toBe(true);
    const budgetNoNews = {
      and: [{ ">=": [{ var: "budget" }, 3] }, { "!": { var: "newsletter" } }],
    };
    expect(run(budgetNoNews, answers)).toBe(false);
    expect(run(budgetNoNews, { ...answers, newsletter: false })).toBe(true);
    expect(run({ "==": [{ var: "level" }, "beginner"] }, answers)).toBe(true);
    expect(run({ "<=": [3, { var: ["frequency", 0] }, 5] }, answers)).toBe(true);
    expect(
      run(
        { or: [{ "==": [{ var: "sport" }, "tennis"] }, { ">": [{ var: "frequency" }, 3] }] },
        answers,
      ),
    ).toBe(true);
    expect(run({ "!": { in: [{ var: ["level", ""] }, ["advanced", "pro"]] } }, answers)).toBe(true);
  });

  it("should treat a skipped question as missing, not as an error", () => {
    const skipped = {};
    expect(run({ in: ["running", { var: "interests" }] }, skipped)).toBe(false);
    expect(run({ "==": [{ var: "level" }, "beginner"] }, skipped)).toBe(false);
    expect(run({ ">=": [{ var: ["budget", 0] }, 4] }, skipped)).toBe(false);
    expect(
      run({ some: [{ var: ["interests", []] }, { "==": [{ var: "" }, "tennis"] }] }, skipped),
    ).toBe(false);
    expect(run({ "!": { var: "newsletter" } }, skipped)).toBe(true);
    expect(run({ "==": [{ var: "level" }, "beginner"] }, null)).toBe(false);
  });

  it("should read many keys, more than there are fast key slots, correctly", () => {
    const keys = Array.from({ length: 20 }, (_, i) => `q${i}`);
    const data = Object.fromEntries(keys.map((k, i) => [k, i]));
    keys.forEach((k, i) => {
      expect(run({ "==": [{ var: k }, i] }, data), k).toBe(true);
      expect(run({ val: k }, data), k).toBe(i);
    });
  });
});

describe("closures only", () => {
  it("should build no code from strings: no eval, no new Function in shared/rules*.ts", () => {
    const dir = join(import.meta.dirname, "../../shared");
    const files = readdirSync(dir).filter((f) => /^rules.*\.ts$/.test(f));
    expect(files).toContain("rules.ts");
    for (const f of files) {
      const source = readFileSync(join(dir, f), "utf8");
      expect(source, f).not.toMatch(
        /\beval\s*\(|new\s+Function\b|\bFunction\s*\(|setTimeout\s*\(\s*["'`]/,
      );
    }
  });

  it("should compile to plain functions, without touching the global Function constructor", () => {
    const original = globalThis.Function;
    const spy = new Proxy(original, {
      construct() {
        throw new Error("Function constructor used");
      },
      apply() {
        throw new Error("Function called");
      },
    });
    globalThis.Function = spy;
    try {
      const rule = compileRule({
        and: [{ in: ["a", { var: "xs" }] }, { "<": [1, { var: "n" }, 3] }],
      });
      expect(typeof rule).toBe("function");
      expect(rule({ xs: ["a"], n: 2 })).toBe(true);
    } finally {
      globalThis.Function = original;
    }
  });
});
