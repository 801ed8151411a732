/**
 * Turnstile in the widget (widget/turnstile.ts, widget/sync.ts), for a site whose operator chose
 * it: the token comes only after counting consent and only on such a site, takes the proof's
 * place in the POST, and is fresh for every send; Cloudflare's script is loaded once, from
 * Cloudflare, only when asked, and nothing of Turnstile can throw into the host page. No test
 * loads the real script: Cloudflare's `turnstile` object is a stand-in.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { TURNSTILE_ACTION } from "../../shared/proof.ts";
import type { PublicSiteConfig } from "../../shared/schema.ts";
import { createRecordStore } from "../../widget/store.ts";
import { createSync } from "../../widget/sync.ts";
import {
  loadTurnstile,
  TURNSTILE_SCRIPT_URL,
  type TurnstileApi,
  turnstileToken,
} from "../../widget/turnstile.ts";
import { demoConfig, fakeApi, memoryKv, NOW, record } from "./fixtures.ts";

const SITE_KEY = "0x4AAAAAAAtestsitekey";
const turnstileConfig = (): PublicSiteConfig => ({
  ...demoConfig(),
  proof: "turnstile",
  turnstileSiteKey: SITE_KEY,
});

function setup(config: PublicSiteConfig, tokens: (string | undefined)[] = []) {
  const api = fakeApi(config);
  let challenges = 0;
  const challenge = api.challenge;
  api.challenge = () => {
    challenges++;
    return challenge();
  };
  const asked: string[] = [];
  let keys = 0;
  const sync = createSync({
    api,
    store: createRecordStore("demo", memoryKv()),
    config,
    now: () => NOW,
    sleep: async () => {},
    newKey: () => `key-${String(++keys).padStart(16, "0")}`,
    turnstile: async (siteKey) => {
      asked.push(siteKey);
      return tokens.length > 0 ? tokens.shift() : `token-${asked.length}`;
    },
  });
  const assigns = () => api.calls.filter((c) => c.method === "assign");
  return { api, sync, asked, assigns, challenges: () => challenges };
}

describe("the sync on a site with proof: turnstile", () => {
  it("should ask for no token without counting consent", async () => {
    const { sync, asked, api } = setup(turnstileConfig());
    await sync.commit(record({ consent: { necessary: true, analytics: false } }));
    await sync.idle();
    expect(asked).toEqual([]);
    expect(api.calls).toEqual([]);
  });

  it("should send a Turnstile token where the proof goes, and fetch no challenge", async () => {
    const { sync, asked, assigns, challenges } = setup(turnstileConfig());
    await sync.commit(record());
    await sync.idle();
    expect(asked).toEqual([SITE_KEY]);
    expect(challenges()).toBe(0);
    expect(assigns()[0]?.body).toMatchObject({ proof: { turnstile: "token-1" } });
    expect(sync.record?.receipt?.token).toBe("receipt-1");
  });

  it("should try again with the backoff when no token comes, sending nothing until one does", async () => {
    const { sync, asked, assigns } = setup(turnstileConfig(), [undefined, undefined]);
    await sync.commit(record());
    await sync.idle();
    expect(asked).toHaveLength(3);
    expect(assigns()).toHaveLength(1);
    expect(assigns()[0]?.body).toMatchObject({ proof: { turnstile: "token-3" } });
  });

  it("should take a fresh token for every send (single use): after a refusal, and a replace", async () => {
    const config = turnstileConfig();
    const api = fakeApi(config, [
      { ok: false, status: 422, code: "invalid_proof" },
      { ok: false, status: 503, code: "proof_unavailable" },
    ]);
    const asked: string[] = [];
    const sync = createSync({
      api,
      store: createRecordStore("demo", memoryKv()),
      config,
      now: () => NOW,
      sleep: async () => {},
      turnstile: async () => `token-${asked.push("x")}`,
    });
    await sync.commit(record());
    await sync.idle();
    await sync.commit(record({ answers: { interests: ["tennis"] } }));
    await sync.idle();
    const proofs = api.calls.filter((c) => c.method === "assign").map((c) => c.body);
    expect(proofs.map((b) => (b as { proof: unknown }).proof)).toEqual([
      { turnstile: "token-1" },
      { turnstile: "token-2" },
      { turnstile: "token-3" },
      { turnstile: "token-4" },
    ]);
    expect((proofs[3] as { replaces?: string }).replaces).toBe("receipt-3");
  });
});

describe("the sync on a site of proof of work (the default)", () => {
  it("should never ask Turnstile, and solve a challenge instead", async () => {
    const { sync, asked, assigns, challenges } = setup(demoConfig());
    await sync.commit(record());
    await sync.idle();
    expect(asked).toEqual([]);
    expect(challenges()).toBe(1);
    expect(assigns()[0]?.body).toMatchObject({ proof: { challenge: "challenge-1" } });
  });
});

/** A stand-in for Cloudflare's `turnstile`: records renders; `answer` decides what it calls. */
function fakeTurnstile(answer: (options: Record<string, unknown>) => void) {
  const rendered: { box: HTMLElement; options: Record<string, unknown> }[] = [];
  const removed: string[] = [];
  const api: TurnstileApi = {
    render(box, options) {
      rendered.push({ box, options });
      queueMicrotask(() => answer(options));
      return `widget-${rendered.length}`;
    },
    remove: (id) => void removed.push(id),
  };
  return { api, rendered, removed };
}

describe("turnstileToken", () => {
  it("should render an interaction-only widget for the sitekey and action, and tidy up after the token", async () => {
    const fake = fakeTurnstile((o) => (o.callback as (t: string) => void)("cf-token"));
    const token = await turnstileToken(SITE_KEY, async () => fake.api);
    expect(token).toBe("cf-token");
    expect(fake.rendered[0]?.options).toMatchObject({
      sitekey: SITE_KEY,
      action: TURNSTILE_ACTION,
      appearance: "interaction-only",
      "response-field": false,
    });
    expect(fake.removed).toEqual(["widget-1"]);
    expect(fake.rendered[0]?.box.isConnected).toBe(false);
  });

  it("should answer undefined, never throw, on an error, an expiry or a render that throws", async () => {
    let handled: unknown;
    const erring = fakeTurnstile((o) => {
      handled = (o["error-callback"] as (code: string) => unknown)("300010");
    });
    expect(await turnstileToken(SITE_KEY, async () => erring.api)).toBeUndefined();
    // True tells Turnstile the error is handled, so it throws nothing into the page.
    expect(handled).toBe(true);
    const expiring = fakeTurnstile((o) => (o["expired-callback"] as () => void)());
    expect(await turnstileToken(SITE_KEY, async () => expiring.api)).toBeUndefined();
    const broken: TurnstileApi = {
      render: () => {
        throw new Error("bad sitekey");
      },
      remove: () => {},
    };
    expect(await turnstileToken(SITE_KEY, async () => broken)).toBeUndefined();
    expect(await turnstileToken(SITE_KEY, async () => undefined)).toBeUndefined();
    expect(document.body.children).toHaveLength(0);
  });
});

describe("loadTurnstile", () => {
  afterEach(() => {
    delete (window as { turnstile?: unknown }).turnstile;
    vi.restoreAllMocks();
  });

  it("should load Cloudflare's script once, and try again after a failed load", async () => {
    const scripts: HTMLScriptElement[] = [];
    // Kept out of the document, so nothing is fetched: the test plays the browser's part.
    vi.spyOn(document.head, "append").mockImplementation((...nodes) => {
      scripts.push(...(nodes as HTMLScriptElement[]));
    });
    const failed = loadTurnstile();
    expect(loadTurnstile()).toBe(failed);
    expect(scripts.map((s) => s.src)).toEqual([TURNSTILE_SCRIPT_URL]);
    scripts[0]?.onerror?.(new Event("error"));
    expect(await failed).toBeUndefined();

    const next = loadTurnstile();
    expect(scripts).toHaveLength(2);
    const api = fakeTurnstile(() => {}).api;
    (window as { turnstile?: unknown }).turnstile = api;
    scripts[1]?.onload?.(new Event("load"));
    expect(await next).toBe(api);
    // Loaded: no more scripts.
    expect(await loadTurnstile()).toBe(api);
    expect(scripts).toHaveLength(2);
  });
});
