/**
 * countAssignment / retractAssignment (worker/counting/assign.ts) with the clock in hand: the
 * idempotency record lives to the start of the UTC day IDEMPOTENCY_TTL_DAYS after the request's
 * day (a day-rounded expiry, never the request time), and a keyed replay re-signs the very
 * receipt of the first answer.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { validateAssignment } from "../../../shared/assignment.ts";
import { countAssignment } from "../../../worker/counting/assign.ts";
import { DAY_MS, startOfDay } from "../../../worker/counting/day.ts";
import { keysFor } from "../../../worker/counting/keys.ts";
import { IDEMPOTENCY_TTL_DAYS } from "../../../worker/limits.ts";
import { netCounts, tiny, tinyBody, UNCHECKED_PROOF } from "../helpers.ts";

const keys = keysFor("assign-test-secret-0123456789abcdef0123");

function body(idempotencyKey: string) {
  const r = validateAssignment(tiny, tinyBody({ idempotencyKey, proof: UNCHECKED_PROOF }));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("countAssignment: idempotency", () => {
  it(`should count a key once until the start of the day IDEMPOTENCY_TTL_DAYS (${IDEMPOTENCY_TTL_DAYS}) days on, and again from then`, async () => {
    // A fixed clock late on a UTC day: the record must outlive 24 hours whatever the hour.
    const t0 = Date.UTC(2026, 10, 1, 23, 59);
    const key = "ttl-boundary-key-0001";
    const before = (await netCounts(tiny)).reds ?? 0;
    const first = await countAssignment(env, keys, tiny, body(key), t0);
    const expiry = startOfDay(Math.floor(t0 / DAY_MS) + IDEMPOTENCY_TTL_DAYS);
    expect(expiry - t0).toBeGreaterThan(DAY_MS);
    const retry = await countAssignment(env, keys, tiny, body(key), expiry - 1);
    expect(retry).toEqual(first);
    expect((await netCounts(tiny)).reds).toBe(before + 1);
    // From that day on the key's hash has lapsed: the same key is a new decision, counted again.
    const later = await countAssignment(env, keys, tiny, body(key), expiry);
    expect(later.receipt).not.toBe(first.receipt);
    expect((await netCounts(tiny)).reds).toBe(before + 2);
  });
});
