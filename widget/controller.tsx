/**
 * @module
 * One widget on one page: loads the site config and the device record, renders the UI in an open
 * shadow root, applies decisions (device first, then the edge through widget/sync.ts), and tells
 * the page (events, consent-gated scripts, Google Consent Mode). Everything is created per call,
 * so tests build as many widgets as they like; widget/index.tsx keeps the page's one instance.
 */
import { render } from "preact";
import {
  type ConsentMethod,
  type ConsentRecord,
  consentFor,
  newRecord,
  recordState,
} from "../shared/consent.ts";
import type { Answer, PublicSiteConfig } from "../shared/schema.ts";
import { pickLocale, textIn } from "../shared/text.ts";
import { type CompileRule, segmentsFor, usableAnswers } from "./answers.ts";
import { createApi } from "./api.ts";
import { App } from "./components/app.tsx";
import { runGatedScripts } from "./gate.ts";
import { consentModeState, sendConsentMode } from "./gcm.ts";
import { widgetTexts } from "./i18n.ts";
import { rulesFrom } from "./rules.ts";
import { createRecordStore, type KeyValue } from "./store.ts";
import { applyStyles } from "./styles.ts";
import { createSync, type Sync } from "./sync.ts";

export interface InitOptions {
  /** The site id (`data-site`). */
  site: string;
  /** The edge origin, e.g. "https://edge.example" (`data-endpoint`, else the script's origin). */
  endpoint: string;
  /** Where the shadow host goes (default: document.body). */
  parent?: HTMLElement;
  /** Test seams; each defaults to the browser's own. */
  fetch?: typeof fetch;
  kv?: KeyValue;
  gpc?: boolean;
  languages?: readonly string[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Loads the rule compiler (default: widget-rules.mjs from the endpoint, widget/rules.ts). */
  rules?: () => Promise<CompileRule>;
}

export interface Widget {
  open(): void;
  /** Per-purpose consent of the current decision; undefined before any (or after deletion). */
  getConsent(): Record<string, boolean> | undefined;
  /** Segments worked out on this device from the visitor's answers (none before a decision). */
  getSegments(): string[];
  /** Resolves once the segments of the current decision are worked out. */
  segmentsReady(): Promise<string[]>;
  readonly config: PublicSiteConfig;
  readonly sync: Sync;
  /** Removes the UI (tests, SPA teardown). */
  destroy(): void;
}

/** Document events, `preferably:consent` and `preferably:segments`; detail as getConsent()/getSegments(). */
export const EVENT_PREFIX = "preferably:";

/** Loads and shows the widget; undefined when the config cannot be had (the page is untouched). */
export async function createWidget(o: InitOptions): Promise<Widget | undefined> {
  const now = o.now ?? Date.now;
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const gpc = o.gpc ?? nav.globalPrivacyControl === true;
  const api = createApi(o.endpoint, o.site, o.fetch);
  const store = createRecordStore(o.site, o.kv);
  // Invariant 1: the config GET is the only request before a choice. The device record is asked
  // for first: opening IndexedDB (creating it, on a first visit) is the longest wait before the
  // banner can paint (measured in test/bench/widget.bench.ts), so it starts before the fetch.
  const [loaded, owed, res] = await Promise.all([store.load(), store.owed(), api.config()]);
  if (!res.ok) {
    console.warn("preferably: no config", res.status);
    return undefined;
  }
  const config = res.body;
  if (document.readyState === "loading") {
    await new Promise((r) => document.addEventListener("DOMContentLoaded", r, { once: true }));
  }
  const locale = pickLocale(
    o.languages ?? nav.languages ?? [],
    config.locales,
    config.defaultLocale,
  );
  const t = widgetTexts(locale);
  const tx = (x: Parameters<typeof textIn>[0]) => textIn(x, locale, config.defaultLocale);

  const state = recordState(loaded, config, now());
  let stored = loaded;
  let decided = state === "valid";
  let asking = !decided;
  let open = false;
  let notice = "";
  let opener: Element | null = null;

  const sync = createSync({
    api,
    store,
    config,
    now,
    ...(o.sleep ? { sleep: o.sleep } : {}),
    onChange: (r) => {
      stored = r;
      draw();
    },
  });

  const host = document.createElement("div");
  host.id = "preferably";
  // WCAG 3.1.2 (Language of Parts): the widget may speak another language than the page
  // (a German browser on an English page); screen readers pick their voice from this.
  host.lang = locale;
  const root = host.attachShadow({ mode: "open" });
  applyStyles(root);
  (o.parent ?? document.body).append(host);

  const loadRules = o.rules ?? rulesFrom(o.endpoint);
  const getConsent = () => (decided && stored ? { ...stored.consent } : undefined);
  let segments: string[] = [];
  let working: Promise<string[]> = Promise.resolve(segments);

  /** Works the segments out again; the compiler is loaded only when there are answers. */
  function resegment(): Promise<string[]> {
    const answers = decided && stored ? usableAnswers(config, stored.consent, stored.answers) : {};
    const run = Object.keys(answers).length
      ? loadRules().then(
          (compile) => segmentsFor(config, answers, compile),
          () => [] as string[],
        )
      : Promise.resolve([] as string[]);
    working = run.then((s) => {
      // A later decision may have started meanwhile: only the latest one tells the page.
      if (working === latest) {
        segments = s;
        document.dispatchEvent(new CustomEvent(`${EVENT_PREFIX}segments`, { detail: s }));
      }
      return segments;
    });
    const latest = working;
    return working;
  }

  /** Tells the page about the current decision (`events` false: only gates and Consent Mode). */
  function tell(events = true): void {
    const consent = getConsent();
    if (events) {
      document.dispatchEvent(new CustomEvent(`${EVENT_PREFIX}consent`, { detail: consent }));
      void resegment();
    }
    // Required purposes are on before any choice (strictly necessary scripts may run).
    runGatedScripts(consent ?? consentFor(config.purposes, "reject-all", gpc));
    sendConsentMode("update", consentModeState(config.purposes, consent));
  }

  /**
   * Opens or closes the preference center. Closing returns focus to what opened it (WAI-ARIA
   * APG dialog), or to the launcher when that is gone (the banner's Customize after a choice).
   */
  function show(next: boolean): void {
    const closing = open && !next;
    if (next && !open) opener = root.activeElement ?? document.activeElement;
    open = next;
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
    const consent = consentFor(config.purposes, choice, gpc);
    const next = newRecord(config, method, consent, answers, gpc, now());
    decided = true;
    asking = false;
    notice = t.saved;
    stored = next;
    show(false);
    await sync.commit(next);
    tell();
  }

  function draw(): void {
    render(
      <App
        config={config}
        t={t}
        tx={tx}
        locale={locale}
        gpc={gpc}
        persistent={store.persistent}
        asking={asking}
        open={open}
        record={decided ? stored : undefined}
        stored={stored}
        notice={notice}
        onAll={(accept, answers) =>
          void decide(
            accept ? "accept-all" : "reject-all",
            accept ? "accept-all" : "reject-all",
            answers ?? (decided ? (stored?.answers ?? {}) : {}),
          )
        }
        onSave={(consent, answers) => void decide("custom", consent, answers)}
        onOpen={() => widget.open()}
        onClose={() => show(false)}
        onWithdraw={() =>
          void decide("withdraw", "reject-all", decided ? (stored?.answers ?? {}) : {})
        }
        onDelete={() => {
          decided = false;
          notice = t.deleted;
          stored = undefined;
          show(false);
          void sync.forget().then(() => tell());
        }}
      />,
      root,
    );
  }

  const widget: Widget = {
    open() {
      notice = "";
      show(true);
    },
    getConsent,
    getSegments: () => [...segments],
    segmentsReady: () => working,
    config,
    sync,
    destroy() {
      render(null, root);
      host.remove();
    },
  };

  // Consent Mode: everything denied until a valid decision is known (then 'update' below).
  sendConsentMode("default", consentModeState(config.purposes, undefined));
  sync.start(loaded, owed, !decided);
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
    await sync.commit(fixed);
  }
  draw();
  tell(decided);
  return widget;
}
