/**
 * The site store (worker/sites): seeds imported on first use as version 1, the caches that keep
 * the hot paths free of Durable Object round trips, the 60-second promise of a publish, the cap
 * on versions kept, and the public change log's chain.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../shared/canonical-json.ts";
import { verifyChain } from "../../../shared/change-chain.ts";
import { publicConfig } from "../../../shared/site-config.ts";
import { sha256Hex } from "../../../worker/counting/encoding.ts";
import {
  MAX_VERSIONS_KEPT,
  PUBLISH_LIVE_WITHIN_MS,
  SITE_CACHE_TTL_MS,
  SITE_POINTER_TTL_MS,
} from "../../../worker/limits.ts";
import { seedOf } from "../../../worker/sites/seeds.ts";
import { siteStore, storeStub } from "../../../worker/sites/store.ts";
import {
  assign,
  call,
  createSite,
  SEEDS,
  send,
  siteInput,
  tiny,
  tinyBody,
  withToken,
} from "../helpers.ts";

const readCalls = () => runInDurableObject(storeStub(env), (store) => store.readCalls);

describe("the site store's read path", () => {
  it("should add no Durable Object call per config GET or assignment in steady state", async () => {
    // The counter counts: a cold read asks the object.
    const cold = await readCalls();
    expect((await call("/v1/sites/tiny/config")).status).toBe(200);
    expect(await readCalls()).toBeGreaterThan(cold);
    const before = await readCalls();
    for (let i = 0; i < 20; i++) {
      expect((await call("/v1/sites/tiny/config")).status).toBe(200);
      const { res } = await assign("tiny", tinyBody(), { Origin: "https://tiny.example" });
      expect(res.status).toBe(200);
    }
    expect(await readCalls()).toBe(before);
  });

  it("should serve the public change log without an object call per read in steady state", async () => {
    expect((await call("/v1/sites/tiny/changes")).status).toBe(200);
    const calls = await runInDurableObject(storeStub(env), (store) => store.changeReads);
    for (let i = 0; i < 10; i++) expect((await call("/v1/sites/tiny/changes")).status).toBe(200);
    expect(await runInDurableObject(storeStub(env), (store) => store.changeReads)).toBe(calls);
  });

  it("should make a publish from elsewhere live within PUBLISH_LIVE_WITHIN_MS, and not before its TTLs", async () => {
    expect(SITE_CACHE_TTL_MS + SITE_POINTER_TTL_MS).toBeLessThan(PUBLISH_LIVE_WITHIN_MS);
    const owner = await createSite("live-a");
    const store = siteStore(SEEDS);
    const t0 = Date.now();
    const first = await store.getSite(env, "live-a", t0);
    expect(first?.version).toBe(1);
    // Another isolate (another data centre) publishes: straight to the object, not through this cache.
    const config = { ...(first?.config ?? tiny), name: "Changed elsewhere" };
    const outcome = await storeStub(env).publish(config, 1, "2026-12-01");
    expect(outcome.kind).toBe("published");
    const calls = await readCalls();
    expect((await store.getSite(env, "live-a", t0 + 1000))?.version).toBe(1);
    expect(await readCalls()).toBe(calls);
    const later = await store.getSite(env, "live-a", t0 + PUBLISH_LIVE_WITHIN_MS);
    expect(later?.version).toBe(2);
    expect(later?.config.name).toBe("Changed elsewhere");
    expect(owner).toMatch(/^pfy_/);
  });

  it("should import a seed on first use as version 1 and first change-log entry, and never overwrite it", async () => {
    const res = await call("/v1/sites/noisy/changes");
    const { entries } = (await res.json()) as {
      entries: { version: number; summary: string[]; prev: unknown }[];
    };
    expect(entries[0]).toMatchObject({ version: 1, prev: null, summary: ["site created"] });
    // A changed seed file does not overwrite the stored site.
    const changed = seedOf({ ...siteInput("noisy"), name: "Seed edited" });
    const store = siteStore([changed]);
    await storeStub(env).importSeeds([changed], "2026-12-01");
    const now = Date.now() + PUBLISH_LIVE_WITHIN_MS;
    expect((await store.getSite(env, "noisy", now))?.config.name).not.toBe("Seed edited");
  });
});

describe("versions and the change log", () => {
  it(`should keep MAX_VERSIONS_KEPT (${MAX_VERSIONS_KEPT}) versions and every change-log entry, chained`, async () => {
    const owner = await createSite("ver-a");
    let version = 1;
    const base = siteInput("ver-a");
    for (let i = 0; i < MAX_VERSIONS_KEPT + 2; i++) {
      const res = await withToken(
        owner,
        "/v1/sites/ver-a/admin/config",
        "PUT",
        { ...base, name: `v${i}` },
        {
          "If-Match": `"${version}"`,
        },
      );
      expect(res.status).toBe(200);
      version++;
    }
    const kept = (await (await withToken(owner, "/v1/sites/ver-a/admin/versions")).json()) as {
      versions: { version: number }[];
    };
    expect(kept.versions).toHaveLength(MAX_VERSIONS_KEPT);
    expect(kept.versions[0]?.version).toBe(version);
    expect((await withToken(owner, "/v1/sites/ver-a/admin/versions/1")).status).toBe(404);
    const { entries } = (await (await call("/v1/sites/ver-a/changes")).json()) as {
      entries: { version: number; prev: string | null; hash: string }[];
    };
    expect(entries).toHaveLength(version);
    expect(await verifyChain(entries, sha256Hex)).toEqual({ ok: true, versions: version });
  });

  it("should state what changed and the SHA-256 of the published public config", async () => {
    const owner = await createSite("chg-a");
    const base = siteInput("chg-a");
    const next = {
      ...base,
      k: 12,
      allowedOrigins: ["https://chg-a.example", "https://www.chg-a.example"],
      segments: [{ id: "reds", label: "Reds", rule: { in: [{ var: "color" }, ["red", "blue"]] } }],
    };
    const put = await withToken(owner, "/v1/sites/chg-a/admin/config", "PUT", next, {
      "If-Match": '"1"',
    });
    expect(put.status).toBe(200);
    const { entries } = (await (await call("/v1/sites/chg-a/changes")).json()) as {
      entries: { summary: string[]; configSha256: string; day: string }[];
    };
    const last = entries[1];
    expect(last?.summary).toEqual(
      expect.arrayContaining([
        "k: 10 -> 12",
        "origin added: https://www.chg-a.example",
        expect.stringMatching(/^segment reds: rule changed from .* to .*"blue"/),
        "segment removed: cat-people",
      ]),
    );
    expect(last?.day).toMatch(/^\d{4}-\d\d-\d\d$/);
    // Anyone can recompute the config hash from the public config.
    const pub = await (await call("/v1/sites/chg-a/config")).json();
    expect(last?.configSha256).toBe(await sha256Hex(canonicalJson(pub)));
    const stored = (await (await withToken(owner, "/v1/sites/chg-a/admin/config")).json()) as {
      config: Parameters<typeof publicConfig>[0];
    };
    expect(last?.configSha256).toBe(await sha256Hex(canonicalJson(publicConfig(stored.config))));
  });

  it("should hold no token, token name or address, and show a rewritten entry", async () => {
    const owner = await createSite("chg-b");
    const ip = "203.0.113.77";
    const minted = (await (
      await withToken(owner, "/v1/sites/chg-b/admin/tokens", "POST", {
        name: "Mia Example",
        role: "marketer",
      })
    ).json()) as { token: string; id: string };
    await send(
      "/v1/sites/chg-b/admin/config",
      "PUT",
      { ...siteInput("chg-b"), k: 11 },
      {
        Authorization: `Bearer ${owner}`,
        "If-Match": '"1"',
        "CF-Connecting-IP": ip,
      },
    );
    const text = await (await call("/v1/sites/chg-b/changes")).text();
    for (const secret of [owner, minted.token, minted.id, "Mia Example", ip])
      expect(text).not.toContain(secret);
    const { entries } = JSON.parse(text) as {
      entries: { version: number; prev: string | null; hash: string; summary: string[] }[];
    };
    expect((await verifyChain(entries, sha256Hex)).ok).toBe(true);
    // The attack: quietly say k went up less than it did.
    const forged = entries.map((e) => (e.version === 2 ? { ...e, summary: ["texts changed"] } : e));
    expect(await verifyChain(forged, sha256Hex)).toMatchObject({ ok: false, version: 2 });
    const dropped = entries.filter((e) => e.version !== 1);
    expect((await verifyChain(dropped, sha256Hex)).ok).toBe(false);
  });
});

describe("what the site store keeps (invariant 2)", () => {
  it("should keep no token, no token hash outside its table, no address and no user agent", async () => {
    const owner = await createSite("inv-a");
    const ip = "198.51.100.23";
    const ua = "Secret-Browser/9.9";
    const minted = (await (
      await send(
        "/v1/sites/inv-a/admin/tokens",
        "POST",
        { name: "ops", role: "marketer" },
        {
          Authorization: `Bearer ${owner}`,
          "CF-Connecting-IP": ip,
          "User-Agent": ua,
        },
      )
    ).json()) as { token: string };
    await send("/v1/sites/inv-a/segments", "GET", undefined, {
      Authorization: `Bearer ${minted.token}`,
      "CF-Connecting-IP": ip,
      "User-Agent": ua,
    });
    const dump = await runInDurableObject(storeStub(env), (_store, state) => {
      const sql = state.storage.sql;
      const tables = sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 4) <> '_cf_'",
        )
        .toArray();
      const out: Record<string, unknown[]> = {};
      for (const { name } of tables) out[name] = sql.exec(`SELECT * FROM "${name}"`).toArray();
      return JSON.stringify(out);
    });
    for (const secret of [owner, minted.token, ip, ua]) expect(dump).not.toContain(secret);
    // The hashes are there, and only in the tokens table.
    const hash = await sha256Hex(minted.token);
    expect(dump.split(hash)).toHaveLength(2);
  });
});
