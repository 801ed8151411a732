import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConsentRecord } from "../../shared/consent.ts";
import { compileRule } from "../../shared/rules.ts";
import { localizeConfig } from "../../shared/text.ts";
import { createWidget, type InitOptions, type Widget } from "../../widget/controller.tsx";
import { EN } from "../../widget/i18n.ts";
import de from "../../widget/locales/de.json";
import { demoConfig, memoryHints, memoryKv, NOW, record } from "./fixtures.ts";

type Seen = { url: string; method: string; credentials?: string; body?: unknown };

/** A fake edge: the demo config, and assignments that answer with numbered receipts. */
function edge(config = demoConfig(), down = false) {
  const seen: Seen[] = [];
  let n = 0;
  const fetch = (async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    seen.push({
      url,
      method,
      credentials: init.credentials,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    if (url.endsWith("/config")) return Response.json(config);
    if (url.endsWith("/locales/de.json")) return Response.json(de);
    // A fresh challenge at difficulty 1: the widget's real solver finds it in a few tries.
    if (url.endsWith("/challenge") && !down) {
      return Response.json({ challenge: `c-${seen.length}`, difficulty: 1, expiresAt: 8.64e15 });
    }
    if (down) throw new TypeError("Failed to fetch");
    if (method === "POST") return Response.json({ segments: [], receipt: `receipt-${++n}` });
    return Response.json({ retracted: true });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, seen, sends: () => seen.filter((s) => s.method !== "GET") };
}

let widget: Widget | undefined;
afterEach(() => {
  widget?.destroy();
  widget = undefined;
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

async function start(o: Partial<InitOptions> & { fetch: typeof fetch }) {
  const w = await createWidget({
    site: "demo",
    endpoint: "https://edge.example",
    kv: memoryKv(),
    // The record alone decides in these tests; the hint has its own (below).
    hints: null,
    gpc: false,
    languages: ["en-GB"],
    now: () => NOW,
    sleep: async () => {},
    rules: async () => compileRule,
    center: () => import("../../widget/center.tsx"),
    ...o,
  });
  if (!w) throw new Error("widget did not start");
  widget = w;
  const root = document.getElementById("preferably")?.shadowRoot as unknown as HTMLElement;
  return { w, ui: within(root), root };
}

describe("createWidget: first visit", () => {
  it("should show a non-modal banner with three equally styled buttons and send nothing", async () => {
    const e = edge();
    const { ui } = await start({ fetch: e.fetch });
    const region = ui.getByRole("region", { name: "Your choices at Stride Sports" });
    expect(region).toBeTruthy();
    const buttons = ["Accept all", "Reject all", "Customize"].map((name) =>
      ui.getByRole("button", { name }),
    );
    expect(new Set(buttons.map((b) => b.className)).size).toBe(1);
    expect(ui.queryByRole("dialog")).toBeNull();
    expect(e.seen.map((s) => s.url)).toEqual(["https://edge.example/v1/sites/demo/config"]);
    expect(widget?.getConsent()).toBeUndefined();
  });

  it("should remember Reject all, send nothing, and show only the launcher next time", async () => {
    const e = edge();
    const kv = memoryKv();
    const { ui } = await start({ fetch: e.fetch, kv });
    fireEvent.click(ui.getByRole("button", { name: "Reject all" }));
    await widget?.idle();
    expect(e.sends()).toEqual([]);
    expect(widget?.getConsent()).toEqual({
      necessary: true,
      analytics: false,
      personalisation: false,
      advertising: false,
    });
    const stored = kv.map.get("demo:record") as ConsentRecord;
    expect(stored.method).toBe("reject-all");
    widget?.destroy();
    const again = await start({ fetch: e.fetch, kv });
    expect(again.ui.queryByRole("region")).toBeNull();
    expect(again.ui.getByRole("button", { name: "Privacy preferences" })).toBeTruthy();
  });

  it("should send the assignment without credentials after Accept all", async () => {
    const e = edge();
    const kv = memoryKv();
    const { ui } = await start({ fetch: e.fetch, kv });
    fireEvent.click(ui.getByRole("button", { name: "Accept all" }));
    await waitFor(() => expect(e.sends()).toHaveLength(1));
    await widget?.idle();
    expect(e.sends()[0]).toMatchObject({ method: "POST", credentials: "omit" });
    expect((kv.map.get("demo:record") as ConsentRecord).receipt?.token).toBe("receipt-1");
  });

  it("should tell the page through events and start consent-gated scripts", async () => {
    const gated = document.createElement("script");
    gated.type = "text/plain";
    gated.dataset.consent = "personalisation";
    document.body.append(gated);
    const seen: unknown[] = [];
    document.addEventListener("preferably:consent", (ev) => seen.push((ev as CustomEvent).detail));
    const { ui } = await start({ fetch: edge().fetch });
    expect(document.querySelector('script[type="text/plain"]')).not.toBeNull();
    fireEvent.click(ui.getByRole("button", { name: "Accept all" }));
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toMatchObject({ personalisation: true });
    expect(document.querySelector('script[type="text/plain"]')).toBeNull();
  });

  it("should send Consent Mode 'default' (optional purposes denied) before a choice and 'update' after", async () => {
    const calls: unknown[][] = [];
    (window as unknown as { gtag: unknown }).gtag = (...a: unknown[]) => calls.push(a);
    try {
      const { ui } = await start({ fetch: edge().fetch });
      expect(calls[0]?.[1]).toBe("default");
      expect(calls[0]?.[2]).toMatchObject({
        ad_storage: "denied",
        analytics_storage: "denied",
        security_storage: "granted", // the required purpose's
      });
      // No update before the visitor decides.
      expect(calls.map((c) => c[1])).toEqual(["default"]);
      fireEvent.click(ui.getByRole("button", { name: "Accept all" }));
      await waitFor(() =>
        expect(calls.at(-1)?.[2]).toMatchObject({ analytics_storage: "granted" }),
      );
      await widget?.idle();
      expect(calls.map((c) => c[1])).toEqual(["default", "update"]);
    } finally {
      delete (window as unknown as { gtag?: unknown }).gtag;
    }
  });
});

describe("createWidget: launcher options", () => {
  it("should take the config's launcher label and corner, the tag's options over them", async () => {
    const kv = memoryKv();
    await kv.set("demo:record", record());
    const config = {
      ...demoConfig(),
      launcher: { position: "bottom-right" as const, label: "Cookies" },
    };
    const { ui } = await start({ fetch: edge(config).fetch, kv });
    expect(ui.getByRole("button", { name: "Cookies" }).className).toBe("ln r");
    widget?.destroy();
    const tag = await start({
      fetch: edge(config).fetch,
      kv,
      launcher: { position: "bottom-left", label: "Privacy" },
    });
    expect(tag.ui.getByRole("button", { name: "Privacy" }).className).toBe("ln");
  });

  it("should show no launcher when hidden; open() still opens the preference center", async () => {
    const kv = memoryKv();
    await kv.set("demo:record", record());
    const { ui } = await start({ fetch: edge().fetch, kv, launcher: { hidden: true } });
    expect(ui.queryByRole("button", { name: "Privacy preferences" })).toBeNull();
    widget?.open();
    expect(await ui.findByRole("dialog")).toBeTruthy();
  });
});

describe("createWidget: Consent Mode off (the GTM template sends it)", () => {
  it("should send no Consent Mode command at all", async () => {
    const calls: unknown[][] = [];
    (window as unknown as { gtag: unknown }).gtag = (...a: unknown[]) => calls.push(a);
    try {
      const { ui } = await start({ fetch: edge().fetch, consentMode: false });
      fireEvent.click(ui.getByRole("button", { name: "Accept all" }));
      await widget?.idle();
      expect(widget?.getConsent()).toMatchObject({ analytics: true });
      expect(calls).toEqual([]);
    } finally {
      delete (window as unknown as { gtag?: unknown }).gtag;
    }
  });
});

describe("createWidget: preference center", () => {
  it("should save custom choices and answers and compute segments on the device", async () => {
    const e = edge();
    const { ui } = await start({ fetch: e.fetch });
    fireEvent.click(ui.getByRole("button", { name: "Customize" }));
    const dialog = await ui.findByRole("dialog", { name: "Privacy preferences" });
    const d = within(dialog);
    const switches = d.getAllByRole("switch") as HTMLInputElement[];
    // Nothing pre-ticked but the required purpose (invariant 1).
    expect(switches.map((s) => s.checked)).toEqual([true, false, false, false]);
    fireEvent.click(d.getByRole("switch", { name: "Personalised shop" }));
    fireEvent.click(d.getByRole("checkbox", { name: "Running" }));
    fireEvent.click(d.getByRole("radio", { name: "Just starting" }));
    fireEvent.click(d.getByRole("button", { name: "Save choices" }));
    await widget?.idle();
    expect(ui.queryByRole("dialog")).toBeNull();
    // "Saved", announced and on screen.
    expect(ui.getByRole("status").textContent).toBe(EN.saved);
    expect(ui.getAllByText(EN.saved)).toHaveLength(2);
    expect(widget?.getConsent()).toMatchObject({ personalisation: true, analytics: false });
    await waitFor(() =>
      expect(widget?.getSegments()).toEqual(expect.arrayContaining(["runners", "beginners"])),
    );
    // Personalisation without counting: nothing is sent.
    expect(e.sends()).toEqual([]);
  });

  it("should withdraw consent in one action, retracting the contribution", async () => {
    const e = edge();
    const kv = memoryKv();
    await kv.set("demo:record", record({ receipt: { token: "live", issuedAt: NOW } }));
    const segments: unknown[] = [];
    document.addEventListener("preferably:segments", (ev) =>
      segments.push((ev as CustomEvent).detail),
    );
    const { ui } = await start({ fetch: e.fetch, kv });
    // The stored answers put the visitor in segments before they withdraw.
    expect(await widget?.segmentsReady()).toContain("runners");
    expect(segments).toEqual([expect.arrayContaining(["runners"])]);
    fireEvent.click(ui.getByRole("button", { name: "Privacy preferences" }));
    fireEvent.click(await ui.findByRole("button", { name: "Withdraw consent" }));
    await waitFor(() => expect(e.sends()).toHaveLength(1));
    await widget?.idle();
    expect(e.sends()).toEqual([
      expect.objectContaining({ method: "DELETE", body: { receipt: "live" } }),
    ]);
    expect(widget?.getConsent()).toMatchObject({ analytics: false, personalisation: false });
    expect((kv.map.get("demo:record") as ConsentRecord).method).toBe("withdraw");
    expect(ui.getByRole("status").textContent).toBe(EN.withdrawn);
    // Visible too, not only announced.
    expect(ui.getAllByText(EN.withdrawn)).toHaveLength(2);
    // The page is told: a segments event with none, and getSegments() empty.
    await waitFor(() => expect(segments).toHaveLength(2));
    expect(segments[1]).toEqual([]);
    expect(widget?.getSegments()).toEqual([]);
    // And it stays so on the next page: the withdrawn record keeps its answers, unused.
    widget?.destroy();
    await start({ fetch: e.fetch, kv });
    expect(await widget?.segmentsReady()).toEqual([]);
    expect(segments.at(-1)).toEqual([]);
  });

  it("should delete my data after a confirmation: retract, clear the device, ask again at once", async () => {
    const e = edge();
    const kv = memoryKv();
    await kv.set("demo:record", record({ receipt: { token: "live", issuedAt: NOW } }));
    const { ui } = await start({ fetch: e.fetch, kv });
    const segments: unknown[] = [];
    document.addEventListener("preferably:segments", (ev) =>
      segments.push((ev as CustomEvent).detail),
    );
    expect(await widget?.segmentsReady()).toContain("runners");
    fireEvent.click(ui.getByRole("button", { name: "Privacy preferences" }));
    fireEvent.click(await ui.findByRole("button", { name: "Delete my data" }));
    // A confirmation step first: nothing is deleted yet, and Cancel goes back.
    expect(ui.getByText(EN.confirmDelete)).toBeTruthy();
    fireEvent.click(ui.getByRole("button", { name: EN.cancel }));
    fireEvent.click(ui.getByRole("button", { name: "Delete my data" }));
    expect(e.sends()).toEqual([]);
    fireEvent.click(ui.getByRole("button", { name: EN.confirmYes }));
    await waitFor(() => expect(e.sends()).toHaveLength(1));
    await widget?.idle();
    expect(e.sends()).toEqual([
      expect.objectContaining({ method: "DELETE", body: { receipt: "live" } }),
    ]);
    expect(kv.map.has("demo:record")).toBe(false);
    expect(widget?.getConsent()).toBeUndefined();
    expect(ui.getByRole("status").textContent).toBe(EN.deleted);
    // Visible too, not only announced; and the banner is back at once.
    expect(ui.getAllByText(EN.deleted)).toHaveLength(2);
    expect(ui.getByRole("button", { name: "Accept all" })).toBeTruthy();
    await waitFor(() => expect(segments.at(-1)).toEqual([]));
    expect(widget?.getSegments()).toEqual([]);
    widget?.destroy();
    const again = await start({ fetch: e.fetch, kv });
    expect(again.ui.getByRole("button", { name: "Accept all" })).toBeTruthy();
  });

  it("should return focus to the launcher when the preference center closes", async () => {
    const kv = memoryKv();
    await kv.set("demo:record", record());
    const { ui, root } = await start({ fetch: edge().fetch, kv });
    const launcher = ui.getByRole("button", { name: "Privacy preferences" });
    launcher.focus();
    fireEvent.click(launcher);
    const dialog = await ui.findByRole("dialog");
    fireEvent.keyDown(dialog, { key: "Escape" });
    await waitFor(() => expect(ui.queryByRole("dialog")).toBeNull());
    expect(ui.queryByRole("dialog")).toBeNull();
    expect((root as unknown as ShadowRoot).activeElement?.textContent).toBe("Privacy preferences");
  });

  it("should load the rule compiler only when there are answers, and send the segments event", async () => {
    let loads = 0;
    const rules = async () => {
      loads++;
      return compileRule;
    };
    const seen: unknown[] = [];
    document.addEventListener("preferably:segments", (ev) => seen.push((ev as CustomEvent).detail));
    const { ui } = await start({ fetch: edge().fetch, rules });
    fireEvent.click(ui.getByRole("button", { name: "Reject all" }));
    await waitFor(() => expect(seen).toEqual([[]]));
    expect(loads).toBe(0);
    widget?.open();
    fireEvent.click(await ui.findByRole("checkbox", { name: "Tennis" }));
    fireEvent.click(ui.getByRole("button", { name: "Save choices" }));
    await waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toContain("racket-fans");
    expect(loads).toBe(1);
  });

  it("should report no segments when the rule compiler cannot be loaded", async () => {
    const kv = memoryKv();
    await kv.set("demo:record", record());
    await start({ fetch: edge().fetch, kv, rules: () => Promise.reject(new Error("offline")) });
    expect(await widget?.segmentsReady()).toEqual([]);
  });

  it("should show what is stored in words and download it as JSON", async () => {
    const kv = memoryKv();
    await kv.set("demo:record", record());
    const { ui, root } = await start({ fetch: edge().fetch, kv });
    fireEvent.click(ui.getByRole("button", { name: "Privacy preferences" }));
    // In words, with the date only: no receipt, no millisecond timestamps on screen.
    const words = await ui.findByText(/You decided on/);
    expect(words.textContent).toContain("November 23, 2026 (your own choice)");
    expect(words.textContent).toContain("privacy policy version 2026-11-01");
    expect(words.textContent).toContain(
      "Allowed: Strictly necessary, Anonymous audience counts, Personalised shop.",
    );
    await waitFor(() =>
      expect(words.textContent).toContain("You are in: Runners, Outdoor people."),
    );
    expect((root as unknown as ShadowRoot).textContent).not.toMatch(/\d{13}|"policyVersion"/);
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push(this.download);
    });
    fireEvent.click(ui.getByRole("button", { name: "Download as JSON" }));
    expect(clicks).toEqual(["preferably-demo.json"]);
  });
});

describe("createWidget: lifecycle", () => {
  it("should ask again when the consent has expired, sending nothing for the old record", async () => {
    const e = edge();
    const kv = memoryKv();
    await kv.set("demo:record", record({ expiresAt: NOW, receipt: { token: "old", issuedAt: 0 } }));
    const { ui } = await start({ fetch: e.fetch, kv });
    expect(ui.getByRole("button", { name: "Reject all" })).toBeTruthy();
    await widget?.idle();
    expect(e.sends()).toEqual([]);
    expect(widget?.getConsent()).toBeUndefined();
  });

  it("should ask again when the policy version changed", async () => {
    const kv = memoryKv();
    await kv.set("demo:record", record({ policyVersion: "2025-01-01" }));
    const { ui } = await start({ fetch: edge().fetch, kv });
    expect(ui.getByRole("button", { name: "Accept all" })).toBeTruthy();
  });

  it("should keep the policy version and timestamps in the stored record (proof of consent)", async () => {
    const kv = memoryKv();
    const { ui } = await start({ fetch: edge().fetch, kv });
    fireEvent.click(ui.getByRole("button", { name: "Reject all" }));
    await widget?.idle();
    const stored = kv.map.get("demo:record") as ConsentRecord;
    expect(stored.policyVersion).toBe("2026-11-01");
    expect(stored.decidedAt).toBe(NOW);
    expect(stored.expiresAt).toBe(Date.UTC(2027, 10, 23, 12));
  });

  it("should resend a pending contribution on the next load with the same key (offline retry)", async () => {
    const kv = memoryKv();
    const offline = edge(demoConfig(), true);
    const { ui } = await start({ fetch: offline.fetch, kv });
    fireEvent.click(ui.getByRole("button", { name: "Accept all" }));
    await widget?.idle();
    const key = (kv.map.get("demo:record") as ConsentRecord).pending?.idempotencyKey;
    expect(key).toBeDefined();
    widget?.destroy();
    const online = edge();
    await start({ fetch: online.fetch, kv });
    await widget?.idle();
    expect(online.sends()).toEqual([
      expect.objectContaining({
        method: "POST",
        body: expect.objectContaining({ idempotencyKey: key }),
      }),
    ]);
    expect((kv.map.get("demo:record") as ConsentRecord).receipt?.token).toBe("receipt-1");
  });

  it("should work for the page's lifetime when IndexedDB fails, and say nothing is kept", async () => {
    const { ui } = await start({ fetch: edge().fetch, kv: memoryKv(true) });
    expect(ui.getByText(/does not let us keep your choices/)).toBeTruthy();
    fireEvent.click(ui.getByRole("button", { name: "Reject all" }));
    await widget?.idle();
    expect(widget?.getConsent()).toMatchObject({ analytics: false });
  });

  it("should show nothing and touch nothing when the config cannot be had", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const fetch = (async () =>
      new Response("{}", { status: 404 })) as unknown as typeof globalThis.fetch;
    const w = await createWidget({ site: "nope", endpoint: "https://e", fetch, kv: memoryKv() });
    expect(w).toBeUndefined();
    expect(document.getElementById("preferably")).toBeNull();
  });
});

describe("createWidget: a returning visitor (the hint beside the record)", () => {
  /** Every banner ever put into the widget's shadow root, even one removed in the same task. */
  function bannersDrawn(): { readonly count: number } {
    const banners = new Set<Element>();
    const attach = Element.prototype.attachShadow;
    vi.spyOn(Element.prototype, "attachShadow").mockImplementation(function (
      this: Element,
      init: ShadowRootInit,
    ) {
      const root = attach.call(this, init);
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) {
            const el = n as Element;
            if (el.matches?.(".bn")) banners.add(el);
            for (const b of el.querySelectorAll?.(".bn") ?? []) banners.add(b);
          }
        }
      }).observe(root, { childList: true, subtree: true });
      return root;
    });
    return {
      get count() {
        return banners.size;
      },
    };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it("should write the hint on a decision: the policy version and expiry, nothing else", async () => {
    const hints = memoryHints();
    const kv = memoryKv();
    const { ui } = await start({ fetch: edge().fetch, kv, hints });
    fireEvent.click(ui.getByRole("button", { name: "Accept all" }));
    await widget?.idle();
    const stored = kv.map.get("demo:record") as ConsentRecord;
    expect([...hints.map.keys()]).toEqual(["preferably:demo"]);
    expect(JSON.parse(hints.map.get("preferably:demo") ?? "")).toEqual({
      v: stored.policyVersion,
      e: stored.expiresAt,
    });
  });

  it("should never draw the banner for a visitor whose hint and record agree", async () => {
    const hints = memoryHints();
    const kv = memoryKv();
    const first = await start({ fetch: edge().fetch, kv, hints });
    fireEvent.click(first.ui.getByRole("button", { name: "Reject all" }));
    await widget?.idle();
    widget?.destroy();
    const drawn = bannersDrawn();
    const { ui } = await start({ fetch: edge().fetch, kv, hints });
    await settle();
    expect(drawn.count).toBe(0);
    expect(ui.getByRole("button", { name: "Privacy preferences" })).toBeTruthy();
    expect(widget?.getConsent()).toMatchObject({ analytics: false });
  });

  it("should draw the banner for a first-time visitor (no hint) at once", async () => {
    const drawn = bannersDrawn();
    const { ui } = await start({ fetch: edge().fetch, hints: memoryHints() });
    expect(drawn.count).toBe(1);
    expect(ui.getByRole("button", { name: "Accept all" })).toBeTruthy();
  });

  it("should draw the banner after all when no valid record stands behind the hint, and drop the hint", async () => {
    const hints = memoryHints();
    hints.setItem("preferably:demo", JSON.stringify({ v: "2026-11-01", e: NOW + 1000 }));
    const { ui } = await start({ fetch: edge().fetch, kv: memoryKv(), hints });
    expect(ui.getByRole("button", { name: "Accept all" })).toBeTruthy();
    expect(widget?.getConsent()).toBeUndefined();
    expect(hints.map.has("preferably:demo")).toBe(false);
  });

  it("should ignore a hint of another policy version, an expired one, or one that is not a hint", async () => {
    for (const value of [
      JSON.stringify({ v: "2025-01-01", e: NOW + 1000 }),
      JSON.stringify({ v: "2026-11-01", e: NOW }),
      "{not json",
      JSON.stringify({ v: 1, e: "soon" }),
      JSON.stringify({ v: "2026-11-01" }),
      "[1,2]",
    ]) {
      const hints = memoryHints();
      hints.setItem("preferably:demo", value);
      const drawn = bannersDrawn();
      const { ui } = await start({ fetch: edge().fetch, hints });
      expect(drawn.count, value).toBe(1);
      expect(ui.getByRole("button", { name: "Accept all" })).toBeTruthy();
      widget?.destroy();
      vi.restoreAllMocks();
    }
  });

  it("should give a record stored before the hint existed its hint, for the next page", async () => {
    const hints = memoryHints();
    const kv = memoryKv();
    await kv.set("demo:record", record());
    const { ui } = await start({ fetch: edge().fetch, kv, hints });
    expect(ui.getByRole("button", { name: "Privacy preferences" })).toBeTruthy();
    expect(JSON.parse(hints.map.get("preferably:demo") ?? "")).toEqual({
      v: record().policyVersion,
      e: record().expiresAt,
    });
  });

  it("should drop the hint on Delete my data, and write none while IndexedDB refuses", async () => {
    const hints = memoryHints();
    const kv = memoryKv();
    await kv.set("demo:record", record());
    const { ui } = await start({ fetch: edge().fetch, kv, hints });
    fireEvent.click(ui.getByRole("button", { name: "Privacy preferences" }));
    fireEvent.click(await ui.findByRole("button", { name: "Delete my data" }));
    fireEvent.click(ui.getByRole("button", { name: EN.confirmYes }));
    await widget?.idle();
    await waitFor(() => expect(hints.map.size).toBe(0));
    widget?.destroy();
    const refused = await start({ fetch: edge().fetch, kv: memoryKv(true), hints });
    fireEvent.click(refused.ui.getByRole("button", { name: "Reject all" }));
    await widget?.idle();
    expect(hints.map.size).toBe(0);
  });

  it("should work as without a hint when localStorage throws", async () => {
    const { ui } = await start({ fetch: edge().fetch, hints: memoryHints(true) });
    fireEvent.click(ui.getByRole("button", { name: "Reject all" }));
    await widget?.idle();
    expect(widget?.getConsent()).toMatchObject({ analytics: false });
  });
});

describe("createWidget: Global Privacy Control", () => {
  it("should keep saleOrShare purposes off on Accept all and say GPC is honoured", async () => {
    const { ui } = await start({ fetch: edge().fetch, gpc: true });
    expect(ui.getByText(EN.gpc)).toBeTruthy();
    // The banner does not ask for what GPC keeps off.
    expect(ui.getByText(/^We ask your consent for:/).textContent).not.toContain("advertising");
    fireEvent.click(ui.getByRole("button", { name: "Accept all" }));
    await widget?.idle();
    expect(widget?.getConsent()).toMatchObject({ analytics: true, advertising: false });
  });

  it("should lock the sale-or-share switch off in the preference center", async () => {
    const { ui } = await start({ fetch: edge().fetch, gpc: true });
    fireEvent.click(ui.getByRole("button", { name: "Customize" }));
    const ads = (await ui.findByRole("switch", {
      name: "Sharing with advertising partners",
    })) as HTMLInputElement;
    expect(ads.checked).toBe(false);
    expect(ads.disabled).toBe(true);
  });

  it("should turn sale and sharing off when GPC came on after an earlier decision", async () => {
    const kv = memoryKv();
    await kv.set(
      "demo:record",
      record({ consent: { necessary: true, analytics: false, advertising: true } }),
    );
    await start({ fetch: edge().fetch, kv, gpc: true });
    expect(widget?.getConsent()?.advertising).toBe(false);
    expect((kv.map.get("demo:record") as ConsentRecord).consent.advertising).toBe(false);
  });
});

describe("createWidget: locales", () => {
  it("should speak German to a German browser, site texts and widget texts alike", async () => {
    const { ui } = await start({ fetch: edge().fetch, languages: ["de-AT", "en"] });
    // WCAG 3.1.2 Language of Parts: the widget says which language it speaks.
    expect(document.getElementById("preferably")?.lang).toBe("de");
    expect(ui.getByRole("region", { name: "Ihre Wahl bei Stride Sports" })).toBeTruthy();
    expect(ui.getByRole("button", { name: "Alle ablehnen" })).toBeTruthy();
  });

  it("should take config and texts from the per-site script, with no request before the banner", async () => {
    const e = edge();
    const config = localizeConfig(demoConfig(), "de");
    const { ui } = await start({
      fetch: e.fetch,
      languages: ["de-DE"],
      embedded: { config, locale: "de", texts: de },
    });
    expect(e.seen).toEqual([]);
    expect(ui.getByRole("region", { name: "Ihre Wahl bei Stride Sports" })).toBeTruthy();
    expect(ui.getByRole("button", { name: "Alle akzeptieren" })).toBeTruthy();
  });

  it("should fetch the full config when the browser prefers another locale than the embedded one", async () => {
    const e = edge();
    const { ui } = await start({
      fetch: e.fetch,
      languages: ["de"],
      embedded: { config: localizeConfig(demoConfig(), "en"), locale: "en" },
    });
    expect(e.seen.map((s) => s.url)).toEqual([
      "https://edge.example/v1/sites/demo/config",
      "https://edge.example/locales/de.json",
    ]);
    expect(ui.getByRole("button", { name: "Alle ablehnen" })).toBeTruthy();
  });

  it("should fall back to the site's default locale for a language it does not have", async () => {
    const { ui } = await start({ fetch: edge().fetch, languages: ["ja"] });
    expect(document.getElementById("preferably")?.lang).toBe("en");
    expect(ui.getByRole("button", { name: "Accept all" })).toBeTruthy();
  });
});
