import { describe, expect, it } from "vitest";
import { CORS_MAX_AGE_SECONDS } from "../../../worker/limits.ts";
import { assign, call, send, tinyBody } from "../helpers.ts";

const ALLOWED = "https://tiny.example";
const EVIL = "https://evil.example";

describe("visitor CORS", () => {
  it("should echo an allowed origin, never *, never with credentials", async () => {
    for (const res of [
      await call("/v1/sites/tiny/config", { headers: { Origin: ALLOWED } }),
      (await assign("tiny", tinyBody(), { Origin: ALLOWED })).res,
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ALLOWED);
      expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
      expect(res.headers.get("Vary")).toContain("Origin");
    }
  });

  it("should allow the Worker's own origin (the demo page it serves)", async () => {
    const { res } = await assign("tiny", tinyBody(), { Origin: "https://edge.example" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://edge.example");
  });

  it("should answer 403 origin_not_allowed to a write from another origin, and send no CORS grant", async () => {
    for (const method of ["POST", "DELETE"]) {
      const res = await send("/v1/sites/tiny/assignments", method, tinyBody(), { Origin: EVIL });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        "origin_not_allowed",
      );
      expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    }
  });

  it("should not grant a read of the config to another origin", async () => {
    const res = await call("/v1/sites/tiny/config", { headers: { Origin: EVIL } });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("should let requests without an Origin through (curl, servers)", async () => {
    const { res } = await assign("tiny", tinyBody());
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("should answer a preflight from an allowed origin with 204 and the methods", async () => {
    const res = await call("/v1/sites/tiny/assignments", {
      method: "OPTIONS",
      headers: {
        Origin: ALLOWED,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ALLOWED);
    expect(res.headers.get("Access-Control-Allow-Methods")).toContain("DELETE");
    expect(res.headers.get("Access-Control-Allow-Headers")).toBe("Content-Type");
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    expect(res.headers.get("Access-Control-Max-Age")).toBe(String(CORS_MAX_AGE_SECONDS));
  });

  it("should refuse a preflight from another origin with 403, and one for an unknown site with 404", async () => {
    const res = await call("/v1/sites/tiny/assignments", {
      method: "OPTIONS",
      headers: { Origin: EVIL },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const unknown = await call("/v1/sites/nope/assignments", {
      method: "OPTIONS",
      headers: { Origin: ALLOWED },
    });
    expect(unknown.status).toBe(404);
  });

  it("should add CORS headers to error answers for allowed origins, so the widget can read them", async () => {
    const { res } = await assign("tiny", { nope: 1 }, { Origin: ALLOWED });
    expect(res.status).toBe(422);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ALLOWED);
  });

  it("should never send CORS grants on marketer endpoints", async () => {
    const res = await call("/v1/sites/tiny/segments", {
      headers: { Origin: ALLOWED, Authorization: "Bearer tiny-token" },
    });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});
