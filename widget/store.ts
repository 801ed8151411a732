/**
 * @module
 * The device store: the visitor's ConsentRecord (shared/consent.ts) in IndexedDB through
 * idb-keyval, and a tombstone for a retraction that could not be sent yet. Every call resolves
 * and never throws into the host page. When IndexedDB is missing or refuses to open (some private
 * modes, storage disabled), the store falls back to memory for the page's lifetime and says so
 * (`persistent` false), so the widget still works and tells the visitor nothing is kept.
 *
 * The idb-keyval functions are passed in with a lazily created default (idb-keyval's own
 * `get(key, customStore = defaultGetStore())` style), so tests run on a Map.
 *
 * **Choice: a synchronous hint beside the record.** IndexedDB answers only asynchronously, and
 * opening it costs main-thread time on the path to the first paint, so the banner is drawn
 * before the record is read (DESIGN.md data flow 1). A returning visitor's page would then show
 * the banner for a frame or two. So every write of the record also writes, in localStorage under
 * `preferably:SITE`, only that a decision exists, under which policy version and until when
 * (`{"v":"2026-11","e":1795000000000}`): no consent value, no answer, no receipt, nothing about
 * the visitor, never sent anywhere (like the record, it is kept on the device because the
 * visitor decided; ePrivacy art. 5(3) "strictly necessary" to remember that decision). It is read
 * synchronously before anything is drawn: a hint that matches the config's policy version and
 * has not expired means "draw the launcher, not the banner", and IndexedDB stays the source of
 * truth: if the record then read is not valid, the banner is drawn after all, and the hint is
 * rewritten from the record read (so a record from before the hint existed gains one). No cookie
 * (invariant 4: nothing that travels with requests).
 */
import { createStore, promisifyRequest as done, type UseStore } from "idb-keyval";
import type { ConsentRecord } from "../shared/consent.ts";

/** What the store needs from idb-keyval. */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

/** What the hint says (see the module comment): a decision under `v`, good until `e` (ms). */
export interface Hint {
  v: string;
  e: number;
}

/** The part of the Web Storage API the hint needs (localStorage; a Map in tests). */
export type HintStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** localStorage key of a site's hint. */
export const hintKey = (site: string): string => `preferably:${site}`;

export interface RecordStore {
  /** false once storage has failed: choices last for this page only. */
  readonly persistent: boolean;
  /** The hint as stored, read synchronously (undefined: none, unreadable, or storage refused). */
  hint(): Partial<Hint> | undefined;
  load(): Promise<ConsentRecord | undefined>;
  save(record: ConsentRecord): Promise<void>;
  clear(): Promise<void>;
  /** A receipt whose retraction is still owed after "Delete my data" went offline. */
  owed(): Promise<string | undefined>;
  setOwed(receipt: string | undefined): Promise<void>;
}

let idbStore: UseStore | undefined;

/**
 * The default key-value store: database "preferably", opened on first use only. Size: idb-keyval's
 * get/set/del bodies, written against our store, so its unused default "keyval-store" database
 * code is not bundled (their default-argument store would keep it).
 */
export function idbKeyValue(): KeyValue {
  const s: UseStore = (mode, fn) => {
    idbStore ??= createStore("preferably", "records");
    return idbStore(mode, fn);
  };
  return {
    get: (k) => s("readonly", (o) => done(o.get(k))),
    set: (k, v) =>
      s("readwrite", (o) => {
        o.put(v, k);
        return done(o.transaction);
      }),
    del: (k) =>
      s("readwrite", (o) => {
        o.delete(k);
        return done(o.transaction);
      }),
  };
}

/** The page's localStorage, or null where reading it throws (sandboxed frames, storage off). */
function localHints(): HintStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The record store of one site.
 * @example const store = createRecordStore("demo"); const record = await store.load();
 */
export function createRecordStore(
  site: string,
  kv?: KeyValue,
  hints: HintStorage | null = localHints(),
): RecordStore {
  const memory = new Map<string, unknown>();
  let persistent = true;
  let backend: KeyValue | undefined = kv;
  const key = `${site}:record`;
  const owedKey = `${site}:owed`;
  const hk = hintKey(site);

  // Mirrors what IndexedDB now holds; only while IndexedDB works (a record kept in memory for
  // this page must not hide the banner on the next one). Any storage error: no hint.
  const mirror = (r: ConsentRecord | undefined) => {
    try {
      const want = r && persistent ? JSON.stringify({ v: r.policyVersion, e: r.expiresAt }) : null;
      if (hints && hints.getItem(hk) !== want) {
        want === null ? hints.removeItem(hk) : hints.setItem(hk, want);
      }
    } catch {
      // Full or refused: the banner may then show for a frame, as without a hint.
    }
  };

  // Runs one storage call; on any failure (including a throw before the promise exists, e.g.
  // `indexedDB` undefined) switches to memory for good, so the record never splits in two.
  async function run<T>(op: (b: KeyValue) => Promise<T>, fallback: () => T): Promise<T> {
    if (persistent) {
      try {
        backend ??= idbKeyValue();
        return await op(backend);
      } catch {
        persistent = false;
      }
    }
    return fallback();
  }
  const put = (k: string, v: unknown) =>
    run(
      (b) => (v === undefined ? b.del(k) : b.set(k, v)),
      () => {
        v === undefined ? memory.delete(k) : memory.set(k, v);
      },
    );
  // Structured clone strips Preact/state proxies and keeps the stored copy independent.
  const copy = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

  return {
    get persistent() {
      return persistent;
    },
    // Unchecked: whatever it holds is only ever compared with the config (widget/controller.tsx).
    hint() {
      try {
        return JSON.parse(hints?.getItem(hk) ?? "0") || undefined;
      } catch {
        return undefined;
      }
    },
    load: () =>
      run(
        (b) => b.get(key),
        () => memory.get(key),
      ).then((r) => {
        const record = isRecord(r) ? r : undefined;
        mirror(record);
        return record;
      }),
    save: (record) => put(key, copy(record)).then(() => mirror(record)),
    clear: () => put(key, undefined).then(() => mirror(undefined)),
    owed: () =>
      run(
        (b) => b.get(owedKey),
        () => memory.get(owedKey),
      ).then((r) => (typeof r === "string" ? r : undefined)),
    setOwed: (receipt) => put(owedKey, receipt),
  };
}

/** A stored value that looks like a ConsentRecord (anything else is ignored, never trusted). */
function isRecord(value: unknown): value is ConsentRecord {
  const r = value as Partial<ConsentRecord> | undefined;
  return r?.v === 1 && !!r.consent && !!r.answers && typeof r.expiresAt === "number";
}
