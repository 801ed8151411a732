/**
 * @module
 * The strict judge of the JSON Logic compatibility suites (../shared/conformance/jsonlogic,
 * README.md there), kept out of shared/ so that nothing of it ships. A suite file is a JSON array:
 * a string is a section heading, an object is a case `{ description?, rule, data?, result }` or
 * `{ description?, rule, data?, error: { type } }`. A result case passes when the compiled rule
 * returns a deeply equal value (numbers within 1e-10, NaN equal to NaN); an error case passes
 * only when compiling or evaluating throws something whose `type` equals the expected one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Numbers closer than this are equal (README: "numbers within 1e-10"). */
export const NUMBER_TOLERANCE = 1e-10;

/** One case of a suite file. */
export interface ConformanceCase {
  /** The file, relative to the directory that was searched. */
  file: string;
  /** Position among the file's cases (headings not counted), from 0. */
  index: number;
  description: string;
  rule: unknown;
  /** The case's `data`, or null when it has none. */
  data: unknown;
  /** What the rule must return; absent on error cases. */
  result?: unknown;
  /** What the rule must throw; absent on result cases. */
  error?: { type?: unknown };
}

/** Compiles a rule into a function of the data, throwing on a rule that does not compile. */
export type Compile = (rule: unknown) => (data: unknown) => unknown;

/** One case that did not pass, with what came out instead. */
export interface ConformanceFailure {
  case: ConformanceCase;
  /** What the rule returned or threw, for the report. */
  got: string;
}

/** The outcome of a whole directory. */
export interface ConformanceReport {
  files: number;
  total: number;
  passed: number;
  failures: ConformanceFailure[];
}

/**
 * Deep equality of JSON values: numbers within `tolerance` (and NaN equal to NaN), arrays by
 * position, objects by their own keys; null and undefined differ.
 *
 * @example deepEqual({ a: [0.1 + 0.2] }, { a: [0.3] }) // true
 */
export function deepEqual(a: unknown, b: unknown, tolerance = NUMBER_TOLERANCE): boolean {
  if (typeof a === "number" && typeof b === "number") {
    return (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= tolerance || a === b;
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tolerance),
  );
}

/**
 * The cases of one parsed suite file: its object entries, in order. Headings (strings) and
 * anything that is not an array of entries give no case.
 *
 * @example extractCases("x.json", ["# heading", { rule: 1, result: 1 }]).length // 1
 */
export function extractCases(file: string, json: unknown): ConformanceCase[] {
  if (!Array.isArray(json)) return [];
  const cases: ConformanceCase[] = [];
  for (const entry of json) {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) continue;
    const e = entry as Record<string, unknown>;
    const c: ConformanceCase = {
      file,
      index: cases.length,
      description: typeof e.description === "string" ? e.description : "",
      rule: e.rule,
      data: e.data ?? null,
    };
    if ("error" in e) c.error = (e.error ?? {}) as { type?: unknown };
    else c.result = e.result;
    cases.push(c);
  }
  return cases;
}

/** Every `*.json` under `dir`, recursively, sorted, as paths relative to `dir`. */
export function findSuiteFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.split("\\").join("/"))
    .sort();
}

/** Every case under `dir`. A file that is not valid JSON throws, naming the file. */
export function loadCases(dir: string): { files: number; cases: ConformanceCase[] } {
  const files = findSuiteFiles(dir);
  const cases: ConformanceCase[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch (e) {
      throw new Error(`${relative(process.cwd(), join(dir, file))}: ${(e as Error).message}`);
    }
    cases.push(...extractCases(file, json));
  }
  return { files: files.length, cases };
}

const show = (v: unknown): string =>
  v === undefined
    ? "undefined"
    : typeof v === "number" && !Number.isFinite(v)
      ? String(v)
      : JSON.stringify(v);

const thrownType = (e: unknown): unknown =>
  e !== null && typeof e === "object" && "type" in e ? (e as { type: unknown }).type : undefined;

/**
 * Judges one case: null when it passes, else what came out instead.
 *
 * @example judgeCase({ file: "x", index: 0, description: "", rule: 1, data: null, result: 1 }, () => () => 1) // null
 */
export function judgeCase(c: ConformanceCase, compile: Compile): string | null {
  let out: unknown;
  try {
    out = compile(c.rule)(c.data);
  } catch (e) {
    if (c.error && deepEqual(thrownType(e), c.error.type)) return null;
    const type = thrownType(e);
    return `threw ${type === undefined ? String(e) : `{"type":${show(type)}}`} (${(e as Error)?.message ?? e})`;
  }
  if (c.error) return `returned ${show(out)} instead of throwing`;
  return deepEqual(out, c.result) ? null : show(out);
}

/** Runs every case under `dir` through `compile`. */
export function runConformance(dir: string, compile: Compile): ConformanceReport {
  const { files, cases } = loadCases(dir);
  const failures: ConformanceFailure[] = [];
  for (const c of cases) {
    const got = judgeCase(c, compile);
    if (got !== null) failures.push({ case: c, got });
  }
  return { files, total: cases.length, passed: cases.length - failures.length, failures };
}

/** The report as lines: every failure (file, description, rule, expected, got), then the totals. */
export function formatReport(report: ConformanceReport): string[] {
  const lines: string[] = [];
  for (const { case: c, got } of report.failures) {
    const expected = c.error ? `throws {"type":${show(c.error.type)}}` : show(c.result);
    lines.push(
      `FAIL ${c.file} #${c.index}${c.description ? ` ${c.description}` : ""}`,
      `  rule:     ${show(c.rule)}`,
      `  data:     ${show(c.data)}`,
      `  expected: ${expected}`,
      `  got:      ${got}`,
    );
  }
  lines.push(
    `conformance: ${report.passed}/${report.total} passed`,
    `${report.passed} passed, ${report.total - report.passed} failed`,
  );
  return lines;
}
