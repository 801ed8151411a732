/**
 * countAssignment / retractAssignment (worker/counting/assign.ts) with the clock in hand: the
 * idempotency record lives as long as the receipt of its answer (to the start of the UTC day
 * retentionDays after the request's day: a day-rounded expiry, never the request time), so a
 * retry however late is a replay, and a keyed replay re-signs the very receipt of the first answer.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { validateAssignment } from "../../../shared/assignment.ts";
import { receiptLengthBound } from "../../../shared/counting-keys.ts";
import { MAX_RECEIPT_LENGTH } from "../../../shared/limits.ts";
import { checkSiteConfig } from "../../../shared/site-config.ts";
import { countAssignment, retractAssignment } from "../../../worker/counting/assign.ts";
import { DAY_MS, startOfDay } from "../../../worker/counting/day.ts";
import { keysFor } from "../../../worker/counting/keys.ts";
import { receiptExpiry } from "../../../worker/counting/receipts.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import type { SiteCounter } from "../../../worker/durable-objects/site-counter.ts";
import { netCounts, tiny, tinyBody, UNCHECKED_PROOF } from "../helpers.ts";

const keys = keysFor("assign-test-secret-0123456789abcdef0123");

function body(idempotencyKey: string) {
  const r = validateAssignment(tiny, tinyBody({ idempotencyKey, proof: UNCHECKED_PROOF }));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("countAssignment: idempotency", () => {
  it("should answer a retry of a lost response 25 hours later with the same receipt, counting once", async () => {
    const t0 = Date.UTC(2026, 10, 2, 10, 0);
    const key = "lost-answer-key-0001";
    const before = (await netCounts(tiny)).reds ?? 0;
    const lost = await countAssignment(env, keys, tiny, body(key), t0); // the answer never arrives
    const retry = await countAssignment(env, keys, tiny, body(key), t0 + 25 * 3600 * 1000);
    expect(retry).toEqual(lost);
    expect((await netCounts(tiny)).reds).toBe(before + 1);
  });

  it("should keep a key's hash until the receipt of its answer expires, and count it anew from then", async () => {
    // A fixed clock late on a UTC day: the record outlives the receipt's whole life.
    const t0 = Date.UTC(2026, 10, 1, 23, 59);
    const key = "ttl-boundary-key-0001";
    const before = (await netCounts(tiny)).reds ?? 0;
    const first = await countAssignment(env, keys, tiny, body(key), t0);
    const expiry = receiptExpiry(tiny, Math.floor(t0 / DAY_MS));
    expect(expiry).toBe(startOfDay(Math.floor(t0 / DAY_MS) + tiny.retentionDays));
    const retry = await countAssignment(env, keys, tiny, body(key), expiry - 1);
    expect(retry).toEqual(first);
    expect((await netCounts(tiny)).reds).toBe(before + 1);
    // From the receipt's expiry the key's hash has lapsed: the same key is a new decision.
    const later = await countAssignment(env, keys, tiny, body(key), expiry);
    expect(later.receipt).not.toBe(first.receipt);
    expect((await netCounts(tiny)).reds).toBe(before + 2);
  });
});

describe("countAssignment: what a contribution is counted in (issue 14)", () => {
  const valid = (answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const r = validateAssignment(tiny, tinyBody({ answers, proof: UNCHECKED_PROOF, ...extra }));
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it("should sign every count into the receipt, tell the device its segments only, and take them all away on withdrawal", async () => {
    const t0 = Date.UTC(2026, 10, 3, 10, 0);
    const before = await netCounts(tiny);
    const answers = { color: "red", pets: ["cat", "dog"], score: 4 };
    const { segments, receipt } = await countAssignment(env, keys, tiny, valid(answers), t0);
    expect(segments).toEqual(["reds", "cat-people", "high"]);
    const payload = JSON.parse(
      atob((receipt.split(".")[0] ?? "").replace(/-/g, "+").replace(/_/g, "/")),
    ) as { seg: string[] };
    expect(payload.seg).toEqual([
      "*",
      "reds",
      "cat-people",
      "high",
      "color=red",
      "pets=cat",
      "pets=dog",
      "score=4",
    ]);
    await retractAssignment(env, keys, tiny, receipt, t0 + 60_000);
    const after = await netCounts(tiny);
    for (const key of payload.seg) expect(after[key] ?? 0, key).toBe(before[key] ?? 0);
  });

  it("should keep a keyed digest of the counts, never the ids, and refuse the key with other options as a conflict", async () => {
    const t0 = Date.UTC(2026, 10, 4, 10, 0);
    const key = "options-conflict-key-01";
    const first = await countAssignment(
      env,
      keys,
      tiny,
      valid({ color: "red", pets: ["cat"] }, { idempotencyKey: key }),
      t0,
    );
    // The same segments (reds, cat-people) from other options: not the same contribution.
    await expect(
      countAssignment(
        env,
        keys,
        tiny,
        valid({ color: "red", pets: ["cat", "dog"] }, { idempotencyKey: key }),
        t0 + 1000,
      ),
    ).rejects.toMatchObject({ code: "idempotency_conflict" });
    // The same answers: a retry, the same receipt.
    expect(
      await countAssignment(
        env,
        keys,
        tiny,
        valid({ color: "red", pets: ["cat"] }, { idempotencyKey: key }),
        t0 + 2000,
      ),
    ).toEqual(first);
    const rows: { segments: string }[] = [];
    for (let i = 0; i < tiny.shards; i++) {
      rows.push(
        ...(await runInDurableObject(shardStub(env, tiny.id, i), (_o: SiteCounter, state) =>
          state.storage.sql
            .exec<{ segments: string }>("SELECT segments FROM idempotency")
            .toArray(),
        )),
      );
    }
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.segments).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(r.segments).not.toMatch(/red|cat|\*/);
    }
  });

  it("should keep the longest receipt a config allows within its bound and MAX_RECEIPT_LENGTH", async () => {
    // Every rule true, every option chosen: the most counts a tiny contribution can be in.
    const r = checkSiteConfig({
      ...structuredClone(tiny),
      id: "receipt-bound",
      segments: tiny.segments.map((s) => ({ ...s, rule: true })),
      overlaps: [["reds", "high"]],
      breakdowns: ["reds", "greens"],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const config = r.config;
    const longest = { color: "green", pets: ["cat", "dog"], score: 5, stress: 3 };
    const body = validateAssignment(config, {
      proof: UNCHECKED_PROOF,
      policyVersion: "v1",
      consent: { counting: true, wellbeing: true },
      answers: longest,
      idempotencyKey: "k".repeat(128),
    });
    if (!body.ok) throw new Error(body.error.message);
    const { receipt } = await countAssignment(env, keys, config, body.value, Date.now());
    expect(receipt.length).toBeLessThanOrEqual(receiptLengthBound(config));
    expect(receiptLengthBound(config)).toBeLessThanOrEqual(MAX_RECEIPT_LENGTH);
    expect(receipt.length).toBeGreaterThan(receiptLengthBound(config) * 0.8);
  });
});
