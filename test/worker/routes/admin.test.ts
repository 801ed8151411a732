/**
 * The owner's API (/v1/sites/:site/admin/*) and the operator's POST /v1/sites, as the issue's
 * contract states them: paths, status codes, and "nothing changes" on every refusal.
 */
import { env } from "cloudflare:test";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { MintedTokenSchema, TokenInfoSchema } from "../../../shared/schema.ts";
import { MAX_CONFIG_BYTES, MAX_TOKENS_PER_SITE } from "../../../worker/limits.ts";
import {
  AdminConfigSchema,
  ChangeLogSchema,
  PublishedSchema,
  SiteCreatedSchema,
} from "../../../worker/openapi/schemas.ts";
import { createSite, send, siteInput, withToken } from "../helpers.ts";

type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: Json } };
const body = async (res: Response) => (await res.json()) as Json;
const CONFIG = (site: string) => `/v1/sites/${site}/admin/config`;

async function read(site: string, owner: string) {
  const res = await withToken(owner, CONFIG(site));
  expect(res.status).toBe(200);
  const json = (await res.json()) as { version: number; config: Record<string, unknown> };
  return { ...json, etag: res.headers.get("ETag") ?? "" };
}

const put = (site: string, owner: string, config: unknown, ifMatch?: string) =>
  withToken(
    owner,
    CONFIG(site),
    "PUT",
    config,
    ifMatch === undefined ? {} : { "If-Match": ifMatch },
  );

describe("POST /v1/sites (operator)", () => {
  it("should create a site with the operator key: 201 { site, ownerToken }, defaults applied", async () => {
    const {
      windowDays: _w,
      retentionDays: _r,
      k: _k,
      exactCounts: _x,
      dpEpsilon: _e,
      ...input
    } = siteInput("op-new");
    const res = await send("/v1/sites", "POST", input, {
      Authorization: `Bearer ${env.OPERATOR_KEY}`,
    });
    expect(res.status).toBe(201);
    const json = (await res.json()) as { site: string; ownerToken: string };
    expect(json.site).toBe("op-new");
    expect(json.ownerToken).toMatch(/^pfy_[A-Za-z0-9_-]{43}$/);
    const { version, config } = await read("op-new", json.ownerToken);
    expect(version).toBe(1);
    // Privacy settings left out get the schema's defaults.
    expect(config.windowDays).toBe(30);
    expect(config.k).toBe(10);
    expect(config.consentMonths).toBe(12);
    // Noise on by default (issue 9): epsilon 1 per contribution per segment, not exact.
    expect(config.dpEpsilon).toBe(1);
    expect(config.exactCounts).toBe(false);
    const counts = await withToken(json.ownerToken, "/v1/sites/op-new/segments");
    expect(((await counts.json()) as { noise: boolean }).noise).toBe(true);
    expect((await withToken(json.ownerToken, "/v1/sites/op-new/config")).status).toBe(200);
  });

  it("should refuse without the key (401), a taken id (409), a list (422) and a bad config (422)", async () => {
    const key = { Authorization: `Bearer ${env.OPERATOR_KEY}` };
    expect((await send("/v1/sites", "POST", siteInput("op-x"))).status).toBe(401);
    expect(
      (
        await send("/v1/sites", "POST", siteInput("op-x"), {
          Authorization: "Bearer local-operator-key",
        })
      ).status,
    ).toBe(401);
    expect((await send("/v1/sites", "POST", siteInput("demo"), key)).status).toBe(409);
    const list = await send("/v1/sites", "POST", [siteInput("op-a"), siteInput("op-b")], key);
    expect(list.status).toBe(422);
    const bad = await send("/v1/sites", "POST", siteInput("op-y", { k: "ten" }), key);
    expect(bad.status).toBe(422);
    const err = (await body(bad)).error;
    expect(err?.code).toBe("invalid_config");
    expect(err?.details?.field).toBe("k");
    expect(err?.message).toContain("Fix:");
    const creds = await send(
      "/v1/sites",
      "POST",
      siteInput("op-z", { ownerTokenSha256: "a".repeat(64) }),
      key,
    );
    expect(creds.status).toBe(422);
    // Nothing was created by any of them.
    for (const id of ["op-x", "op-a", "op-b", "op-y", "op-z"])
      expect((await send(`/v1/sites/${id}/config`, "GET", undefined)).status).toBe(404);
  });

  it(`should refuse a config over MAX_CONFIG_BYTES (${MAX_CONFIG_BYTES}) with 413`, async () => {
    const big = siteInput("op-big", { name: "x".repeat(MAX_CONFIG_BYTES) });
    const res = await send("/v1/sites", "POST", big, {
      Authorization: `Bearer ${env.OPERATOR_KEY}`,
    });
    expect(res.status).toBe(413);
  });
});

describe("GET/PUT /v1/sites/:site/admin/config", () => {
  it("should read { version, config } with ETag = the version, and publish with If-Match", async () => {
    const owner = await createSite("adm-a");
    const first = await read("adm-a", owner);
    expect(first.etag).toBe('"1"');
    const next = { ...first.config, name: "Renamed" };
    const res = await put("adm-a", owner, next, first.etag);
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toBe('"2"');
    const published = (await res.json()) as {
      version: number;
      policyVersion: string;
      findings: unknown[];
    };
    expect(published.version).toBe(2);
    // A wording-only change does not ask visitors again.
    expect(published.policyVersion).toBe(first.config.policyVersion);
    expect(Array.isArray(published.findings)).toBe(true);
    // The owner's isolate sees it at once.
    const pub = (await (await send("/v1/sites/adm-a/config", "GET", undefined)).json()) as Json;
    expect(pub.name).toBe("Renamed");
  });

  it("should answer 412 to a stale If-Match and 428 without one, changing nothing", async () => {
    const owner = await createSite("adm-b");
    const { config, etag } = await read("adm-b", owner);
    expect((await put("adm-b", owner, { ...config, name: "One" }, etag)).status).toBe(200);
    const stale = await put("adm-b", owner, { ...config, name: "Two" }, etag);
    expect(stale.status).toBe(412);
    expect((await body(stale)).error?.code).toBe("stale_version");
    const none = await put("adm-b", owner, { ...config, name: "Three" });
    expect(none.status).toBe(428);
    const now = await read("adm-b", owner);
    expect(now.version).toBe(2);
    expect(now.config.name).toBe("One");
  });

  it("should publish exactly one of concurrent PUTs with the same If-Match", async () => {
    const owner = await createSite("adm-c");
    const { config, etag } = await read("adm-c", owner);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => put("adm-c", owner, { ...config, name: `N${i}` }, etag)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(7);
    expect((await read("adm-c", owner)).version).toBe(2);
  });

  it("should answer 422 naming the field and the fix for an invalid config or a high finding, changing nothing", async () => {
    const owner = await createSite("adm-d");
    const { config, etag } = await read("adm-d", owner);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...config, k: 3 }, "k"], // the assessment's high finding k-below-5
      [{ ...config, allowedOrigins: ["http://shop.example"] }, "allowedOrigins[0]"],
      [
        { ...config, segments: [{ id: "s", label: "S", rule: { var: "nope" } }] },
        "segments[0].rule",
      ],
      [{ ...config, surprise: true }, "surprise"],
      [{ ...config, id: "demo" }, "id"],
      [{ ...config, marketerTokenSha256: "b".repeat(64) }, "marketerTokenSha256"],
    ];
    for (const [bad, field] of cases) {
      const res = await put("adm-d", owner, bad, etag);
      expect(res.status, field).toBe(422);
      const err = (await body(res)).error;
      expect(err?.code).toBe("invalid_config");
      expect(err?.details?.field, JSON.stringify(err)).toBe(field);
      expect(String(err?.details?.fix).length).toBeGreaterThan(3);
    }
    expect((await read("adm-d", owner)).version).toBe(1);
  });

  it("should move policyVersion by itself on a consent-relevant change, not on wording", async () => {
    const owner = await createSite("adm-e");
    let { config, etag } = await read("adm-e", owner);
    const purposes = config.purposes as Record<string, unknown>[];
    const step = async (next: Record<string, unknown>) => {
      const res = await put("adm-e", owner, next, etag);
      expect(res.status).toBe(200);
      const out = (await res.json()) as { policyVersion: string };
      ({ config, etag } = await read("adm-e", owner));
      return out.policyVersion;
    };
    const v1 = config.policyVersion as string;
    // Wording of a question: same policy.
    const questions = config.questions as Record<string, unknown>[];
    expect(
      await step({
        ...config,
        questions: questions.map((q, i) => (i === 0 ? { ...q, label: "Colour?" } : q)),
      }),
    ).toBe(v1);
    // A purpose added: new policy.
    const v2 = await step({
      ...config,
      purposes: [...purposes, { id: "news", label: "News", description: "A newsletter." }],
    });
    expect(v2).not.toBe(v1);
    // A purpose reworded: new policy.
    const reworded = (config.purposes as Record<string, unknown>[]).map((p) =>
      p.id === "news" ? { ...p, description: "A weekly newsletter." } : p,
    );
    const v3 = await step({ ...config, purposes: reworded });
    expect(v3).not.toBe(v2);
    // A question tied to a purpose it was not tied to: new policy.
    const tied = (config.questions as Record<string, unknown>[]).map((q) =>
      q.id === "color" ? { ...q, purpose: "news" } : q,
    );
    const v4 = await step({ ...config, questions: tied });
    expect(v4).not.toBe(v3);
    // The owner's own policy version wins.
    expect(await step({ ...config, policyVersion: "mine-1" })).toBe("mine-1");
  });
});

describe("/v1/sites/:site/admin/tokens", () => {
  it("should mint (shown once), list without secrets, and revoke: 401 on the next request", async () => {
    const owner = await createSite("tok-a");
    const minted = await withToken(owner, "/v1/sites/tok-a/admin/tokens", "POST", {
      name: "Mia (marketing)",
      role: "marketer",
      expiresInDays: 30,
    });
    expect(minted.status).toBe(201);
    const m = (await minted.json()) as {
      id: string;
      token: string;
      role: string;
      expiresAt: string;
    };
    expect(m.role).toBe("marketer");
    expect(m.expiresAt).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect((await withToken(m.token, "/v1/sites/tok-a/segments")).status).toBe(200);
    expect((await withToken(m.token, CONFIG("tok-a"))).status).toBe(403);

    const list = await withToken(owner, "/v1/sites/tok-a/admin/tokens");
    const text = await list.text();
    expect(text).not.toContain(m.token);
    const { tokens } = JSON.parse(text) as { tokens: Record<string, unknown>[] };
    const row = tokens.find((t) => t.id === m.id);
    expect(Object.keys(row ?? {}).sort()).toEqual(
      ["created", "expires", "fingerprint", "id", "lastUsed", "name", "role"].sort(),
    );
    expect(row?.lastUsed).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(row?.fingerprint).toMatch(/^[0-9a-f]{8}$/);

    const del = await withToken(owner, `/v1/sites/tok-a/admin/tokens/${m.id}`, "DELETE");
    expect(del.status).toBe(200);
    expect((await withToken(m.token, "/v1/sites/tok-a/segments")).status).toBe(401);
    expect((await withToken(owner, `/v1/sites/tok-a/admin/tokens/${m.id}`, "DELETE")).status).toBe(
      404,
    );
  });

  it("should give auditors the access log and the change log, not counts or admin", async () => {
    const owner = await createSite("tok-b");
    const a = (await (
      await withToken(owner, "/v1/sites/tok-b/admin/tokens", "POST", {
        name: "audit",
        role: "auditor",
      })
    ).json()) as { token: string };
    expect((await withToken(a.token, "/v1/sites/tok-b/access-log")).status).toBe(200);
    expect((await withToken(a.token, "/v1/sites/tok-b/changes")).status).toBe(200);
    expect((await withToken(a.token, "/v1/sites/tok-b/segments")).status).toBe(403);
    expect((await withToken(a.token, CONFIG("tok-b"))).status).toBe(403);
    expect((await withToken(a.token, "/v1/sites/tok-b/admin/tokens")).status).toBe(403);
  });

  it("should refuse bad token requests with the field named", async () => {
    const owner = await createSite("tok-c");
    const cases: [unknown, string, string][] = [
      [{ role: "marketer" }, "missing_field", "name"],
      [{ name: "x", role: "boss" }, "invalid_type", "role"],
      [{ name: "x", role: "marketer", expiresInDays: 0 }, "invalid_type", "expiresInDays"],
      [{ name: "x", role: "marketer", extra: 1 }, "unknown_field", "extra"],
    ];
    for (const [input, code, field] of cases) {
      const res = await withToken(owner, "/v1/sites/tok-c/admin/tokens", "POST", input);
      expect(res.status, field).toBe(422);
      const err = (await body(res)).error;
      expect(err?.code, field).toBe(code);
      expect(err?.details?.field).toBe(field);
    }
  });

  it(`should stop at MAX_TOKENS_PER_SITE (${MAX_TOKENS_PER_SITE}) tokens`, async () => {
    const owner = await createSite("tok-d");
    // The first owner token counts.
    for (let i = 1; i < MAX_TOKENS_PER_SITE; i++) {
      const res = await withToken(owner, "/v1/sites/tok-d/admin/tokens", "POST", {
        name: `t${i}`,
        role: "marketer",
      });
      expect(res.status).toBe(201);
    }
    const over = await withToken(owner, "/v1/sites/tok-d/admin/tokens", "POST", {
      name: "one more",
      role: "marketer",
    });
    expect(over.status).toBe(422);
    expect((await body(over)).error?.code).toBe("limit_reached");
  });

  it("should keep the demo's documented local tokens working", async () => {
    expect((await withToken("demo-token", "/v1/sites/demo/segments")).status).toBe(200);
    expect((await withToken("demo-owner-token", CONFIG("demo"))).status).toBe(200);
    expect((await withToken("demo-token", CONFIG("demo"))).status).toBe(403);
  });
});

describe("answers and the OpenAPI description", () => {
  it("should answer with the shapes the OpenAPI components name (the same valibot objects)", async () => {
    const created = await send("/v1/sites", "POST", siteInput("oas-a"), {
      Authorization: `Bearer ${env.OPERATOR_KEY}`,
    });
    const { ownerToken } = v.parse(SiteCreatedSchema, await created.json());
    const config = v.parse(
      AdminConfigSchema,
      await (await withToken(ownerToken, CONFIG("oas-a"))).json(),
    );
    const published = await put("oas-a", ownerToken, { ...config.config, name: "OAS" }, '"1"');
    v.parse(PublishedSchema, await published.json());
    const minted = await withToken(ownerToken, "/v1/sites/oas-a/admin/tokens", "POST", {
      name: "x",
      role: "auditor",
    });
    v.parse(MintedTokenSchema, await minted.json());
    const list = (await (await withToken(ownerToken, "/v1/sites/oas-a/admin/tokens")).json()) as {
      tokens: unknown[];
    };
    for (const t of list.tokens) v.parse(TokenInfoSchema, t);
    const log = v.parse(
      ChangeLogSchema,
      await (await send("/v1/sites/oas-a/changes", "GET", undefined)).json(),
    );
    expect(log.entries.map((e) => e.version)).toEqual([1, 2]);
  });
});
