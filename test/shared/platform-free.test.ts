import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const sharedFiles = readdirSync(join(root, "shared")).filter((f) => f.endsWith(".ts"));

// STYLE.md rule 1: shared/ compiles with ES2022 only, so a stray `document` or
// `DurableObjectState` fails the build. These tests keep that configuration from drifting.
describe("shared/ stays platform-free", () => {
  it("should compile with lib ES2022 only and no ambient types", () => {
    const tsconfig = JSON.parse(readFileSync(join(root, "shared/tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions.lib).toEqual(["ES2022"]);
    expect(tsconfig.compilerOptions.types).toEqual([]);
  });

  it("should import nothing but its own modules and valibot", () => {
    expect(sharedFiles.length).toBeGreaterThan(5);
    for (const file of sharedFiles) {
      const source = readFileSync(join(root, "shared", file), "utf8");
      const specifiers = [...source.matchAll(/^import[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1]);
      for (const s of specifiers) expect(`${file}: ${s}`).toMatch(/: (\.\/[a-z-]+\.ts|valibot)$/);
    }
  });

  it("should use no eval and no new Function (Workers and strict CSP refuse them)", () => {
    for (const file of sharedFiles) {
      const source = readFileSync(join(root, "shared", file), "utf8");
      expect(source, file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(/);
    }
  });
});
