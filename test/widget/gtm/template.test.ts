// @vitest-environment node
/**
 * The Google Tag Manager Community Template (widget/gtm/template.tpl). Its own scenarios, in
 * GTM's test format, run in GTM's template editor; here its sandboxed code runs in a Node VM
 * context with GTM's APIs stubbed, fed the demo site's real purposes, and must send exactly what
 * the widget sends itself (widget/gcm.ts): the same defaults, then one update per decision.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { CONSENT_MODE_TYPES } from "../../../shared/schema.ts";
import { consentModeDefaults, consentModeState } from "../../../widget/gcm.ts";
import { demoConfig } from "../fixtures.ts";

const TPL = readFileSync(join(import.meta.dirname, "../../../widget/gtm/template.tpl"), "utf8");

/** The template's sections by name (`___NAME___` headings). */
function sections(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const parts = text.split(/^___([A-Z_]+)___$/m);
  for (let i = 1; i < parts.length; i += 2) out[parts[i] ?? ""] = (parts[i + 1] ?? "").trim();
  return out;
}
const s = sections(TPL);

const config = demoConfig();
const purposeMap = config.purposes.map((p) => ({
  purpose: p.id,
  types: (p.consentMode ?? []).join(", "),
  required: p.required ? "yes" : "no",
  saleOrShare: p.saleOrShare ? "yes" : "no",
}));

/** Runs the sandboxed code; `decisions` are what preferably.on('consent') reports. */
function run(
  data: Record<string, unknown>,
  o: { gpc?: boolean; decisions?: Array<Record<string, boolean>> } = {},
) {
  const calls: unknown[][] = [];
  const api: Record<string, (...a: unknown[]) => unknown> = {
    setDefaultConsentState: (x) => calls.push(["default", x]),
    updateConsentState: (x) => calls.push(["update", x]),
    gtagSet: (k, v) => calls.push(["set", k, v]),
    injectScript: (url, ok) => {
      calls.push(["inject", url]);
      (ok as () => void)();
    },
    callInWindow: (path, event, fn) => {
      calls.push(["call", path, event]);
      for (const d of o.decisions ?? []) (fn as (c: unknown) => void)(d);
    },
    copyFromWindow: (key) => (key === "navigator.globalPrivacyControl" ? !!o.gpc : undefined),
    encodeUriComponent: (x) => encodeURIComponent(String(x)),
    makeNumber: (x) => Number(x),
    makeString: (x) => String(x),
  };
  const sandbox = {
    require: (name: string) => api[name],
    data: {
      ...data,
      gtmOnSuccess: () => calls.push(["success"]),
      gtmOnFailure: () => calls.push(["failure"]),
    },
  };
  runInNewContext(s.SANDBOXED_JS_FOR_WEB_TEMPLATE ?? "", sandbox);
  // Objects from the VM context have another Object prototype: compare them as JSON.
  return JSON.parse(JSON.stringify(calls)) as unknown[][];
}

describe("GTM Community Template", () => {
  it("should have the sections GTM reads, with valid JSON, and tests in GTM's own format", () => {
    for (const name of [
      "INFO",
      "TEMPLATE_PARAMETERS",
      "SANDBOXED_JS_FOR_WEB_TEMPLATE",
      "WEB_PERMISSIONS",
      "TESTS",
    ]) {
      expect(s[name], name).toBeTruthy();
    }
    expect(JSON.parse(s.INFO ?? "").containerContexts).toEqual(["WEB"]);
    const params = JSON.parse(s.TEMPLATE_PARAMETERS ?? "") as Array<{ name: string }>;
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining(["edge", "site", "purposeMap", "waitForUpdate", "regions"]),
    );
    const consent = JSON.stringify(JSON.parse(s.WEB_PERMISSIONS ?? ""));
    for (const type of CONSENT_MODE_TYPES) expect(consent).toContain(`"${type}"`);
    expect(s.TESTS).toMatch(/^scenarios:\n- name: /);
    expect((s.TESTS ?? "").match(/^- name: /gm)?.length).toBeGreaterThanOrEqual(4);
  });

  it("should send the widget's defaults, load the per-site script with Consent Mode off, and no update", () => {
    const calls = run({
      edge: "https://edge.example",
      site: "demo",
      waitForUpdate: 500,
      purposeMap,
    });
    expect(calls[0]).toEqual(["default", consentModeDefaults(config, false)[0]?.[2]]);
    expect(calls).toContainEqual([
      "inject",
      "https://edge.example/v1/sites/demo/widget.js?consent-mode=off",
    ]);
    expect(calls).toContainEqual(["call", "preferably.on", "consent"]);
    expect(calls.filter((c) => c[0] === "update")).toEqual([]);
    expect(calls.at(-1)).toEqual(["success"]);
  });

  it("should send one update per decision, the same as the widget's", () => {
    const decisions = [
      { necessary: true, analytics: true, personalisation: false, advertising: false },
      { necessary: true, analytics: true, personalisation: true, advertising: true },
    ];
    for (const gpc of [false, true]) {
      const updates = run(
        { edge: "https://e.example", site: "demo", purposeMap },
        { gpc, decisions },
      ).filter((c) => c[0] === "update");
      expect(updates).toEqual(
        decisions.map((d) => ["update", consentModeState(config.purposes, d, gpc)]),
      );
    }
  });

  it("should scope the defaults to regions (not under GPC) and set the site's flags", () => {
    const data = {
      edge: "https://e.example",
      site: "demo",
      purposeMap,
      regions: "ES, US-CA",
      waitForUpdate: 800,
      adsDataRedaction: true,
      urlPassthrough: true,
    };
    const site = {
      ...config,
      googleConsentMode: {
        regions: ["ES", "US-CA"],
        waitForUpdate: 800,
        adsDataRedaction: true,
        urlPassthrough: true,
      },
    };
    expect(run(data).filter((c) => c[0] === "default" || c[0] === "set")).toEqual(
      consentModeDefaults(site, false).map((c) => (c[0] === "consent" ? ["default", c[2]] : c)),
    );
    expect(run(data, { gpc: true })[0]).toEqual([
      "default",
      consentModeDefaults(site, true)[0]?.[2],
    ]);
  });
});
