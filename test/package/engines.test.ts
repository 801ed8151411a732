/**
 * The dependency tree fits the Node versions the project declares (package.json `engines`,
 * README "Quick start"): no package in the lock file asks for a newer Node, so `npm ci` prints
 * no EBADENGINE on any supported version. Read from package-lock.json, which records each
 * package's own `engines` field: offline, and it fails the moment a bump brings in a package
 * that wants a newer Node (as @cloudflare/vitest-plugin's wrangler 4.156 did).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
  lockfileVersion: number;
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
};

/** The oldest release of each Node line the project supports: 20.19.0 and 22.13.0. */
const SUPPORTED_NODE = ["20.19.0", "22.13.0"] as const;

describe("engines", () => {
  it("should declare the Node versions the README names", () => {
    expect(pkg.engines.node).toBe("^20.19.0 || >=22.13.0");
    for (const v of SUPPORTED_NODE) expect(semver.satisfies(v, pkg.engines.node), v).toBe(true);
    expect(semver.satisfies("18.20.0", pkg.engines.node)).toBe(false);
  });

  it("should hold no package whose engines refuse a supported Node version", () => {
    expect(lock.lockfileVersion).toBe(3);
    const refused: string[] = [];
    let checked = 0;
    for (const [path, entry] of Object.entries(lock.packages)) {
      // Old packages wrote engines as an array of strings: npm ignores that form.
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!path || !range) continue;
      checked++;
      for (const v of SUPPORTED_NODE)
        if (!semver.satisfies(v, range, { includePrerelease: true }))
          refused.push(`${path.replace(/^.*node_modules\//, "")} wants node ${range} (not ${v})`);
    }
    expect(checked).toBeGreaterThan(100);
    expect(refused).toEqual([]);
  });
});
