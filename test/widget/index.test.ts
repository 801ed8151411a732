import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { demoConfig, memoryKv } from "./fixtures.ts";

type Entry = typeof import("../../widget/index.tsx");
const fetch = (async () => Response.json(demoConfig())) as unknown as typeof globalThis.fetch;
const options = {
  site: "demo",
  endpoint: "https://edge.example",
  fetch,
  kv: memoryKv(),
  gpc: false,
  center: () => import("../../widget/center.tsx"),
};

let entry: Entry;
beforeEach(async () => {
  vi.resetModules();
  delete (window as { preferably?: unknown }).preferably;
  entry = await import("../../widget/index.tsx");
});
afterEach(() => {
  document.body.innerHTML = "";
});

describe("widget entry", () => {
  it("should not start by itself without a script tag carrying data-site", () => {
    expect(document.getElementById("preferably")).toBeNull();
    expect(entry.getConsent()).toBeUndefined();
    expect(entry.getSegments()).toEqual([]);
  });

  it("should start on init(), expose window.preferably, and throw on a second init()", async () => {
    await expect(entry.init(options)).resolves.toBe(true);
    expect(document.getElementById("preferably")?.shadowRoot).toBeTruthy();
    const global = (window as unknown as { preferably: Record<string, unknown> }).preferably;
    expect(Object.keys(global).sort()).toEqual([
      "getConsent",
      "getSegments",
      "init",
      "on",
      "open",
      "ready",
    ]);
    expect(() => entry.init(options)).toThrow(/init\(\) twice/);
  });

  it("should resolve false when the site has no config", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const missing = (async () =>
      new Response("{}", { status: 404 })) as unknown as typeof globalThis.fetch;
    await expect(entry.init({ ...options, fetch: missing })).resolves.toBe(false);
  });

  it("should call on() listeners on every change and stop when unsubscribed", async () => {
    const seen: unknown[] = [];
    const off = entry.on("consent", (c) => seen.push(c));
    await entry.init(options);
    document.dispatchEvent(new CustomEvent("preferably:consent", { detail: { analytics: true } }));
    off();
    document.dispatchEvent(new CustomEvent("preferably:consent", { detail: { analytics: false } }));
    expect(seen).toEqual([{ analytics: true }]);
  });

  it("should resolve ready() and fire a ready event once the record is read", async () => {
    const events: unknown[] = [];
    document.addEventListener("preferably:ready", (e) => events.push((e as CustomEvent).detail), {
      once: true,
    });
    const ready = entry.ready();
    void entry.init(options);
    await expect(ready).resolves.toBeUndefined();
    expect(events).toEqual([null]); // CustomEvent makes an undefined detail null
  });

  it("should open the preference center through open()", async () => {
    await entry.init(options);
    entry.open();
    await vi.waitFor(() =>
      expect(
        document.getElementById("preferably")?.shadowRoot?.querySelector('[role="dialog"]'),
      ).toBeTruthy(),
    );
  });
});
