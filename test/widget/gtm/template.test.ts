// @vitest-environment node
/**
 * The Google Tag Manager Community Template (widget/gtm/template.tpl): its own scenarios, in
 * GTM's test format (`___TESTS___`), run here in a stand-in for GTM's sandbox
 * (test/widget/gtm/sandbox.ts) with the template's declared permissions enforced; its
 * permissions checked against the APIs its code requires; and its sandboxed code fed the demo
 * site's real purposes, where it must send exactly what the widget sends itself (widget/gcm.ts):
 * the same defaults, then one update per decision.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONSENT_MODE_TYPES } from "../../../shared/consent-mode.ts";
import { consentModeDefaults, consentModeState } from "../../../widget/gcm.ts";
import { demoConfig } from "../fixtures.ts";
import {
  parseTests,
  permissionOf,
  permissions,
  required,
  runScenario,
  type Scenario,
  sections,
} from "./sandbox.ts";

const TPL = readFileSync(join(import.meta.dirname, "../../../widget/gtm/template.tpl"), "utf8");
const s = sections(TPL);
const template = {
  code: s.SANDBOXED_JS_FOR_WEB_TEMPLATE ?? "",
  permissions: permissions(s.WEB_PERMISSIONS ?? "[]"),
};
const tests = parseTests(s.TESTS ?? "");

describe("GTM Community Template: the file", () => {
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
    // Every field the code reads (data.x) is a parameter of the template.
    const read = new Set([...template.code.matchAll(/\bdata\.(\w+)/g)].map((m) => m[1]));
    read.delete("gtmOnSuccess");
    read.delete("gtmOnFailure");
    expect([...read].sort()).toEqual(params.map((p) => p.name).sort());
    expect(tests.scenarios.length).toBeGreaterThanOrEqual(8);
    expect(tests.setup).toContain("const mockData");
  });

  it("should declare exactly the permissions that the APIs its code requires need", () => {
    const needed = new Set(required(template.code).map(permissionOf).filter(Boolean));
    expect([...needed].sort()).toEqual([...template.permissions.keys()].sort());
    // Consent: write for all seven types, read for none (the template never reads consent).
    const types = template.permissions.get("access_consent")?.consentTypes as Array<{
      consentType: string;
      read: boolean;
      write: boolean;
    }>;
    expect(types.map((t) => t.consentType).sort()).toEqual([...CONSENT_MODE_TYPES].sort());
    expect(types.every((t) => t.write && !t.read)).toBe(true);
  });
});

describe("GTM Community Template: its own scenarios (___TESTS___) in the sandbox stand-in", () => {
  for (const scenario of tests.scenarios) {
    it(scenario.name, () => {
      const page = runScenario(template, tests.setup, scenario);
      // Every scenario loads the template's code and so sets the defaults through the real,
      // permission-checked API.
      expect(page.consent[0]?.[0]).toBe("default");
    });
  }

  it("should fail the scenarios when a permission the code needs is not declared", () => {
    for (const id of template.permissions.keys()) {
      const fewer = new Map(template.permissions);
      fewer.delete(id);
      const failures = tests.scenarios.filter((sc) => {
        try {
          runScenario({ ...template, permissions: fewer }, tests.setup, sc);
          return false;
        } catch {
          return true;
        }
      });
      // The require itself fails (the API's permission is missing), in every scenario.
      expect(failures.length, id).toBe(tests.scenarios.length);
    }
  });
});

/** A scenario built here: the template run with `data`, a GPC flag and the decisions reported. */
function run(
  data: Record<string, unknown>,
  o: { gpc?: boolean; decisions?: Array<Record<string, boolean> | undefined> } = {},
) {
  const injected: string[] = [];
  const scenario: Scenario = {
    name: "the widget's rules",
    code: `
      mock('copyFromWindow', (key) => key === 'navigator.globalPrivacyControl' ? __gpc : undefined);
      mock('injectScript', (url, ok) => { __injected.push(url); ok(); });
      mock('callInWindow', (path, event, fn) => { __decisions.forEach((d) => fn(d)); });
      runCode(__data);
      assertApi('gtmOnSuccess').wasCalled();`,
  };
  const page = runScenario(template, "", scenario, {
    __data: data,
    __gpc: !!o.gpc,
    __decisions: o.decisions ?? [],
    __injected: injected,
  });
  return { ...(JSON.parse(JSON.stringify(page)) as typeof page), injected };
}

const config = demoConfig();
const purposeMap = config.purposes.map((p) => ({
  purpose: p.id,
  types: (p.consentMode ?? []).join(", "),
  required: p.required ? "yes" : "no",
  saleOrShare: p.saleOrShare ? "yes" : "no",
}));

describe("GTM Community Template: the same Consent Mode as the widget's own", () => {
  it("should send the widget's defaults, load the per-site script with Consent Mode off, and no update", () => {
    const page = run({
      edge: "https://edge.example",
      site: "demo",
      waitForUpdate: 500,
      purposeMap,
    });
    expect(page.consent).toEqual([["default", consentModeDefaults(config, false)[0]?.[2]]]);
    expect(page.injected).toEqual([
      "https://edge.example/v1/sites/demo/widget.js?consent-mode=off",
    ]);
  });

  it("should send one update per decision, the same as the widget's, with and without GPC", () => {
    const decisions = [
      { necessary: true, analytics: true, personalisation: false, advertising: false },
      { necessary: true, analytics: true, personalisation: true, advertising: true },
      undefined, // "Delete my data": no decision any more
    ];
    for (const gpc of [false, true]) {
      const page = run({ edge: "https://e.example", site: "demo", purposeMap }, { gpc, decisions });
      expect(page.consent.filter((c) => c[0] === "update")).toEqual(
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
      developerId: "dZTk4Zj",
    };
    const site = {
      ...config,
      googleConsentMode: {
        regions: ["ES", "US-CA"],
        waitForUpdate: 800,
        adsDataRedaction: true,
        urlPassthrough: true,
        developerId: "dZTk4Zj",
      },
    };
    const widget = consentModeDefaults(site, false);
    const page = run(data);
    expect(page.consent).toEqual([["default", widget[0]?.[2]]]);
    expect(page.set).toEqual(widget.slice(1).map((c) => [c[1], c[2]]));
    expect(run(data, { gpc: true }).consent).toEqual([
      ["default", consentModeDefaults(site, true)[0]?.[2]],
    ]);
  });
});
