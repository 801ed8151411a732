/**
 * @module
 * The OpenAPI 3.1 description of every public endpoint (GET /openapi.json). Bodies are not
 * written here: `components.schemas` is generated from the shared valibot schemas
 * (worker/openapi/schemas.ts) by @valibot/to-json-schema, targeting JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1. Pure: no Workers types, so a Node test can validate it too.
 */
import { toJsonSchemaDefs } from "@valibot/to-json-schema";
import { MAX_BODY_BYTES } from "../../shared/limits.ts";
import { SESSION_COOKIE } from "../dashboard/constants.ts";
import {
  ANSWERS_RESPONSE,
  ASSIGNMENT_REQUEST,
  ASSIGNMENT_RESPONSE,
  CHALLENGE_RESPONSE,
  COMPARE_RESPONSE,
  ERROR_EXAMPLES,
  REPLACE_REQUEST,
  RETRACTION_REQUEST,
  RETRACTION_RESPONSE,
  SEGMENTS_RESPONSE,
} from "./examples.ts";
import { OPENAPI_SCHEMAS, type SchemaName } from "./schemas.ts";
import { selfServicePaths } from "./self-service.ts";

type Json = Record<string, unknown>;

const ref = (name: SchemaName): Json => ({ $ref: `#/components/schemas/${name}` });
/** A JSON answer, with its example when there is one (worker/openapi/examples.ts). */
const json = (name: SchemaName, description: string, example?: unknown): Json => ({
  description,
  content: {
    "application/json":
      example === undefined ? { schema: ref(name) } : { schema: ref(name), example },
  },
});
type ErrorExample = keyof typeof ERROR_EXAMPLES;
const error = (description: string, example?: ErrorExample): Json =>
  json("ErrorBody", description, example && ERROR_EXAMPLES[example]);
/** A JSON request body with named examples. */
const body = (name: SchemaName, examples: Record<string, unknown>): Json => ({
  required: true,
  content: {
    "application/json": {
      schema: ref(name),
      examples: Object.fromEntries(Object.entries(examples).map(([k, value]) => [k, { value }])),
    },
  },
});

/** An operation anyone may call: OpenAPI's way to say so is an empty requirement list. */
const PUBLIC: Json = { security: [] };

const SITE_PARAM: Json = {
  name: "site",
  in: "path",
  required: true,
  description: "The site id, as in the site config.",
  schema: ref("Id"),
};

/** The error answers every site route can give. */
const SITE_ERRORS: Json = {
  "404": error("No such site (`unknown_site`).", "unknown_site"),
  "429": error("Rate limited (`rate_limited`); see Retry-After.", "rate_limited"),
};
const MARKETER_ERRORS: Json = {
  ...SITE_ERRORS,
  "400": error("A malformed query parameter (`bad_request`)."),
  "401": error("No marketer token, or not a valid one (`unauthorized`).", "unauthorized"),
  "403": error(
    "A token of this site whose role may not do this (`forbidden`); another site's token is 401 like any invalid one.",
  ),
};
const HTML: Json = { "text/html": { schema: { type: "string" } } };

/**
 * The dashboard's CSV downloads: a missing or lapsed session and a bad filter are JSON errors as
 * on the API; an unknown site is the dashboard's HTML 404 page (worker/routes/dashboard.tsx).
 */
const DASHBOARD_CSV_ERRORS: Json = {
  "401": error("No live dashboard session (`unauthorized`): sign in first."),
  "404": { description: "No such site (an HTML page).", content: HTML },
  "429": error("Rate limited (`rate_limited`); see Retry-After."),
};
const WRITE_ERRORS: Json = {
  ...SITE_ERRORS,
  "400": error("The body is not JSON (`bad_json`).", "bad_json"),
  "403": error("The Origin is not one of the site's allowed origins (`origin_not_allowed`)."),
  "413": error(`The body is over ${MAX_BODY_BYTES} bytes (\`body_too_large\`).`),
  "415": error("The body is not application/json (`unsupported_media_type`)."),
  "422": error(
    "Valid JSON that breaks the schema or the site config: no proof (`proof_required`), a proof that does not solve a challenge signed for this site at its difficulty, a proof of the other kind than the site asks for, or a Turnstile token Cloudflare's siteverify refuses (`invalid_proof`), an expired challenge (`proof_expired`), unknown question or option, no consent for counting, stale policy version, invalid or expired receipt.",
    "unknown_option",
  ),
};

const DAYS_PARAM: Json = {
  name: "days",
  in: "query",
  required: false,
  description:
    "Days of daily series to return, ending today (UTC); default the window, at most retentionDays - windowDays + 1 (each point sums its window, and only retentionDays of counts are kept).",
  schema: { type: "integer", minimum: 1 },
};
/** A date range instead of `days` (routes/segments.ts readOptions). */
const RANGE_PARAMS: Json[] = [
  {
    name: "from",
    in: "query",
    required: false,
    description:
      "First day of the series (UTC), not before today - (retentionDays - windowDays); default: the window's length before `to`. Not with `days`.",
    schema: { type: "string", format: "date" },
  },
  {
    name: "to",
    in: "query",
    required: false,
    description: "Last day of the series (UTC), at most today; default today. Not with `days`.",
    schema: { type: "string", format: "date" },
  },
];

/** GET /v1/…/answers(.csv): the period only (routes/segments.ts). */
const PERIOD_QUERY: Json[] = [DAYS_PARAM, ...RANGE_PARAMS];

/** GET /v1/…/segments(.csv): `segments=a,b` or `compare=a,b` (routes/segments.ts). */
const API_QUERY: Json[] = [
  ...PERIOD_QUERY,
  {
    name: "segments",
    in: "query",
    required: false,
    description: "Only these segment ids, separated by commas. Not with `compare`.",
    schema: { type: "array", items: ref("Id") },
    style: "form",
    explode: false,
  },
  {
    name: "compare",
    in: "query",
    required: false,
    description:
      "Two to four distinct segment ids, separated by commas, to put side by side: `segments` lists them in this order, and `comparison` has the overlaps among them declared in the site config (`overlaps`) and, for those declared in `breakdowns`, their answer distributions (option shares over the segment's audience). Fewer than 2 or more than 4: 400 `compare_count`; an unknown id: 400 `unknown_segment`; an id twice: 400 `duplicate_segment`. Not with `segments`. In the CSV: the compared segments' rows and one row per declared overlap (`a&b`) per day.",
    schema: { type: "array", items: ref("Id"), minItems: 2, maxItems: 4 },
    style: "form",
    explode: false,
  },
];

/** The dashboard's GET form: one `segment=id` per ticked box (no script joins them). */
const DASHBOARD_QUERY: Json[] = [
  DAYS_PARAM,
  ...RANGE_PARAMS,
  {
    name: "segment",
    in: "query",
    required: false,
    description: "Only these segment ids (repeat the parameter for more).",
    schema: { type: "array", items: ref("Id") },
    style: "form",
    explode: true,
  },
];

const CSV: Json = { "text/csv": { schema: { type: "string" } } };

/** A GET of one file: its only answer is the file itself. */
function file(
  operationId: string,
  summary: string,
  tag: string,
  type: string,
  description: string,
): Json {
  return {
    get: {
      operationId,
      summary,
      tags: [tag],
      ...PUBLIC,
      responses: {
        "200": { description, content: { [type]: { schema: { type: "string" } } } },
        "404": { description: "Not built or not deployed (a static asset's 404)." },
      },
    },
  };
}

function paths(): Json {
  return {
    "/v1/sites/{site}/config": {
      get: {
        operationId: "getSiteConfig",
        summary: "The public site config the widget needs",
        tags: ["widget"],
        ...PUBLIC,
        parameters: [SITE_PARAM],
        responses: {
          "200": {
            ...json("PublicSiteConfig", "The public config. Revalidate with If-None-Match."),
            headers: { ETag: { schema: { type: "string" } } },
          },
          "304": { description: "Not modified (the ETag matched)." },
          ...SITE_ERRORS,
        },
      },
    },
    "/v1/sites/{site}/widget.js": {
      get: {
        operationId: "getSiteWidget",
        summary: "The per-site script: the widget with the site's public config inside",
        description:
          "/widget.js wrapped in a function of the site's public config (texts in one locale) and the widget's texts in that locale, so the banner paints with no config request. The locale is picked from Accept-Language over the config's locales (the header is read, never kept); the answer varies on it. Load it synchronously first in the page head for Google Consent Mode defaults.",
        tags: ["widget"],
        ...PUBLIC,
        parameters: [
          SITE_PARAM,
          {
            name: "Accept-Language",
            in: "header",
            required: false,
            description: "The visitor's languages; picks the one locale the script carries.",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "JavaScript (classic script). Revalidate with If-None-Match.",
            headers: {
              ETag: { schema: { type: "string" } },
              Vary: { schema: { type: "string", const: "Accept-Language" } },
            },
            content: { "text/javascript": { schema: { type: "string" } } },
          },
          "304": { description: "Not modified (the ETag matched)." },
          ...SITE_ERRORS,
        },
      },
    },
    "/v1/sites/{site}/challenge": {
      get: {
        operationId: "getChallenge",
        summary: "A fresh proof-of-work challenge, to solve before each assignment",
        description:
          'Find a whole number `solution` such that SHA-256 of the UTF-8 text challenge + ":" + solution (or, bound to the assignment\'s idempotency key, challenge + ":" + idempotencyKey + ":" + solution) starts with `difficulty` zero bits, then send `{ challenge, solution }` as the assignment\'s `proof` before `expiresAt`. Each challenge counts once. Stateless: nothing is stored when it is issued. A site whose public config says `proof: "turnstile"` asks for a Cloudflare Turnstile token instead (`{ turnstile }` as the proof; its sitekey is `turnstileSiteKey`). See worker/README.md, "Proof before counting".',
        tags: ["widget"],
        ...PUBLIC,
        parameters: [SITE_PARAM],
        responses: {
          "200": {
            ...json("ChallengeResponse", "A signed challenge; not cacheable.", CHALLENGE_RESPONSE),
            headers: { "Cache-Control": { schema: { type: "string", const: "no-store" } } },
          },
          ...SITE_ERRORS,
        },
      },
    },
    "/v1/sites/{site}/assignments": {
      post: {
        operationId: "assign",
        summary: "Count a visitor's segments (needs consent for counting)",
        description:
          "The answers are evaluated in memory and dropped; only the segment ids are counted. Sent without credentials; the answer sets no cookie.",
        tags: ["widget"],
        ...PUBLIC,
        parameters: [SITE_PARAM],
        requestBody: body("AssignmentRequest", {
          first: ASSIGNMENT_REQUEST,
          replace: REPLACE_REQUEST,
        }),
        responses: {
          "200": json(
            "AssignmentResponse",
            "The visitor's segments and a signed receipt to keep on the device.",
            ASSIGNMENT_RESPONSE,
          ),
          "409": error(
            "The receipt in `replaces` was spent already (`receipt_spent`), or the proof was (`proof_spent`): fetch a new challenge.",
            "proof_spent",
          ),
          "503": error(
            'A site with `proof: "turnstile"` only: Cloudflare\'s siteverify did not answer in time (`proof_unavailable`). Nothing was counted; try again with a fresh token.',
          ),
          ...WRITE_ERRORS,
        },
      },
      delete: {
        operationId: "retract",
        summary: "Retract a contribution (withdrawal or deletion)",
        tags: ["widget"],
        ...PUBLIC,
        parameters: [SITE_PARAM],
        requestBody: body("RetractionRequest", { retraction: RETRACTION_REQUEST }),
        responses: {
          "200": json(
            "RetractionResponse",
            "The contribution is no longer counted.",
            RETRACTION_RESPONSE,
          ),
          "409": error("The receipt was spent already (`receipt_spent`).", "receipt_spent"),
          ...WRITE_ERRORS,
        },
      },
    },
    "/v1/sites/{site}/segments": {
      get: {
        operationId: "getSegments",
        summary: "Respondents, and audience, share and change per segment, now and per day",
        description:
          "Audiences below the site's k are `null` with `suppressed: true`, never a number (in exact mode also wherever a held-back count would follow by subtraction). `respondents` counts every contribution of the window, in a segment or not; `share` is a segment's audience over the respondents' (null when either is held back); `change` runs from the period's first to its last day. With `compare`, `comparison` puts the segments side by side.",
        tags: ["marketer"],
        security: [{ bearer: [] }],
        parameters: [SITE_PARAM, ...API_QUERY],
        responses: {
          "200": {
            description: "Audiences per segment.",
            content: {
              "application/json": {
                schema: ref("SegmentsResponse"),
                examples: {
                  segments: { value: SEGMENTS_RESPONSE },
                  compare: { value: COMPARE_RESPONSE },
                },
              },
            },
          },
          ...MARKETER_ERRORS,
          "400": {
            description:
              "A malformed query parameter (`bad_request`), or a bad `compare` (`compare_count`, `unknown_segment`, `duplicate_segment`).",
            content: {
              "application/json": {
                schema: ref("ErrorBody"),
                examples: {
                  compare_count: { value: ERROR_EXAMPLES.compare_count },
                  unknown_segment: { value: ERROR_EXAMPLES.unknown_segment },
                  duplicate_segment: { value: ERROR_EXAMPLES.duplicate_segment },
                },
              },
            },
          },
        },
      },
    },
    "/v1/sites/{site}/segments.csv": {
      get: {
        operationId: "getSegmentsCsv",
        summary: "The same audiences as CSV, one row per count and day",
        description:
          "Columns `day,segment,label,audience,added,removed,suppressed,unusual,share,change,change_relative`. The respondents first (segment `*`), then each segment, then with `compare` each declared overlap (`a&b`). A held-back count is an empty cell; `share` is that day's audience over that day's respondents; `change` and `change_relative` are since the period's first day.",
        tags: ["marketer"],
        security: [{ bearer: [] }],
        parameters: [SITE_PARAM, ...API_QUERY],
        responses: { "200": { description: "CSV (RFC 4180).", content: CSV }, ...MARKETER_ERRORS },
      },
    },
    "/v1/sites/{site}/answers": {
      get: {
        operationId: "getAnswers",
        summary: "Answer distributions: per question, per option (per value of a scale)",
        description:
          "How many contributions of the window chose each option, counted like a segment (an implicit segment per option, same noise, suppression and release), never anyone's answers; with its share of the respondents, change and daily series. Same auth and period as /segments.",
        tags: ["marketer"],
        security: [{ bearer: [] }],
        parameters: [SITE_PARAM, ...PERIOD_QUERY],
        responses: {
          "200": json("AnswersResponse", "Per question, per option.", ANSWERS_RESPONSE),
          ...MARKETER_ERRORS,
          "400": error(
            "A malformed query parameter, or `segments` or `compare`, which answers do not take (`bad_request`).",
          ),
        },
      },
    },
    "/v1/sites/{site}/answers.csv": {
      get: {
        operationId: "getAnswersCsv",
        summary: "The same answer distributions as CSV, one row per option and day",
        description:
          "Columns `day,question,question_label,option,option_label,audience,added,removed,suppressed,unusual,share,change,change_relative`, as in segments.csv.",
        tags: ["marketer"],
        security: [{ bearer: [] }],
        parameters: [SITE_PARAM, ...PERIOD_QUERY],
        responses: { "200": { description: "CSV (RFC 4180).", content: CSV }, ...MARKETER_ERRORS },
      },
    },
    "/v1/sites/{site}/privacy": {
      get: {
        operationId: "getPrivacyRecord",
        summary: "The record of processing for this site",
        description:
          "What is collected, why, for how long, what is never stored, and the privacy assessment of the site config. `format=html` gives a page.",
        tags: ["anyone"],
        ...PUBLIC,
        parameters: [
          SITE_PARAM,
          { name: "format", in: "query", required: false, schema: { enum: ["json", "html"] } },
        ],
        responses: {
          "200": {
            description: "The record.",
            content: { "application/json": { schema: ref("PrivacyRecord") }, ...HTML },
          },
          ...SITE_ERRORS,
        },
      },
    },
    ...selfServicePaths(),
    "/dashboard/{site}": {
      get: {
        operationId: "getDashboard",
        summary: "The marketer dashboard (a sign-in form without a session)",
        tags: ["marketer"],
        security: [{ dashboardSession: [] }, {}],
        parameters: [SITE_PARAM, ...DASHBOARD_QUERY],
        responses: {
          "200": { description: "An HTML page.", content: HTML },
          "404": { description: "No such site.", content: HTML },
        },
      },
    },
    "/dashboard/{site}/sign-in": {
      post: {
        operationId: "signIn",
        summary: "Sign in to the dashboard with the marketer token",
        description:
          "Same-origin form posts only (Origin or Sec-Fetch-Site is checked). Sets the session cookie: HttpOnly, SameSite=Strict, Path=/dashboard/{site}, Secure outside local development.",
        tags: ["marketer"],
        ...PUBLIC,
        parameters: [SITE_PARAM],
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: {
                type: "object",
                properties: { token: { type: "string" } },
                required: ["token"],
              },
            },
          },
        },
        responses: {
          "303": {
            description: "Signed in; back to the dashboard.",
            headers: { "Set-Cookie": { schema: { type: "string" } } },
          },
          "401": { description: "No token, or not this site's.", content: HTML },
          "403": { description: "Another site's token, or a cross-site post.", content: HTML },
          "413": { description: "The form is too large.", content: HTML },
          "429": error("Rate limited (`rate_limited`); see Retry-After."),
        },
      },
    },
    "/dashboard/{site}/sign-out": {
      post: {
        operationId: "signOut",
        summary: "Sign out (clears the session cookie)",
        tags: ["marketer"],
        ...PUBLIC,
        parameters: [SITE_PARAM],
        responses: {
          "303": { description: "Signed out; back to the sign-in form." },
          "403": { description: "A cross-site post.", content: HTML },
        },
      },
    },
    "/dashboard/{site}/segments.csv": {
      get: {
        operationId: "getDashboardSegmentsCsv",
        summary: "The audiences as CSV, for a signed-in dashboard",
        tags: ["marketer"],
        security: [{ dashboardSession: [] }],
        parameters: [SITE_PARAM, ...DASHBOARD_QUERY],
        responses: {
          "200": { description: "CSV (RFC 4180).", content: CSV },
          "400": error("A malformed filter (`bad_request`)."),
          ...DASHBOARD_CSV_ERRORS,
        },
      },
    },
    "/dashboard/{site}/access.csv": {
      get: {
        operationId: "getAccessLogCsv",
        summary: "The access log of marketer reads (90 days) as CSV",
        tags: ["marketer"],
        security: [{ dashboardSession: [] }],
        parameters: [SITE_PARAM],
        responses: {
          "200": { description: "CSV: time, site, endpoint, token fingerprint.", content: CSV },
          ...DASHBOARD_CSV_ERRORS,
        },
      },
    },
    "/dashboard/assets/dashboard.css": file(
      "getDashboardCss",
      "The dashboard's stylesheet",
      "marketer",
      "text/css",
      "CSS.",
    ),
    "/widget.js": file(
      "getWidget",
      "The widget bundle (a static asset: one file, styles inside)",
      "widget",
      "text/javascript",
      "JavaScript.",
    ),
    "/widget.mjs": file(
      "getWidgetModule",
      "The widget as an ES module for single-page apps (a static asset; call init())",
      "widget",
      "text/javascript",
      "JavaScript module, with Access-Control-Allow-Origin: *.",
    ),
    "/widget-center.mjs": file(
      "getWidgetCenter",
      "The preference center and edge sync the widget imports on first need (a static asset)",
      "widget",
      "text/javascript",
      "JavaScript module, with Access-Control-Allow-Origin: *.",
    ),
    "/widget-rules.mjs": file(
      "getWidgetRules",
      "The rule compiler the widget imports on first need (a static asset)",
      "widget",
      "text/javascript",
      "JavaScript module, with Access-Control-Allow-Origin: *.",
    ),
    "/healthz": {
      get: {
        operationId: "health",
        summary: "Uptime check",
        tags: ["anyone"],
        ...PUBLIC,
        responses: { "204": { description: "The Worker is up." } },
      },
    },
    "/openapi.json": {
      get: {
        operationId: "getOpenApi",
        summary: "This description",
        tags: ["anyone"],
        ...PUBLIC,
        responses: {
          "200": {
            description: "OpenAPI 3.1.",
            content: { "application/json": { schema: { type: "object" } } },
          },
        },
      },
    },
  };
}

/**
 * Where the API answers: the local dev server of `npm start` first (so tools try it by default),
 * then a deployed edge, whose host is the operator's own (`wrangler deploy` prints it).
 */
export const SERVERS: Json[] = [
  { url: "http://localhost:8787", description: "Local development (`npm start`; PORT to change)" },
  {
    url: "https://{edge}",
    description: "Your deployed Worker: its workers.dev host or the route you gave it",
    variables: { edge: { default: "preferably.your-subdomain.workers.dev" } },
  },
];

let cached: Json | undefined;

/**
 * The OpenAPI 3.1 document, built once per isolate.
 * @example app.get("/openapi.json", (c) => c.json(openApiDocument()));
 */
export function openApiDocument(): Json {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "Preferably API",
      version: "1.0.0",
      summary: "Zero-party preferences and consent, segmented at the edge; aggregate counts only.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: SERVERS,
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    tags: [
      { name: "widget", description: "Called by the widget on a visitor's device." },
      { name: "marketer", description: "Needs the site's marketer token or a dashboard session." },
      { name: "anyone", description: "Public." },
      { name: "owner", description: "Needs an owner token of the site, or a console session." },
      { name: "auditor", description: "Needs an auditor or owner token of the site." },
      { name: "operator", description: "Needs the operator key." },
    ],
    paths: paths(),
    components: {
      schemas: toJsonSchemaDefs(OPENAPI_SCHEMAS, {
        target: "draft-2020-12",
        overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
      }),
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "A token of the site (owner, marketer or auditor, as each path says).",
        },
        operator: { type: "http", scheme: "bearer", description: "The operator key." },
        dashboardSession: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "The signed dashboard session cookie set by POST /dashboard/{site}/sign-in.",
        },
        consoleSession: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description:
            "The signed console session cookie set by POST /admin/{site}/sign-in (path /admin/{site}).",
        },
      },
    },
  };
  return cached;
}
