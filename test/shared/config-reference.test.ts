/**
 * The site-config reference in worker/README.md ("## Site config reference") documents every
 * field of the SiteConfig schema: adding a field to shared/schema.ts without a row in the
 * reference, or leaving a row for a field that is gone, fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SiteConfigSchema } from "../../shared/schema.ts";

const README = new URL("../../worker/README.md", import.meta.url);
const SECTION = "## Site config reference";
/** The subsection heading of the top-level object; nested objects are headed by their path. */
const TOP_LEVEL = "Top level";

/** The parts of a valibot schema this walk follows; anything else is a leaf. */
interface SchemaNode {
  kind: "schema";
  type: string;
  entries?: Record<string, unknown>;
  wrapped?: unknown;
  item?: unknown;
  value?: unknown;
  options?: unknown;
  pipe?: unknown;
}

function isSchema(x: unknown): x is SchemaNode {
  return (
    typeof x === "object" &&
    x !== null &&
    (x as { kind?: unknown }).kind === "schema" &&
    typeof (x as { type?: unknown }).type === "string"
  );
}

/**
 * Every object of the schema by path ("" for the top level, `questions[].options[]` for an
 * option), with its field names. Follows object `entries`, `optional`/`nullish` `wrapped`,
 * array `item`, record `value`, union `options` and the schemas of a `pipe`.
 */
function objectFields(schema: unknown, path = "", out = new Map<string, Set<string>>()) {
  if (!isSchema(schema)) return out;
  if (schema.entries !== undefined) {
    const fields = out.get(path) ?? new Set<string>();
    out.set(path, fields);
    for (const [name, child] of Object.entries(schema.entries)) {
      fields.add(name);
      objectFields(child, path ? `${path}.${name}` : name, out);
    }
  }
  if (schema.wrapped !== undefined) objectFields(schema.wrapped, path, out);
  if (schema.item !== undefined) objectFields(schema.item, `${path}[]`, out);
  if (schema.value !== undefined) objectFields(schema.value, path, out);
  // A picklist's options are strings, a union's are schemas: isSchema skips the strings.
  if (Array.isArray(schema.options)) for (const o of schema.options) objectFields(o, path, out);
  // pipe[0] is the piped schema itself (whose entries/item are spread onto the pipe), the rest
  // are actions and, rarely, further schemas.
  if (Array.isArray(schema.pipe)) for (const p of schema.pipe) objectFields(p, path, out);
  return out;
}

/** The text of the reference section, up to the next `## ` heading. */
function referenceSection(): string {
  const text = readFileSync(README, "utf8");
  const start = text.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`worker/README.md has no "${SECTION}" section`);
  const end = text.indexOf("\n## ", start + SECTION.length + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The body of the `### ` subsection whose heading is exactly `heading`. */
function subsection(section: string, heading: string): string | undefined {
  const parts = section.split(/\n### /);
  const part = parts.find((p) => p.split("\n", 1)[0]?.trim() === heading);
  return part?.slice(part.indexOf("\n"));
}

/** The code spans in the first cell of each table row (header and separator rows excluded). */
function tableFields(body: string): string[] {
  const names: string[] = [];
  for (const line of body.split("\n")) {
    const m = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (m?.[1] !== undefined) names.push(m[1]);
  }
  return names;
}

const headingOf = (path: string): string => (path === "" ? TOP_LEVEL : `\`${path}\``);

describe("site config reference (worker/README.md)", () => {
  const objects = objectFields(SiteConfigSchema);
  const section = referenceSection();

  it("should find the schema's objects and fields", () => {
    expect([...objects.keys()].sort()).toEqual(
      [
        "",
        "banner",
        "controller",
        "launcher",
        "googleConsentMode",
        "purposes[]",
        "purposes[].partners[]",
        "questions[]",
        "questions[].options[]",
        "segments[]",
        "transfers[]",
      ].sort(),
    );
    expect(objects.get("")).toContain("marketerTokenSha256");
    expect(objects.get("questions[].options[]")).toEqual(new Set(["id", "label"]));
  });

  it("should name every field of the schema as a code span", () => {
    const names = new Set([...objects.values()].flatMap((fields) => [...fields]));
    const missing = [...names].filter((name) => !section.includes(`\`${name}\``));
    expect(missing, "fields without a mention in the reference").toEqual([]);
  });

  it.each([...objects.keys()])("should have a row for each field of %j, and only those", (path) => {
    const body = subsection(section, headingOf(path));
    expect(body, `a "### ${headingOf(path)}" subsection`).toBeDefined();
    const rows = tableFields(body ?? "");
    const fields = [...(objects.get(path) ?? [])];
    expect(
      fields.filter((f) => !rows.includes(f)),
      "fields without a row",
    ).toEqual([]);
    expect(
      rows.filter((r) => !fields.includes(r)),
      "rows for no field",
    ).toEqual([]);
  });
});
