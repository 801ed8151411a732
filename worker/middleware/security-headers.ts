/**
 * @module
 * Security headers on every answer of the Worker (issue 3): no sniffing, no referrer, no framing,
 * a strict CSP (JSON answers load nothing; the privacy page sets its own with a style nonce), and
 * no powerful features. Visitor endpoints are fetched cross-origin by the widget (CORS), and the
 * per-site script is loaded by the site's pages, so they say Cross-Origin-Resource-Policy:
 * cross-origin; everything else is same-origin.
 */
import type { MiddlewareHandler } from "hono";

/** The CSP of every answer that is not an HTML page. */
export const API_CSP =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

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
  if (!h.has("Content-Security-Policy")) h.set("Content-Security-Policy", API_CSP);
  const visitor = /^\/v1\/sites\/[^/]+\/(config|assignments|widget\.js)$/.test(c.req.path);
  h.set("Cross-Origin-Resource-Policy", visitor ? "cross-origin" : "same-origin");
  // Invariant 4: never a cookie on any answer, but the marketer's own dashboard session
  // (routes/dashboard.tsx: HttpOnly, SameSite=Strict, path-scoped to /dashboard/SITE).
  if (!c.req.path.startsWith("/dashboard/")) h.delete("Set-Cookie");
};
