/**
 * Shared test fixtures for the widget: the demo site's public config (as the Worker serves it),
 * a Map-backed key-value store, and a fake edge API that records every call.
 */

import type { ConsentRecord } from "../../shared/consent.ts";
import type { PublicSiteConfig } from "../../shared/schema.ts";
import { checkSiteConfig, publicConfig } from "../../shared/site-config.ts";
import type { Api, ApiResult } from "../../widget/api.ts";
import type { HintStorage, KeyValue } from "../../widget/store.ts";
import demo from "../../worker/sites/demo.json";

/** The demo config with every default applied, exactly as GET /v1/sites/demo/config returns it. */
export function demoConfig(): PublicSiteConfig {
  const check = checkSiteConfig(structuredClone(demo));
  if (!check.ok) throw new Error("demo config does not check");
  return publicConfig(check.config) as PublicSiteConfig;
}

export const NOW = Date.UTC(2026, 10, 23, 12);

/** An in-memory idb-keyval stand-in; `fail` makes every call reject (IndexedDB refused). */
export function memoryKv(fail = false): KeyValue & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  const guard = async () => {
    if (fail) throw new Error("IndexedDB unavailable");
  };
  return {
    map,
    get: async (k) => {
      await guard();
      return map.get(k);
    },
    set: async (k, v) => {
      await guard();
      map.set(k, v);
    },
    del: async (k) => {
      await guard();
      map.delete(k);
    },
  };
}

/** A Map-backed stand-in for localStorage (the hint's storage); `fail` makes every call throw. */
export function memoryHints(fail = false): HintStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  const guard = () => {
    if (fail) throw new DOMException("The operation is insecure.", "SecurityError");
  };
  return {
    map,
    getItem: (k) => {
      guard();
      return map.get(k) ?? null;
    },
    setItem: (k, v) => {
      guard();
      map.set(k, String(v));
    },
    removeItem: (k) => {
      guard();
      map.delete(k);
    },
  };
}

export interface Call {
  method: "config" | "assign" | "retract";
  body?: unknown;
}

/**
 * A fake API: answers from `script` in order (then the default), records every call but the
 * challenge (a fresh one each time, at difficulty 1, so the real solver finds it in a few tries;
 * the solved proof shows in each assign body).
 */
export function fakeApi(
  config: PublicSiteConfig,
  script: Array<ApiResult<unknown>> = [],
): Api & { calls: Call[] } {
  const calls: Call[] = [];
  let n = 0;
  let challenges = 0;
  const next = <T>(fallback: ApiResult<T>): ApiResult<T> =>
    script.length ? (script.shift() as ApiResult<T>) : fallback;
  return {
    calls,
    config: async () => {
      calls.push({ method: "config" });
      return { ok: true, status: 200, body: config };
    },
    challenge: async () => {
      challenges++;
      return {
        ok: true,
        status: 200,
        body: { challenge: `challenge-${challenges}`, difficulty: 1, expiresAt: NOW + 600_000 },
      };
    },
    assign: async (body) => {
      calls.push({ method: "assign", body });
      n++;
      return next({ ok: true, status: 200, body: { segments: [], receipt: `receipt-${n}` } });
    },
    retract: async (receipt) => {
      calls.push({ method: "retract", body: { receipt } });
      return next({ ok: true, status: 200, body: { retracted: true } });
    },
  };
}

/** A stored record as the widget writes it. */
export function record(overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    v: 1,
    site: "demo",
    policyVersion: "2026-11-01",
    decidedAt: NOW,
    expiresAt: NOW + 365 * 24 * 3600 * 1000,
    method: "custom",
    consent: { necessary: true, analytics: true, personalisation: true, advertising: false },
    answers: { interests: ["running"] },
    gpc: false,
    ...overrides,
  };
}
