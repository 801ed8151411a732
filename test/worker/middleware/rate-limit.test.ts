import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../worker/app.ts";
import { dayOf } from "../../../worker/counting/day.ts";
import { keyedHash, keysFor } from "../../../worker/counting/keys.ts";
import { RATE_BUDGETS, RATE_LIMIT_PERIOD_SECONDS } from "../../../worker/limits.ts";
import { siteBudgetKey } from "../../../worker/middleware/rate-limit.ts";
import { call, netCounts, SEEDS, send, tiny, tinyBody, withProof } from "../helpers.ts";

const post = (ip: string, body = tinyBody()) =>
  send("/v1/sites/tiny/assignments", "POST", body, { "CF-Connecting-IP": ip });
const read = (ip: string) =>
  call("/v1/sites/tiny/segments", {
    headers: { "CF-Connecting-IP": ip, Authorization: "Bearer guess" },
  });

/** A limiter that records the keys it is asked about and says no past `limit` per key. */
function fakeLimiter(limit: number) {
  const seen = new Map<string, number>();
  return {
    seen,
    limit: async ({ key }: { key: string }) => {
      seen.set(key, (seen.get(key) ?? 0) + 1);
      return { success: (seen.get(key) ?? 0) <= limit };
    },
  };
}

describe("rate limit", () => {
  it("should answer 429 rate_limited with Retry-After past the write budget, counting nothing more", async () => {
    const ip = "192.0.2.77";
    const statuses: number[] = [];
    for (let i = 0; i < RATE_BUDGETS.write.limit; i++)
      statuses.push((await post(ip, tinyBody({ answers: {} }))).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const before = await netCounts(tiny);
    const res = await post(ip);
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(await netCounts(tiny)).toEqual(before);
    // Another client is not affected.
    expect((await post("192.0.2.78")).status).toBe(200);
  });

  it("should give a whole IPv6 /64 one budget, and another /64 its own", async () => {
    // 60 different addresses of one /64: one subscriber's, so one client.
    for (let i = 1; i <= RATE_BUDGETS.write.limit; i++) {
      const res = await post(`2001:db8:77:1:${i.toString(16)}::${i.toString(16)}`);
      expect(res.status, `address ${i}`).toBe(200);
    }
    expect((await post("2001:db8:77:1:ffff:ffff:ffff:ffff")).status).toBe(429);
    expect((await post("2001:db8:77:2::1")).status).toBe(200);
  });

  it("should keep visitor writes, marketer reads and sign-in on separate budgets", async () => {
    const ip = "192.0.2.91";
    for (let i = 0; i < RATE_BUDGETS.write.limit; i++) await post(ip, tinyBody({ answers: {} }));
    expect((await post(ip)).status).toBe(429);
    // The same client's reads still have their own budget (a wrong token: 401, not 429).
    expect((await read(ip)).status).toBe(401);
  });

  it("should limit marketer reads (guessing tokens) at the read budget, but not the config", async () => {
    const ip = "192.0.2.90";
    for (let i = 0; i < RATE_BUDGETS.read.limit; i++) expect((await read(ip)).status).toBe(401);
    expect((await read(ip)).status).toBe(429);
    const config = await call("/v1/sites/tiny/config", { headers: { "CF-Connecting-IP": ip } });
    expect(config.status).toBe(200);
  });

  it("should spend a per-site write budget keyed by the site, whatever the client", async () => {
    const write = fakeLimiter(Number.POSITIVE_INFINITY);
    const site = fakeLimiter(3);
    const app = createApp(SEEDS);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await app.request(
        "https://edge.example/v1/sites/tiny/assignments",
        {
          method: "POST",
          headers: { "Content-Type": "application/json", "CF-Connecting-IP": `192.0.2.${i + 1}` },
          body: JSON.stringify(await withProof("tiny", tinyBody())),
        },
        { ...env, WRITE_LIMITER: write, SITE_WRITE_LIMITER: site },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(write.seen.size).toBe(5); // five clients
    expect(site.seen.size).toBe(1); // one site
  });

  it("should derive a site's budget key once per isolate and day: the same key, a new one each day", async () => {
    const keys = keysFor("rate-limit-test-secret-0123456789abcdef");
    const day = dayOf(Date.now());
    const expected = (await keyedHash(keys, "ratelimit", `site\n${day}\ntiny`)).slice(0, 32);
    const first = siteBudgetKey(keys, "tiny", day);
    // The second write of the day reuses the first's derivation (the very same promise).
    expect(siteBudgetKey(keys, "tiny", day)).toBe(first);
    expect(await first).toBe(expected);
    expect(await siteBudgetKey(keys, "noisy", day)).not.toBe(expected);
    const tomorrow = await siteBudgetKey(keys, "tiny", day + 1);
    expect(tomorrow).toBe(
      (await keyedHash(keys, "ratelimit", `site\n${day + 1}\ntiny`)).slice(0, 32),
    );
    expect(tomorrow).not.toBe(expected);
    // Another secret, another key.
    const other = keysFor("rate-limit-test-other-secret-0123456789ab");
    expect(await siteBudgetKey(other, "tiny", day)).not.toBe(expected);
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
    const request = async (mode?: string) =>
      app.request(
        "https://edge.example/v1/sites/tiny/assignments",
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(await withProof("tiny", tinyBody())),
        },
        {
          ...env,
          WRITE_LIMITER: limiter,
          SITE_WRITE_LIMITER: limiter,
          ...(mode ? { RATE_LIMIT_MODE: mode } : {}),
        },
      );
    expect((await request("report-only")).status).toBe(200);
    expect((await request()).status).toBe(429);
    // Write and site budgets both asked in report-only; the first refusal ends the second.
    expect(asked).toBe(3);
  });
});
