import { describe, expect, it } from "vitest";
import { createRecordStore } from "../../widget/store.ts";
import { memoryHints, memoryKv, record } from "./fixtures.ts";

describe("createRecordStore", () => {
  it("should save, load and clear the record under the site's key", async () => {
    const kv = memoryKv();
    const store = createRecordStore("demo", kv);
    await store.save(record());
    expect(kv.map.has("demo:record")).toBe(true);
    expect(await store.load()).toEqual(record());
    await store.clear();
    expect(await store.load()).toBeUndefined();
    expect(store.persistent).toBe(true);
  });

  it("should keep a copy, so later changes to the object do not reach the store", async () => {
    const store = createRecordStore("demo", memoryKv());
    const r = record();
    await store.save(r);
    r.consent.analytics = false;
    expect((await store.load())?.consent.analytics).toBe(true);
  });

  it("should ignore a stored value that is not a record", async () => {
    const kv = memoryKv();
    kv.map.set("demo:record", { v: 2, hello: "world" });
    expect(await createRecordStore("demo", kv).load()).toBeUndefined();
  });

  it("should fall back to memory when IndexedDB fails, never throwing, and say so", async () => {
    const store = createRecordStore("demo", memoryKv(true));
    await expect(store.load()).resolves.toBeUndefined();
    expect(store.persistent).toBe(false);
    await store.save(record());
    expect(await store.load()).toEqual(record());
    await store.setOwed("r1");
    expect(await store.owed()).toBe("r1");
  });

  it("should fall back to memory when IndexedDB does not exist at all (happy-dom has none)", async () => {
    const store = createRecordStore("demo");
    await store.save(record());
    expect(store.persistent).toBe(false);
    expect(await store.load()).toEqual(record());
  });

  it("should keep an owed retraction until it is cleared", async () => {
    const store = createRecordStore("demo", memoryKv());
    expect(await store.owed()).toBeUndefined();
    await store.setOwed("receipt-x");
    expect(await store.owed()).toBe("receipt-x");
    await store.setOwed(undefined);
    expect(await store.owed()).toBeUndefined();
  });

  it("should mirror the record into the hint: policy version and expiry only, dropped on clear", async () => {
    const hints = memoryHints();
    const store = createRecordStore("demo", memoryKv(), hints);
    expect(store.hint()).toBeUndefined();
    await store.save(record());
    expect(hints.map.get("preferably:demo")).toBe(
      JSON.stringify({ v: record().policyVersion, e: record().expiresAt }),
    );
    expect(store.hint()).toEqual({ v: record().policyVersion, e: record().expiresAt });
    await store.clear();
    expect(hints.map.size).toBe(0);
    expect(store.hint()).toBeUndefined();
  });

  it("should rewrite the hint from what IndexedDB holds when the record is read", async () => {
    const kv = memoryKv();
    const hints = memoryHints();
    hints.setItem("preferably:demo", JSON.stringify({ v: "old", e: 1 }));
    await createRecordStore("demo", kv, hints).load();
    expect(hints.map.size).toBe(0);
    await kv.set("demo:record", record());
    await createRecordStore("demo", kv, hints).load();
    expect(JSON.parse(hints.map.get("preferably:demo") ?? "")).toEqual({
      v: record().policyVersion,
      e: record().expiresAt,
    });
  });

  it("should write no hint while IndexedDB refuses (a record in memory lasts this page only)", async () => {
    const hints = memoryHints();
    const store = createRecordStore("demo", memoryKv(true), hints);
    await store.save(record());
    expect(store.persistent).toBe(false);
    expect(hints.map.size).toBe(0);
  });

  it("should never throw when localStorage does, or holds what is not JSON", async () => {
    const store = createRecordStore("demo", memoryKv(), memoryHints(true));
    expect(store.hint()).toBeUndefined();
    await expect(store.save(record())).resolves.toBeUndefined();
    const junk = memoryHints();
    junk.setItem("preferably:demo", "{not json");
    expect(createRecordStore("demo", memoryKv(), junk).hint()).toBeUndefined();
  });
});
