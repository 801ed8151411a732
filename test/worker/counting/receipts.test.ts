import { describe, expect, it } from "vitest";
import { dayOf, startOfDay } from "../../../worker/counting/day.ts";
import { fromBase64Url } from "../../../worker/counting/encoding.ts";
import { keysFor } from "../../../worker/counting/keys.ts";
import {
  nonceHash,
  randomNonce,
  receiptExpiry,
  signReceipt,
  verifyReceipt,
} from "../../../worker/counting/receipts.ts";
import { NONCE_BYTES } from "../../../worker/limits.ts";
import { tiny } from "../helpers.ts";

const keys = keysFor("receipts-test-secret-0123456789abcdef");
const now = Date.UTC(2026, 0, 10, 12);
const payload = {
  site: "tiny",
  segments: ["reds", "high"],
  day: dayOf(now),
  nonce: randomNonce(),
  expiresAt: now + 1000,
  shard: 1,
};

describe("receipts", () => {
  it("should verify what was signed and give back its payload", async () => {
    const r = await signReceipt(keys, payload);
    expect(await verifyReceipt(keys, "tiny", r, now)).toEqual({ ok: true, payload });
  });

  it("should be deterministic for the same payload and differ for another nonce", async () => {
    expect(await signReceipt(keys, payload)).toBe(await signReceipt(keys, payload));
    expect(await signReceipt(keys, { ...payload, nonce: randomNonce() })).not.toBe(
      await signReceipt(keys, payload),
    );
  });

  it("should refuse a changed payload, another key, another site, and garbage", async () => {
    const r = await signReceipt(keys, payload);
    const [body = "", mac = ""] = r.split(".");
    const json = JSON.parse(new TextDecoder().decode(fromBase64Url(body)));
    const forgedBody = btoa(JSON.stringify({ ...json, seg: ["reds"] }))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    const invalid = { ok: false, code: "invalid_receipt" };
    expect(await verifyReceipt(keys, "tiny", `${forgedBody}.${mac}`, now)).toEqual(invalid);
    expect(
      await verifyReceipt(keysFor("another-secret-0123456789abcdef-xyz"), "tiny", r, now),
    ).toEqual(invalid);
    expect(await verifyReceipt(keys, "noisy", r, now)).toEqual(invalid);
    for (const bad of ["", ".", "a.b", `${r}.x`, `${body}`, `${body}.%%%`])
      expect(await verifyReceipt(keys, "tiny", bad, now)).toEqual(invalid);
  });

  it("should expire at its expiry instant, not a millisecond before", async () => {
    const r = await signReceipt(keys, payload);
    expect((await verifyReceipt(keys, "tiny", r, payload.expiresAt - 1)).ok).toBe(true);
    expect(await verifyReceipt(keys, "tiny", r, payload.expiresAt)).toEqual({
      ok: false,
      code: "receipt_expired",
    });
  });

  it("should expire when its day's bucket leaves the retention", () => {
    expect(receiptExpiry(tiny, 100)).toBe(startOfDay(100 + tiny.retentionDays));
  });

  it("should make 128-bit nonces that do not repeat, and store them only hashed", async () => {
    const nonces = new Set(Array.from({ length: 1000 }, randomNonce));
    expect(nonces.size).toBe(1000);
    const n = randomNonce();
    expect(fromBase64Url(n)).toHaveLength(NONCE_BYTES);
    const h = await nonceHash(n);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain(n);
  });
});
