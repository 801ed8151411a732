import { describe, expect, it } from "vitest";
import { createRecordStore } from "../../widget/store.ts";
import { memoryKv, record } from "./fixtures.ts";

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
});
