/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * The owner's console (issue #11), mounted at /admin, server-rendered like the dashboard and
 * sharing its session (worker/dashboard/session.ts, area "console": its own cookie path and
 * signature), layout, stylesheet, headers and form helpers:
 * - GET  /:site                 the console, or the sign-in form (owner token) without a session
 * - POST /:site/sign-in|sign-out
 * - POST /:site/edit            the editor: action=preview shows findings, the diff, the JSON
 *                               Logic and the example matches; action=publish publishes (If-Match
 *                               is the edited version: a stale one is refused like the API's 412)
 * - POST /:site/restore         publishes an earlier version again, as a new version
 * - POST /:site/tokens          mints a token (shown once); /:site/tokens/revoke revokes one
 * Every POST is Origin-checked and needs a live console session of a live owner token.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie } from "hono/cookie";
import * as v from "valibot";
import { assessSite } from "../../shared/assessment.ts";
import { exampleAnswers } from "../../shared/rule-builder.ts";
import { compileRule } from "../../shared/rules.ts";
import { type SiteConfig, TokenRequestSchema } from "../../shared/schema.ts";
import { type ConfigIssue, checkSiteConfig, shardsLowered } from "../../shared/site-config.ts";
import type { AppEnv } from "../app-env.ts";
import { configFromForm, type FormBody } from "../console/form.ts";
import { ConsolePage, type ConsoleProps, type Outcome } from "../console/pages.tsx";
import { cookieOptions, sameOrigin, sessionState } from "../dashboard/guard.ts";
import { pageHeaders } from "../dashboard/headers.ts";
import { SignInPage } from "../dashboard/pages.tsx";
import { SESSION_COOKIE } from "../dashboard/session.ts";
import { ApiError } from "../errors.ts";
import { MAX_CONFIG_BYTES } from "../limits.ts";
import { rateLimit } from "../middleware/rate-limit.ts";
import { secrets } from "../middleware/secrets.ts";
import { acceptConfig } from "../sites/accept.ts";
import { summarise } from "../sites/change-log.ts";
import { crossSite, htmlSite, mountSignIn, nameOf, page, tooLarge } from "./dashboard.tsx";

type Ctx = Context<AppEnv>;

/** The console page with the live state of the site and `extra`. */
async function consolePage(
  c: Ctx,
  extra: Partial<ConsoleProps> = {},
  status: 200 | 409 | 422 = 200,
) {
  const site = c.var.site;
  const [versions, tokens] = await Promise.all([
    c.var.sites.versions(c.env, site.config.id),
    c.var.sites.tokens.list(c.env, site.config.id),
  ]);
  return page(
    c,
    ConsolePage({
      site: site.config.id,
      siteName: nameOf(site.config),
      config: site.config,
      base: site.version,
      live: site.version,
      versions,
      tokens,
      ...extra,
    }),
    status,
  );
}

/** Findings, diff and example matches of a draft against the live config. */
function outcomeOf(
  kind: Outcome["kind"],
  live: SiteConfig,
  draft: SiteConfig | undefined,
  issues: ConfigIssue[],
): Outcome {
  if (!draft) return { kind, issues, findings: [], diff: [], segments: [], examples: [] };
  const examples = exampleAnswers(draft.questions);
  return {
    kind,
    issues,
    findings: assessSite(draft),
    diff: summarise(live, draft),
    examples: examples.map((e) => e.name),
    segments: draft.segments.map((s) => {
      let matches: boolean[] = [];
      try {
        const rule = compileRule(s.rule);
        matches = examples.map((e) => Boolean(rule(e.answers)));
      } catch {
        matches = examples.map(() => false);
      }
      return { id: s.id, json: JSON.stringify(s.rule), matches };
    }),
  };
}

/**
 * Publishes `input` (the editor's draft, or a kept version to restore) as the version after
 * `base`, through the checks of every publish (worker/sites/accept.ts); the console page shows
 * the outcome: published (findings, diff), refused (422, field and fix) or stale (409).
 */
async function publishFrom(
  c: Ctx,
  input: unknown,
  base: number,
  editing: Partial<ConsoleProps>,
  shown: SiteConfig | undefined,
  restored?: string,
): Promise<Response> {
  const live = c.var.site;
  let accepted: ReturnType<typeof acceptConfig>;
  try {
    accepted = acceptConfig(input, {
      site: live.config.id,
      credentials: false,
      previous: live.config,
      turnstile: Boolean(c.env.TURNSTILE_SECRET),
    });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const issues = (e.details as { issues: ConfigIssue[] }).issues;
    const outcome = outcomeOf("refused", live.config, shown, issues);
    return consolePage(c, { ...editing, outcome }, 422);
  }
  const result = await c.var.sites.publish(c.env, accepted.config, base);
  const lowered = result.kind === "shards_lowered" && shardsLowered(result, accepted.config);
  if (lowered) {
    const outcome = outcomeOf("refused", live.config, shown, [lowered]);
    return consolePage(c, { ...editing, outcome }, 422);
  }
  if (result.kind !== "published") {
    const issue = {
      path: "(version)",
      message: `version ${base} is no longer the live one`,
      fix: "someone published meanwhile: open the console again and redo the change",
    };
    return consolePage(
      c,
      { ...editing, outcome: outcomeOf("refused", live.config, shown, [issue]) },
      409,
    );
  }
  const now = await c.var.sites.getSite(c.env, live.config.id);
  if (now) c.set("site", now);
  const outcome = outcomeOf("published", live.config, result.config, []);
  return consolePage(c, {
    ...(restored ? { notice: `${restored} version ${result.version}.` } : {}),
    outcome: { ...outcome, version: result.version },
  });
}

/** Requires a live console session of an owner token; else the sign-in page (with `status`). */
async function owner(c: Ctx, status: 200 | 401 = 401): Promise<Response | undefined> {
  const config = c.var.config;
  const state = await sessionState(c, config.id, "console");
  if (state.kind === "valid" && state.token.role === "owner") return undefined;
  if (state.kind !== "none")
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c, config.id, 0, "console"));
  const error = state.kind !== "none" ? "Your session has ended. Sign in again." : undefined;
  return page(
    c,
    SignInPage({ site: config.id, siteName: nameOf(config), error, area: "console" }),
    status,
  );
}

export function consoleRoute(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", pageHeaders());
  const loadSite = htmlSite("console");
  app.use("/:site", loadSite);
  app.use("/:site/*", loadSite);
  mountSignIn(app, "console", ["owner"]);

  app.get("/:site", secrets(), async (c) => (await owner(c, 200)) ?? consolePage(c));

  /** Every form post: same origin, bounded, a live owner session; then its form body. */
  const guarded = (handler: (c: Ctx, form: FormBody) => Promise<Response>) =>
    [
      secrets(),
      rateLimit("read"),
      bodyLimit({ maxSize: MAX_CONFIG_BYTES, onError: tooLarge }),
      async (c: Ctx) => {
        if (!sameOrigin(c)) return crossSite(c, "Form", "console");
        const denied = await owner(c);
        if (denied) return denied;
        // A body that is not a form is the sender's mistake (400); the parser's message, which
        // quotes the body, goes nowhere (issue 13).
        const form = await c.req.parseBody({ all: true }).catch(() => undefined);
        if (!form) throw new ApiError("bad_request", "the form could not be read");
        return handler(c, form as FormBody);
      },
    ] as const;

  app.post(
    "/:site/edit",
    ...guarded(async (c, form) => {
      const live = c.var.site;
      const base = Number(form.base);
      const draftInput = configFromForm(form, live.config);
      const checked = checkSiteConfig(draftInput);
      const draft = checked.ok ? checked.config : undefined;
      const shown = (draft ?? { ...live.config, ...draftInput }) as SiteConfig;
      const editing = { config: shown, base: Number.isInteger(base) ? base : live.version };
      if (form.action !== "publish") {
        const issues = checked.ok ? [] : checked.issues;
        return consolePage(c, {
          ...editing,
          outcome: outcomeOf("preview", live.config, draft, issues),
        });
      }
      return publishFrom(c, draftInput, editing.base, { ...editing }, draft);
    }),
  );

  app.post(
    "/:site/restore",
    ...guarded(async (c, form) => {
      const live = c.var.site;
      const version = Number(form.version);
      const old = Number.isInteger(version)
        ? await c.var.sites.version(c.env, live.config.id, version)
        : undefined;
      if (!old) return consolePage(c, { notice: "That version is no longer kept." }, 422);
      // Counter objects are only ever added (worker/counting/shards.ts): a restore keeps today's.
      const restored = { ...old, shards: Math.max(old.shards, live.config.shards) };
      return publishFrom(c, restored, live.version, {}, restored, `Version ${version} restored as`);
    }),
  );

  app.post(
    "/:site/tokens",
    ...guarded(async (c, form) => {
      const days =
        typeof form.expiresInDays === "string" && form.expiresInDays !== ""
          ? Number(form.expiresInDays)
          : undefined;
      const input = v.safeParse(TokenRequestSchema, {
        name: typeof form.name === "string" ? form.name.trim() : "",
        role: form.role,
        ...(days === undefined ? {} : { expiresInDays: days }),
      });
      if (!input.success) {
        const issue = input.issues[0];
        const field = issue?.path?.map((p) => String(p.key)).join(".") ?? "token";
        return consolePage(
          c,
          { notice: `Not minted: ${field} ${issue?.message ?? "is not valid"}.` },
          422,
        );
      }
      const minted = await c.var.sites.tokens.mint(c.env, c.var.config.id, input.output);
      if (!minted)
        return consolePage(
          c,
          { notice: "Not minted: the site has its most tokens. Revoke one first." },
          422,
        );
      return consolePage(c, {
        minted: { token: minted.token, role: minted.role, name: input.output.name },
      });
    }),
  );

  app.post(
    "/:site/tokens/revoke",
    ...guarded(async (c, form) => {
      const id = typeof form.id === "string" ? form.id : "";
      const ok = await c.var.sites.tokens.revoke(c.env, c.var.config.id, id);
      return consolePage(c, {
        notice: ok
          ? "Token revoked: it stops working at once, and its sessions end."
          : "No such token.",
      });
    }),
  );

  return app;
}
