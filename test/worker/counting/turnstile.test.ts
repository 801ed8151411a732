/**
 * Turnstile as the operator's proof (issue 13 item 1; worker/counting/turnstile.ts): a site with
 * `proof: "turnstile"` counts an assignment only when Cloudflare's siteverify accepts its token.
 * In workerd, through the app, with siteverify answered by a stand-in passed to createApp: no
 * test calls the internet. What siteverify is sent is only the secret and the token, and nothing
 * of the answer is stored; a failed or missing token is a 4xx, an unreachable siteverify a 503,
 * and neither counts.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { TURNSTILE_ACTION } from "../../../shared/proof.ts";
import type { PrivacyRecord, PublicSiteConfig, SiteConfig } from "../../../shared/schema.ts";
import { createApp } from "../../../worker/app.ts";
import { type Fetcher, TURNSTILE_SITEVERIFY_URL } from "../../../worker/counting/turnstile.ts";
import { TURNSTILE_VERIFY_TIMEOUT_MS } from "../../../worker/limits.ts";
import type { Published } from "../../../worker/sites/site-store.ts";
import { storeStub } from "../../../worker/sites/store.ts";
import {
  createSite,
  dumpStorage,
  freshIp,
  netCounts,
  SEEDS,
  send,
  siteInput,
  tinyBody,
} from "../helpers.ts";

const SITE = "ts-site";
const SITE_KEY = "0x4AAAAAAAtestsitekey";

/** What siteverify was sent, and a stand-in that answers by token. */
function fakeSiteverify() {
  const sent: { url: string; fields: Record<string, string>; headers: string[] }[] = [];
  const answers: Record<string, () => Promise<Response>> = {
    good: async () =>
      Response.json({
        success: true,
        "error-codes": [],
        hostname: `${SITE}.example`,
        action: TURNSTILE_ACTION,
        challenge_ts: "2026-11-20T12:00:00.000Z",
      }),
    spent: async () => Response.json({ success: false, "error-codes": ["timeout-or-duplicate"] }),
    elsewhere: async () =>
      Response.json({ success: true, hostname: "evil.example", action: TURNSTILE_ACTION }),
    "other-action": async () =>
      Response.json({ success: true, hostname: `${SITE}.example`, action: "login" }),
    "bad-secret": async () =>
      Response.json({ success: false, "error-codes": ["invalid-input-secret"] }),
    down: async () => new Response("bad gateway", { status: 502 }),
    nonsense: async () => new Response("<html>", { status: 200 }),
  };
  const fetch: Fetcher = async (url, init) => {
    const fields = Object.fromEntries(new URLSearchParams(String(init.body)));
    sent.push({ url, fields, headers: [...new Headers(init.headers).keys()] });
    const token = fields.response ?? "";
    if (token === "slow") {
      // Never answers: only the Worker's own timeout ends the wait.
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    }
    return (answers[token] ?? answers.spent ?? (async () => new Response()))();
  };
  return { sent, fetch };
}

const siteverify = fakeSiteverify();
const app = createApp(SEEDS, { fetch: siteverify.fetch });

function post(body: unknown, bindings: Partial<Env> = {}) {
  return app.request(
    `https://edge.example/v1/sites/${SITE}/assignments`,
    {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "CF-Connecting-IP": freshIp(),
        "User-Agent": "Visitor-Browser/1.0",
        Origin: `https://${SITE}.example`,
      },
      body: JSON.stringify(body),
    },
    { ...env, ...bindings },
  );
}

const turnstile = (token: string) => tinyBody({ proof: { turnstile: token } });
/** The site's published config, from the store (RPC's mapping loses a config's `rule`). */
async function siteConfig(): Promise<SiteConfig> {
  const live = (await storeStub(env).published(SITE)) as Published | null;
  if (!live) throw new Error(`no site ${SITE}`);
  return live.config;
}
const live = async () => (await netCounts(await siteConfig())).reds ?? 0;

describe("a site with proof: turnstile", () => {
  it("should be created with its sitekey, public, and named in the record and the assessment", async () => {
    await createSite(SITE, { proof: "turnstile", turnstileSiteKey: SITE_KEY });
    const config = (await (
      await app.request(`https://edge.example/v1/sites/${SITE}/config`, {}, env)
    ).json()) as PublicSiteConfig;
    expect(config).toMatchObject({ proof: "turnstile", turnstileSiteKey: SITE_KEY });
    const record = (await (
      await app.request(
        `https://edge.example/v1/sites/${SITE}/privacy`,
        { headers: { Accept: "application/json" } },
        env,
      )
    ).json()) as PrivacyRecord;
    expect(record.processing.recipients.map((r) => r.name)).toContainEqual(
      expect.stringContaining("Turnstile"),
    );
    expect(record.assessment.map((f) => f.code)).toContain("turnstile");
  });

  it("should count with a token siteverify accepts, sending it only the secret and the token", async () => {
    const before = await live();
    const res = await post(turnstile("good"));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { segments: string[] }).segments).toEqual(["reds", "cat-people"]);
    expect(await live()).toBe(before + 1);
    const call = siteverify.sent.at(-1);
    expect(call?.url).toBe(TURNSTILE_SITEVERIFY_URL);
    // No remoteip, no client header: the visitor's address and browser stay with the Worker.
    expect(call?.fields).toEqual({ secret: env.TURNSTILE_SECRET, response: "good" });
    expect(call?.headers.filter((h) => h !== "content-type")).toEqual([]);
  });

  it("should store nothing of the token or of siteverify's answer", async () => {
    await post(turnstile("good"));
    const stored = await dumpStorage(await siteConfig());
    expect(stored).not.toContain("good");
    expect(stored).not.toContain("2026-11-20");
    expect(stored).not.toContain(`${SITE}.example`);
    expect(stored).not.toMatch(/"spent_challenges":\[\{/);
  });

  it.each([
    ["spent", "timeout-or-duplicate"],
    ["elsewhere", "another site"],
    ["other-action", "another action"],
  ])(
    "should answer 422 invalid_proof to a token siteverify refuses (%s), counting nothing",
    async (token, why) => {
      const before = await live();
      const res = await post(turnstile(token));
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("invalid_proof");
      expect(JSON.stringify(body.error)).toContain(why);
      expect(await live()).toBe(before);
    },
  );

  it("should answer 422 to a missing token, a proof of work, and an empty token, counting nothing", async () => {
    const before = await live();
    const cases: [unknown, string][] = [
      [tinyBody(), "proof_required"],
      [tinyBody({ proof: { challenge: "a.b", solution: 1 } }), "invalid_proof"],
      [turnstile(""), "out_of_range"],
      [turnstile("x".repeat(2049)), "out_of_range"],
    ];
    const asked = siteverify.sent.length;
    for (const [body, code] of cases) {
      const res = await post(body);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    // Refused before siteverify is asked.
    expect(siteverify.sent.length).toBe(asked);
    expect(await live()).toBe(before);
  });

  it(`should answer 503 proof_unavailable when siteverify fails or is silent for ${TURNSTILE_VERIFY_TIMEOUT_MS} ms`, async () => {
    const before = await live();
    for (const token of ["down", "nonsense", "slow"]) {
      const res = await post(turnstile(token));
      expect(res.status, token).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        "proof_unavailable",
      );
    }
    expect(await live()).toBe(before);
  });

  it("should answer 500 (a deployment error) without TURNSTILE_SECRET or with a refused one", async () => {
    const before = await live();
    const asked = siteverify.sent.length;
    expect((await post(turnstile("good"), { TURNSTILE_SECRET: undefined })).status).toBe(500);
    expect(siteverify.sent.length).toBe(asked);
    expect((await post(turnstile("bad-secret"))).status).toBe(500);
    expect(await live()).toBe(before);
  });

  it("should answer a keyed retry with the first receipt when it brings a fresh token", async () => {
    const before = await live();
    const key = "turnstile-retry-key-0001";
    const first = await post(tinyBody({ proof: { turnstile: "good" }, idempotencyKey: key }));
    const retry = await post(tinyBody({ proof: { turnstile: "good" }, idempotencyKey: key }));
    expect(((await retry.json()) as { receipt: string }).receipt).toBe(
      ((await first.json()) as { receipt: string }).receipt,
    );
    expect(await live()).toBe(before + 1);
  });
});

describe("choosing turnstile", () => {
  it("should be refused without a sitekey, and where the Worker has no TURNSTILE_SECRET", async () => {
    const key = { Authorization: `Bearer ${env.OPERATOR_KEY}` };
    const noKey = await send(
      "/v1/sites",
      "POST",
      siteInput("ts-nokey", { proof: "turnstile" }),
      key,
    );
    expect(noKey.status).toBe(422);
    expect(
      ((await noKey.json()) as { error: { details: { field: string } } }).error.details.field,
    ).toBe("turnstileSiteKey");
    const res = await app.request(
      "https://edge.example/v1/sites",
      {
        method: "POST",
        headers: { ...key, "Content-Type": "application/json", "CF-Connecting-IP": freshIp() },
        body: JSON.stringify(
          siteInput("ts-nosecret", { proof: "turnstile", turnstileSiteKey: SITE_KEY }),
        ),
      },
      { ...env, TURNSTILE_SECRET: undefined },
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: { field: string } } };
    expect(body.error).toMatchObject({ code: "invalid_config", details: { field: "proof" } });
    expect(await storeStub(env).published("ts-nosecret")).toBeNull();
  });

  it("should refuse a Turnstile token on a site of proof of work (the default)", async () => {
    const res = await send("/v1/sites/tiny/assignments", "POST", turnstile("good"));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_proof");
  });
});
