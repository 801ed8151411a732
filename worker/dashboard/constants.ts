/**
 * @module
 * The dashboard session's name and lifetime, apart from the signing code so that pure modules
 * (the OpenAPI generator, which also runs in Node) can name the cookie.
 */

/** How long a session lasts, in seconds (30 minutes): short, because it grants reads. */
export const SESSION_SECONDS = 30 * 60;
/** The cookie's name. Not `__Host-`: that prefix needs `Path=/`, and ours is path-scoped. */
export const SESSION_COOKIE = "pref_dashboard";
