import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  deepEqual,
  extractCases,
  formatReport,
  judgeCase,
  runConformance,
} from "../../scripts/conformance-judge.ts";
import { compileRule } from "../../shared/rules.ts";

const root = join(import.meta.dirname, "../..");
const compile = (rule: unknown) => compileRule(rule);
const dirs: string[] = [];

/** Writes suite files (path → JSON value) into a fresh temporary folder. */
function suiteDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "conformance-"));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), typeof content === "string" ? content : JSON.stringify(content));
  }
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Seven cases in two files: four pass, three fail (a wrong result, a wrong error type, and a
// result where an error was expected). Headings, the index and a text file give no case.
const FIXTURE = {
  "index.json": ["a.json", "sub/b.json"],
  "notes.txt": "not a suite",
  "a.json": [
    "# Arithmetic",
    { description: "adds", rule: { "+": [1, 2] }, result: 3 },
    { description: "divides by zero", rule: { "/": [1, 0] }, error: { type: "NaN" } },
    "# Tolerance",
    { description: "close enough", rule: { var: "x" }, data: { x: 0.1 + 0.2 }, result: 0.3 },
  ],
  "sub/b.json": [
    { description: "wrong result", rule: { "==": [1, 1] }, result: false },
    { description: "wrong error type", rule: { throw: "A" }, error: { type: "B" } },
    { description: "no error", rule: { "+": [1, 1] }, error: { type: "NaN" } },
    { description: "compile error", rule: { nope: 1 }, error: { type: "Unknown Operator" } },
  ],
};

describe("deepEqual", () => {
  it("should compare numbers within 1e-10 and NaN as equal to NaN", () => {
    expect(deepEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(deepEqual(1, 1 + 1e-9)).toBe(false);
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(deepEqual(-0, 0)).toBe(true);
  });

  it("should compare arrays by position and objects by their keys, strictly by type", () => {
    expect(deepEqual([1, { a: [2] }], [1, { a: [2] }])).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ 0: 1 }, [1])).toBe(false);
    expect(deepEqual(null, undefined)).toBe(false);
    expect(deepEqual("1", 1)).toBe(false);
    expect(deepEqual({}, [])).toBe(false);
  });
});

describe("extractCases", () => {
  it("should take the object entries of a suite file and skip headings", () => {
    const cases = extractCases("x.json", FIXTURE["a.json"]);
    expect(cases).toHaveLength(3);
    expect(cases.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(cases[0]).toMatchObject({ file: "x.json", description: "adds", data: null, result: 3 });
    expect(cases[1]?.error).toEqual({ type: "NaN" });
    expect(cases[1] && "result" in cases[1]).toBe(false);
  });

  it("should find no cases in what is not an array of entries", () => {
    expect(extractCases("index.json", ["a.json", "b.json"])).toEqual([]);
    expect(extractCases("package.json", { name: "x" })).toEqual([]);
  });
});

describe("judgeCase", () => {
  const base = { file: "f", index: 0, description: "", data: null };

  it("should pass an error case only when the thrown type matches", () => {
    expect(judgeCase({ ...base, rule: { throw: "T" }, error: { type: "T" } }, compile)).toBeNull();
    expect(judgeCase({ ...base, rule: { throw: "T" }, error: { type: "U" } }, compile)).toContain(
      '"T"',
    );
    expect(judgeCase({ ...base, rule: 1, error: { type: "T" } }, compile)).toContain(
      "instead of throwing",
    );
  });

  it("should fail a result case that throws, and say what it threw", () => {
    const got = judgeCase({ ...base, rule: { "/": [1, 0] }, result: 1 }, compile);
    expect(got).toContain('{"type":"NaN"}');
  });
});

describe("runConformance", () => {
  it("should count every case under a folder, recursively, and judge each strictly", () => {
    const report = runConformance(suiteDir(FIXTURE), compile);
    expect(report.files).toBe(3);
    expect(report.total).toBe(7);
    expect(report.passed).toBe(4);
    expect(report.failures.map((f) => `${f.case.file}: ${f.case.description}`)).toEqual([
      "sub/b.json: wrong result",
      "sub/b.json: wrong error type",
      "sub/b.json: no error",
    ]);
  });

  it("should end its report with the totals, after each failure's file, rule, expected and got", () => {
    const lines = formatReport(runConformance(suiteDir(FIXTURE), compile));
    expect(lines.slice(-2)).toEqual(["conformance: 4/7 passed", "4 passed, 3 failed"]);
    const text = lines.join("\n");
    expect(text).toContain("FAIL sub/b.json #0 wrong result");
    expect(text).toContain('rule:     {"==":[1,1]}');
    expect(text).toContain("expected: false");
    expect(text).toContain("got:      true");
  });

  it("should name the file of invalid JSON", () => {
    const dir = suiteDir({ "broken.json": "[{" });
    expect(() => runConformance(dir, compile)).toThrow(/broken\.json/);
  });
});

describe("npm run conformance", () => {
  const cli = (dir: string) =>
    spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts/conformance.ts"), dir], {
      cwd: root,
      encoding: "utf8",
    });

  it("should exit 1 and print the failures when a case fails", () => {
    const out = cli(suiteDir(FIXTURE));
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("FAIL sub/b.json #1 wrong error type");
    expect(out.stdout.trim().split("\n").slice(-2)).toEqual([
      "conformance: 4/7 passed",
      "4 passed, 3 failed",
    ]);
  });

  it("should exit 0 when every case passes, and 1 when there is no case at all", () => {
    const ok = cli(suiteDir({ "a.json": FIXTURE["a.json"] }));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("conformance: 3/3 passed");
    const none = cli(suiteDir({ "index.json": ["a.json"] }));
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("no cases found");
  });
});
