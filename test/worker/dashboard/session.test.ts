import { describe, expect, it } from "vitest";
import {
  SESSION_SECONDS,
  sessionKey,
  signSession,
  verifySession,
} from "../../../worker/dashboard/session.ts";

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

describe("dashboard session", () => {
  it("should verify a session it signed, for the same site", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW);
    expect(value).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(await verifySession(key, "demo", value, NOW)).toBe(true);
  });

  it("should refuse the session for another site", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW);
    expect(await verifySession(key, "other", value, NOW)).toBe(false);
  });

  it("should refuse a session signed with another secret", async () => {
    const value = await signSession(await sessionKey("secret-one"), "demo", NOW);
    expect(await verifySession(await sessionKey("secret-two"), "demo", value, NOW)).toBe(false);
  });

  it("should accept a session until its last second and refuse it at its expiry", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW);
    const expiryMs = NOW + SESSION_SECONDS * 1000;
    expect(await verifySession(key, "demo", value, expiryMs - 1000)).toBe(true);
    expect(await verifySession(key, "demo", value, expiryMs)).toBe(false);
  });

  it("should refuse a session that claims to last longer than a session can", async () => {
    const key = await sessionKey("secret-one");
    const later = await signSession(key, "demo", NOW + 1000);
    expect(await verifySession(key, "demo", later, NOW)).toBe(false);
  });

  it("should refuse a changed expiry, a changed signature, and garbage", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW);
    const [expiry, signature = ""] = value.split(".");
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    expect(await verifySession(key, "demo", `${Number(expiry) - 60}.${signature}`, NOW)).toBe(
      false,
    );
    expect(await verifySession(key, "demo", `${expiry}.${flipped}`, NOW)).toBe(false);
    for (const bad of [
      undefined,
      "",
      "abc",
      `${expiry}.`,
      `.${signature}`,
      `${expiry}.${signature}x`,
    ]) {
      expect(await verifySession(key, "demo", bad, NOW)).toBe(false);
    }
  });
});
