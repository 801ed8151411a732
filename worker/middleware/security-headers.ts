/**
 * @module
 * Security headers on every answer of the Worker (issues 3 and 13): HTTPS only, no sniffing, no
 * referrer, no framing,
 * a strict CSP (JSON answers load nothing; the privacy page sets its own with a style nonce), and
 * no powerful features. Visitor endpoints are fetched cross-origin by the widget (CORS), and the
 * per-site script is loaded by the site's pages, so they say Cross-Origin-Resource-Policy:
 * cross-origin; everything else is same-origin.
 */
import type { MiddlewareHandler } from "hono";

/** The CSP of every answer that is not an HTML page. */
export const API_CSP =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * HSTS on every answer (issue 13): a year, no includeSubDomains and no preload, since the
 * Worker may run on a site owner's own domain whose other hosts it does not speak for.
 * Browsers ignore it over plain http (local development). widget/public/_headers sets the same
 * on the static files, which the Worker does not answer.
 */
export const HSTS = "max-age=31536000";

const PERMISSIONS =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";

/** Adds the headers after the handler ran, without overwriting a CSP a route set. */
export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  await next();
  // Responses from fetch() or Response.redirect() have immutable headers: copy those first.
  try {
    c.res.headers.set("X-Content-Type-Options", "nosniff");
  } catch {
    c.res = new Response(c.res.body, c.res);
  }
  const h = c.res.headers;
  h.set("X-Content-Type-Options", "nosniff");
  h.set("Referrer-Policy", "no-referrer");
  h.set("X-Frame-Options", "DENY");
  h.set("Permissions-Policy", PERMISSIONS);
  h.set("Strict-Transport-Security", HSTS);
  if (!h.has("Content-Security-Policy")) h.set("Content-Security-Policy", API_CSP);
  const visitor = /^\/v1\/sites\/[^/]+\/(config|assignments|widget\.js)$/.test(c.req.path);
  h.set("Cross-Origin-Resource-Policy", visitor ? "cross-origin" : "same-origin");
  // Invariant 4: never a cookie on any answer, but the marketer's own dashboard session and the
  // owner's console session (routes/dashboard.tsx, routes/console.tsx: HttpOnly,
  // SameSite=Strict, path-scoped to /dashboard/SITE or /admin/SITE).
  if (!/^\/(dashboard|admin)\//.test(c.req.path)) h.delete("Set-Cookie");
};
