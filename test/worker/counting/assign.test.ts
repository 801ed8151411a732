/**
 * countAssignment / retractAssignment (worker/counting/assign.ts) with the clock in hand: the
 * idempotency window is IDEMPOTENCY_TTL_MS to the millisecond, and a keyed replay re-signs the
 * very receipt of the first answer.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { validateAssignment } from "../../../shared/assignment.ts";
import { countAssignment } from "../../../worker/counting/assign.ts";
import { keysFor } from "../../../worker/counting/keys.ts";
import { IDEMPOTENCY_TTL_MS } from "../../../worker/limits.ts";
import { netCounts, tiny, tinyBody } from "../helpers.ts";

const keys = keysFor("assign-test-secret-0123456789abcdef0123");

function body(idempotencyKey: string) {
  const r = validateAssignment(tiny, tinyBody({ idempotencyKey }));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("countAssignment: idempotency", () => {
  it(`should count a key once for IDEMPOTENCY_TTL_MS (${IDEMPOTENCY_TTL_MS} ms), and again after`, async () => {
    // A fixed clock on a UTC day boundary plus an hour, so every call below is on a known day.
    const t0 = Date.UTC(2026, 10, 1, 1);
    const key = "ttl-boundary-key-0001";
    const before = (await netCounts(tiny)).reds ?? 0;
    const first = await countAssignment(env, keys, tiny, body(key), t0);
    const retry = await countAssignment(env, keys, tiny, body(key), t0 + IDEMPOTENCY_TTL_MS - 1);
    expect(retry).toEqual(first);
    expect((await netCounts(tiny)).reds).toBe(before + 1);
    // At the TTL the key's hash has lapsed: the same key is a new decision, counted again.
    const later = await countAssignment(env, keys, tiny, body(key), t0 + IDEMPOTENCY_TTL_MS);
    expect(later.receipt).not.toBe(first.receipt);
    expect((await netCounts(tiny)).reds).toBe(before + 2);
  });
});
