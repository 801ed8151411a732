/**
 * DESIGN.md invariant 2: no visitor's request time is stored. After many keyed assignments,
 * replaces and retractions over HTTP, every value of every table of every shard (and the KV
 * part, and the alarms) is scanned: none is within a minute of a request time, in milliseconds
 * or in seconds. And the privacy record's list of stored fields is exactly the real tables'.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../../worker/counting/day.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import { type SiteCounter, STORED_FIELDS } from "../../../worker/durable-objects/site-counter.ts";
import { privacyRecord } from "../../../worker/privacy/record.ts";
import { dumpStorage, noisy, send } from "../helpers.ts";

const MINUTE_MS = 60_000;

/** Every number in a JSON value, numeric strings included. */
function numbers(value: unknown, out: number[] = []): number[] {
  if (typeof value === "number") out.push(value);
  else if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) out.push(Number(value));
  else if (Array.isArray(value)) for (const v of value) numbers(v, out);
  else if (value && typeof value === "object")
    for (const v of Object.values(value)) numbers(v, out);
  return out;
}

describe("stored state", () => {
  it("should hold no value within a minute of any request time after many keyed assignments", async () => {
    const times: number[] = [];
    const post = async (body: Record<string, unknown>) => {
      times.push(Date.now());
      const res = await send("/v1/sites/noisy/assignments", "POST", {
        policyVersion: "v1",
        consent: { counting: true },
        answers: { color: times.length % 2 ? "red" : "blue" },
        ...body,
      });
      times.push(Date.now());
      expect(res.status).toBe(200);
      return ((await res.json()) as { receipt: string }).receipt;
    };
    for (let i = 0; i < 40; i++) {
      const key = `scan-key-${String(i).padStart(8, "0")}`;
      const receipt = await post({ idempotencyKey: key });
      // A retry, a keyed replace and, for some, a retraction.
      await post({ idempotencyKey: key });
      const next = await post({ idempotencyKey: `${key}-r`, replaces: receipt });
      if (i % 3 === 0) {
        times.push(Date.now());
        const del = await send("/v1/sites/noisy/assignments", "DELETE", { receipt: next });
        expect(del.status).toBe(200);
      }
    }
    const dump = JSON.parse(await dumpStorage(noisy)) as unknown[];
    const alarms = await Promise.all(
      Array.from({ length: noisy.shards }, (_, i) =>
        runInDurableObject(shardStub(env, noisy.id, i), (_o: SiteCounter, state) =>
          state.storage.getAlarm(),
        ),
      ),
    );
    const values = numbers([dump, alarms]);
    // The scan can fail: the stored state holds numbers (days, counts, expiries, alarms).
    expect(values.length).toBeGreaterThan(50);
    for (const v of values) {
      // A value on a UTC day boundary (an expiry or the alarm) says nothing about the hour.
      if (v % DAY_MS === 0 || v % 86_400 === 0) continue;
      for (const t of times) {
        expect(Math.abs(v - t), `${v} is near the request time ${t}`).toBeGreaterThan(MINUTE_MS);
        expect(Math.abs(v - t / 1000), `${v} is near ${t} in seconds`).toBeGreaterThan(60);
      }
    }
  });

  it("should list in the privacy record exactly the columns of the real tables", async () => {
    const stub = shardStub(env, "stored-fields", 0);
    const columns = await runInDurableObject(stub, (_o: SiteCounter, state) => {
      const sql = state.storage.sql;
      const tables = sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 4) <> '_cf_'",
        )
        .toArray();
      return tables.flatMap(({ name }) =>
        sql
          .exec<{ name: string }>(`PRAGMA table_info("${name}")`)
          .toArray()
          .map((c) => `${name}.${c.name}`),
      );
    });
    const listed = privacyRecord(noisy).storedFields.map((f) => `${f.table}.${f.column}`);
    expect(columns.length).toBeGreaterThan(10);
    expect([...listed].sort()).toEqual([...columns].sort());
    expect(listed).toEqual(STORED_FIELDS.map((f) => `${f.table}.${f.column}`));
  });
});
