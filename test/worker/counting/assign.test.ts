/**
 * countAssignment / retractAssignment (worker/counting/assign.ts) with the clock in hand: the
 * idempotency record lives as long as the receipt of its answer (to the start of the UTC day
 * retentionDays after the request's day: a day-rounded expiry, never the request time), so a
 * retry however late is a replay, and a keyed replay re-signs the very receipt of the first answer.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { validateAssignment } from "../../../shared/assignment.ts";
import { countAssignment } from "../../../worker/counting/assign.ts";
import { DAY_MS, startOfDay } from "../../../worker/counting/day.ts";
import { keysFor } from "../../../worker/counting/keys.ts";
import { receiptExpiry } from "../../../worker/counting/receipts.ts";
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
