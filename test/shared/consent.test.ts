import { describe, expect, it } from "vitest";
import {
  addMonths,
  consentFor,
  newRecord,
  RECEIPT_REFRESH_MS,
  receiptNeedsRefresh,
  recordState,
} from "../../shared/consent.ts";
import type { Purpose } from "../../shared/schema.ts";

const purpose = (id: string, extra: Partial<Purpose> = {}): Purpose => ({
  id,
  label: id,
  description: id,
  required: false,
  saleOrShare: false,
  explicit: false,
  consentMode: [],
  ...extra,
});
const purposes = [
  purpose("necessary", { required: true }),
  purpose("analytics"),
  purpose("ads", { saleOrShare: true }),
];
const site = { site: "demo", policyVersion: "v2", consentMonths: 12 };
const NOW = Date.UTC(2026, 10, 23, 12);

describe("consentFor", () => {
  it("should tick nothing but required purposes on reject all (invariant 1)", () => {
    expect(consentFor(purposes, "reject-all", false)).toEqual({
      necessary: true,
      analytics: false,
      ads: false,
    });
  });

  it("should grant everything on accept all", () => {
    expect(consentFor(purposes, "accept-all", false)).toEqual({
      necessary: true,
      analytics: true,
      ads: true,
    });
  });

  it("should keep sale-or-share purposes off under GPC, even on accept all (invariant 7)", () => {
    expect(consentFor(purposes, "accept-all", true)).toEqual({
      necessary: true,
      analytics: true,
      ads: false,
    });
    expect(consentFor(purposes, { ads: true }, true).ads).toBe(false);
  });

  it("should take only explicit true values from a custom choice", () => {
    expect(consentFor(purposes, { analytics: true }, false)).toEqual({
      necessary: true,
      analytics: true,
      ads: false,
    });
  });
});

describe("records", () => {
  it("should keep the policy version and timestamps as proof of consent", () => {
    const r = newRecord(site, "custom", { analytics: true }, { level: "pro" }, false, NOW);
    expect(r).toMatchObject({
      v: 1,
      site: "demo",
      policyVersion: "v2",
      decidedAt: NOW,
      method: "custom",
      gpc: false,
    });
    expect(r.expiresAt).toBe(Date.UTC(2027, 10, 23, 12));
  });

  it("should be valid until it expires, then ask again (invariant 6)", () => {
    const r = newRecord(site, "reject-all", {}, {}, false, NOW);
    expect(recordState(r, site, NOW)).toBe("valid");
    expect(recordState(r, site, r.expiresAt - 1)).toBe("valid");
    expect(recordState(r, site, r.expiresAt)).toBe("expired");
  });

  it("should ask again when the policy version changes", () => {
    const r = newRecord(site, "accept-all", {}, {}, false, NOW);
    expect(recordState(r, { ...site, policyVersion: "v3" }, NOW)).toBe("policy-changed");
  });

  it("should not take a record of another site, or none", () => {
    const r = newRecord(site, "accept-all", {}, {}, false, NOW);
    expect(recordState(r, { ...site, site: "other" }, NOW)).toBe("other-site");
    expect(recordState(undefined, site, NOW)).toBe("none");
  });

  it("should refresh a receipt once it is a week old", () => {
    const r = {
      ...newRecord(site, "accept-all", {}, {}, false, NOW),
      receipt: { token: "t", issuedAt: NOW },
    };
    expect(receiptNeedsRefresh(r, NOW + RECEIPT_REFRESH_MS - 1)).toBe(false);
    expect(receiptNeedsRefresh(r, NOW + RECEIPT_REFRESH_MS)).toBe(true);
    expect(receiptNeedsRefresh({ ...r, receipt: undefined }, NOW + RECEIPT_REFRESH_MS)).toBe(false);
  });
});

describe("addMonths", () => {
  it("should clamp to the end of a shorter month", () => {
    expect(new Date(addMonths(Date.UTC(2026, 0, 31), 1)).toISOString().slice(0, 10)).toBe(
      "2026-02-28",
    );
    expect(new Date(addMonths(Date.UTC(2027, 11, 15), 13)).toISOString().slice(0, 10)).toBe(
      "2029-01-15",
    );
  });
});
