/**
 * Which Chromium the browser tests drive (test/local.ts): a newcomer's machine has none, so the
 * npm package's binary is the default, and a system or chosen one wins when there is one.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHROMIUM_CACHE, chromiumPath, SYSTEM_CHROMIUM } from "../local.ts";

describe("chromiumPath", () => {
  it("should take $CHROMIUM_PATH first, whatever else exists", async () => {
    expect(await chromiumPath({ CHROMIUM_PATH: "/opt/chrome" }, () => true)).toBe("/opt/chrome");
  });

  it("should take the system Chromium when there is one", async () => {
    expect(await chromiumPath({}, (p) => p === SYSTEM_CHROMIUM)).toBe(SYSTEM_CHROMIUM);
  });

  it("should take the binary already unpacked from @sparticuz/chromium", async () => {
    const unpacked = join(CHROMIUM_CACHE, "chromium");
    expect(await chromiumPath({}, (p) => p === unpacked)).toBe(unpacked);
  });

  it("should unpack the npm package's binary into node_modules/.cache when nothing else exists", async () => {
    // The real unpack (a no-op when an earlier run left it there): the file it names exists.
    const path = await chromiumPath({}, (p) => p !== SYSTEM_CHROMIUM && existsSync(p));
    expect(path).toBe(join(CHROMIUM_CACHE, "chromium"));
    expect(existsSync(path)).toBe(true);
    expect(path).toContain(join("node_modules", ".cache", "preferably-chromium"));
  }, 120_000);
});
