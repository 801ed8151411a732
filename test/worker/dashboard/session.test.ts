import { describe, expect, it } from "vitest";
import {
  SESSION_SECONDS,
  sessionKey,
  signSession,
  verifySession,
} from "../../../worker/dashboard/session.ts";

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const TOKEN = "seed-demo-marketer";

describe("dashboard session", () => {
  it("should last a working day: 8 hours", () => {
    expect(SESSION_SECONDS).toBe(8 * 60 * 60);
  });

  it("should verify a session it signed, for the same site, and name its token", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW, TOKEN);
    expect(value).toMatch(/^\d+\.seed-demo-marketer\.0\.[A-Za-z0-9_-]{43}$/);
    expect(await verifySession(key, "demo", value, NOW)).toEqual({ token: TOKEN, version: 0 });
  });

  it("should refuse the session for another site, or in another area", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW, TOKEN);
    expect(await verifySession(key, "other", value, NOW)).toBeUndefined();
    expect(await verifySession(key, "demo", value, NOW, "console")).toBeUndefined();
    const console = await signSession(key, "demo", NOW, TOKEN, "console");
    expect(await verifySession(key, "demo", console, NOW)).toBeUndefined();
    expect(await verifySession(key, "demo", console, NOW, "console")).toEqual({
      token: TOKEN,
      version: 0,
    });
  });

  it("should sign the session version in: a changed version is refused", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW, TOKEN, "dashboard", 3);
    expect(value).toMatch(/^\d+\.seed-demo-marketer\.3\.[A-Za-z0-9_-]{43}$/);
    expect(await verifySession(key, "demo", value, NOW)).toEqual({ token: TOKEN, version: 3 });
    for (const other of ["4", "03", "0"]) {
      const changed = value.replace(".3.", `.${other}.`);
      expect(await verifySession(key, "demo", changed, NOW)).toBeUndefined();
    }
    await expect(signSession(key, "demo", NOW, TOKEN, "dashboard", -1)).rejects.toThrow();
  });

  it("should refuse a session whose token id was swapped", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW, TOKEN);
    const swapped = value.replace(TOKEN, "seed-demo-owner");
    expect(await verifySession(key, "demo", swapped, NOW)).toBeUndefined();
  });

  it("should refuse a session signed with another secret", async () => {
    const value = await signSession(await sessionKey("secret-one"), "demo", NOW, TOKEN);
    expect(await verifySession(await sessionKey("secret-two"), "demo", value, NOW)).toBeUndefined();
  });

  it("should accept a session until its last second and refuse it at its expiry", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW, TOKEN);
    const expiryMs = NOW + SESSION_SECONDS * 1000;
    expect(await verifySession(key, "demo", value, expiryMs - 1000)).toEqual({
      token: TOKEN,
      version: 0,
    });
    expect(await verifySession(key, "demo", value, expiryMs)).toBeUndefined();
  });

  it("should refuse a session that claims to last longer than a session can", async () => {
    const key = await sessionKey("secret-one");
    const later = await signSession(key, "demo", NOW + 1000, TOKEN);
    expect(await verifySession(key, "demo", later, NOW)).toBeUndefined();
  });

  it("should refuse a changed expiry, a changed signature, and garbage", async () => {
    const key = await sessionKey("secret-one");
    const value = await signSession(key, "demo", NOW, TOKEN);
    const [expiry, token, version, signature = ""] = value.split(".");
    // The first character: the last one of 43 carries 2 padding bits a change may only touch.
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    expect(await verifySession(key, "demo", value, NOW)).toBeDefined();
    expect(
      await verifySession(
        key,
        "demo",
        `${Number(expiry) - 60}.${token}.${version}.${signature}`,
        NOW,
      ),
    ).toBeUndefined();
    expect(
      await verifySession(key, "demo", `${expiry}.${token}.${version}.${flipped}`, NOW),
    ).toBeUndefined();
    for (const bad of [
      undefined,
      "",
      "abc",
      `${expiry}.`,
      `${expiry}.${signature}`,
      `.${token}.${version}.${signature}`,
      // The three-part cookie of before (no version) is no session.
      `${expiry}.${token}.${signature}`,
      `${expiry}.${token}..${signature}`,
      `${expiry}.${token}.${version}.${signature}x`,
    ]) {
      expect(await verifySession(key, "demo", bad, NOW)).toBeUndefined();
    }
  });
});
