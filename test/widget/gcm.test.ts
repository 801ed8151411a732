import { describe, expect, it } from "vitest";
import { DEFAULT_WAIT_FOR_UPDATE_MS } from "../../shared/limits.ts";
import {
  consentModeDefaults,
  consentModeState,
  sendConsentMode,
  usesConsentMode,
} from "../../widget/gcm.ts";
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

describe("consentModeDefaults", () => {
  it("should deny all seven types but the required purpose's, with wait_for_update 500 ms", () => {
    const [first, ...rest] = consentModeDefaults(demoConfig(), false);
    expect(first).toEqual([
      "consent",
      "default",
      { ...consentModeState(purposes, undefined), wait_for_update: DEFAULT_WAIT_FOR_UPDATE_MS },
    ]);
    expect(DEFAULT_WAIT_FOR_UPDATE_MS).toBe(500);
    expect(rest).toEqual([]);
  });

  it("should take the site's wait, regions and set commands, in Google's order", () => {
    const config = {
      ...demoConfig(),
      googleConsentMode: {
        waitForUpdate: 800,
        regions: ["ES", "US-CA"],
        adsDataRedaction: true,
        urlPassthrough: true,
        developerId: "dNzI2Mj",
      },
    };
    const commands = consentModeDefaults(config, false);
    expect(commands[0]?.[2]).toMatchObject({ wait_for_update: 800, region: ["ES", "US-CA"] });
    expect(commands.slice(1)).toEqual([
      ["set", "ads_data_redaction", true],
      ["set", "url_passthrough", true],
      ["set", "developer_id.dNzI2Mj", true],
    ]);
  });

  it("should hold sale-or-share types denied everywhere under GPC (no region scoping)", () => {
    const config = { ...demoConfig(), googleConsentMode: { regions: ["ES"] } };
    const [first] = consentModeDefaults(config, true);
    expect(first?.[2]).not.toHaveProperty("region");
    const accepted = consentModeState(
      purposes,
      { necessary: true, analytics: true, personalisation: true, advertising: true },
      true,
    );
    expect(accepted).toMatchObject({ analytics_storage: "granted", ad_storage: "denied" });
  });

  it("should be used only by sites that map a type or give settings", () => {
    expect(usesConsentMode(demoConfig())).toBe(true);
    const none = demoConfig().purposes.map((p) => ({ ...p, consentMode: [] }));
    expect(usesConsentMode({ purposes: none })).toBe(false);
    expect(usesConsentMode({ purposes: none, googleConsentMode: {} })).toBe(true);
  });
});

describe("sendConsentMode", () => {
  const command = ["consent", "update", { ad_storage: "denied" }];

  it("should call gtag when the page has it", () => {
    const calls: unknown[][] = [];
    sendConsentMode([command], { gtag: (...a) => void calls.push(a) });
    expect(calls).toEqual([command]);
  });

  it("should push arguments objects onto dataLayer, creating it before Google's tag exists", () => {
    const win: { dataLayer?: unknown[] } = {};
    sendConsentMode([command, ["set", "url_passthrough", true]], win);
    expect(win.dataLayer).toHaveLength(2);
    expect(Object.prototype.toString.call(win.dataLayer?.[0])).toBe("[object Arguments]");
    expect(Array.from(win.dataLayer?.[0] as ArrayLike<unknown>)).toEqual(command);
  });
});
