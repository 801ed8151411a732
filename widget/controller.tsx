/**
 * @module
 * One widget on one page. The path to the first paint is short on purpose (DESIGN.md data flow 1,
 * "Budgets"): the site's public config comes inside the per-site script (`embedded`), or from the
 * config route for widget.js and widget.mjs; Consent Mode defaults go out at once, before any
 * await; the device record is read in parallel, and the banner is drawn with plain DOM
 * (widget/dom.ts) unless a valid record has already answered. The preference center, Preact and
 * the edge sync are one lazily loaded module (widget/center.tsx). Decisions are written to the
 * device first, then the page is told (events, consent-gated scripts, one Consent Mode update),
 * then the edge (widget/sync.ts). Everything is created per call, so tests build as many widgets
 * as they like; widget/index.tsx keeps the page's one instance.
 */
import {
  type ConsentMethod,
  type ConsentRecord,
  consentFor,
  newRecord,
  recordState,
} from "../shared/consent.ts";
import type { Answer } from "../shared/schema.ts";
import type { Embedded, WidgetConfig } from "../shared/site-script.ts";
import { pickLocale, textIn } from "../shared/text.ts";
import { type CompileRule, segmentsFor, usableAnswers } from "./answers.ts";
import { createApi } from "./api.ts";
import type { PreferenceCenterProps } from "./center.tsx";
import { banner } from "./components/banner.ts";
import { launcher } from "./components/launcher.ts";
import { el } from "./dom.ts";
import { keepFocusVisible } from "./focus.ts";
import { runGatedScripts } from "./gate.ts";
import { consentModeDefaults, consentModeState, sendConsentMode, usesConsentMode } from "./gcm.ts";
import { loadTexts, type WidgetTexts, withTexts } from "./i18n.ts";
import { CENTER_FILE, lazyModule, rulesFrom } from "./rules.ts";
import { createRecordStore, type HintStorage, type KeyValue } from "./store.ts";
import { applyStyles } from "./styles.ts";
import type { Sync } from "./sync.ts";

export type { Embedded } from "../shared/site-script.ts";

/** The lazily loaded module (widget/center.tsx). */
export interface Center {
  renderCenter(box: HTMLElement, props: PreferenceCenterProps | null): void;
  createSync: typeof import("./sync.ts").createSync;
}

export interface InitOptions {
  /** The site id (`data-site`). */
  site: string;
  /** The edge origin, e.g. "https://edge.example" (`data-endpoint`, else the script's origin). */
  endpoint: string;
  /** Where the shadow host goes (default: document.body). */
  parent?: HTMLElement;
  /** The launcher, over the site config's `launcher` (the tag's `data-launcher…`). */
  launcher?: { hidden?: boolean; position?: "bottom-left" | "bottom-right"; label?: string };
  /** false: send no Consent Mode commands (the GTM template sends them, widget/gtm/template.tpl). */
  consentMode?: boolean;
  /** The config and texts the per-site script carries (no config request then). */
  embedded?: Embedded;
  /** Test seams; each defaults to the browser's own. */
  fetch?: typeof fetch;
  kv?: KeyValue;
  /** Where the hint lives (widget/store.ts; default localStorage); null: no hint at all. */
  hints?: HintStorage | null;
  gpc?: boolean;
  languages?: readonly string[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Loads the rule compiler (default: widget-rules.mjs from the endpoint, widget/rules.ts). */
  rules?: () => Promise<CompileRule>;
  /** Loads the preference center and sync (default: widget-center.mjs from the endpoint). */
  center?: () => Promise<Center>;
}

export interface Widget {
  open(): void;
  /** Per-purpose consent of the current decision; undefined before any (or after deletion). */
  getConsent(): Record<string, boolean> | undefined;
  /** Segments worked out on this device from the visitor's answers (none before a decision). */
  getSegments(): string[];
  /** Resolves once the segments of the current decision are worked out. */
  segmentsReady(): Promise<string[]>;
  /** Resolves when nothing more will be sent to the edge in this page view. */
  idle(): Promise<void>;
  readonly config: WidgetConfig;
  /** Removes the UI (tests, SPA teardown). */
  destroy(): void;
}

/** Document events, `preferably:consent`, `:segments`, `:ready`; detail as getConsent()/getSegments(). */
export const EVENT_PREFIX = "preferably:";

/** How long a confirmation ("Saved") stays on screen. */
export const NOTICE_MS = 6000;

/**
 * Resolves after the next frame is painted. Opening IndexedDB is main-thread work on a first use
 * (milliseconds, more on a slow phone), so a first-time visitor's device record is read after
 * the banner's first paint, never before it (DESIGN.md "Budgets"; test/bench/widget.bench.ts).
 */
const afterFirstPaint = (): Promise<void> =>
  new Promise((r) =>
    typeof requestAnimationFrame === "function" && document.visibilityState === "visible"
      ? requestAnimationFrame(() => setTimeout(r, 0))
      : r(),
  );

/** Loads and shows the widget; undefined when the config cannot be had (the page is untouched). */
export async function createWidget(o: InitOptions): Promise<Widget | undefined> {
  const now = o.now ?? Date.now;
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const gpc = o.gpc ?? nav.globalPrivacyControl === true;
  const api = createApi(o.endpoint, o.site, o.fetch);
  const gcmOn = (c: WidgetConfig) => o.consentMode !== false && usesConsentMode(c);
  const store = createRecordStore(o.site, o.kv, o.hints);
  // Invariant 1: nothing is sent before a choice; the only requests before it are the config
  // (when not embedded) and, for a language other than English, the widget's texts. The device
  // record is never awaited before the first draw. The hint (widget/store.ts) says synchronously
  // whether a decision was stored: with one, the record is read at once and the launcher drawn
  // (a returning visitor never sees the banner); without, the banner is drawn and the record
  // read after its first paint (it replaces the banner only if a valid record turns up, which
  // happens only for a record from before the hint, or a hint lost on its own).
  const hint = store.hint();
  const reading = (hint ? Promise.resolve() : afterFirstPaint()).then(() =>
    Promise.all([store.load(), store.owed()]),
  );
  let read: Awaited<typeof reading> | undefined;
  void reading.then((r) => (read = r));

  let config: WidgetConfig;
  const languages = o.languages ?? nav.languages ?? [];
  let locale: string;
  let t: WidgetTexts;
  const e = o.embedded;
  const embeddedLocale = e && pickLocale(languages, e.config.locales, e.config.defaultLocale);
  if (e && embeddedLocale === e.locale) {
    config = e.config;
    // Consent Mode defaults before any await: a synchronous tag in the head sets them before
    // the next head script (Google's tag) runs.
    if (gcmOn(config)) sendConsentMode(consentModeDefaults(config, gpc));
    locale = e.locale;
    t = withTexts(e.texts);
  } else {
    // The visitor's browser prefers a language the embedded locale is not (or nothing is
    // embedded): the full config has every locale.
    if (e && gcmOn(e.config)) sendConsentMode(consentModeDefaults(e.config, gpc));
    const res = await api.config();
    if (!res.ok) {
      console.warn("preferably: no config", res.status);
      return undefined;
    }
    config = res.body;
    if (!e && gcmOn(config)) sendConsentMode(consentModeDefaults(config, gpc));
    locale = pickLocale(languages, config.locales, config.defaultLocale);
    t = await loadTexts(o.endpoint, locale, o.fetch);
  }
  // The banner needs a <body>, not a parsed page: from a script in the body it is drawn at once
  // (waiting for DOMContentLoaded cost up to 46 ms of the first paint, test/bench); from the head
  // it waits for the parser to reach the body.
  if (!document.body) {
    await new Promise((r) => document.addEventListener("DOMContentLoaded", r, { once: true }));
  }
  const tx = (x: Parameters<typeof textIn>[0]) => textIn(x, locale, config.defaultLocale);
  const ln = { ...config.launcher, ...o.launcher };

  let stored: ConsentRecord | undefined;
  let decided = false;
  // The banner unless the hint speaks of a decision this config still honours.
  let asking = !(hint?.v === config.policyVersion && now() < (hint.e ?? 0));
  let open = false;
  let opener: Element | null = null;
  let sync: Sync | undefined;
  let syncing: Promise<Sync | undefined> | undefined;
  let segments: string[] = [];
  let working: Promise<string[]> = Promise.resolve(segments);
  const compiler = o.rules ?? rulesFrom(o.endpoint);
  const loadCenter = o.center ?? lazyModule<Center>(o.endpoint, CENTER_FILE);

  const host = document.createElement("div");
  host.id = "preferably";
  // WCAG 3.1.2 (Language of Parts): the widget may speak another language than the page
  // (a German browser on an English page); screen readers pick their voice from this.
  host.lang = locale;
  const root = host.attachShadow({ mode: "open" });
  applyStyles(root);
  const ui = el("div");
  const box = el("div");
  const status = el("div", { role: "status", class: "sr" });
  root.append(ui, box, status);
  (o.parent ?? document.body).append(host);
  let shown: HTMLElement | undefined;
  let mode = "";
  const stopFocus = keepFocusVisible(() => (mode === "banner" ? shown : undefined));

  const getConsent = () => (decided && stored ? { ...stored.consent } : undefined);
  // Decisions in flight, so idle() waits for them too.
  let work: Promise<unknown> = Promise.resolve();
  const track = (p: Promise<void>) => {
    work = Promise.all([work, p]);
  };

  /** The edge sync, loaded with the center module on first need. */
  function getSync(): Promise<Sync | undefined> {
    syncing ??= loadCenter().then(
      (c) => {
        sync = c.createSync({
          api,
          store,
          config,
          now,
          ...(o.sleep ? { sleep: o.sleep } : {}),
          onChange: (r) => {
            stored = r;
            if (open) draw();
          },
        });
        sync.start(read?.[0], read?.[1], !decided);
        return sync;
      },
      () => undefined,
    );
    return syncing;
  }

  /**
   * Works the segments out again; the compiler is loaded only when there are answers. A withdrawn
   * record keeps its answers (the visitor may turn consent back on) but puts the visitor in no
   * segment, on this page and every later one, until they decide again.
   */
  function resegment(): Promise<string[]> {
    const answers =
      decided && stored && stored.method !== "withdraw"
        ? usableAnswers(config, stored.consent, stored.answers)
        : {};
    const run = Object.keys(answers).length
      ? compiler().then(
          (compile) => segmentsFor(config, answers, compile),
          () => [] as string[],
        )
      : Promise.resolve([] as string[]);
    working = run.then((s) => {
      // A later decision may have started meanwhile: only the latest one tells the page.
      if (working === latest) {
        segments = s;
        document.dispatchEvent(new CustomEvent(`${EVENT_PREFIX}segments`, { detail: s }));
        if (open) draw();
      }
      return segments;
    });
    const latest = working;
    return working;
  }

  /** Tells the page about the current decision: events, gated scripts, one Consent Mode update. */
  function tell(): void {
    const consent = getConsent();
    document.dispatchEvent(new CustomEvent(`${EVENT_PREFIX}consent`, { detail: consent }));
    void resegment();
    runGates();
    if (gcmOn(config)) {
      sendConsentMode([["consent", "update", consentModeState(config.purposes, consent, gpc)]]);
    }
  }

  /**
   * Starts the gated scripts the consent in force allows; required purposes are on before any
   * choice (strictly necessary scripts may run). Gated scripts further down a page that is still
   * being parsed get their turn at DOMContentLoaded.
   */
  function runGates(): void {
    const run = () =>
      runGatedScripts(getConsent() ?? consentFor(config.purposes, "reject-all", gpc));
    run();
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run, { once: true });
    }
  }

  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** A visible confirmation (and a polite announcement) that goes away by itself. */
  function notify(text: string): void {
    status.textContent = text;
    root.querySelector(".st")?.remove();
    clearTimeout(noticeTimer);
    if (!text) return;
    const toast = el("div", { class: "st", "aria-hidden": "true" }, text);
    root.append(toast);
    noticeTimer = setTimeout(() => toast.remove(), NOTICE_MS);
  }

  /** The banner, the launcher, or nothing (launcher hidden, or the center open). */
  function drawUi(): void {
    const want = asking ? "banner" : open || ln.hidden ? "" : "launcher";
    if (want === mode) return;
    mode = want;
    shown?.remove();
    shown = undefined;
    if (want === "banner") {
      const asks = config.purposes
        .filter((p) => !p.required && !(gpc && p.saleOrShare))
        .map((p) => tx(p.label))
        .join(", ");
      shown = banner({
        title: tx(config.banner?.title) || tx(config.name),
        description: tx(config.banner?.description) || t.intro,
        asks: `${t.asks} ${asks}.`,
        gpc: gpc && config.purposes.some((p) => p.saleOrShare) ? t.gpc : undefined,
        noStorage: store.persistent ? undefined : t.noStorage,
        policy: config.policyUrl ? { url: config.policyUrl, label: t.policy } : undefined,
        labels: t,
        onAccept: () => track(decide("accept-all", "accept-all", {})),
        onReject: () => track(decide("reject-all", "reject-all", {})),
        onCustomize: () => widget.open(),
      });
    } else if (want === "launcher") {
      shown = launcher(tx(ln.label) || t.preferences, ln.position === "bottom-right", () =>
        widget.open(),
      );
    }
    if (shown) ui.append(shown);
  }

  let center: Center | undefined;
  function draw(): void {
    drawUi();
    center?.renderCenter(
      box,
      open
        ? {
            config,
            t,
            tx,
            locale,
            gpc,
            persistent: store.persistent,
            // Nothing pre-ticked, but required purposes are on (and their questions answerable).
            consent: (decided && stored?.consent) || consentFor(config.purposes, "reject-all", gpc),
            answers: (decided && stored?.answers) || {},
            stored,
            segments: config.segments
              .filter((s) => segments.includes(s.id))
              .map((s) => tx(s.label)),
            onSave: (consent, answers) => track(decide("custom", consent, answers)),
            onAll: (accept, answers) =>
              track(
                decide(
                  accept ? "accept-all" : "reject-all",
                  accept ? "accept-all" : "reject-all",
                  answers,
                ),
              ),
            onWithdraw: () =>
              track(decide("withdraw", "reject-all", decided ? (stored?.answers ?? {}) : {})),
            onDelete: () => track(forget()),
            onClose: () => show(false),
          }
        : null,
    );
  }

  /**
   * Opens or closes the preference center. Closing returns focus to what opened it (WAI-ARIA
   * APG dialog), or to the launcher when that is gone (the banner's Customize after a choice).
   * While it is open the page behind does not scroll.
   */
  async function show(next: boolean): Promise<void> {
    if (next && !center) {
      center = await loadCenter().catch(() => undefined);
      if (!center) return;
    }
    const closing = open && !next;
    if (next && !open) opener = root.activeElement ?? document.activeElement;
    open = next;
    document.documentElement.style.overflow = open ? "hidden" : "";
    draw();
    if (closing) {
      const back = opener?.isConnected ? opener : root.querySelector(".ln");
      (back as HTMLElement | null)?.focus();
    }
  }

  async function decide(
    method: ConsentMethod,
    choice: Parameters<typeof consentFor>[1],
    answers: Record<string, Answer>,
  ): Promise<void> {
    const inWidget = root.activeElement !== null;
    const consent = consentFor(config.purposes, choice, gpc);
    const next = newRecord(config, method, consent, answers, gpc, now());
    decided = true;
    asking = false;
    stored = next;
    // The device first, always: the sync module may still be on its way (or never come).
    await store.save(next);
    await show(false);
    // WCAG 2.4.3: a choice by keyboard leaves focus on the launcher, not on <body>.
    if (inWidget) (root.querySelector(".ln") as HTMLElement | null)?.focus();
    notify(method === "withdraw" ? t.withdrawn : t.saved);
    tell();
    await (await getSync())?.commit(next);
  }

  /** "Delete my data": retract, clear the device, and ask again at once. */
  async function forget(): Promise<void> {
    decided = false;
    stored = undefined;
    asking = true;
    const s = await getSync();
    await show(false);
    (root.querySelector(".bn button") as HTMLElement | null)?.focus();
    notify(t.deleted);
    if (s) await s.forget();
    else await store.clear();
    tell();
  }

  const widget: Widget = {
    open() {
      notify("");
      void show(true);
    },
    getConsent,
    getSegments: () => [...segments],
    segmentsReady: () => working,
    async idle() {
      await work;
      await syncing;
      await sync?.idle();
    },
    config,
    destroy() {
      center?.renderCenter(box, null);
      stopFocus();
      clearTimeout(noticeTimer);
      document.documentElement.style.overflow = "";
      host.remove();
    },
  };

  // The banner (or, after a hinted decision, the launcher) now, unless the record has already
  // answered; then whatever the record says.
  const apply = ([loaded, owed]: Awaited<typeof reading>) => {
    stored = loaded;
    decided = recordState(loaded, config, now()) === "valid";
    asking = !decided;
    if (owed || loaded?.receipt || loaded?.pending) void getSync();
  };
  if (read) apply(read);
  drawUi();
  if (!read) {
    apply(await reading);
    // Storage refused: the banner says so (it was drawn before anyone knew).
    if (!store.persistent) mode = "";
    drawUi();
  }
  const loaded = stored;
  if (
    decided &&
    loaded &&
    gpc &&
    config.purposes.some((p) => p.saleOrShare && loaded.consent[p.id])
  ) {
    // GPC turned on since the decision: sale and sharing go off now (invariant 7).
    const fixed: ConsentRecord = {
      ...loaded,
      gpc: true,
      consent: consentFor(config.purposes, loaded.consent, true),
    };
    stored = fixed;
    await store.save(fixed);
    void getSync().then((s) => s?.commit(fixed));
  }
  if (decided) tell();
  else runGates();
  document.dispatchEvent(new CustomEvent(`${EVENT_PREFIX}ready`, { detail: getConsent() }));
  return widget;
}
