import { describe, expect, it } from "vitest";
import { bearerToken } from "../../../worker/middleware/marketer-auth.ts";
import { call, OWNER_TOKENS, TOKENS } from "../helpers.ts";

describe("bearerToken", () => {
  it("should read a Bearer token and nothing else", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken("Bearer a b")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

const get = (path: string, token?: string) =>
  call(path, token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } });

describe("tokenAuth: roles", () => {
  it("should let marketer and owner tokens read counts, each on its own site only", async () => {
    expect((await get("/v1/sites/tiny/segments", TOKENS.tiny)).status).toBe(200);
    expect((await get("/v1/sites/tiny/segments", OWNER_TOKENS.tiny)).status).toBe(200);
    expect((await get("/v1/sites/demo/segments", "demo-token")).status).toBe(200);
    const other = await get("/v1/sites/noisy/segments", TOKENS.tiny);
    expect(other.status).toBe(401);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("should answer 401 without a token or with an unknown one, and never accept a token's hash", async () => {
    expect((await get("/v1/sites/tiny/segments")).status).toBe(401);
    expect((await get("/v1/sites/tiny/segments", "not-a-token")).status).toBe(401);
    const { sha256Hex } = await import("../../../worker/counting/encoding.ts");
    expect((await get("/v1/sites/tiny/segments", await sha256Hex(TOKENS.tiny))).status).toBe(401);
  });

  it("should keep marketers off admin paths (403) and anyone without a token (401)", async () => {
    expect((await get("/v1/sites/tiny/admin/config", TOKENS.tiny)).status).toBe(403);
    expect((await get("/v1/sites/tiny/admin/tokens", TOKENS.tiny)).status).toBe(403);
    expect((await get("/v1/sites/tiny/admin/config")).status).toBe(401);
    expect((await get("/v1/sites/tiny/admin/config", OWNER_TOKENS.tiny)).status).toBe(200);
    // Another site's valid owner token: 401 like a made-up one (no oracle).
    expect((await get("/v1/sites/tiny/admin/config", OWNER_TOKENS.noisy)).status).toBe(401);
  });
});
