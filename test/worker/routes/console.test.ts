/**
 * The owner's console (/admin/:site) in workerd: sign-in with an owner token only, the editor's
 * form writes back exactly the config it shows, a new segment built with the rule builder is
 * previewed (JSON Logic, example matches) and published, versions restore as new versions, and
 * tokens are minted and revoked there (a revoked token's sessions end).
 */
import { env } from "cloudflare:test";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { SiteConfigSchema } from "../../../shared/schema.ts";
import { createApp } from "../../../worker/app.ts";
import { configFromForm } from "../../../worker/console/form.ts";
import { consoleRoute } from "../../../worker/routes/console.tsx";
import { dashboardRoute } from "../../../worker/routes/dashboard.tsx";
import { siteStore } from "../../../worker/sites/store.ts";
import { encode, formFields, setField } from "../console/form-html.ts";
import { createSite, freshIp, SEEDS, withToken } from "../helpers.ts";

const app = createApp(SEEDS);
app.route("/dashboard", dashboardRoute());
app.route("/admin", consoleRoute());

const ORIGIN = "https://edge.example";
function call(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("CF-Connecting-IP", freshIp());
  if (init.method === "POST") headers.set("Origin", ORIGIN);
  return Promise.resolve(app.request(`${ORIGIN}${path}`, { ...init, headers }, env));
}
const post = (path: string, body: string, cookie = "") =>
  call(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body,
  });

async function signIn(site: string, token: string, area = "admin") {
  const res = await post(`/${area}/${site}/sign-in`, `token=${encodeURIComponent(token)}`);
  return { res, cookie: (res.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "" };
}

describe("console sign-in", () => {
  it("should take an owner token only, into a cookie scoped to /admin/SITE", async () => {
    const owner = await createSite("con-a");
    const form = await (await call("/admin/con-a")).text();
    expect(form).toContain("Owner token");
    const marketer = (await (
      await withToken(owner, "/v1/sites/con-a/admin/tokens", "POST", {
        name: "m",
        role: "marketer",
      })
    ).json()) as { token: string };
    expect((await signIn("con-a", marketer.token)).res.status).toBe(403);
    expect((await signIn("con-a", "nope")).res.status).toBe(401);
    const { res, cookie } = await signIn("con-a", owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("Set-Cookie")).toMatch(
      /Path=\/admin\/con-a;.*HttpOnly.*SameSite=Strict/i,
    );
    const page = await (await call("/admin/con-a", { headers: { Cookie: cookie } })).text();
    expect(page).toContain("Edit (live version 1");
    // The dashboard's cookie does not open the console, nor the console's the dashboard.
    const dash = await signIn("con-a", owner, "dashboard");
    expect(
      await (await call("/admin/con-a", { headers: { Cookie: dash.cookie } })).text(),
    ).toContain("Owner token");
    expect(
      await (await call("/dashboard/con-a", { headers: { Cookie: cookie } })).text(),
    ).toContain("Marketer token");
  });

  it("should refuse a cross-site post", async () => {
    const owner = await createSite("con-b");
    const { cookie } = await signIn("con-b", owner);
    const res = await app.request(
      `${ORIGIN}/admin/con-b/tokens`,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Cookie: cookie,
          Origin: "https://evil.example",
          "CF-Connecting-IP": freshIp(),
        },
        body: "name=x&role=owner",
      },
      env,
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("must be sent from this console.");
    const list = (await (await withToken(owner, "/v1/sites/con-b/admin/tokens")).json()) as {
      tokens: unknown[];
    };
    expect(list.tokens).toHaveLength(1);
  });
});

describe("console editor", () => {
  it("should write back exactly the config it shows (the demo's, every field)", async () => {
    const { cookie } = await signIn("demo", "demo-owner-token");
    const html = await (await call("/admin/demo", { headers: { Cookie: cookie } })).text();
    const fields = formFields(html, "/admin/demo/edit");
    const form: Record<string, string | string[]> = {};
    for (const [k, val] of fields) {
      const had = form[k];
      form[k] = had === undefined ? val : Array.isArray(had) ? [...had, val] : [had, val];
    }
    const live = await siteStore(SEEDS).getSite(env, "demo");
    const back = v.parse(SiteConfigSchema, configFromForm(form, live?.config ?? ({} as never)));
    expect(back).toEqual(live?.config);
    // The record of processing is edited there too: controller, DPO, bases, partners, transfers.
    expect(back.controller?.dpo).toBe("dpo@demo.preferably.dev");
    expect(back.transfers).toHaveLength(1);
    const edited = v.parse(
      SiteConfigSchema,
      configFromForm(
        {
          ...form,
          "controller.dpo": "",
          "p3.legalBasis": "legitimate-interests",
          "p3.partners": "Ads Co | Ireland\nOther Ads",
          transfers: "",
        },
        live?.config ?? ({} as never),
      ),
    );
    expect(edited.controller).toEqual({
      name: back.controller?.name,
      contact: back.controller?.contact,
    });
    expect(edited.purposes[3]).toMatchObject({
      legalBasis: "legitimate-interests",
      partners: [{ name: "Ads Co", country: "Ireland" }, { name: "Other Ads" }],
    });
    expect(edited.transfers).toBeUndefined();
    // Tags, scale end labels and Consent Mode types are edited there too, not only through JSON.
    const tagged = v.parse(
      SiteConfigSchema,
      configFromForm(
        {
          ...form,
          "q3.minLabel.en": "Rarely",
          "q3.maxLabel.en": "Every week",
          "q4.protectedCharacteristic": "sex-or-gender",
          "q4.category": "health",
          "q4.sensitive": "1",
          "p3.consentMode": ["ad_storage", "not_a_type"],
        },
        live?.config ?? ({} as never),
      ),
    );
    expect(tagged.questions[3]).toMatchObject({ minLabel: "Rarely", maxLabel: "Every week" });
    expect(tagged.questions[4]).toMatchObject({
      protectedCharacteristic: "sex-or-gender",
      category: "health",
      sensitive: true,
    });
    // A forged value is dropped, not stored.
    expect(tagged.purposes[3]?.consentMode).toEqual(["ad_storage"]);
    // The demo counts exactly; unticking turns the default noise on, with a budget cap.
    expect(back.exactCounts).toBe(true);
    const { exactCounts: _x, ...noisy } = form;
    const private_ = v.parse(
      SiteConfigSchema,
      configFromForm(
        { ...noisy, dpEpsilon: "0.5", maxEpsilonPerContribution: "4" },
        live?.config ?? ({} as never),
      ),
    );
    expect(private_).toMatchObject({
      exactCounts: false,
      dpEpsilon: 0.5,
      maxEpsilonPerContribution: 4,
    });
  });

  it("should preview and publish a new segment from the rule builder, then restore the old version", async () => {
    const owner = await createSite("con-c");
    const { cookie } = await signIn("con-c", owner);
    const html = await (await call("/admin/con-c", { headers: { Cookie: cookie } })).text();
    // tiny's questions: color (single), pets (multiple), score (scale); 4 segments, so s4 is the blank one.
    let fields = formFields(html, "/admin/con-c/edit");
    fields = setField(fields, "s4.id", "cat-lovers");
    fields = setField(fields, "s4.label.en", "Cat lovers who score high");
    fields = setField(fields, "s4.mode", "all");
    fields = setField(fields, "s4.r0.question", "pets");
    fields = setField(fields, "s4.r0.match", "any");
    fields = setField(fields, "s4.r0.options", ["pets:cat"]);
    fields = setField(fields, "s4.r1.question", "score");
    fields = setField(fields, "s4.r1.match", "at-least");
    fields = setField(fields, "s4.r1.value", "4");
    const preview = await post(
      "/admin/con-c/edit",
      encode(setField(fields, "action", "preview")),
      cookie,
    );
    expect(preview.status).toBe(200);
    const shown = await preview.text();
    expect(shown).toContain("Preview (not published yet)");
    expect(shown).toContain("segment added: cat-lovers");
    const json =
      '{"and":[{"or":[{"in":["cat",{"var":["pets",[]]}]}]},{"&gt;=":[{"var":["score",0]},4]}]}';
    expect(shown).toContain(json.replace(/"/g, "&quot;"));
    // Example answers: nothing, first options (cat, score 1), last (dog, 5), every option (score 3).
    const row = /<th scope="row">cat-lovers<\/th>((?:<td>[^<]*<\/td>){4})/.exec(shown)?.[1];
    expect(row).toBe("<td>no</td><td>no</td><td>no</td><td>no</td>");
    expect((await withToken(owner, "/v1/sites/con-c/admin/config")).headers.get("ETag")).toBe(
      '"1"',
    );

    const published = await post(
      "/admin/con-c/edit",
      encode(setField(fields, "action", "publish")),
      cookie,
    );
    expect(published.status).toBe(200);
    expect(await published.text()).toContain("Published version 2");
    const config = (await (await call("/v1/sites/con-c/config")).json()) as {
      segments: { id: string; rule: unknown }[];
    };
    expect(config.segments.find((s) => s.id === "cat-lovers")?.rule).toEqual({
      and: [{ or: [{ in: ["cat", { var: ["pets", []] }] }] }, { ">=": [{ var: ["score", 0] }, 4] }],
    });

    // A second publish based on version 1 is stale: refused, nothing changes.
    const stale = await post(
      "/admin/con-c/edit",
      encode(setField(fields, "action", "publish")),
      cookie,
    );
    expect(stale.status).toBe(409);
    const restored = await post("/admin/con-c/restore", "version=1", cookie);
    expect(await restored.text()).toContain("Version 1 restored as version 3");
    const after = (await (await call("/v1/sites/con-c/config")).json()) as {
      segments: { id: string }[];
    };
    expect(after.segments.map((s) => s.id)).not.toContain("cat-lovers");
  });

  it("should restore an earlier version with today's shards: counter objects are never taken away", async () => {
    const owner = await createSite("con-shards", { shards: 2 });
    const current = await withToken(owner, "/v1/sites/con-shards/admin/config");
    const { config } = (await current.json()) as { config: Record<string, unknown> };
    const raised = await withToken(
      owner,
      "/v1/sites/con-shards/admin/config",
      "PUT",
      { ...config, shards: 6 },
      { "If-Match": current.headers.get("ETag") ?? "" },
    );
    expect(raised.status).toBe(200);
    const { cookie } = await signIn("con-shards", owner);
    const restored = await post("/admin/con-shards/restore", "version=1", cookie);
    expect(await restored.text()).toContain("Version 1 restored as version 3");
    const after = await withToken(owner, "/v1/sites/con-shards/admin/config");
    expect(((await after.json()) as { config: { shards: number } }).config.shards).toBe(6);
  });

  it("should refuse a config with a high finding and show the field and the fix", async () => {
    const owner = await createSite("con-d");
    const { cookie } = await signIn("con-d", owner);
    const html = await (await call("/admin/con-d", { headers: { Cookie: cookie } })).text();
    const fields = setField(formFields(html, "/admin/con-d/edit"), "k", "3");
    const res = await post(
      "/admin/con-d/edit",
      encode(setField(fields, "action", "publish")),
      cookie,
    );
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).toContain("Not published");
    expect(text).toContain("<code>k</code>");
    expect((await withToken(owner, "/v1/sites/con-d/admin/config")).headers.get("ETag")).toBe(
      '"1"',
    );
  });
});

describe("console sign-out", () => {
  it("should end a console cookie kept from before sign-out, and leave the dashboard's", async () => {
    const owner = await createSite("con-out");
    const kept = (await signIn("con-out", owner)).cookie;
    const dash = (await signIn("con-out", owner, "dashboard")).cookie;
    const other = (await signIn("con-out", owner)).cookie;
    expect((await post("/admin/con-out/sign-out", "", other)).status).toBe(303);
    // The kept copy gets the sign-in form, as without a session (401 for a form post).
    const page = await (await call("/admin/con-out", { headers: { Cookie: kept } })).text();
    expect(page).toContain("Your session has ended. Sign in again.");
    expect(page).not.toContain("Edit (live version");
    const minted = await post("/admin/con-out/tokens", "name=Eve&role=marketer", kept);
    expect(minted.status).toBe(401);
    expect((await withToken(owner, "/v1/sites/con-out/admin/tokens")).status).toBe(200);
    const names = (await (await withToken(owner, "/v1/sites/con-out/admin/tokens")).json()) as {
      tokens: { name: string }[];
    };
    expect(names.tokens.map((t) => t.name)).not.toContain("Eve");
    // The dashboard is another area: its session lives on. A new console sign-in works.
    const dashboard = await (
      await call("/dashboard/con-out", { headers: { Cookie: dash } })
    ).text();
    expect(dashboard).toContain("current-table");
    const fresh = (await signIn("con-out", owner)).cookie;
    const again = await (await call("/admin/con-out", { headers: { Cookie: fresh } })).text();
    expect(again).toContain("Edit (live version 1");
  });
});

describe("console tokens", () => {
  it("should mint a token shown once and revoke it, ending its dashboard session", async () => {
    const owner = await createSite("con-e");
    const { cookie } = await signIn("con-e", owner);
    const minted = await (
      await post("/admin/con-e/tokens", "name=Sam&role=marketer&expiresInDays=7", cookie)
    ).text();
    const token = /<code id="new-token">([^<]+)<\/code>/.exec(minted)?.[1] ?? "";
    expect(token).toMatch(/^pfy_/);
    const dash = await signIn("con-e", token, "dashboard");
    expect(dash.res.status).toBe(303);
    expect(
      await (await call("/dashboard/con-e", { headers: { Cookie: dash.cookie } })).text(),
    ).toContain("current-table");
    const list = (await (await withToken(owner, "/v1/sites/con-e/admin/tokens")).json()) as {
      tokens: { id: string; name: string }[];
    };
    const id = list.tokens.find((t) => t.name === "Sam")?.id ?? "";
    const page = await (await post("/admin/con-e/tokens/revoke", `id=${id}`, cookie)).text();
    expect(page).toContain("Token revoked");
    expect(page).not.toContain(token);
    expect((await withToken(token, "/v1/sites/con-e/segments")).status).toBe(401);
    const ended = await (
      await call("/dashboard/con-e", { headers: { Cookie: dash.cookie } })
    ).text();
    expect(ended).toContain("Your session has ended. Sign in again.");
  });
});
