import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../worker/app.ts";
import { RATE_LIMIT, RATE_LIMIT_PERIOD_SECONDS } from "../../../worker/limits.ts";
import { call, netCounts, SEEDS, send, tiny, tinyBody } from "../helpers.ts";

describe("rate limit", () => {
  it("should answer 429 rate_limited with Retry-After past the limit, counting nothing more", async () => {
    const ip = "192.0.2.77";
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i++) {
      statuses.push(
        (
          await send("/v1/sites/tiny/assignments", "POST", tinyBody({ answers: {} }), {
            "CF-Connecting-IP": ip,
          })
        ).status,
      );
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    const before = await netCounts(tiny);
    const res = await send("/v1/sites/tiny/assignments", "POST", tinyBody(), {
      "CF-Connecting-IP": ip,
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(await netCounts(tiny)).toEqual(before);
    // Another client is not affected.
    expect(
      (
        await send("/v1/sites/tiny/assignments", "POST", tinyBody(), {
          "CF-Connecting-IP": "192.0.2.78",
        })
      ).status,
    ).toBe(200);
  });

  it("should limit marketer reads too (guessing tokens), but not the config", async () => {
    const ip = "192.0.2.90";
    for (let i = 0; i < RATE_LIMIT; i++) {
      await call("/v1/sites/tiny/segments", {
        headers: { "CF-Connecting-IP": ip, Authorization: "Bearer guess" },
      });
    }
    const res = await call("/v1/sites/tiny/segments", {
      headers: { "CF-Connecting-IP": ip, Authorization: "Bearer guess" },
    });
    expect(res.status).toBe(429);
    const config = await call("/v1/sites/tiny/config", { headers: { "CF-Connecting-IP": ip } });
    expect(config.status).toBe(200);
  });

  it("should let requests through in report-only mode (benchmarks), still asking the limiter", async () => {
    let asked = 0;
    const limiter = {
      limit: async () => {
        asked++;
        return { success: false };
      },
    };
    const app = createApp(SEEDS);
    const request = (mode?: string) =>
      app.request(
        "https://edge.example/v1/sites/tiny/assignments",
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(tinyBody()),
        },
        { ...env, RATE_LIMITER: limiter, ...(mode ? { RATE_LIMIT_MODE: mode } : {}) },
      );
    expect((await request("report-only")).status).toBe(200);
    expect((await request()).status).toBe(429);
    expect(asked).toBe(2);
  });
});
