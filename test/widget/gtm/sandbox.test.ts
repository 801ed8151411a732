// @vitest-environment node
/**
 * The GTM sandbox stand-in (test/widget/gtm/sandbox.ts) itself: a scenario that should fail
 * fails, permissions are enforced on unmocked APIs only, and the YAML reader refuses what it
 * cannot read, so the template's scenarios passing (template.test.ts) means something.
 */
import { describe, expect, it } from "vitest";
import {
  AssertionError,
  parseTests,
  permissions,
  runScenario,
  same,
  urlMatches,
} from "./sandbox.ts";

/** A permission list as GTM writes it. */
const PERMS = JSON.stringify([
  {
    instance: {
      key: { publicId: "access_consent", versionId: "1" },
      param: [
        {
          key: "consentTypes",
          value: {
            type: 2,
            listItem: [
              {
                type: 3,
                mapKey: [
                  { type: 1, string: "consentType" },
                  { type: 1, string: "read" },
                  { type: 1, string: "write" },
                ],
                mapValue: [
                  { type: 1, string: "ad_storage" },
                  { type: 8, boolean: false },
                  { type: 8, boolean: true },
                ],
              },
            ],
          },
        },
      ],
    },
  },
  {
    instance: {
      key: { publicId: "inject_script", versionId: "1" },
      param: [
        {
          key: "urls",
          value: { type: 2, listItem: [{ type: 1, string: "https://cdn.example/*.js" }] },
        },
      ],
    },
  },
]);
const perms = permissions(PERMS);
const CODE = `
  const setDefaultConsentState = require('setDefaultConsentState');
  const injectScript = require('injectScript');
  setDefaultConsentState({ ad_storage: data.state, wait_for_update: 500 });
  injectScript(data.url, data.gtmOnSuccess, data.gtmOnFailure);
  return 'done';
`;
const run = (code: string, template = { code: CODE, permissions: perms }) =>
  runScenario(template, "const d = { state: 'denied', url: 'https://cdn.example/a.js' };", {
    name: "t",
    code,
  });

describe("the GTM sandbox stand-in", () => {
  it("should read GTM's permission values (strings, lists, maps, booleans)", () => {
    expect(perms.get("access_consent")).toEqual({
      consentTypes: [{ consentType: "ad_storage", read: false, write: true }],
    });
    expect(perms.get("inject_script")).toEqual({ urls: ["https://cdn.example/*.js"] });
  });

  it("should run the code with data, return its value, and record what the page saw", () => {
    const page = run(`
      const result = runCode(d);
      assertThat(result).isEqualTo('done');
      assertApi('setDefaultConsentState').wasCalledWith({ ad_storage: 'denied', wait_for_update: 500 });
      // Nothing loads: neither callback runs unless injectScript is mocked.
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    `);
    expect(page.consent).toEqual([["default", { ad_storage: "denied", wait_for_update: 500 }]]);
    expect(page.injected).toEqual(["https://cdn.example/a.js"]);
  });

  it("should fail a scenario whose assertion does not hold", () => {
    expect(() => run("runCode(d); assertApi('setDefaultConsentState').wasNotCalled();")).toThrow(
      AssertionError,
    );
    expect(() =>
      run(
        "runCode(d); assertApi('setDefaultConsentState').wasCalledWith({ ad_storage: 'granted' });",
      ),
    ).toThrow(/was not called with/);
    expect(() => run("assertThat([1, 2]).isEqualTo([2, 1]);")).toThrow(AssertionError);
    expect(() => run("assertThat('x', 'the name').isUndefined();")).toThrow(/the name/);
    expect(() => run("fail('stop');")).toThrow(/stop/);
  });

  it("should enforce the permissions on real calls, and skip them on mocked ones", () => {
    const elsewhere = "d.url = 'https://evil.example/a.js'; runCode(d);";
    expect(() => run(elsewhere)).toThrow(/inject_script/);
    expect(() => run(`mock('injectScript', () => {}); ${elsewhere}`)).not.toThrow();
    const template = { code: CODE.replace("ad_storage", "analytics_storage"), permissions: perms };
    expect(() => run("runCode(d);", template)).toThrow(/no write access to analytics_storage/);
    expect(() => run("d.state = 'yes'; runCode(d);")).toThrow(/"granted" or "denied"/);
  });

  it("should fail the require of an API without its permission, or of one it does not know", () => {
    const noInject = new Map(perms);
    noInject.delete("inject_script");
    expect(() => run("runCode(d);", { code: CODE, permissions: noInject })).toThrow(
      /does not declare inject_script/,
    );
    expect(() => run("runCode(d);", { code: "require('sendPixel');", permissions: perms })).toThrow(
      /not an API this harness implements/,
    );
  });

  it("should call a mock function in place of the API, and return a mock value as it is", () => {
    run(`
      const seen = [];
      mock('setDefaultConsentState', (s) => seen.push(s.ad_storage));
      runCode(d);
      assertThat(seen).isEqualTo(['denied']);
      mock('injectScript', 42);
      assertThat(require('injectScript')('anything')).isEqualTo(42);
    `);
  });

  it("should refuse eval and new Function inside the sandbox", () => {
    expect(() => run("runCode(d);", { code: "eval('1');", permissions: perms })).toThrow(
      /Code generation from strings disallowed/,
    );
  });

  it("should match URLs as GTM's URL match patterns do", () => {
    expect(
      urlMatches(
        "https://*/v1/sites/*/widget.js*",
        "https://e.example/v1/sites/demo/widget.js?consent-mode=off",
      ),
    ).toBe(true);
    expect(
      urlMatches("https://*/v1/sites/*/widget.js*", "http://e.example/v1/sites/demo/widget.js"),
    ).toBe(false);
    expect(urlMatches("https://*.example.com/*", "https://cdn.example.com/x.js")).toBe(true);
    expect(urlMatches("https://*.example.com/*", "https://example.com/x.js")).toBe(true);
    expect(urlMatches("https://*.example.com/*", "https://badexample.com/x.js")).toBe(false);
    expect(urlMatches("https://cdn.example/a.js", "https://cdn.example/a.jsx")).toBe(false);
  });

  it("should compare values, not references, across realms", () => {
    expect(same({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(same({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(same([1], { 0: 1 })).toBe(false);
  });

  it("should read GTM's ___TESTS___ YAML and refuse what it cannot read", () => {
    const t = parseTests(
      "scenarios:\n- name: One\n  code: |-\n    runCode({});\n\n    assertThat(1).isEqualTo(1);\n- name: Two\n  code: |-\n    fail();\nsetup: |-\n  const x = 1;\n",
    );
    expect(t).toEqual({
      scenarios: [
        { name: "One", code: "runCode({});\n\nassertThat(1).isEqualTo(1);" },
        { name: "Two", code: "fail();" },
      ],
      setup: "const x = 1;",
    });
    expect(() => parseTests('scenarios:\n- name: One\n  code: "runCode()"\n')).toThrow(
      /unsupported YAML/,
    );
    expect(() => parseTests("scenarios:\n- name: One\n")).toThrow(/has no code/);
    expect(() => parseTests("tests:\n  - a\n")).toThrow(/cannot read/);
  });
});
