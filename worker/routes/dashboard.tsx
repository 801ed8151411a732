/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * The marketer dashboard (DESIGN.md "HTTP API v1": GET /dashboard/:site), mounted at /dashboard:
 * - GET  /assets/dashboard.css      the one stylesheet (the CSP allows no inline style)
 * - GET  /:site                     the dashboard, or the sign-in form without a session
 * - POST /:site/sign-in             token → signed session cookie (Origin-checked, rate-limited)
 * - POST /:site/sign-out            ends the area's sessions (server side) and clears the cookie
 * - GET  /:site/segments.csv        the segments CSV of the API, for a signed-in browser
 * - GET  /:site/access.csv          the access log as CSV
 * Every read of counts is appended to the access log. The cookie is for marketers only and is
 * scoped to /dashboard/SITE: visitor endpoints never set one (invariant 4).
 */

import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, setCookie } from "hono/cookie";
import { assessSite } from "../../shared/assessment.ts";
import { MAX_BODY_BYTES } from "../../shared/limits.ts";
import { contributionBudget, describeBudget } from "../../shared/privacy-budget.ts";
import type { SiteConfig } from "../../shared/schema.ts";
import { seriesDaysMax } from "../../shared/site-config.ts";
import { textIn } from "../../shared/text.ts";
import type { AppEnv } from "../app-env.ts";
import { dayOf, isoDay } from "../counting/day.ts";
import { oldestSeriesDay, type ReadOptions, readAudiences, readCounts } from "../counting/read.ts";
import { syntheticHistory } from "../counting/synthetic.ts";
import { ACCESS_ROWS_SHOWN, accessCsvStream, latestAccess } from "../dashboard/access-log.ts";
import {
  cookieOptions,
  sameOrigin,
  sessionCookie,
  sessionKeyFor,
  sessionState,
} from "../dashboard/guard.ts";
import { pageHeaders } from "../dashboard/headers.ts";
import {
  consolePath,
  type DashboardFilter,
  DashboardPage,
  dashboardPath,
  MessagePage,
  SignInPage,
} from "../dashboard/pages.tsx";
import { type Renderable, renderDocument } from "../dashboard/render.ts";
import { SESSION_COOKIE, type SessionArea, signSession } from "../dashboard/session.ts";
import { DASHBOARD_CSS } from "../dashboard/styles.ts";
import { ApiError } from "../errors.ts";
import { rateLimit } from "../middleware/rate-limit.ts";
import { secrets } from "../middleware/secrets.ts";
import type { Role } from "../sites/site-store.ts";
import { FAILED_SIGN_IN_FINGERPRINT, logAccess, readOptions } from "./segments.ts";
import { toCsv } from "./segments-csv.ts";

/** Who may open the dashboard: it shows counts (auditors read the logs through the API). */
const DASHBOARD_ROLES: readonly Role[] = ["marketer", "owner"];

/**
 * Resolves `:site` through the site store for a page: an unknown site is an HTML 404 (a person
 * reads it), JSON under /v1. Shared by the dashboard and the console.
 */
export function htmlSite(area: SessionArea): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const site = await c.var.sites.getSite(c.env, c.req.param("site") ?? "");
    if (!site)
      return page(
        c,
        MessagePage({
          title: "No such site",
          message: `There is no ${area} at this address.`,
        }),
        404,
      );
    c.set("site", site);
    c.set("config", site.config);
    await next();
  };
}

/** Quick periods the filter offers as links, in days (those past the kept counts are left out). */
export const DAY_CHOICES = [7, 14, 30, 60, 90] as const;

type Ctx = Context<AppEnv>;

export const nameOf = (config: SiteConfig) =>
  textIn(config.name, config.defaultLocale, config.defaultLocale);

export async function page(
  c: Ctx,
  body: Renderable,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 422 = 200,
) {
  return c.html(await renderDocument(body), status);
}

/** The filter of a dashboard request, checked by the API's own rules (routes/segments.ts). */
function filterOf(c: Ctx, config: SiteConfig): { filter: DashboardFilter; options: ReadOptions } {
  const chosen = (c.req.queries("segment") ?? []).filter((s) => s !== "");
  // "Compare ticked" sends view=compare: the ticked segments side by side (the API's ?compare=,
  // with its checks: 2 to 4 known, distinct ids, else the form says what to change).
  const compare = c.req.query("view") === "compare";
  const list = chosen.length > 0 ? chosen.join(",") : undefined;
  const options = readOptions(config, {
    days: c.req.query("days"),
    // An emptied date field is sent as "": the default, as if it were not there.
    from: c.req.query("from") || undefined,
    to: c.req.query("to") || undefined,
    ...(compare ? { compare: list ?? "" } : { segments: list }),
  });
  const filter = { from: isoDay(options.from), to: isoDay(options.to), segments: chosen, compare };
  return { filter, options };
}

/** The 403 page for a form posted from another site (CSRF): sign-in and sign-out alike. */
export function crossSite(
  c: Ctx,
  form: "Sign-in" | "Sign-out" | "Form",
  area: SessionArea = "dashboard",
) {
  return page(
    c,
    MessagePage({
      title: `${form} refused`,
      message: `The ${form.toLowerCase()} form must be sent from this ${area}.`,
    }),
    403,
  );
}

function dayChoices(config: SiteConfig): number[] {
  const all = new Set<number>([...DAY_CHOICES, config.windowDays]);
  return [...all].filter((d) => d <= seriesDaysMax(config)).sort((a, b) => a - b);
}

/** The 413 page of a form larger than these pages send. */
export const tooLarge = (c: Ctx) =>
  page(
    c,
    MessagePage({ title: "Too large", message: "The form was larger than this page ever sends." }),
    413,
  );

/**
 * POST /:site/sign-in and /:site/sign-out of an area (the dashboard, the console): a token of
 * one of `roles` opens a signed session cookie scoped to the area's path; Origin-checked and
 * rate-limited. Shared so both areas keep one session design.
 */
export function mountSignIn(app: Hono<AppEnv>, area: SessionArea, roles: readonly Role[]): void {
  const home = (site: string) => (area === "console" ? consolePath(site) : dashboardPath(site));
  app.post(
    "/:site/sign-in",
    secrets(),
    rateLimit("signin"),
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }),
    async (c) => {
      const config = c.var.config;
      const again = (error: string, status: 400 | 401 | 403) =>
        page(c, SignInPage({ site: config.id, siteName: nameOf(config), error, area }), status);
      if (!sameOrigin(c)) return crossSite(c, "Sign-in", area);
      // A body that is not a form (a broken multipart boundary, say) is the sender's mistake:
      // 400, and the parser's message, which quotes the body, goes nowhere (issue 13).
      const form = await c.req.parseBody().catch(() => undefined);
      if (!form) return again("The form could not be read. Sign in from this page.", 400);
      const token = typeof form.token === "string" ? form.token.trim() : "";
      const kind = area === "console" ? "an owner" : "the site's marketer";
      if (token === "") return again(`Enter ${kind} token.`, 401);
      const who = await c.var.sites.tokens.identify(c.env, config.id, token);
      // A failed sign-in is in the access log (issue 13): its time and a fingerprint of nothing,
      // never anything of the token typed (a near miss would leak a real token's neighbourhood).
      const failed = () =>
        logAccess(c.env, config, `${area}/sign-in failed`, FAILED_SIGN_IN_FINGERPRINT);
      if (who.kind === "invalid") {
        await failed();
        return again("That token is not valid for this site.", 401);
      }
      if (!roles.includes(who.token.role)) {
        await failed();
        return again(`A ${who.token.role} token cannot open the ${area}: use ${kind} token.`, 403);
      }
      const key = await sessionKeyFor(c);
      const version = await c.var.sites.sessions.version(c.env, config.id, area);
      const value = await signSession(key, config.id, Date.now(), who.token.id, area, version);
      setCookie(c, SESSION_COOKIE, value, sessionCookie(c, config.id, area));
      return c.redirect(home(config.id), 303);
    },
  );
  app.post("/:site/sign-out", async (c) => {
    const config = c.var.config;
    if (!sameOrigin(c)) return crossSite(c, "Sign-out", area);
    // A live session ends every session of this site and area opened before (a copied cookie
    // too: issue 13); without one there is nothing to end (and no way to sign others out).
    const state = await sessionState(c, config.id, area);
    if (state.kind === "valid") await c.var.sites.sessions.end(c.env, config.id, area);
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c, config.id, 0, area));
    return c.redirect(home(config.id), 303);
  });
}

/** The dashboard routes, to mount at /dashboard (sites come from c.var.sites). */
export function dashboardRoute(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use("*", pageHeaders());

  app.get("/assets/dashboard.css", (c) =>
    c.body(DASHBOARD_CSS, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    }),
  );

  // An unknown site is an HTML 404 here (a person reads it), JSON under /v1.
  const loadSite = htmlSite("dashboard");
  app.use("/:site", loadSite);
  app.use("/:site/*", loadSite);

  app.get("/:site", secrets(), rateLimit("read"), async (c) => {
    const config = c.var.config;
    const state = await sessionState(c, config.id);
    if (state.kind !== "valid" || !DASHBOARD_ROLES.includes(state.token.role)) {
      if (state.kind !== "none") deleteCookie(c, SESSION_COOKIE, cookieOptions(c, config.id, 0));
      const error = state.kind !== "none" ? "Your session has ended. Sign in again." : undefined;
      return page(c, SignInPage({ site: config.id, siteName: nameOf(config), error }));
    }
    // A filter that does not parse (a bad date range) keeps the page and its form: the error
    // is said at the form, which shows what was typed, over the default period's counts (400).
    let read: ReturnType<typeof filterOf>;
    let filterError: string | undefined;
    try {
      read = filterOf(c, config);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      filterError = e.message;
      const fallback = readOptions(config, {});
      read = {
        options: fallback,
        filter: {
          from: c.req.query("from") ?? isoDay(fallback.from),
          to: c.req.query("to") ?? isoDay(fallback.to),
          segments: (c.req.queries("segment") ?? []).filter((id) =>
            config.segments.some((s) => s.id === id),
          ),
        },
      };
    }
    const now = Date.now();
    // Segments and answers from one read of their counts (worker/counting/read.ts readCounts).
    const counts = await readCounts(
      c.env,
      config,
      { ...read.options, now },
      { segments: true, answers: true },
    );
    const data = counts.segments;
    if (!data) throw new Error("readCounts gave no segments");
    await logAccess(c.env, config, "dashboard", state.token.fingerprint);
    const access = await latestAccess(c.env, config.id, now, ACCESS_ROWS_SHOWN);
    return page(
      c,
      DashboardPage({
        site: config.id,
        siteName: nameOf(config),
        data,
        answers: counts.answers?.questions ?? [],
        filter: read.filter,
        dayChoices: dayChoices(config),
        bounds: { oldest: isoDay(oldestSeriesDay(config, dayOf(now))), today: isoDay(dayOf(now)) },
        allSegments: config.segments.map((s) => ({
          id: s.id,
          label: textIn(s.label, config.defaultLocale, config.defaultLocale),
        })),
        findings: assessSite(config),
        access,
        budget: describeBudget(contributionBudget(config)),
        synthetic: syntheticHistory(c.env, config),
        filterError,
      }),
      filterError ? 400 : 200,
    );
  });

  mountSignIn(app, "dashboard", DASHBOARD_ROLES);

  /** A CSV needs a live session; without one it is 401 like the API without a token. */
  async function requireSession(c: Ctx): Promise<string> {
    const state = await sessionState(c, c.var.config.id);
    if (state.kind !== "valid" || !DASHBOARD_ROLES.includes(state.token.role)) {
      throw new ApiError("unauthorized", "sign in to the dashboard first");
    }
    return state.token.fingerprint;
  }

  app.get("/:site/segments.csv", secrets(), rateLimit("read"), async (c) => {
    const fingerprint = await requireSession(c);
    const config = c.var.config;
    const { options } = filterOf(c, config);
    const body = await readAudiences(c.env, config, options);
    await logAccess(c.env, config, "dashboard/segments.csv", fingerprint);
    return c.body(toCsv(body), 200, {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="${config.id}-segments-${body.day}.csv"`,
      "Cache-Control": "private, no-store",
    });
  });

  app.get("/:site/access.csv", secrets(), rateLimit("read"), async (c) => {
    const fingerprint = await requireSession(c);
    const config = c.var.config;
    await logAccess(c.env, config, "dashboard/access.csv", fingerprint);
    const now = Date.now();
    return c.body(accessCsvStream(c.env, config.id, now), 200, {
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": `attachment; filename="${config.id}-access-log-${new Date(now).toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    });
  });

  return app;
}
