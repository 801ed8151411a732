import { env, runInDurableObject } from "cloudflare:test";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { SegmentsResponseSchema } from "../../../shared/schema.ts";
import { seriesDaysMax } from "../../../shared/site-config.ts";
import { dayOf, isoDay } from "../../../worker/counting/day.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import type { SiteCounter } from "../../../worker/durable-objects/site-counter.ts";
import { assign, call, marketer, noisy, tiny, tinyBody } from "../helpers.ts";

type Body = v.InferOutput<typeof SegmentsResponseSchema>;

describe("GET /v1/sites/:site/segments", () => {
  it("should answer 401 without a token or with a wrong one, with a Bearer challenge", async () => {
    for (const headers of [
      {},
      { Authorization: "Bearer wrong" },
      { Authorization: "Basic dGlueQ==" },
    ] as Record<string, string>[]) {
      const res = await call("/v1/sites/tiny/segments", { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
  });

  it("should answer another site's valid token exactly as a made-up one: 401 (no oracle)", async () => {
    const answer = async (token: string) => {
      const res = await call("/v1/sites/tiny/segments", {
        headers: { Authorization: `Bearer ${token}` },
      });
      return { status: res.status, body: await res.json() };
    };
    const other = await answer("noisy-token");
    expect(other.status).toBe(401);
    expect(other).toEqual(await answer("made-up-token-of-no-site"));
  });

  it("should answer the schema's shape with every segment and a window-long series", async () => {
    const res = await marketer("tiny");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const body = v.parse(SegmentsResponseSchema, await res.json());
    expect(body.site).toBe("tiny");
    expect(body.window).toBe(tiny.windowDays);
    expect(body.k).toBe(tiny.k);
    expect(body.noise).toBe(false);
    expect(body.day).toBe(isoDay(dayOf(Date.now())));
    expect(body.segments.map((s) => s.id)).toEqual(tiny.segments.map((s) => s.id));
    for (const s of body.segments) expect(s.series.map((p) => p.day).at(-1)).toBe(body.day);
    expect(body.segments[0]?.series).toHaveLength(tiny.windowDays);
  });

  it("should suppress every count below k, zero included, and show it at k", async () => {
    // Count "cat-people" up from whatever it is to at least k. (Not "high": a segment of two
    // values of a scale is held back with the scale's distribution while any value is below k,
    // worker/counting/complementary.ts.)
    const read = async () =>
      ((await (await marketer("tiny")).json()) as Body).segments.find((s) => s.id === "cat-people");
    const before = await read();
    if (before?.audience === null) {
      // Below k (possibly 0): shown as null and suppressed, with null added/removed.
      expect(before.suppressed).toBe(true);
      expect(before.series.at(-1)).toMatchObject({ audience: null, suppressed: true });
    }
    for (let i = 0; i < tiny.k; i++) await assign("tiny", tinyBody({ answers: { pets: ["cat"] } }));
    const after = await read();
    expect(after?.suppressed).toBe(false);
    expect(after?.audience).toBeGreaterThanOrEqual(tiny.k);
  });

  it("should report a segment nobody is in as suppressed null, not 0", async () => {
    const body = (await (await marketer("tiny", "segments?segments=greens")).json()) as Body;
    expect(body.segments).toHaveLength(1);
    for (const s of body.segments) {
      expect(s.audience).toBeNull();
      expect(s.suppressed).toBe(true);
      for (const p of s.series)
        expect(p).toMatchObject({ audience: null, added: null, removed: null, suppressed: true });
    }
  });

  it("should filter by ?segments and size the series by ?days", async () => {
    const res = await marketer("tiny", "segments?segments=reds,high&days=5");
    const body = (await res.json()) as Body;
    expect(body.segments.map((s) => s.id)).toEqual(["reds", "high"]);
    expect(body.segments[0]?.series).toHaveLength(5);
  });

  it("should answer 400 bad_request to bad ?days and ?segments", async () => {
    for (const q of [
      "days=0",
      `days=${seriesDaysMax(tiny) + 1}`,
      "days=x",
      "days=1.5",
      "segments=nope",
      "segments=",
      "segments=reds,nope",
    ]) {
      const res = await marketer("tiny", `segments?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
    expect((await marketer("tiny", `segments?days=${seriesDaysMax(tiny)}`)).status).toBe(200);
  });

  it("should read a date range with ?from and ?to, and refuse one outside the kept days", async () => {
    const today = dayOf(Date.now());
    const oldest = today - seriesDaysMax(tiny) + 1;
    const range = async (q: string) =>
      (await marketer("tiny", `segments?${q}`)).json() as Promise<Body>;
    const past = await range(`from=${isoDay(oldest)}&to=${isoDay(oldest + 1)}`);
    expect(past.day).toBe(isoDay(oldest + 1));
    expect(past.segments[0]?.series.map((p) => p.day)).toEqual([
      isoDay(oldest),
      isoDay(oldest + 1),
    ]);
    // `to` alone: the window's length ending there (clipped at the oldest day); `from` alone: up to today.
    expect((await range(`to=${isoDay(today - 1)}`)).day).toBe(isoDay(today - 1));
    const since = await range(`from=${isoDay(today - 1)}`);
    expect(since.segments[0]?.series.map((p) => p.day)).toEqual([isoDay(today - 1), isoDay(today)]);
    for (const q of [
      `from=${isoDay(oldest - 1)}`,
      `to=${isoDay(today + 1)}`,
      `from=${isoDay(today)}&to=${isoDay(today - 1)}`,
      "from=2026-02-30",
      "to=yesterday",
      `days=2&from=${isoDay(today)}`,
    ]) {
      const res = await marketer("tiny", `segments?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
  });

  it("should offer only points whose whole window is within the retention", async () => {
    // audience(D) sums the window ending on D; counts older than retentionDays are deleted, so
    // a point further back would be missing part of its window and show too low.
    expect(seriesDaysMax(tiny)).toBe(tiny.retentionDays - tiny.windowDays + 1);
    const body = (await (
      await marketer("tiny", `segments?days=${seriesDaysMax(tiny)}`)
    ).json()) as Body;
    const oldestKept = dayOf(Date.now()) - tiny.retentionDays + 1;
    for (const s of body.segments) {
      const first = Date.parse(`${s.series[0]?.day}T00:00:00Z`) / 86_400_000;
      expect(first - tiny.windowDays + 1).toBe(oldestKept);
    }
    expect((await marketer("tiny", `segments?days=${tiny.retentionDays}`)).status).toBe(400);
  });

  it("should append one access-log row per successful read, with only time, endpoint and fingerprint", async () => {
    const stub = shardStub(env, "tiny", 0);
    const since = Date.now();
    const list = async () => (await stub.accessPage(since)).rows.reverse();
    const count = async () => (await list()).length;
    const before = await count();
    await marketer("tiny");
    await marketer("tiny", "segments.csv");
    await call("/v1/sites/tiny/segments", { headers: { Authorization: "Bearer wrong" } });
    const rows = await list();
    expect(rows.length - before).toBe(2);
    expect(rows.slice(-2).map((r) => r.endpoint)).toEqual(["segments", "segments.csv"]);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(["at", "endpoint", "token"]);
      expect(r.token).toMatch(/^[0-9a-f]{8}$/);
    }
  });

  it("should add the same noise on every read and still suppress below k after it", async () => {
    for (let i = 0; i < 12; i++)
      await assign("noisy", {
        policyVersion: "v1",
        consent: { counting: true },
        answers: { color: "red" },
      });
    const a = (await (await marketer("noisy")).json()) as Body;
    const b = (await (await marketer("noisy")).json()) as Body;
    expect(a.noise).toBe(true);
    expect(b).toEqual(a);
    for (const s of a.segments) {
      for (const p of s.series) {
        for (const n of [p.audience, p.added, p.removed])
          if (n !== null) expect(n).toBeGreaterThanOrEqual(noisy.k);
        expect(p.suppressed).toBe(p.audience === null);
      }
    }
  });

  it("should count a contribution in the window of its day only, and hide flows that would give away a held-back audience", async () => {
    // Flows of days before today are written straight into a shard, as an alarm-free fixture.
    const today = dayOf(Date.now());
    const stub = shardStub(env, "tiny", 1);
    const cat = '["cat-people"]';
    await runInDurableObject(stub, (_o: SiteCounter, state) => {
      for (const [day, added, withdrawn] of [
        [today - 4, 7, 2],
        [today - 2, 5, 2],
      ] as const) {
        state.storage.sql.exec(
          "INSERT INTO flows (day, made, old, new, n) VALUES (?, ?, '', ?, ?), (?, ?, ?, '', ?)",
          day,
          day,
          cat,
          added,
          day,
          day,
          cat,
          withdrawn,
        );
      }
    });
    const body = (await (
      await marketer("tiny", "segments?segments=cat-people&days=5")
    ).json()) as Body;
    const series = body.segments[0]?.series ?? [];
    const point = (d: number) => series.find((p) => p.day === isoDay(d));
    // Window 3: day -4's 5 live ones count on days -4..-2, day -2's 3 from day -2 on.
    expect([4, 3, 2, 1].map((d) => point(today - d)?.audience)).toEqual([5, 5, 8, 3]);
    // Day -4's flows would give away the held-back audience of day -5 (0): withheld.
    expect(point(today - 4)).toMatchObject({ added: null, removed: null });
    expect(point(today - 2)).toMatchObject({ added: 5, removed: 2 });
    // Day -1: 5 aged out, nobody arrived (0 < k), so both are withheld.
    expect(point(today - 1)).toMatchObject({ added: null, removed: null });
  });
});
