/**
 * @module
 * Response headers of every dashboard answer. The CSP allows the one stylesheet from 'self' and
 * inline SVG's `data:` images, and nothing else: no script at all, no inline style, no framing,
 * forms post only to this origin (CSP Level 3; OWASP Secure Headers).
 */

/** The dashboard's Content-Security-Policy. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Security headers for HTML and CSV answers of the dashboard. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": DASHBOARD_CSP,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
  // Pages carry a marketer's counts: never kept by a shared cache or the back/forward cache.
  "Cache-Control": "no-store",
};

/** Middleware: DASHBOARD_HEADERS on every answer that does not set its own (dashboard, console). */
export const pageHeaders =
  () =>
  async (c: { res: Response }, next: () => Promise<void>): Promise<void> => {
    await next();
    for (const [name, value] of Object.entries(DASHBOARD_HEADERS)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  };
