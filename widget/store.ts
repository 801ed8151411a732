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
 */
import { createStore, promisifyRequest as done, type UseStore } from "idb-keyval";
import type { ConsentRecord } from "../shared/consent.ts";

/** What the store needs from idb-keyval. */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export interface RecordStore {
  /** false once storage has failed: choices last for this page only. */
  readonly persistent: boolean;
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

/**
 * The record store of one site.
 * @example const store = createRecordStore("demo"); const record = await store.load();
 */
export function createRecordStore(site: string, kv?: KeyValue): RecordStore {
  const memory = new Map<string, unknown>();
  let persistent = true;
  let backend: KeyValue | undefined = kv;
  const key = `${site}:record`;
  const owedKey = `${site}:owed`;

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
    load: () =>
      run(
        (b) => b.get(key),
        () => memory.get(key),
      ).then((r) => (isRecord(r) ? r : undefined)),
    save: (record) => put(key, copy(record)),
    clear: () => put(key, undefined),
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
