/**
 * @module
 * A small stand-in for Google Tag Manager's template sandbox, enough to run a Community
 * Template's own tests (its `___TESTS___` section) outside GTM, which this machine does not
 * have. Test code only: it runs the template's sandboxed JavaScript with node:vm, which nothing
 * shipped uses (the widget has no eval and no `new Function`; the vm context here refuses both
 * too, `codeGeneration: { strings: false }`).
 *
 * What it follows (developers.google.com/tag-platform/tag-manager/templates: "Tests", "Custom
 * template APIs", "Custom template permissions"):
 * - A template is sections headed `___NAME___`; the tests are YAML, `scenarios:` (each `name`
 *   and `code`) and an optional `setup` that runs before each scenario, in its scope.
 * - Test APIs: `runCode(data)` runs the template's code with `data` (plus `gtmOnSuccess` and
 *   `gtmOnFailure`) and returns what it returns; `assertApi(name)` with `wasCalled`,
 *   `wasNotCalled`, `wasCalledWith(...args)`, `wasNotCalledWith(...args)` (values compared, not
 *   references); `assertThat(value, message?)` with the subject methods below; `mock(name,
 *   value)`, where a function is called in place of the API and anything else is returned;
 *   `mockObject(name, object)`; `fail(message?)`. Mocks and call records start afresh in each
 *   scenario. Mocked APIs are not permission-checked ("Permission checks do not happen on mocked
 *   APIs in unit tests"); every other call is.
 * - Only the sandboxed APIs the Preferably template requires are implemented, each with its
 *   documented behaviour and permission: setDefaultConsentState and updateConsentState
 *   (access_consent, write, for every consent type set), gtagSet (write_data_layer, every key),
 *   injectScript (inject_script, the URL against the URL match patterns), callInWindow
 *   (access_globals, execute), copyFromWindow (access_globals, read), and encodeUriComponent,
 *   makeNumber, makeString (no permission). `require` of any other name fails, and so does the
 *   require of an API whose permission the template does not declare.
 * - Unmocked, nothing really happens in the page: consent and gtag commands are recorded,
 *   injectScript loads nothing and calls neither callback, and the window is an empty object
 *   (callInWindow of a missing function returns undefined, copyFromWindow of a missing key too).
 *
 * Not reproduced: GTM's checks of the template's syntax (sandboxed JavaScript is a subset of
 * ES2015), its parameter validation (GTM's unit tests skip it too), and the permission editor's
 * own rules for what may be declared (for example that an access_globals key should not start
 * with a browser global such as `navigator`); see widget/README.md.
 */
import { createContext, runInContext } from "node:vm";

/** A template's sections by name (`___INFO___` is "INFO"). */
export function sections(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const parts = text.split(/^___([A-Z_]+)___$/m);
  for (let i = 1; i < parts.length; i += 2) out[parts[i] ?? ""] = (parts[i + 1] ?? "").trim();
  return out;
}

export interface Scenario {
  name: string;
  code: string;
}

/**
 * The `___TESTS___` YAML as GTM writes it: `scenarios:`, a list of `- name: …` with `code: |-`
 * blocks, and `setup: |-`. Only that shape (block scalars `|`, `|-`; plain one-line names);
 * anything else throws, so a test never passes on a misread file.
 */
export function parseTests(yaml: string): { scenarios: Scenario[]; setup: string } {
  const lines = yaml.split("\n");
  const scenarios: Scenario[] = [];
  let setup = "";
  let i = 0;
  /** The block scalar after `key: |-` at `indent`: the following lines indented deeper. */
  const block = (indent: number, keep: boolean): string => {
    const body: string[] = [];
    let inner = -1;
    while (i < lines.length) {
      const line = lines[i] ?? "";
      const depth = line.length - line.trimStart().length;
      if (line.trim() !== "" && depth <= indent) break;
      if (inner < 0 && line.trim() !== "") inner = depth;
      body.push(line.slice(Math.max(inner, 0)));
      i++;
    }
    const text = body.join("\n");
    return keep ? `${text.replace(/\n*$/, "")}\n` : text.replace(/\n*$/, "");
  };
  const value = (raw: string, indent: number): string => {
    const v = raw.trim();
    if (v === "|-" || v === "|") return block(indent, v === "|");
    if (v.startsWith("|") || v.startsWith(">") || v.startsWith('"') || v.startsWith("'")) {
      throw new Error(`___TESTS___: unsupported YAML value ${JSON.stringify(v)}`);
    }
    return v;
  };
  while (i < lines.length) {
    const line = lines[i] ?? "";
    i++;
    if (line.trim() === "") continue;
    if (line === "scenarios:") continue;
    let m = /^- name: (.*)$/.exec(line);
    if (m) {
      scenarios.push({ name: value(m[1] ?? "", 0), code: "" });
      continue;
    }
    m = /^ {2}code: (.*)$/.exec(line);
    const last = scenarios.at(-1);
    if (m && last) {
      last.code = value(m[1] ?? "", 2);
      continue;
    }
    m = /^setup: (.*)$/.exec(line);
    if (m) {
      setup = value(m[1] ?? "", 0);
      continue;
    }
    throw new Error(`___TESTS___: cannot read line ${i}: ${JSON.stringify(line)}`);
  }
  for (const s of scenarios) if (!s.code) throw new Error(`scenario "${s.name}" has no code`);
  return { scenarios, setup };
}

/** A value as GTM stores it in `___WEB_PERMISSIONS___` (1 string, 2 list, 3 map, 8 boolean). */
type Typed =
  | { type: 1; string: string }
  | { type: 2; listItem: Typed[] }
  | { type: 3; mapKey: Typed[]; mapValue: Typed[] }
  | { type: 8; boolean: boolean };

function decode(t: Typed): unknown {
  switch (t.type) {
    case 1:
      return t.string;
    case 8:
      return t.boolean;
    case 2:
      return t.listItem.map(decode);
    case 3:
      return Object.fromEntries(
        t.mapKey.map((k, i) => [decode(k), decode(t.mapValue[i] as Typed)]),
      );
    default:
      throw new Error(`unknown permission value type ${JSON.stringify(t)}`);
  }
}

/** The declared permissions: publicId -> { param key -> value }. */
export function permissions(json: string): Map<string, Record<string, unknown>> {
  const list = JSON.parse(json) as Array<{
    instance: { key: { publicId: string }; param?: Array<{ key: string; value: Typed }> };
  }>;
  return new Map(
    list.map((p) => [
      p.instance.key.publicId,
      Object.fromEntries((p.instance.param ?? []).map((x) => [x.key, decode(x.value)])),
    ]),
  );
}

const literal = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

/** `*` matches any run of characters; everything else literally. */
const wildcard = (pattern: string, text: string): boolean =>
  new RegExp(`^${pattern.split("*").map(literal).join(".*")}$`, "s").test(text);

/**
 * A URL against an inject_script URL match pattern: https only; the host exact, `*.` for a
 * domain and its subdomains, or `*` for any; `*` in the path (and query) for any characters.
 */
export function urlMatches(pattern: string, url: string): boolean {
  const m = /^https:\/\/([^/]+)(\/.*)$/.exec(pattern);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!m || u.protocol !== "https:") return false;
  const [, host = "", path = ""] = m;
  const hostOk =
    host === "*" ||
    (host.startsWith("*.")
      ? u.hostname === host.slice(2) || u.hostname.endsWith(host.slice(1))
      : u.host === host.toLowerCase());
  return hostOk && wildcard(path, u.pathname + u.search);
}

class PermissionError extends Error {}

/** Value equality as GTM's assertions use it: recursive for arrays and objects, any realm. */
export function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.hasOwn(b, k) &&
        same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

const show = (x: unknown) => {
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
};

/** What a scenario's page saw: consent commands, gtag set commands, injected scripts. */
export interface Page {
  consent: Array<["default" | "update", Record<string, unknown>]>;
  set: Array<[string, unknown]>;
  injected: string[];
  window: Record<string, unknown>;
}

interface Api {
  permission?: string;
  call(page: Page, perms: Map<string, Record<string, unknown>>, ...args: unknown[]): unknown;
}

const CONSENT_KEYS_NOT_TYPES = new Set(["region", "wait_for_update"]);

function consentCommand(kind: "default" | "update"): Api {
  return {
    permission: "access_consent",
    call(page, perms, settings) {
      const s = settings as Record<string, unknown>;
      const allowed = (perms.get("access_consent")?.consentTypes ?? []) as Array<
        Record<string, unknown>
      >;
      for (const [type, state] of Object.entries(s)) {
        if (CONSENT_KEYS_NOT_TYPES.has(type)) continue;
        if (!allowed.some((a) => a.consentType === type && a.write === true)) {
          throw new PermissionError(`access_consent: no write access to ${type}`);
        }
        if (state !== "granted" && state !== "denied") {
          throw new Error(
            `${kind} consent: ${type} must be "granted" or "denied", not ${show(state)}`,
          );
        }
      }
      page.consent.push([kind, JSON.parse(JSON.stringify(s))]);
    },
  };
}

/** Walks a dot path from `root` (undefined where it breaks off). */
const at = (root: Record<string, unknown>, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as never)[k] : undefined), root);

function globalAccess(perms: Map<string, Record<string, unknown>>, key: string, how: string) {
  const keys = (perms.get("access_globals")?.keys ?? []) as Array<Record<string, unknown>>;
  if (!keys.some((k) => k.key === key && k[how] === true)) {
    throw new PermissionError(`access_globals: no ${how} access to ${key}`);
  }
}

/** The sandboxed APIs the template may require, with their permissions. */
const APIS: Record<string, Api> = {
  setDefaultConsentState: consentCommand("default"),
  updateConsentState: consentCommand("update"),
  gtagSet: {
    permission: "write_data_layer",
    call(page, perms, keyOrObject, value) {
      const entries: Array<[string, unknown]> =
        typeof keyOrObject === "string"
          ? [[keyOrObject, value]]
          : Object.entries(keyOrObject as Record<string, unknown>);
      const patterns = (perms.get("write_data_layer")?.keyPatterns ?? []) as string[];
      for (const [key, v] of entries) {
        if (!patterns.some((p) => wildcard(p, key))) {
          throw new PermissionError(`write_data_layer: no write access to ${key}`);
        }
        page.set.push([key, v]);
      }
    },
  },
  injectScript: {
    permission: "inject_script",
    call(page, perms, url) {
      const urls = (perms.get("inject_script")?.urls ?? []) as string[];
      if (typeof url !== "string" || !urls.some((p) => urlMatches(p, url))) {
        throw new PermissionError(`inject_script: ${show(url)} matches no allowed URL`);
      }
      page.injected.push(url);
    },
  },
  callInWindow: {
    permission: "access_globals",
    call(page, perms, path, ...args) {
      globalAccess(perms, String(path), "execute");
      const fn = at(page.window, String(path));
      return typeof fn === "function" ? fn(...args) : undefined;
    },
  },
  copyFromWindow: {
    permission: "access_globals",
    call(page, perms, key) {
      globalAccess(perms, String(key), "read");
      const v = at(page.window, String(key));
      return v === undefined || typeof v === "function" ? v : JSON.parse(JSON.stringify(v));
    },
  },
  encodeUriComponent: {
    call: (_page, _perms, s) => (typeof s === "string" ? encodeURIComponent(s) : undefined),
  },
  makeNumber: { call: (_page, _perms, v) => Number(v) },
  makeString: { call: (_page, _perms, v) => String(v) },
};

/** The API names `code` requires (`require('name')`), in order. */
export const required = (code: string): string[] =>
  [...code.matchAll(/\brequire\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? "");

/** The permission each implemented API needs (undefined: none, or not implemented). */
export const permissionOf = (api: string): string | undefined => APIS[api]?.permission;

export class AssertionError extends Error {}

/**
 * Runs one scenario (after the setup) against the template's code; throws what failed (an
 * assertion, a permission, a require, the code itself). Returns what the page saw.
 */
export function runScenario(
  template: { code: string; permissions: Map<string, Record<string, unknown>> },
  setup: string,
  scenario: Scenario,
  /** Extra globals for the scenario's code (the repository's own tests feed values through). */
  globals: Record<string, unknown> = {},
): Page {
  const page: Page = { consent: [], set: [], injected: [], window: {} };
  const mocks = new Map<string, unknown>();
  const calls = new Map<string, unknown[][]>();
  const record = (name: string, args: unknown[]) => {
    const list = calls.get(name) ?? [];
    list.push(args);
    calls.set(name, list);
  };
  const requireApi = (name: string) => {
    const api = APIS[name];
    if (!api) throw new Error(`require('${name}'): not an API this harness implements`);
    if (api.permission && !template.permissions.has(api.permission)) {
      throw new PermissionError(
        `require('${name}'): the template does not declare ${api.permission}`,
      );
    }
    return (...args: unknown[]) => {
      record(name, args);
      if (mocks.has(name)) {
        const m = mocks.get(name);
        return typeof m === "function" ? m(...args) : m;
      }
      return api.call(page, template.permissions, ...args);
    };
  };
  const assert = (ok: boolean, message: string) => {
    if (!ok) throw new AssertionError(message);
  };
  const subject = (actual: unknown, message?: string) => {
    const say = (what: string) => `${message ? `${message}: ` : ""}${show(actual)} ${what}`;
    const s = {
      isEqualTo: (x: unknown) => assert(same(actual, x), say(`is not equal to ${show(x)}`)),
      isNotEqualTo: (x: unknown) => assert(!same(actual, x), say(`is equal to ${show(x)}`)),
      isStrictlyEqualTo: (x: unknown) => assert(actual === x, say(`is not === ${show(x)}`)),
      isNotStrictlyEqualTo: (x: unknown) => assert(actual !== x, say(`is === ${show(x)}`)),
      isTrue: () => assert(actual === true, say("is not true")),
      isFalse: () => assert(actual === false, say("is not false")),
      isTruthy: () => assert(!!actual, say("is not truthy")),
      isFalsy: () => assert(!actual, say("is not falsy")),
      isDefined: () => assert(actual !== undefined, say("is undefined")),
      isUndefined: () => assert(actual === undefined, say("is defined")),
      isNull: () => assert(actual === null, say("is not null")),
      isNotNull: () => assert(actual !== null, say("is null")),
      isString: () => assert(typeof actual === "string", say("is not a string")),
      isNumber: () => assert(typeof actual === "number", say("is not a number")),
      isArray: () => assert(Array.isArray(actual), say("is not an array")),
      isFunction: () => assert(typeof actual === "function", say("is not a function")),
      hasLength: (n: number) =>
        assert((actual as { length?: number })?.length === n, say(`does not have length ${n}`)),
      isEmpty: () => assert((actual as { length?: number })?.length === 0, say("is not empty")),
      isNotEmpty: () => assert(((actual as { length?: number })?.length ?? 0) > 0, say("is empty")),
      contains: (...xs: unknown[]) =>
        assert(
          Array.isArray(actual)
            ? xs.every((x) => actual.some((a) => same(a, x)))
            : typeof actual === "string" && xs.every((x) => actual.includes(String(x))),
          say(`does not contain ${show(xs)}`),
        ),
      isAnyOf: (...xs: unknown[]) =>
        assert(
          xs.some((x) => same(actual, x)),
          say(`is none of ${show(xs)}`),
        ),
    };
    return s;
  };
  const apiAssertions = (name: string) => {
    const list = () => calls.get(name) ?? [];
    const matches = (args: unknown[]) => list().some((c) => same(c, args));
    return {
      wasCalled: () => assert(list().length > 0, `${name} was not called`),
      wasNotCalled: () => assert(list().length === 0, `${name} was called: ${show(list())}`),
      wasCalledWith: (...args: unknown[]) =>
        assert(
          matches(args),
          `${name} was not called with ${show(args)}; its calls: ${show(list())}`,
        ),
      wasNotCalledWith: (...args: unknown[]) =>
        assert(!matches(args), `${name} was called with ${show(args)}`),
    };
  };
  const context = createContext(
    {
      ...globals,
      require: requireApi,
      runCode: (data: Record<string, unknown>) =>
        runInContext(
          `(function (data) {\n${template.code}\n})(__data)`,
          Object.assign(context, {
            __data: {
              ...data,
              gtmOnSuccess: (...a: unknown[]) => record("gtmOnSuccess", a),
              gtmOnFailure: (...a: unknown[]) => record("gtmOnFailure", a),
            },
          }),
          { filename: "___SANDBOXED_JS_FOR_WEB_TEMPLATE___", timeout: 1000 },
        ),
      assertApi: apiAssertions,
      assertThat: subject,
      mock: (name: string, value: unknown) => {
        if (!APIS[name]) throw new Error(`mock('${name}'): not an API this harness implements`);
        mocks.set(name, value);
      },
      mockObject: (name: string, value: unknown) => mocks.set(name, value),
      fail: (message?: string) => {
        throw new AssertionError(message ?? "fail()");
      },
    },
    { codeGeneration: { strings: false, wasm: false } },
  );
  runInContext(`(function () {\n${setup}\n${scenario.code}\n})()`, context, {
    filename: `___TESTS___: ${scenario.name}`,
    timeout: 1000,
  });
  return page;
}
