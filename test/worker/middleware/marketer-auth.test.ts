import { describe, expect, it } from "vitest";
import {
  bearerToken,
  tokenFingerprint,
  tokenMatches,
} from "../../../worker/middleware/marketer-auth.ts";
import { demo, noisy, tiny } from "../helpers.ts";

describe("tokenMatches", () => {
  it("should accept a site's own token only", async () => {
    expect(await tokenMatches(tiny, "tiny-token")).toBe(true);
    expect(await tokenMatches(demo, "demo-token")).toBe(true);
    expect(await tokenMatches(tiny, "demo-token")).toBe(false);
    expect(await tokenMatches(noisy, "tiny-token")).toBe(false);
    expect(await tokenMatches(tiny, "")).toBe(false);
    expect(await tokenMatches(tiny, tiny.marketerTokenSha256)).toBe(false);
  });
});

describe("bearerToken", () => {
  it("should read a Bearer token and nothing else", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken("Bearer a b")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe("tokenFingerprint", () => {
  it("should be 8 hex of the SHA-256 of the token hash, not a prefix of the hash", async () => {
    const fp = await tokenFingerprint(tiny);
    expect(fp).toMatch(/^[0-9a-f]{8}$/);
    expect(tiny.marketerTokenSha256.startsWith(fp)).toBe(false);
    expect(await tokenFingerprint(noisy)).not.toBe(fp);
  });
});
