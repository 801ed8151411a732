/**
 * @module
 * The Google Consent Mode v2 types, on their own so the widget (widget/gcm.ts) takes this list
 * and nothing else of shared/schema.ts: a value import from there would bring along the
 * schema's module-level code that the bundler cannot drop (its RegExp constructions), about
 * 80 B gzipped on the path to the first paint. shared/schema.ts re-exports it.
 */

/** The Google Consent Mode v2 types a purpose may map to (gtag('consent', 'update', …)). */
export const CONSENT_MODE_TYPES = [
  "ad_storage",
  "ad_user_data",
  "ad_personalization",
  "analytics_storage",
  "functionality_storage",
  "personalization_storage",
  "security_storage",
] as const;
