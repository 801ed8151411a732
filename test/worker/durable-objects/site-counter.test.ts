import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DAY_MS, dayOf } from "../../../worker/counting/day.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import type { SiteCounter } from "../../../worker/durable-objects/site-counter.ts";
import { ACCESS_LOG_RETENTION_DAYS, ALARM_INTERVAL_MS } from "../../../worker/limits.ts";

const RETENTION = 5;

function count(state: DurableObjectState, table: string): number {
  return state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).one().n;
}

describe("SiteCounter", () => {
  it("should create its tables on start", async () => {
    const stub = shardStub(env, "do-tables", 0);
    const names = await runInDurableObject(stub, (_o: SiteCounter, state) =>
      state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .toArray()
        .map((r) => r.name),
    );
    expect(names).toEqual(["access_log", "buckets", "idempotency", "meta", "spent_nonces"]);
  });

  it("should count, spend a nonce once, and keep shards apart", async () => {
    const a = shardStub(env, "do-count", 0);
    const b = shardStub(env, "do-count", 1);
    const now = Date.now();
    const day = dayOf(now);
    expect(await a.assign({ day, segments: ["x", "y"], retentionDays: RETENTION, now })).toEqual({
      kind: "counted",
    });
    const spend = { nonceHash: "h1", day, segments: ["x"], expiresAt: now + DAY_MS };
    expect(await a.retract(spend, RETENTION)).toBe("retracted");
    expect(await a.retract(spend, RETENTION)).toBe("spent");
    expect(
      await a.assign({ day, segments: ["z"], retentionDays: RETENTION, now, replaces: spend }),
    ).toEqual({ kind: "spent" });
    expect(await a.buckets(day, day)).toEqual([
      { day, segment: "x", added: 1, removed: 1 },
      { day, segment: "y", added: 1, removed: 0 },
    ]);
    expect(await b.buckets(0, day)).toEqual([]);
  });

  it("should schedule an alarm on first write", async () => {
    const stub = shardStub(env, "do-alarm-schedule", 0);
    const now = Date.now();
    await stub.assign({ day: dayOf(now), segments: ["x"], retentionDays: RETENTION, now });
    const alarm = await runInDurableObject(stub, (_o: SiteCounter, state) =>
      state.storage.getAlarm(),
    );
    expect(alarm).toBeGreaterThan(now);
    expect(alarm).toBeLessThanOrEqual(Date.now() + ALARM_INTERVAL_MS);
  });

  it("should delete only what is past its lifetime, and run twice without harm", async () => {
    const stub = shardStub(env, "do-alarm", 0);
    const now = Date.now();
    const today = dayOf(now);
    await stub.assign({ day: today, segments: ["keep"], retentionDays: RETENTION, now });
    await runInDurableObject(stub, (_o: SiteCounter, state) => {
      const sql = state.storage.sql;
      sql.exec(
        "INSERT INTO buckets (day, segment, added) VALUES (?, 'old', 3), (?, 'edge', 4)",
        today - RETENTION,
        today - RETENTION + 1,
      );
      sql.exec(
        "INSERT INTO spent_nonces (hash, expires_at) VALUES ('gone', ?), ('kept', ?)",
        now - 1,
        now + DAY_MS,
      );
      sql.exec(
        "INSERT INTO idempotency (hash, segments, day, issued_at, replaces, expires_at) VALUES ('gone', '[]', 0, 0, '', ?), ('kept', '[]', 0, 0, '', ?)",
        now - 1,
        now + DAY_MS,
      );
      sql.exec(
        "INSERT INTO access_log (at, endpoint, token) VALUES (?, 'segments', 'aaaaaaaa'), (?, 'segments', 'bbbbbbbb')",
        now - (ACCESS_LOG_RETENTION_DAYS + 1) * DAY_MS,
        now - (ACCESS_LOG_RETENTION_DAYS - 1) * DAY_MS,
      );
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const check = () =>
      runInDurableObject(stub, (_o: SiteCounter, state) => ({
        segments: state.storage.sql
          .exec<{ segment: string }>("SELECT segment FROM buckets ORDER BY segment")
          .toArray()
          .map((r) => r.segment),
        nonces: state.storage.sql
          .exec<{ hash: string }>("SELECT hash FROM spent_nonces")
          .toArray()
          .map((r) => r.hash),
        idempotency: state.storage.sql
          .exec<{ hash: string }>("SELECT hash FROM idempotency")
          .toArray()
          .map((r) => r.hash),
        log: state.storage.sql
          .exec<{ token: string }>("SELECT token FROM access_log")
          .toArray()
          .map((r) => r.token),
      }));
    const once = await check();
    expect(once).toEqual({
      segments: ["edge", "keep"],
      nonces: ["kept"],
      idempotency: ["kept"],
      log: ["bbbbbbbb"],
    });
    // Data is left, so the alarm rescheduled itself; a second run changes nothing.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await check()).toEqual(once);
  });

  it("should not reschedule when nothing is left", async () => {
    const stub = shardStub(env, "do-alarm-empty", 0);
    const now = Date.now();
    await stub.appendAccess({
      at: now - (ACCESS_LOG_RETENTION_DAYS + 1) * DAY_MS,
      endpoint: "segments",
      token: "cccccccc",
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const left = await runInDurableObject(stub, async (_o: SiteCounter, state) => ({
      rows: count(state, "access_log"),
      alarm: await state.storage.getAlarm(),
    }));
    expect(left).toEqual({ rows: 0, alarm: null });
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("should list access rows since a time, oldest first", async () => {
    const stub = shardStub(env, "do-log", 0);
    await stub.appendAccess({ at: 1000, endpoint: "segments", token: "aaaaaaaa" });
    await stub.appendAccess({ at: 3000, endpoint: "segments.csv", token: "aaaaaaaa" });
    await stub.appendAccess({ at: 2000, endpoint: "segments", token: "bbbbbbbb" });
    expect((await stub.listAccess(2000)).map((r) => r.at)).toEqual([2000, 3000]);
  });
});
