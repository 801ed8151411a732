/**
 * GET /v1/sites/:site/widget.js, the per-site script: dist/widget.js with the site's public
 * config and the visitor's texts inside. Its size budget, as served, is test/e2e/first-paint.test.ts.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { COMPILE_HINTS } from "../../../shared/site-script.ts";
import { CONFIG_MAX_AGE_SECONDS, MAX_ACCEPT_LANGUAGE_TAGS } from "../../../worker/limits.ts";
import { acceptedLanguages } from "../../../worker/routes/widget-script.ts";
import { call, demo } from "../helpers.ts";

const PATH = "/v1/sites/demo/widget.js";

/** The embedded data of a per-site script (its last line is the call with it). */
function embedded(body: string): {
  config: Record<string, unknown>;
  locale: string;
  texts?: Record<string, string>;
} {
  const m = /^\}\)\((\{.*\})\);$/.exec(body.trimEnd().split("\n").pop() ?? "");
  if (!m?.[1]) throw new Error("no embedded data");
  return JSON.parse(m[1]);
}

describe("GET /v1/sites/:site/widget.js", () => {
  it("should be dist/widget.js with the site's public config inside, in the visitor's locale", async () => {
    const res = await SELF.fetch(`https://edge.example${PATH}`, {
      headers: { "Accept-Language": "de-AT,de;q=0.9,en;q=0.5" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    const body = await res.text();
    const core = await (await env.ASSETS.fetch("https://edge.example/widget.js")).text();
    expect(body).toContain(core.trim());
    // V8's compile hint must be the file's first line to count (shared/site-script.ts).
    expect(body.startsWith(`${COMPILE_HINTS}\n`)).toBe(true);
    const e = embedded(body);
    expect(e.locale).toBe("de");
    expect(e.config.site).toBe("demo");
    expect(e.config.name).toBe("Stride Sports (demo)");
    expect(e.config.locales).toEqual(demo.locales);
    expect(e.config).not.toHaveProperty("marketerTokenSha256");
    // Only what the widget reads: the edge's and the record of processing's fields stay out.
    for (const field of ["allowedOrigins", "k", "dpEpsilon", "retentionDays", "controller"]) {
      expect(e.config).not.toHaveProperty(field);
    }
    expect(e.config).toHaveProperty("segments");
    expect(JSON.stringify(e)).not.toContain(demo.marketerTokenSha256);
    expect((e.config.banner as { title: string }).title).toBe("Ihre Wahl bei Stride Sports");
    expect(e.texts?.acceptAll).toBe("Alle akzeptieren");
    // One language only: none of the other locales' texts ride along.
    expect(body).not.toContain("Tout accepter");
    expect(body).not.toContain("Your choices at Stride Sports");
  });

  it("should fall back to the default locale, with no widget texts (English is built in)", async () => {
    const res = await call(PATH, { headers: { "Accept-Language": "ja, *;q=0.1" } });
    const e = embedded(await res.text());
    expect(e.locale).toBe("en");
    expect(e).not.toHaveProperty("texts");
  });

  it("should send a strong ETag varying on Accept-Language, and 304 to If-None-Match", async () => {
    const de = await call(PATH, { headers: { "Accept-Language": "de" } });
    const fr = await call(PATH, { headers: { "Accept-Language": "fr" } });
    const etag = de.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(fr.headers.get("ETag")).not.toBe(etag);
    expect(de.headers.get("Vary")).toBe("Accept-Language");
    expect(de.headers.get("Cache-Control")).toBe(`public, max-age=${CONFIG_MAX_AGE_SECONDS}`);
    const again = await call(PATH, { headers: { "Accept-Language": "de", "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("should answer 404 unknown_site, and 405 to another method", async () => {
    const res = await call("/v1/sites/nope/widget.js");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "unknown_site", message: "no such site" } });
    expect((await call(PATH, { method: "POST" })).status).toBe(405);
  });
});

describe("acceptedLanguages", () => {
  it("should order by q, keep the header's order on ties, and drop * and q=0", () => {
    expect(acceptedLanguages("fr;q=0.5, de-AT, en;q=0.8, *;q=0.1, es;q=0")).toEqual([
      "de-AT",
      "en",
      "fr",
    ]);
    expect(acceptedLanguages(undefined)).toEqual([]);
  });

  it(`should look at ${MAX_ACCEPT_LANGUAGE_TAGS} tags at most`, () => {
    const header = Array.from({ length: MAX_ACCEPT_LANGUAGE_TAGS + 1 }, (_, i) => `x${i}`).join(
      ",",
    );
    expect(acceptedLanguages(header)).toHaveLength(MAX_ACCEPT_LANGUAGE_TAGS);
  });
});
