import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { HSTS, securityHeaders } from "../../../worker/middleware/security-headers.ts";
import { call, marketer, send, tinyBody } from "../helpers.ts";

async function answers(): Promise<[string, Response][]> {
  return [
    ["config", await call("/v1/sites/tiny/config")],
    ["assignment", await send("/v1/sites/tiny/assignments", "POST", tinyBody())],
    ["assignment error", await send("/v1/sites/tiny/assignments", "POST", "{")],
    ["segments", await marketer("tiny")],
    ["csv", await marketer("tiny", "segments.csv")],
    ["privacy json", await call("/v1/sites/tiny/privacy")],
    ["privacy html", await call("/v1/sites/tiny/privacy?format=html")],
    ["unknown site", await call("/v1/sites/nope/config")],
    ["unknown route", await call("/v2/nothing")],
    ["healthz", await call("/healthz")],
  ];
}

describe("security headers", () => {
  it("should be on every answer, errors included", async () => {
    for (const [name, res] of await answers()) {
      expect(res.headers.get("X-Content-Type-Options"), name).toBe("nosniff");
      expect(res.headers.get("Strict-Transport-Security"), name).toBe(HSTS);
      expect(res.headers.get("Referrer-Policy"), name).toBe("no-referrer");
      expect(res.headers.get("X-Frame-Options"), name).toBe("DENY");
      expect(res.headers.get("Content-Security-Policy"), name).toContain("default-src 'none'");
      expect(res.headers.get("Content-Security-Policy"), name).toContain("frame-ancestors 'none'");
      expect(res.headers.get("Permissions-Policy"), name).toContain("camera=()");
      expect(res.headers.get("Cross-Origin-Resource-Policy"), name).toMatch(
        /^(cross-origin|same-origin)$/,
      );
      expect(res.headers.get("Set-Cookie"), name).toBeNull();
    }
  });

  it("should let only the visitor endpoints be loaded cross-origin", async () => {
    expect((await call("/v1/sites/tiny/config")).headers.get("Cross-Origin-Resource-Policy")).toBe(
      "cross-origin",
    );
    // The per-site script is loaded by the site's own pages, on their origin.
    const script = await call("/v1/sites/tiny/widget.js");
    expect(script.headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    expect((await marketer("tiny")).headers.get("Cross-Origin-Resource-Policy")).toBe(
      "same-origin",
    );
  });

  it("should answer unknown routes with a JSON 404 not_found", async () => {
    const res = await call("/v1/nothing");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", message: "no such route" } });
  });

  it("should also set them on responses with immutable headers (fetch, redirects)", async () => {
    const mini = new Hono()
      .use("*", securityHeaders())
      .get("/", () => Response.redirect("https://edge.example/x", 302));
    const res = await mini.request("https://edge.example/");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("https://edge.example/x");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
  });
});
