/**
 * @module
 * The dashboard session's name and lifetime, apart from the signing code so that pure modules
 * (the OpenAPI generator, which also runs in Node) can name the cookie.
 */

/**
 * How long a session lasts, in seconds: a working day (8 hours, issue 14), so a marketer signs
 * in once a day. Sign-out and revoking the token end it sooner (the token id is checked on every
 * request, worker/dashboard/guard.ts).
 */
export const SESSION_SECONDS = 8 * 60 * 60;
/** The cookie's name. Not `__Host-`: that prefix needs `Path=/`, and ours is path-scoped. */
export const SESSION_COOKIE = "pref_dashboard";
