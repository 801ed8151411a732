import { describe, expect, it } from "vitest";
import { CONFIG_MAX_AGE_SECONDS } from "../../../worker/limits.ts";
import { call, TOKEN_HASHES, tiny } from "../helpers.ts";

const PATH = "/v1/sites/tiny/config";

describe("GET /v1/sites/:site/config", () => {
  it("should answer the public config without the token hash or the shard count", async () => {
    const res = await call(PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.site).toBe("tiny");
    expect(body.policyVersion).toBe(tiny.policyVersion);
    expect(body.questions).toEqual(tiny.questions);
    expect(body.purposes).toEqual(tiny.purposes);
    expect(body.segments).toEqual(tiny.segments);
    expect(body).not.toHaveProperty("marketerTokenSha256");
    expect(body).not.toHaveProperty("shards");
    expect(JSON.stringify(body)).not.toContain(TOKEN_HASHES.tiny);
  });

  it("should send a strong ETag and a public Cache-Control", async () => {
    const res = await call(PATH);
    expect(res.headers.get("ETag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get("Cache-Control")).toBe(`public, max-age=${CONFIG_MAX_AGE_SECONDS}`);
  });

  it("should answer 304 without a body to a matching If-None-Match, also weak or in a list", async () => {
    const etag = (await call(PATH)).headers.get("ETag") ?? "";
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const res = await call(PATH, { headers: { "If-None-Match": header } });
      expect(res.status).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("ETag")).toBe(etag);
    }
    expect((await call(PATH, { headers: { "If-None-Match": '"other"' } })).status).toBe(200);
  });

  it("should give different sites different ETags", async () => {
    const a = (await call(PATH)).headers.get("ETag");
    const b = (await call("/v1/sites/noisy/config")).headers.get("ETag");
    expect(a).not.toBe(b);
  });

  it("should answer 404 unknown_site for an unknown site", async () => {
    const res = await call("/v1/sites/nope/config");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "unknown_site", message: "no such site" } });
  });

  it("should answer 405 to a POST", async () => {
    const res = await call(PATH, { method: "POST" });
    expect(res.status).toBe(405);
  });
});
