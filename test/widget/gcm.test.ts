import { describe, expect, it } from "vitest";
import { consentModeState, sendConsentMode } from "../../widget/gcm.ts";
import { demoConfig } from "./fixtures.ts";

const { purposes } = demoConfig();

describe("consentModeState", () => {
  it("should deny the types of optional purposes before a choice, and grant the required one's", () => {
    const state = consentModeState(purposes, undefined);
    const required = new Set(purposes.filter((p) => p.required).flatMap((p) => p.consentMode));
    expect(required).toEqual(new Set(["security_storage", "functionality_storage"]));
    for (const [type, value] of Object.entries(state)) {
      expect(value, type).toBe(required.has(type as never) ? "granted" : "denied");
    }
    expect(Object.keys(state).sort()).toEqual(
      [
        "ad_personalization",
        "ad_storage",
        "ad_user_data",
        "analytics_storage",
        "functionality_storage",
        "personalization_storage",
        "security_storage",
      ].sort(),
    );
  });

  it("should grant the types of granted purposes only", () => {
    const state = consentModeState(purposes, {
      necessary: true,
      analytics: true,
      personalisation: false,
      advertising: false,
    });
    expect(state).toMatchObject({
      security_storage: "granted",
      analytics_storage: "granted",
      personalization_storage: "denied",
      ad_storage: "denied",
    });
  });

  it("should deny a type shared by two purposes unless both are granted", () => {
    const two = [
      { ...purposes[1]!, id: "a", consentMode: ["analytics_storage" as const] },
      { ...purposes[1]!, id: "b", consentMode: ["analytics_storage" as const] },
    ];
    expect(consentModeState(two, { a: true, b: false }).analytics_storage).toBe("denied");
    expect(consentModeState(two, { a: true, b: true }).analytics_storage).toBe("granted");
  });
});

describe("sendConsentMode", () => {
  const state = { ad_storage: "denied" as const };

  it("should call gtag when the page has it", () => {
    const calls: unknown[][] = [];
    expect(sendConsentMode("update", state, { gtag: (...a) => void calls.push(a) })).toBe(true);
    expect(calls).toEqual([["consent", "update", state]]);
  });

  it("should push an arguments object onto dataLayer when there is no gtag", () => {
    const dataLayer: unknown[] = [];
    expect(sendConsentMode("default", state, { dataLayer })).toBe(true);
    expect(Object.prototype.toString.call(dataLayer[0])).toBe("[object Arguments]");
    expect(Array.from(dataLayer[0] as ArrayLike<unknown>)).toEqual(["consent", "default", state]);
  });

  it("should do nothing when the page has neither, or nothing is mapped", () => {
    expect(sendConsentMode("update", state, {})).toBe(false);
    const calls: unknown[] = [];
    expect(sendConsentMode("update", {}, { gtag: () => void calls.push(1) })).toBe(false);
    expect(calls).toEqual([]);
  });
});
