/**
 * wrangler.toml is configuration the tests cannot observe through requests alone: what Workers
 * logging records, and the rate limiter's period. These pin it to the decisions in
 * worker/README.md ("Logging", "Rate limiting") and to the constants the code uses.
 */
import { describe, expect, it } from "vitest";
import { RATE_BUDGETS, RATE_LIMIT_PERIOD_SECONDS } from "../../worker/limits.ts";
import toml from "../../wrangler.toml?raw";

/** The lines of one [table] of the file (up to the next table header). */
function table(name: string): string {
  const start = toml.indexOf(`\n${name}\n`);
  if (start < 0) throw new Error(`no ${name} in wrangler.toml`);
  const rest = toml.slice(start + name.length + 2);
  const end = rest.search(/\n\[/);
  return end < 0 ? rest : rest.slice(0, end);
}

describe("wrangler.toml", () => {
  it("should set Workers logging explicitly, without invocation logs (request metadata)", () => {
    expect(table("[observability]")).toMatch(/^enabled = true$/m);
    expect(table("[observability.logs]")).toMatch(/^invocation_logs = false$/m);
  });

  it("should give every rate budget its binding, with the limit and period the code answers with", () => {
    const blocks = toml.split("\n[[ratelimits]]\n").slice(1);
    expect(blocks).toHaveLength(Object.keys(RATE_BUDGETS).length);
    const namespaces = new Set<string>();
    for (const { binding, limit } of Object.values(RATE_BUDGETS)) {
      const block = blocks.find((b) => b.startsWith(`name = "${binding}"\n`));
      expect(block, binding).toBeDefined();
      expect(block, binding).toContain(
        `simple = { limit = ${limit}, period = ${RATE_LIMIT_PERIOD_SECONDS} }`,
      );
      namespaces.add(/namespace_id = "(\d+)"/.exec(block ?? "")?.[1] ?? "");
    }
    // Each binding counts on its own: distinct namespaces.
    expect(namespaces.size).toBe(Object.keys(RATE_BUDGETS).length);
  });

  it("should bind the SQLite-backed Durable Object through a migration", () => {
    expect(table("[[migrations]]")).toMatch(/^new_sqlite_classes = \["SiteCounter"\]$/m);
  });

  it("should add the site store with its own migration (v2), keeping v1", () => {
    expect(toml).toMatch(/\[\[migrations\]\]\ntag = "v1"\nnew_sqlite_classes = \["SiteCounter"\]/);
    expect(toml).toMatch(/\[\[migrations\]\]\ntag = "v2"\nnew_sqlite_classes = \["SiteStore"\]/);
    expect(toml).toMatch(/name = "SITES"\nclass_name = "SiteStore"/);
  });

  it("should repeat every binding in [env.local] (environments inherit none) and seed only there", () => {
    const [top = "", local = ""] = toml.split("\n[env.local]\n");
    const blocks = (text: string, kind: string) =>
      text
        .split(/\n(?=\[)/)
        .filter((b) => b.startsWith(kind))
        .map((b) => b.slice(kind.length).trim());
    for (const [kind, localKind] of [
      ["[[durable_objects.bindings]]", "[[env.local.durable_objects.bindings]]"],
      ["[[ratelimits]]", "[[env.local.ratelimits]]"],
    ] as const) {
      const want = blocks(top, kind);
      expect(want.length, kind).toBeGreaterThan(1);
      // Comments above a top-level block are not part of it.
      expect(blocks(local, localKind), kind).toEqual(
        want.map((b) => b.replace(/\n\n#[\s\S]*$/, "")),
      );
    }
    expect(top).toMatch(/^main = "worker\/index\.ts"$/m);
    expect(local).toMatch(/^main = "worker\/index\.local\.ts"$/m);
  });
});
