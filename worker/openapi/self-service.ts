/**
 * @module
 * The OpenAPI paths of self-service (issue #11): the operator's POST /v1/sites, the owner's
 * /admin/* API, the public change log, the auditors' access log, and the console's pages.
 * Kept apart from document.ts so that file only spreads these in.
 */
import { MAX_CONFIG_BYTES } from "../limits.ts";
import type { SchemaName } from "./schemas.ts";

type Json = Record<string, unknown>;

const ref = (name: SchemaName): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string): Json => ({
  description,
  content: { "application/json": { schema } },
});
const error = (description: string): Json => json(ref("ErrorBody"), description);
const HTML: Json = { "text/html": { schema: { type: "string" } } };
const SITE: Json = { name: "site", in: "path", required: true, schema: ref("Id") };

const OWNER_ERRORS: Json = {
  "401": error("No token, or not a live one (`unauthorized`)."),
  "403": error("A token of another site, or a marketer or auditor token (`forbidden`)."),
  "404": error("No such site (`unknown_site`)."),
  "429": error("Rate limited (`rate_limited`); see Retry-After."),
};
const BODY_ERRORS: Json = {
  "400": error("The body is not JSON (`bad_json`)."),
  "413": error(`The body is over ${MAX_CONFIG_BYTES} bytes (\`body_too_large\`).`),
  "415": error("The body is not application/json (`unsupported_media_type`)."),
};
const CONFIG_422 = error(
  "The config breaks the schema, a check or a limit, or has a high finding of the privacy assessment (`invalid_config`): `details.field` and `details.fix` name the first problem, `details.issues` all of them. Nothing is stored.",
);
const configBody: Json = {
  required: true,
  content: { "application/json": { schema: ref("SiteConfig") } },
};
const owner = [{ bearer: [] }];

/** A console page: HTML in every case. */
/**
 * The console's session (the dashboard's cookie design, path-scoped to /admin/{site}); sign-in
 * and sign-out are public (`[]`), the page itself shows a sign-in form without one.
 */
const CONSOLE_SESSION: Json[] = [{ consoleSession: [] }];

function page(
  operationId: string,
  summary: string,
  method: "get" | "post",
  security: Json[] = CONSOLE_SESSION,
): Json {
  return {
    [method]: {
      operationId,
      summary,
      tags: ["owner"],
      security,
      parameters: [SITE],
      responses:
        method === "get"
          ? {
              "200": { description: "An HTML page.", content: HTML },
              "404": { description: "No such site (an HTML page).", content: HTML },
            }
          : security.length === 0
            ? {
                "303": { description: "Done; back to a console page." },
                "4XX": { description: "The form again, with what went wrong.", content: HTML },
              }
            : {
                "200": { description: "The console, with the outcome.", content: HTML },
                "4XX": {
                  description:
                    "The console with what went wrong (409 published meanwhile, 422 refused, 413 too large), or the sign-in form (401), or a cross-site post (403).",
                  content: HTML,
                },
              },
    },
  };
}

export function selfServicePaths(): Json {
  return {
    "/v1/sites": {
      post: {
        operationId: "createSite",
        summary: "Create a site (operator)",
        description:
          "`Authorization: Bearer OPERATOR_KEY`. One site config per call; missing privacy settings get the schema's defaults.",
        tags: ["operator"],
        security: [{ operator: [] }],
        requestBody: configBody,
        responses: {
          "201": json(ref("SiteCreated"), "Created, with the first owner token (shown once)."),
          "401": error("No operator key, or not the right one (`unauthorized`)."),
          "409": error("A site with this id exists (`site_exists`)."),
          "422": CONFIG_422,
          "429": error("Rate limited (`rate_limited`)."),
          ...BODY_ERRORS,
        },
      },
    },
    "/v1/sites/{site}/changes": {
      get: {
        operationId: "getChanges",
        summary: "The public, hash-chained change log",
        description:
          "One entry per published version, oldest first. `hash` = SHA-256 hex of the RFC 8785 canonical JSON of the entry without `hash`; `prev` = the previous entry's hash; `configSha256` = SHA-256 hex of the canonical public config. Verify with `npm run verify-changes -- URL`.",
        tags: ["anyone"],
        security: [],
        parameters: [SITE],
        responses: {
          "200": json(ref("ChangeLog"), "The change log."),
          "404": error("No such site (`unknown_site`)."),
        },
      },
    },
    "/v1/sites/{site}/access-log": {
      get: {
        operationId: "getAccessLog",
        summary: "The marketers' reads of the last 90 days (auditor or owner)",
        tags: ["auditor"],
        security: owner,
        parameters: [SITE],
        responses: {
          "200": json(
            { type: "object", properties: { entries: { type: "array" } } },
            "Time, site, endpoint, token fingerprint; newest first.",
          ),
          ...OWNER_ERRORS,
        },
      },
    },
    "/v1/sites/{site}/admin/config": {
      get: {
        operationId: "getAdminConfig",
        summary: "The published config and its version (ETag)",
        tags: ["owner"],
        security: owner,
        parameters: [SITE],
        responses: {
          "200": json(ref("AdminConfig"), "The stored config; the ETag is the version."),
          ...OWNER_ERRORS,
        },
      },
      put: {
        operationId: "putAdminConfig",
        summary: "Publish a whole config as the next version",
        description:
          "`If-Match` names the version edited. A consent-relevant change (a purpose added, removed or reworded; a question tied to a new purpose) moves `policyVersion` by itself.",
        tags: ["owner"],
        security: owner,
        parameters: [
          SITE,
          { name: "If-Match", in: "header", required: true, schema: { type: "string" } },
        ],
        requestBody: configBody,
        responses: {
          "200": json(ref("Published"), "Published."),
          "412": error("`If-Match` is not the published version (`stale_version`)."),
          "422": error(
            "The config breaks the schema, a check or a limit, or has a high finding of the privacy assessment (`invalid_config`), or lowers `shards`, which can only be raised (`shards_lowered`): `details.field` and `details.fix` name the first problem, `details.issues` all of them. Nothing is stored.",
          ),
          "428": error("No `If-Match` (`if_match_required`)."),
          ...OWNER_ERRORS,
          ...BODY_ERRORS,
        },
      },
    },
    "/v1/sites/{site}/admin/versions": {
      get: {
        operationId: "listVersions",
        summary: "The versions kept for restore, newest first",
        tags: ["owner"],
        security: owner,
        parameters: [SITE],
        responses: { "200": json({ type: "object" }, "Versions and their days."), ...OWNER_ERRORS },
      },
    },
    "/v1/sites/{site}/admin/versions/{version}": {
      get: {
        operationId: "getVersion",
        summary: "One kept version's config",
        tags: ["owner"],
        security: owner,
        parameters: [
          SITE,
          { name: "version", in: "path", required: true, schema: { type: "integer" } },
        ],
        responses: { "200": json(ref("AdminConfig"), "The version."), ...OWNER_ERRORS },
      },
    },
    "/v1/sites/{site}/admin/tokens": {
      post: {
        operationId: "mintToken",
        summary: "Mint a token (shown once; only its hash is stored)",
        tags: ["owner"],
        security: owner,
        parameters: [SITE],
        requestBody: {
          required: true,
          content: { "application/json": { schema: ref("TokenRequest") } },
        },
        responses: {
          "201": json(ref("MintedToken"), "The token, once."),
          "422": error("A bad field, or the site has its most tokens (`limit_reached`)."),
          ...OWNER_ERRORS,
          ...BODY_ERRORS,
        },
      },
      get: {
        operationId: "listTokens",
        summary: "The site's tokens, without the tokens",
        tags: ["owner"],
        security: owner,
        parameters: [SITE],
        responses: {
          "200": json(
            { type: "object", properties: { tokens: { type: "array", items: ref("TokenInfo") } } },
            "Tokens: id, name, role, fingerprint, created, expires, last used day.",
          ),
          ...OWNER_ERRORS,
        },
      },
    },
    "/v1/sites/{site}/admin/tokens/{id}": {
      delete: {
        operationId: "revokeToken",
        summary: "Revoke a token: 401 from its next request, its sessions end",
        tags: ["owner"],
        security: owner,
        parameters: [SITE, { name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": json({ type: "object" }, "Revoked."),
          ...OWNER_ERRORS,
        },
      },
    },
    "/admin/{site}": page(
      "getConsole",
      "The owner's console (a sign-in form without a session)",
      "get",
      [...CONSOLE_SESSION, {}],
    ),
    "/admin/{site}/sign-in": page(
      "consoleSignIn",
      "Sign in to the console with an owner token",
      "post",
      [],
    ),
    "/admin/{site}/sign-out": page("consoleSignOut", "Sign out of the console", "post", []),
    "/admin/{site}/edit": page(
      "consoleEdit",
      "The editor's form: action=preview shows findings, diff and example matches; action=publish publishes",
      "post",
    ),
    "/admin/{site}/restore": page(
      "consoleRestore",
      "Publish an earlier version again, as a new version",
      "post",
    ),
    "/admin/{site}/tokens": page("consoleMintToken", "Mint a token", "post"),
    "/admin/{site}/tokens/revoke": page("consoleRevokeToken", "Revoke a token", "post"),
  };
}
