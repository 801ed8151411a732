import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DAY_MS, dayOf, startOfDay } from "../../../worker/counting/day.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import type { SiteCounter } from "../../../worker/durable-objects/site-counter.ts";
import { ACCESS_LOG_RETENTION_DAYS, MAX_CACHED_CELLS } from "../../../worker/limits.ts";

const RETENTION = 5;
const WINDOW = 3;
const base = { windowDays: WINDOW, retentionDays: RETENTION };

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
    expect(names).toEqual([
      "access_log",
      "flows",
      "idempotency",
      "meta",
      "released",
      "spent_challenges",
      "spent_nonces",
    ]);
  });

  it("should index by day the tables written on reads, and give per-request tables no index", async () => {
    const stub = shardStub(env, "do-indexes", 0);
    const { plans, indexed } = await runInDurableObject(stub, (_o: SiteCounter, state) => ({
      plans: [
        "DELETE FROM released WHERE day <= 1",
        "DELETE FROM flows WHERE day <= 1",
        "DELETE FROM access_log WHERE at < 1",
      ].map((q) =>
        state.storage.sql
          .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${q}`)
          .toArray()
          .map((r) => r.detail)
          .join("; "),
      ),
      indexed: state.storage.sql
        .exec<{ tbl_name: string }>(
          "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1",
        )
        .toArray()
        .map((r) => r.tbl_name),
    }));
    // A plan that searches an index (or the primary key that starts with the day) never scans.
    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH/);
      expect(plan).not.toMatch(/SCAN/);
    }
    // Every index entry is one more billed row written per request: the tables each
    // assignment writes have none (the alarm's daily delete reads them instead).
    expect(indexed).toEqual(["access_log", "released"]);
  });

  it("should count, spend a nonce once, and keep shards apart", async () => {
    const a = shardStub(env, "do-count", 0);
    const b = shardStub(env, "do-count", 1);
    const day = dayOf(Date.now());
    expect(await a.assign({ day, segments: ["x", "y"], ...base })).toMatchObject({
      kind: "counted",
    });
    const spend = { nonceHash: "h1", day, segments: ["x"], expiresDay: day + 1 };
    expect(await a.retract(spend, day, WINDOW, RETENTION)).toBe("retracted");
    expect(await a.retract(spend, day, WINDOW, RETENTION)).toBe("spent");
    expect(await a.assign({ day, segments: ["z"], ...base, replaces: spend })).toEqual({
      kind: "spent",
    });
    expect(await a.flows(day, day)).toEqual([
      { day, made: day, old: "", new: '["x","y"]', n: 1 },
      { day, made: day, old: '["x"]', new: "", n: 1 },
    ]);
    expect(await b.flows(0, day)).toEqual([]);
  });

  it("should write one flow row per contribution whatever its segments, and nothing for an aged-out one", async () => {
    const stub = shardStub(env, "do-rows", 0);
    const day = dayOf(Date.now());
    const many = Array.from({ length: 50 }, (_, i) => `s${i}`);
    await stub.assign({ day, segments: ["warm"], ...base });
    const fresh = await stub.assign({ day, segments: many, ...base });
    expect(fresh).toEqual({ kind: "counted", rowsWritten: 1 });
    const replace = await stub.assign({
      day,
      segments: many,
      ...base,
      replaces: { nonceHash: "r1", day: day - 1, segments: many, expiresDay: day + 9 },
    });
    // The spent nonce and the one flow row (no index entry: an index write is a billed row).
    expect(replace).toEqual({ kind: "counted", rowsWritten: 2 });
    // A contribution older than the window already left every audience: retracting it writes
    // only the spend.
    expect(
      await stub.retract(
        { nonceHash: "r2", day: day - WINDOW, segments: many, expiresDay: day + 9 },
        day,
        WINDOW,
        RETENTION,
      ),
    ).toBe("retracted");
    expect((await stub.flows(day, day)).length).toBe(3);
  });

  it("should only ever write today's rows: a closed day's flows never change", async () => {
    const stub = shardStub(env, "do-closed", 0);
    const today = dayOf(Date.now());
    const made = today - 2;
    await stub.assign({ day: made, segments: ["x"], ...base });
    const closed = await stub.flows(made, made);
    const spend = { nonceHash: "c1", day: made, segments: ["x"], expiresDay: today + 5 };
    // Replace it today, then retract the replacement today: the day it was made stays as it was.
    await stub.assign({ day: today, segments: ["y"], ...base, replaces: spend });
    await stub.retract(
      { ...spend, nonceHash: "c2", day: today, segments: ["y"] },
      today,
      WINDOW,
      RETENTION,
    );
    expect(await stub.flows(made, made)).toEqual(closed);
    expect(await stub.flows(today, today)).toEqual([
      { day: today, made, old: '["x"]', new: '["y"]', n: 1 },
      { day: today, made: today, old: '["y"]', new: "", n: 1 },
    ]);
  });

  it("should schedule an alarm on first write", async () => {
    const stub = shardStub(env, "do-alarm-schedule", 0);
    const now = Date.now();
    await stub.assign({ day: dayOf(now), segments: ["x"], ...base });
    const alarm = await runInDurableObject(stub, (_o: SiteCounter, state) =>
      state.storage.getAlarm(),
    );
    // At the start of the next UTC day: its time says nothing about when the write came.
    expect(alarm).toBe(startOfDay(dayOf(now) + 1));
  });

  it("should delete only what is past its lifetime, and run twice without harm", async () => {
    const stub = shardStub(env, "do-alarm", 0);
    const now = Date.now();
    const today = dayOf(now);
    await stub.assign({ day: today, segments: ["keep"], ...base });
    await runInDurableObject(stub, (_o: SiteCounter, state) => {
      const sql = state.storage.sql;
      sql.exec(
        `INSERT INTO flows (day, made, old, new, n) VALUES (?, ?, '', '["old"]', 3), (?, ?, '', '["edge"]', 4)`,
        today - RETENTION,
        today - RETENTION,
        today - RETENTION + 1,
        today - RETENTION + 1,
      );
      sql.exec(
        "INSERT INTO released (segment, day, kind, value) VALUES ('old', ?, 'added', 3), ('edge', ?, 'added', 4)",
        today - RETENTION,
        today - RETENTION + 1,
      );
      sql.exec(
        "INSERT INTO spent_nonces (hash, expires_day) VALUES ('gone', ?), ('kept', ?)",
        today,
        today + 1,
      );
      sql.exec(
        "INSERT INTO idempotency (hash, segments, day, expires_day) VALUES ('gone', '[]', 0, ?), ('kept', '[]', 0, ?)",
        today,
        today + 1,
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
          .exec<{ new: string }>("SELECT new FROM flows ORDER BY new")
          .toArray()
          .map((r) => JSON.parse(r.new)[0]),
        released: state.storage.sql
          .exec<{ segment: string }>("SELECT segment FROM released")
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
      released: ["edge"],
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

  it("should page access rows since a time, newest appended first, only as many as asked", async () => {
    const stub = shardStub(env, "do-log", 0);
    await stub.appendAccess({ at: 1000, endpoint: "segments", token: "aaaaaaaa" });
    await stub.appendAccess({ at: 2000, endpoint: "segments.csv", token: "aaaaaaaa" });
    await stub.appendAccess({ at: 3000, endpoint: "segments", token: "bbbbbbbb" });
    await stub.appendAccess({ at: 4000, endpoint: "segments", token: "bbbbbbbb" });
    const first = await stub.accessPage(2000, 2);
    expect(first.rows.map((r) => r.at)).toEqual([4000, 3000]);
    const second = await stub.accessPage(2000, 2, first.next);
    expect(second.rows.map((r) => r.at)).toEqual([2000]);
    expect(second.next).toBeUndefined();
  });
});

describe("SiteCounter released cells in memory (issue 14)", () => {
  it("should answer releasedOf as the table holds it, from memory once read, and with later releases", async () => {
    const stub = shardStub(env, "do-released-memory", 0);
    await stub.release([
      { segment: "*", day: 10, kind: "added", value: 7, scaleNum: 1, scaleDen: 1 },
      { segment: "a=b", day: 11, kind: "checkpoint", value: 9, scaleNum: 1, scaleDen: 1 },
    ]);
    const table = async () =>
      runInDurableObject(stub, (_o: SiteCounter, state) =>
        state.storage.sql
          .exec<{ segment: string; day: number; kind: string; value: number }>(
            "SELECT segment, day, kind, value FROM released ORDER BY segment, day, kind",
          )
          .toArray(),
      );
    const asRows = (keys: string[], c: Awaited<ReturnType<typeof stub.releasedOf>>) =>
      c.values
        .map((value, i) => ({
          segment: keys[c.keys[i] ?? 0],
          day: c.days[i],
          kind: ["added", "removed", "checkpoint"][c.kinds[i] ?? 0],
          value,
        }))
        .sort((x, y) => `${x.segment}${x.day}`.localeCompare(`${y.segment}${y.day}`));
    const keys = ["*", "a=b", "none"];
    const first = await stub.releasedOf(0, 20, keys);
    expect(asRows(keys, first)).toEqual(await table());
    const read = (await stub.usage()).rowsRead;
    // Again: nothing read from SQL.
    expect(asRows(keys, await stub.releasedOf(5, 20, keys))).toEqual(await table());
    expect((await stub.usage()).rowsRead).toBe(read);
    // A cell released later within the days kept is answered too, with its stored value.
    await stub.release([
      { segment: "none", day: 12, kind: "removed", value: 3, scaleNum: 1, scaleDen: 1 },
    ]);
    expect(asRows(keys, await stub.releasedOf(0, 20, keys))).toEqual(await table());
  });

  it(`should empty its memory past MAX_CACHED_CELLS (${MAX_CACHED_CELLS}) and read again`, async () => {
    const stub = shardStub(env, "do-released-cap", 0);
    const days = Math.ceil(MAX_CACHED_CELLS / 3) + 1;
    await runInDurableObject(stub, (_o: SiteCounter, state) => {
      state.storage.sql.exec(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO released (segment, day, kind, value)
         SELECT 'big', i, k.kind, 1 FROM n, (SELECT 'added' AS kind UNION ALL SELECT 'removed' UNION ALL SELECT 'checkpoint') AS k`,
        days - 1,
      );
    });
    const big = await stub.releasedOf(0, days, ["big"]);
    expect(big.values).toHaveLength(days * 3);
    expect(days * 3).toBeGreaterThan(MAX_CACHED_CELLS);
    const before = (await stub.usage()).rowsRead;
    await stub.releasedOf(0, days, ["big"]);
    expect((await stub.usage()).rowsRead).toBe(before);
    // Another key: over the cap, so the memory is emptied, and "big" comes from SQL again.
    await stub.releasedOf(0, days, ["small"]);
    const again = (await stub.usage()).rowsRead;
    expect((await stub.releasedOf(0, days, ["big"])).values).toHaveLength(days * 3);
    expect((await stub.usage()).rowsRead).toBeGreaterThan(again);
  });
});
