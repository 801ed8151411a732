import { describe, expect, it } from "vitest";
import {
  DEV_RECEIPT_KEY,
  keyedHash,
  keysFor,
  resolveSecret,
} from "../../../worker/counting/keys.ts";
import { MIN_SECRET_LENGTH } from "../../../worker/limits.ts";

describe("resolveSecret", () => {
  it("should use RECEIPT_KEY when it is long enough, whatever the host", () => {
    const secret = "s".repeat(MIN_SECRET_LENGTH);
    expect(resolveSecret({ RECEIPT_KEY: secret }, "edge.example")).toBe(secret);
    expect(resolveSecret({ RECEIPT_KEY: secret }, "localhost")).toBe(secret);
  });

  it("should refuse a RECEIPT_KEY one character too short, even on localhost", () => {
    const short = "s".repeat(MIN_SECRET_LENGTH - 1);
    expect(resolveSecret({ RECEIPT_KEY: short }, "edge.example")).toBeUndefined();
    expect(resolveSecret({ RECEIPT_KEY: short }, "localhost")).toBeUndefined();
  });

  it("should fall back to the dev key only on loopback hosts", () => {
    for (const host of ["localhost", "127.0.0.1", "[::1]"])
      expect(resolveSecret({}, host)).toBe(DEV_RECEIPT_KEY);
    for (const host of ["edge.example", "localhost.example", "preferably.workers.dev"])
      expect(resolveSecret({}, host)).toBeUndefined();
  });
});

describe("keyed hashes", () => {
  it("should separate purposes and secrets", async () => {
    const a = keysFor("a".repeat(40));
    const b = keysFor("b".repeat(40));
    const h = await keyedHash(a, "idempotency", "x");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await keyedHash(a, "idempotency", "x")).toBe(h);
    expect(await keyedHash(a, "nonce", "x")).not.toBe(h);
    expect(await keyedHash(b, "idempotency", "x")).not.toBe(h);
    expect(await a.verify("idempotency", "x", await a.mac("idempotency", "x"))).toBe(true);
    expect(await a.verify("idempotency", "y", await a.mac("idempotency", "x"))).toBe(false);
  });
});
