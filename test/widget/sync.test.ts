import { describe, expect, it, vi } from "vitest";
import { RECEIPT_REFRESH_MS } from "../../shared/consent.ts";
import { meetsDifficulty } from "../../shared/proof.ts";
import type { PowProof } from "../../shared/schema.ts";
import { webSha256 } from "../../widget/proof.ts";
import { createRecordStore } from "../../widget/store.ts";
import { createSync, MAX_RETRIES, RETRY_BASE_MS, randomKey } from "../../widget/sync.ts";
import { demoConfig, fakeApi, memoryKv, NOW, record } from "./fixtures.ts";

const config = demoConfig();
const down = { ok: false as const, status: 0 };

function setup(script: Parameters<typeof fakeApi>[1] = [], now = () => NOW) {
  const api = fakeApi(config, script);
  const kv = memoryKv();
  const store = createRecordStore("demo", kv);
  const sleeps: number[] = [];
  let keys = 0;
  const sync = createSync({
    api,
    store,
    config,
    now,
    sleep: async (ms) => void sleeps.push(ms),
    newKey: () => `key-${String(++keys).padStart(16, "0")}`,
  });
  return { api, kv, store, sync, sleeps };
}
const assigns = (api: ReturnType<typeof fakeApi>) => api.calls.filter((c) => c.method === "assign");

describe("createSync", () => {
  it("should send nothing when counting is not granted (invariant 1)", async () => {
    const { api, sync, store } = setup();
    await sync.commit(record({ consent: { necessary: true, analytics: false } }));
    await sync.idle();
    expect(api.calls).toEqual([]);
    expect((await store.load())?.consent.analytics).toBe(false);
  });

  it("should write the record locally before sending, then keep the receipt", async () => {
    const { api, sync, kv } = setup();
    const commit = sync.commit(record());
    expect(kv.map.get("demo:record")).toBeUndefined(); // not yet: commit is async
    await commit;
    await sync.idle();
    expect(assigns(api)).toHaveLength(1);
    const body = assigns(api)[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      policyVersion: "2026-11-01",
      answers: { interests: ["running"] },
    });
    expect(body.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
    expect(body.replaces).toBeUndefined();
    const stored = kv.map.get("demo:record") as ReturnType<typeof record>;
    expect(stored.receipt).toEqual({ token: "receipt-1", issuedAt: NOW });
    expect(stored.pending).toBeUndefined();
  });

  it("should retry a failed POST with backoff and the same idempotency key", async () => {
    const { api, sync, sleeps } = setup([down, { ok: false, status: 503 }]);
    await sync.commit(record());
    await sync.idle();
    const keys = assigns(api).map((c) => (c.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(sleeps).toEqual([RETRY_BASE_MS, RETRY_BASE_MS * 2]);
    expect(sync.record?.receipt?.token).toBe("receipt-3");
  });

  it("should keep the pending contribution after MAX_RETRIES and resend it on the next load", async () => {
    const failures = Array.from({ length: MAX_RETRIES + 1 }, () => down);
    const first = setup(failures);
    await first.sync.commit(record());
    await first.sync.idle();
    expect(assigns(first.api)).toHaveLength(MAX_RETRIES + 1);
    const saved = await first.store.load();
    expect(saved?.pending?.idempotencyKey).toBeDefined();
    // Next load: same device store, a network that works.
    const next = setup();
    await next.kv.set("demo:record", saved);
    next.sync.start(await next.store.load());
    await next.sync.idle();
    expect(assigns(next.api)[0]?.body).toMatchObject({
      idempotencyKey: saved?.pending?.idempotencyKey,
    });
    expect(next.sync.record?.pending).toBeUndefined();
    expect(next.sync.record?.receipt?.token).toBe("receipt-1");
  });

  it("should replace the old receipt when the answers change", async () => {
    const { api, sync } = setup();
    await sync.commit(record());
    await sync.idle();
    await sync.commit(record({ answers: { interests: ["tennis"] } }));
    await sync.idle();
    expect(assigns(api)[1]?.body).toMatchObject({
      replaces: "receipt-1",
      answers: { interests: ["tennis"] },
    });
    expect(sync.record?.receipt?.token).toBe("receipt-2");
  });

  it("should not send again when a new decision changes nothing that is counted", async () => {
    const { api, sync } = setup();
    await sync.commit(record());
    await sync.idle();
    await sync.commit(record({ method: "accept-all" }));
    await sync.idle();
    expect(assigns(api)).toHaveLength(1);
  });

  it("should retract the receipt when counting is withdrawn", async () => {
    const { api, sync } = setup();
    sync.start(record({ receipt: { token: "live", issuedAt: NOW } }));
    await sync.commit(record({ consent: { necessary: true, analytics: false } }));
    await sync.idle();
    expect(api.calls).toEqual([{ method: "retract", body: { receipt: "live" } }]);
    expect(sync.record?.receipt).toBeUndefined();
  });

  it("should treat 409 (receipt already spent) on a retraction as done", async () => {
    const { api, sync } = setup([{ ok: false, status: 409, code: "receipt_spent" }]);
    sync.start(record({ receipt: { token: "spent", issuedAt: NOW } }));
    await sync.commit(record({ consent: { necessary: true, analytics: false } }));
    await sync.idle();
    expect(api.calls).toHaveLength(1);
    expect(sync.record?.receipt).toBeUndefined();
  });

  it("should let a decision made while a POST is in flight replace the POST's new receipt", async () => {
    const { api, sync } = setup();
    await sync.commit(record()); // POST 1 starts once its proof is solved
    await vi.waitFor(() => expect(assigns(api)).toHaveLength(1));
    await sync.commit(record({ answers: { level: "pro" } })); // queued against no receipt
    await sync.idle();
    expect(assigns(api)).toHaveLength(2);
    expect(assigns(api)[1]?.body).toMatchObject({
      replaces: "receipt-1",
      answers: { level: "pro" },
    });
    expect(sync.record?.receipt?.token).toBe("receipt-2");
  });

  it("should refresh a receipt older than a week with a replace", async () => {
    const { api, sync } = setup();
    sync.start(record({ receipt: { token: "week-old", issuedAt: NOW - RECEIPT_REFRESH_MS } }));
    await sync.idle();
    expect(assigns(api)[0]?.body).toMatchObject({ replaces: "week-old" });
    expect(sync.record?.receipt).toEqual({ token: "receipt-1", issuedAt: NOW });
  });

  it("should leave a fresh receipt alone", async () => {
    const { api, sync } = setup();
    sync.start(record({ receipt: { token: "fresh", issuedAt: NOW - RECEIPT_REFRESH_MS + 1 } }));
    await sync.idle();
    expect(api.calls).toEqual([]);
  });

  it("should send nothing for a held (expired or outdated) record until the visitor decides", async () => {
    const { api, sync } = setup();
    sync.start(record({ receipt: { token: "old", issuedAt: 0 } }), undefined, true);
    await sync.idle();
    expect(api.calls).toEqual([]);
    await sync.commit(record({ consent: { necessary: true, analytics: false } }));
    await sync.idle();
    expect(api.calls).toEqual([{ method: "retract", body: { receipt: "old" } }]);
  });

  it("should send a fresh contribution when the replaced receipt was already spent", async () => {
    const { api, sync } = setup([{ ok: false, status: 409, code: "receipt_spent" }]);
    sync.start(record({ receipt: { token: "spent", issuedAt: NOW } }));
    await sync.commit(record({ answers: { level: "pro" } }));
    await sync.idle();
    expect(assigns(api)).toHaveLength(2);
    expect(assigns(api)[1]?.body).not.toHaveProperty("replaces");
    expect(sync.record?.receipt?.token).toBe("receipt-2");
  });

  it("should stop on a 4xx that cannot pass unchanged, keeping the pending contribution", async () => {
    const { api, sync } = setup([{ ok: false, status: 422, code: "stale_policy" }]);
    await sync.commit(record());
    await sync.idle();
    expect(assigns(api)).toHaveLength(1);
    expect(sync.record?.pending).toBeDefined();
  });

  it("should retract with the receipt, then clear the device, on forget", async () => {
    const { api, sync, kv } = setup();
    await sync.commit(record());
    await sync.idle();
    await sync.forget();
    await sync.idle();
    expect(api.calls.at(-1)).toEqual({ method: "retract", body: { receipt: "receipt-1" } });
    expect(kv.map.get("demo:record")).toBeUndefined();
    expect(kv.map.get("demo:owed")).toBeUndefined();
  });

  it("should owe the retraction when forget happens offline, and send it on the next load", async () => {
    const failures = Array.from({ length: MAX_RETRIES + 1 }, () => down);
    const first = setup(failures);
    first.sync.start(record({ receipt: { token: "live", issuedAt: NOW } }));
    await first.sync.forget();
    await first.sync.idle();
    expect(first.kv.map.get("demo:record")).toBeUndefined();
    expect(first.kv.map.get("demo:owed")).toBe("live");
    const next = setup();
    next.sync.start(undefined, "live");
    await next.sync.idle();
    expect(next.api.calls).toEqual([{ method: "retract", body: { receipt: "live" } }]);
    expect(next.kv.map.get("demo:owed")).toBeUndefined();
  });

  it("should drop answers the config no longer asks and answers whose purpose is off", async () => {
    const { api, sync } = setup();
    await sync.commit(
      record({
        answers: { interests: ["running", "curling"], gone: "x", level: "nope", budget: 9 },
      }),
    );
    await sync.idle();
    expect(assigns(api)[0]?.body).toMatchObject({ answers: { interests: ["running"] } });
    expect(Object.keys((assigns(api)[0]?.body ?? {}) as object)).toContain("answers");
    expect((assigns(api)[0]?.body as { answers?: unknown } | undefined)?.answers).toEqual({
      interests: ["running"],
    });
  });
});

describe("randomKey", () => {
  it("should send each assignment with its own solved proof of a fresh challenge", async () => {
    const { api, sync } = setup();
    await sync.commit(record());
    await sync.idle();
    await sync.commit(record({ answers: { level: "pro" } }));
    await sync.idle();
    const bodies = assigns(api).map((c) => c.body as { proof: PowProof; idempotencyKey: string });
    expect(bodies.map((b) => b.proof.challenge)).toEqual(["challenge-1", "challenge-2"]);
    for (const { proof, idempotencyKey } of bodies) {
      // Bound to the send's own idempotency key, so the Worker stores nothing for it.
      expect(
        await meetsDifficulty(webSha256, proof.challenge, proof.solution, 1, idempotencyKey),
      ).toBe(true);
    }
  });

  it.each(["proof_expired", "proof_spent", "invalid_proof", "proof_required"])(
    "should retry with a fresh challenge after %s, keeping the idempotency key",
    async (code) => {
      const { api, sync } = setup([
        { ok: false, status: code === "proof_spent" ? 409 : 422, code },
      ]);
      await sync.commit(record());
      await sync.idle();
      const sent = assigns(api).map((c) => c.body as { proof: PowProof; idempotencyKey: string });
      expect(sent).toHaveLength(2);
      expect(sent[1]?.proof.challenge).not.toBe(sent[0]?.proof.challenge);
      expect(sent[1]?.idempotencyKey).toBe(sent[0]?.idempotencyKey);
      expect(sync.record?.receipt?.token).toBe("receipt-2");
    },
  );

  it("should send nothing and retry later when no challenge can be fetched", async () => {
    const api = fakeApi(config);
    let tries = 0;
    api.challenge = async () =>
      ++tries === 1
        ? down
        : { ok: true, status: 200, body: { challenge: "c", difficulty: 1, expiresAt: NOW + 1 } };
    const sync = createSync({
      api,
      store: createRecordStore("demo", memoryKv()),
      config,
      now: () => NOW,
      sleep: async () => {},
    });
    await sync.commit(record());
    await sync.idle();
    expect(tries).toBe(2);
    expect(assigns(api)).toHaveLength(1);
  });

  it("should make a 32-character hex idempotency key, different each time", () => {
    const a = randomKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(randomKey()).not.toBe(a);
  });
});
