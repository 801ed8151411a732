/**
 * Raising `shards` (issue 13, "Virtual shards"; worker/counting/shards.ts): through the API, in
 * workerd, the same audiences are read, the same receipts spend once and only once, and the same
 * idempotency keys are answered with the same receipts, before and after 2 -> 5 and 4 -> 8;
 * lowering is refused by the API, the console's restore keeps the count, and the site store
 * refuses it whatever a caller checked. A router whose config predates a raise (an isolate's
 * cache) cannot count a key twice: the object refuses it and the route reloads the site.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { validateAssignment } from "../../../shared/assignment.ts";
import type { SegmentsResponse } from "../../../shared/schema.ts";
import { countAssignment } from "../../../worker/counting/assign.ts";
import { dayOf, isoDay } from "../../../worker/counting/day.ts";
import { keyedHash, keysFor } from "../../../worker/counting/keys.ts";
import { objectOf, StaleShards, shardStub, virtualShard } from "../../../worker/counting/shards.ts";
import { PUBLISH_LIVE_WITHIN_MS, RELEASE_DELAY_MS } from "../../../worker/limits.ts";
import type { Published } from "../../../worker/sites/site-store.ts";
import { storeStub } from "../../../worker/sites/store.ts";
import {
  assign,
  createSite,
  proofFor,
  send,
  tiny,
  tinyBody,
  UNCHECKED_PROOF,
  withToken,
} from "../helpers.ts";

const keys = keysFor(env.RECEIPT_KEY ?? "");
const CONTRIBUTIONS = 12;
const keyOf = (site: string, i: number) => `${site}-key-${String(i).padStart(4, "0")}`;

async function audiences(site: string, owner: string): Promise<Record<string, number | null>> {
  const res = await withToken(owner, `/v1/sites/${site}/segments`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as SegmentsResponse;
  return Object.fromEntries(body.segments.map((s) => [s.id, s.audience]));
}

async function setShards(site: string, owner: string, shards: number): Promise<Response> {
  const current = await withToken(owner, `/v1/sites/${site}/admin/config`);
  const { config } = (await current.json()) as { config: Record<string, unknown> };
  return withToken(
    owner,
    `/v1/sites/${site}/admin/config`,
    "PUT",
    { ...config, shards },
    { "If-Match": current.headers.get("ETag") ?? "" },
  );
}

/** The object a key's virtual shard is on with `shards` objects. */
async function objectOfKey(site: string, key: string, shards: number): Promise<number> {
  return objectOf(virtualShard(await keyedHash(keys, "idempotency", `${site}\n${key}`)), shards);
}

/** The store's published site (RPC's Serializable mapping loses a config's `rule: unknown`). */
async function publishedOf(site: string): Promise<Published> {
  const live = (await storeStub(env).published(site)) as Published | null;
  if (!live) throw new Error(`no site ${site}`);
  return live;
}

const retract = (site: string, receipt: string) =>
  send(`/v1/sites/${site}/assignments`, "DELETE", { receipt });

describe.each([
  [2, 5],
  [4, 8],
])("raising shards %i -> %i", (from, to) => {
  const site = `grow-${from}-${to}`;

  it("should read the same audiences, spend old receipts once, and answer old keys alike", async () => {
    const owner = await createSite(site, { shards: from, exactCounts: true });
    const receipts: string[] = [];
    for (let i = 0; i < CONTRIBUTIONS; i++) {
      const { res, json } = await assign(site, tinyBody({ idempotencyKey: keyOf(site, i) }));
      expect(res.status).toBe(200);
      receipts.push(json.receipt);
    }
    // Proofs spent before the raise, in the objects their challenges name.
    const spentProofs = await Promise.all(Array.from({ length: 6 }, () => proofFor(site)));
    for (const proof of spentProofs) {
      expect(
        (await assign(site, tinyBody({ proof, answers: { color: "green" } }))).res.status,
      ).toBe(200);
    }
    // Exact mode holds a single-choice question's segments back together when any of its options,
    // or those who left it out, are below k (issue 14): blue and "no colour" reach k too.
    for (const answers of [{ color: "blue" }, { pets: ["dog"] }]) {
      for (let i = 0; i < 6; i++)
        expect((await assign(site, tinyBody({ answers }))).res.status).toBe(200);
    }
    const before = await audiences(site, owner);
    expect(before.reds).toBe(CONTRIBUTIONS);
    // The premise: some of these keys' virtual shards are on another object after the raise.
    const moved: number[] = [];
    for (let i = 0; i < CONTRIBUTIONS; i++) {
      const key = keyOf(site, i);
      if ((await objectOfKey(site, key, from)) !== (await objectOfKey(site, key, to)))
        moved.push(i);
    }
    expect(moved.length).toBeGreaterThan(0);

    expect((await setShards(site, owner, to)).status).toBe(200);
    // A proof spent before the raise is still spent after it.
    for (const proof of spentProofs) {
      const replay = await assign(site, tinyBody({ proof, answers: { color: "green" } }));
      expect(replay.res.status).toBe(409);
      expect(replay.json.error?.code).toBe("proof_spent");
    }
    // No count moved: every object that held one is still read.
    expect(await audiences(site, owner)).toEqual(before);

    // Every key retried after the raise is answered with its first receipt, and counts once.
    for (let i = 0; i < CONTRIBUTIONS; i++) {
      const { res, json } = await assign(site, tinyBody({ idempotencyKey: keyOf(site, i) }));
      expect(res.status).toBe(200);
      expect(json.receipt).toBe(receipts[i]);
    }
    expect(await audiences(site, owner)).toEqual(before);

    // A receipt from before the raise retracts once, and only once.
    const first = receipts[moved[0] ?? 0] ?? "";
    expect((await retract(site, first)).status).toBe(200);
    const again = await retract(site, first);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("receipt_spent");
    // Its key, retried, is the spent contribution's answer: it counts nothing again.
    await assign(site, tinyBody({ idempotencyKey: keyOf(site, moved[0] ?? 0) }));
    expect((await audiences(site, owner)).reds).toBe(CONTRIBUTIONS - 1);

    // A replace with an old receipt spends it once: a second replace with it is 409.
    const old = receipts.find((_, i) => i !== (moved[0] ?? 0)) ?? "";
    const blue = { answers: { color: "blue", pets: ["cat"] } };
    const replaced = await assign(site, tinyBody({ ...blue, replaces: old }));
    expect(replaced.res.status).toBe(200);
    const twice = await assign(site, tinyBody({ ...blue, replaces: old }));
    expect(twice.res.status).toBe(409);
    expect((await audiences(site, owner)).reds).toBe(CONTRIBUTIONS - 2);
    // And the new receipt, from after the raise, retracts once.
    expect((await retract(site, replaced.json.receipt)).status).toBe(200);
    expect((await retract(site, replaced.json.receipt)).status).toBe(409);
  });

  it("should refuse lowering shards (422 shards_lowered), changing nothing", async () => {
    const owner = await createSite(`${site}-low`, { shards: to });
    const res = await setShards(`${site}-low`, owner, from);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: { field: string } } };
    expect(body.error.code).toBe("shards_lowered");
    expect(body.error.details.field).toBe("shards");
    const now = await withToken(owner, `/v1/sites/${site}-low/admin/config`);
    const json = (await now.json()) as { version: number; config: { shards: number } };
    expect(json).toMatchObject({ version: 1, config: { shards: to } });
  });
});

describe("the site store", () => {
  it("should refuse a lower shards whatever the caller checked, and keep each raise's history", async () => {
    await createSite("grow-store", { shards: 3 });
    const store = storeStub(env);
    const live = await publishedOf("grow-store");
    const day = isoDay(dayOf(Date.now()));
    const config = live.config;
    expect(await store.publish({ ...config, shards: 2 }, live.version, day)).toEqual({
      kind: "shards_lowered",
      shards: 3,
    });
    const raised = await store.publish({ ...config, shards: 6 }, live.version, day);
    expect(raised).toMatchObject({
      kind: "published",
      previousShards: [{ shards: 3, retiredDay: dayOf(Date.now()) }],
    });
    // Publishing the same count again adds no history.
    const same = await store.publish({ ...config, shards: 6 }, live.version + 1, day);
    expect(same).toMatchObject({ previousShards: [{ shards: 3 }] });
  });
});

describe("a router with a config from before a raise", () => {
  it("should release a closed day only once every isolate has seen a raise published before its end", () => {
    // An isolate that has not seen a raise reads the old objects only; the day it could miss
    // rows of is released RELEASE_DELAY_MS after midnight, by when every isolate has the raise.
    expect(RELEASE_DELAY_MS).toBeGreaterThan(PUBLISH_LIVE_WITHIN_MS);
  });

  function body(key: string) {
    const r = validateAssignment(tiny, tinyBody({ idempotencyKey: key, proof: UNCHECKED_PROOF }));
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }

  it("should be refused by an object that has seen the raise, so no key counts twice", async () => {
    await createSite("grow-stale", { shards: 2 });
    const live = await publishedOf("grow-stale");
    const base = live.config;
    const now = Date.now();
    const today = dayOf(now);
    const old = { ...base, shards: 2 };
    const raised = { ...base, shards: 5 };
    const history = [{ shards: 2, retiredDay: today }];
    // A key counted by the old router (2 objects) is found by the new one (5) on its old object.
    const key = "stale-router-key-0001";
    const first = await countAssignment(env, keys, old, body(key), now);
    const retry = await countAssignment(env, keys, raised, body(key), now, history);
    expect(retry).toEqual(first);
    // Once a new router has asked an object, the old router's keyed writes there are refused.
    for (const o of [0, 1]) await shardStub(env, "grow-stale", o).idempotent("00", today, 5);
    await expect(
      countAssignment(env, keys, old, body("stale-router-key-0002"), now),
    ).rejects.toBeInstanceOf(StaleShards);
    // Unkeyed contributions are not routed by a key: they never meet this.
    const { idempotencyKey: _, ...unkeyed } = body("stale-router-key-0003");
    await expect(countAssignment(env, keys, old, unkeyed, now)).resolves.toHaveProperty("receipt");
  });

  it("should answer 200 through the route, which reloads the site and routes the key again", async () => {
    const owner = await createSite("grow-route", { shards: 2, exactCounts: true });
    // This isolate caches version 1 (2 objects); the store then publishes 5 behind its back.
    expect((await withToken(owner, "/v1/sites/grow-route/config")).status).toBe(200);
    const store = storeStub(env);
    const live = await publishedOf("grow-route");
    const day = isoDay(dayOf(Date.now()));
    const published = await store.publish({ ...live.config, shards: 5 }, live.version, day);
    expect(published.kind).toBe("published");
    // A router with the new config has asked both old objects.
    for (const o of [0, 1])
      await shardStub(env, "grow-route", o).idempotent("00", dayOf(Date.now()), 5);
    // A key whose virtual shard is on another object with 5 than with 2.
    let key = "";
    for (let i = 0; key === ""; i++) {
      const k = `route-reload-key-${String(i).padStart(4, "0")}`;
      if ((await objectOfKey("grow-route", k, 2)) !== (await objectOfKey("grow-route", k, 5)))
        key = k;
    }
    const sent = await assign("grow-route", tinyBody({ idempotencyKey: key }));
    expect(sent.res.status).toBe(200);
    // Counted once, on the object of the new count, none on the stale one; a retry meets it.
    const count = async (o: number) =>
      (await shardStub(env, "grow-route", o).flows(0, 1e9)).reduce((n, r) => n + r.n, 0);
    expect(await count(await objectOfKey("grow-route", key, 5))).toBe(1);
    expect(await count(await objectOfKey("grow-route", key, 2))).toBe(0);
    const again = await assign("grow-route", tinyBody({ idempotencyKey: key }));
    expect(again.json.receipt).toBe(sent.json.receipt);
  });
});
