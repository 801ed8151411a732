/**
 * @module
 * The one source of truth for every wire message and the site config: valibot schemas, the
 * TypeScript types inferred from them, and (in worker/openapi) the OpenAPI description derived
 * from them. Endpoints take subsets of these; nothing redeclares a field.
 *
 * The widget imports only types from here (`import type`), so valibot never reaches widget.js.
 */
import * as v from "valibot";
import { CONSENT_MODE_TYPES } from "./consent-mode.ts";
import { ERROR_CODES } from "./errors.ts";
import {
  DEFAULT_CONSENT_MONTHS,
  DEFAULT_DP_EPSILON,
  DEFAULT_K,
  DEFAULT_PROOF_DIFFICULTY,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SHARDS,
  DEFAULT_WINDOW_DAYS,
  MAX_BREAKDOWNS,
  MAX_CHALLENGE_LENGTH,
  MAX_CONSENT_MODE_REGIONS,
  MAX_CONSENT_MONTHS,
  MAX_COUNTS_PER_CONTRIBUTION,
  MAX_DP_EPSILON,
  MAX_ID_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_K,
  MAX_LOCALES,
  MAX_OPTIONS,
  MAX_ORIGINS,
  MAX_OVERLAPS,
  MAX_POLICY_VERSION_LENGTH,
  MAX_PROOF_DIFFICULTY,
  MAX_PURPOSES,
  MAX_QUESTIONS,
  MAX_RECEIPT_LENGTH,
  MAX_RETENTION_DAYS,
  MAX_SEGMENTS,
  MAX_SHARDS,
  MAX_TEXT_LENGTH,
  MAX_TOKEN_DAYS,
  MAX_TOKEN_NAME_LENGTH,
  MAX_TURNSTILE_SITE_KEY_LENGTH,
  MAX_TURNSTILE_TOKEN_LENGTH,
  MAX_WAIT_FOR_UPDATE_MS,
  MAX_WINDOW_DAYS,
  MIN_DP_EPSILON,
  MIN_IDEMPOTENCY_KEY_LENGTH,
  MIN_K,
  MIN_PROOF_DIFFICULTY,
} from "./limits.ts";

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Ids that cannot be object keys safely (see IdSchema). */
export const RESERVED_IDS: readonly string[] = ["constructor", "prototype"];

/** Lower-case ids: stable, URL-safe, never shown to visitors. */
export const IdSchema = v.pipe(
  v.string("must be a string"),
  // Ids become object keys (consent, answers), and valibot's record() drops "constructor" and
  // "prototype" ("__proto__" fails the pattern anyway), so an answer to a question named
  // "constructor" would vanish: the lookahead refuses them. One pattern, so OpenAPI shows it.
  v.regex(
    new RegExp(`^(?!(?:${RESERVED_IDS.join("|")})$)[a-z0-9][a-z0-9_-]{0,${MAX_ID_LENGTH - 1}}$`),
    `must be 1-${MAX_ID_LENGTH} characters of a-z, 0-9, "_" or "-", starting with a letter or digit, and not one of the reserved ids ${RESERVED_IDS.join(", ")}`,
  ),
);

/** A BCP 47 language tag, as far as the widget needs it ("en", "de", "pt-BR"). */
export const LocaleSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en" or "pt-BR"'),
);

const TextString = v.pipe(
  v.string("must be a string"),
  v.minLength(1, "must not be empty"),
  v.maxLength(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`),
);

/** A text shown to visitors: one string (the default locale), or one string per locale. */
export const TextSchema = v.union(
  [TextString, v.record(LocaleSchema, TextString)],
  "must be a string or an object of strings keyed by locale",
);
export type Text = v.InferOutput<typeof TextSchema>;

/** An origin as browsers send it in the Origin header: scheme, host, optional port. */
export const OriginSchema = v.pipe(
  v.string(),
  v.regex(
    /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/,
    'must be an origin such as "https://shop.example" (scheme and host, no path)',
  ),
);

export { CONSENT_MODE_TYPES };

/** The special categories of personal data (GDPR art. 9(1)); see shared/site-config.ts. */
export const SPECIAL_CATEGORIES = [
  "health",
  "religion",
  "politics",
  "ethnicity",
  "sexual-orientation",
  "sex-life",
  "genetic",
  "biometric",
  "trade-union",
  "philosophy",
] as const;

/**
 * Protected characteristics a question may ask about besides the special categories: segments
 * built on them can drive discriminatory targeting (housing, employment and credit ads are
 * restricted on the big ad platforms for this reason), so the assessment flags them.
 */
export const PROTECTED_CHARACTERISTICS = ["age", "sex-or-gender"] as const;

/** Legal bases of GDPR art. 6(1) (and art. 9(2)(a) explicit consent) a purpose may rest on. */
export const LEGAL_BASES = [
  "consent",
  "explicit-consent",
  "contract",
  "legal-obligation",
  "legitimate-interests",
] as const;

/** Safeguards of a transfer outside the EEA (GDPR arts. 45-49). */
/**
 * What an assignment must carry before it counts (worker/README.md, "Proof before counting"):
 * `pow`, the self-contained proof of work (the default: no third party), or `turnstile`, a
 * Cloudflare Turnstile token the Worker checks with Cloudflare's siteverify (an operator's
 * choice: a third-party call per assignment).
 */
export const PROOF_KINDS = ["pow", "turnstile"] as const;

export const TRANSFER_SAFEGUARDS = [
  "adequacy-decision",
  "eu-us-data-privacy-framework",
  "standard-contractual-clauses",
  "binding-corporate-rules",
  "derogation",
] as const;

// ---------------------------------------------------------------------------------------------
// Site config

export const PurposeSchema = v.strictObject({
  id: IdSchema,
  label: TextSchema,
  description: TextSchema,
  /** Strictly necessary: always on, shown as such, never asked. */
  required: v.optional(v.boolean(), false),
  /** Sale or sharing of data (CCPA): stays off under Global Privacy Control. */
  saleOrShare: v.optional(v.boolean(), false),
  /** Explicit consent (GDPR art. 9(2)(a)); sensitive questions must be tied to such a purpose. */
  explicit: v.optional(v.boolean(), false),
  /** Google Consent Mode v2 types this purpose grants or denies. */
  consentMode: v.optional(v.array(v.picklist(CONSENT_MODE_TYPES)), []),
  /** GDPR art. 6(1) basis; default: consent (explicit consent when `explicit`), legitimate interests when `required`. */
  legalBasis: v.optional(v.picklist(LEGAL_BASES)),
  /** Who receives data under this purpose (the partners of a sharing purpose), for the record. */
  partners: v.optional(
    v.pipe(
      v.array(v.strictObject({ name: TextString, country: v.optional(TextString) })),
      v.maxLength(MAX_PURPOSES),
    ),
  ),
});
export type Purpose = v.InferOutput<typeof PurposeSchema>;

export const OptionSchema = v.strictObject({ id: IdSchema, label: TextSchema });
export type Option = v.InferOutput<typeof OptionSchema>;

export const QUESTION_KINDS = ["single", "multiple", "scale"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QuestionSchema = v.strictObject({
  id: IdSchema,
  label: TextSchema,
  /** single choice (radios), multiple choice (checkboxes), scale (integers min..max). No free text. */
  kind: v.picklist(QUESTION_KINDS, 'must be "single", "multiple" or "scale"'),
  options: v.optional(v.pipe(v.array(OptionSchema), v.maxLength(MAX_OPTIONS))),
  min: v.optional(v.pipe(v.number(), v.integer())),
  max: v.optional(v.pipe(v.number(), v.integer())),
  /** Labels of the two ends of a scale. */
  minLabel: v.optional(TextSchema),
  maxLabel: v.optional(TextSchema),
  /** A special category of data (GDPR art. 9), declared by the site owner. */
  category: v.optional(v.picklist(SPECIAL_CATEGORIES)),
  /** The site owner marks the question as asking for special-category data. */
  sensitive: v.optional(v.boolean(), false),
  /** The purpose whose consent the answer needs (must be `explicit` when sensitive). */
  purpose: v.optional(IdSchema),
  /** A protected characteristic the question asks about (age, sex or gender). */
  protectedCharacteristic: v.optional(v.picklist(PROTECTED_CHARACTERISTICS)),
});
export type Question = v.InferOutput<typeof QuestionSchema>;

export const SegmentSchema = v.strictObject({
  id: IdSchema,
  label: TextSchema,
  description: v.optional(TextSchema),
  /** A JSON Logic expression over the answers; compiled by shared/rules.ts. */
  rule: v.unknown(),
});
export type Segment = v.InferOutput<typeof SegmentSchema>;

export const BannerTextsSchema = v.strictObject({
  title: v.optional(TextSchema),
  description: v.optional(TextSchema),
});

/**
 * The banner renders the policy URL as a link on the host page, so only web addresses: https:,
 * and http: for a local host in development. `javascript:`, `data:` and the like would run in
 * the host page when a visitor clicks (issue 13). The scheme is written in lower case (no regex
 * flags: the pattern is also the OpenAPI description's).
 */
export const POLICY_URL_PATTERN =
  /^(https:\/\/[^\s/?#]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?)([/?#]\S*)?$/;
export const PolicyUrlSchema = v.pipe(
  v.string(),
  v.url("must be an absolute URL"),
  v.regex(
    POLICY_URL_PATTERN,
    "must be an https: URL, scheme in lower case (http: only for localhost)",
  ),
);

/** SHA-256 of a token, lower-case hex: the token itself is never in a config. */
const TokenHashSchema = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex characters (SHA-256 of the token)"),
);
/** Where the launcher (the button that reopens the preference center) sits. */
export const LAUNCHER_POSITIONS = ["bottom-left", "bottom-right"] as const;

/** The launcher; `hidden`: the site opens the preference center itself (`preferably.open()`). */
export const LauncherSchema = v.strictObject({
  hidden: v.optional(v.boolean()),
  position: v.optional(v.picklist(LAUNCHER_POSITIONS, 'must be "bottom-left" or "bottom-right"')),
  label: v.optional(TextSchema),
});

/** Google Consent Mode v2 site settings (widget/gcm.ts; defaults applied by the widget). */
export const GoogleConsentModeSchema = v.strictObject({
  /** `wait_for_update` of the default command, in ms (default 500). */
  waitForUpdate: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_WAIT_FOR_UPDATE_MS)),
  ),
  /** ISO 3166-2 regions ("ES", "US-CA") the denied defaults apply to; all regions when absent. */
  regions: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.regex(
            /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/,
            'must be an ISO 3166-2 code such as "ES" or "US-CA"',
          ),
        ),
      ),
      v.minLength(1),
      v.maxLength(MAX_CONSENT_MODE_REGIONS),
    ),
  ),
  adsDataRedaction: v.optional(v.boolean()),
  urlPassthrough: v.optional(v.boolean()),
  /** Google's developer ID for this CMP (`gtag('set', 'developer_id.ID', true)`). */
  developerId: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{1,32}$/, "must be 1-32 letters or digits")),
  ),
});

export const SiteConfigSchema = v.strictObject({
  id: IdSchema,
  name: TextSchema,
  allowedOrigins: v.pipe(v.array(OriginSchema), v.maxLength(MAX_ORIGINS)),
  policyVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_POLICY_VERSION_LENGTH)),
  /** Link to the site's privacy policy, shown in the banner (https:, or http: on a local host). */
  policyUrl: v.optional(PolicyUrlSchema),
  defaultLocale: v.optional(LocaleSchema, "en"),
  locales: v.optional(v.pipe(v.array(LocaleSchema), v.maxLength(MAX_LOCALES)), ["en"]),
  banner: v.optional(BannerTextsSchema),
  launcher: v.optional(LauncherSchema),
  googleConsentMode: v.optional(GoogleConsentModeSchema),
  purposes: v.pipe(v.array(PurposeSchema), v.minLength(1), v.maxLength(MAX_PURPOSES)),
  /** The purpose whose consent allows sending answers to be counted. */
  countingPurpose: IdSchema,
  questions: v.pipe(v.array(QuestionSchema), v.maxLength(MAX_QUESTIONS)),
  segments: v.pipe(v.array(SegmentSchema), v.maxLength(MAX_SEGMENTS)),
  /**
   * Pairs of segment ids whose overlap is counted (a pair is a segment with an `and` rule of the
   * two): the only overlaps `?compare=` shows. Ids must name segments, no pair twice.
   */
  overlaps: v.optional(
    v.pipe(
      // An array of two rather than a tuple, so that a config read from JSON types as one.
      v.array(v.pipe(v.array(IdSchema), v.length(2, "must be a pair of two segment ids"))),
      v.maxLength(MAX_OVERLAPS),
    ),
  ),
  /**
   * Segment ids whose answer distributions are counted (an implicit segment per segment and
   * option): the only segments whose answers `?compare=` shows.
   */
  breakdowns: v.optional(v.pipe(v.array(IdSchema), v.maxLength(MAX_BREAKDOWNS))),
  consentMonths: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CONSENT_MONTHS)),
    DEFAULT_CONSENT_MONTHS,
  ),
  windowDays: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_WINDOW_DAYS)),
    DEFAULT_WINDOW_DAYS,
  ),
  retentionDays: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_RETENTION_DAYS)),
    DEFAULT_RETENTION_DAYS,
  ),
  k: v.optional(v.pipe(v.number(), v.integer(), v.minValue(MIN_K), v.maxValue(MAX_K)), DEFAULT_K),
  /** Epsilon per contribution per segment (shared/privacy-budget.ts); noise is on by default. */
  dpEpsilon: v.optional(
    v.pipe(v.number(), v.minValue(MIN_DP_EPSILON), v.maxValue(MAX_DP_EPSILON)),
    DEFAULT_DP_EPSILON,
  ),
  /** Opt out of noise: exact counts, which anyone who can contribute can unmask below k. */
  exactCounts: v.optional(v.boolean(), false),
  /**
   * A cap on the epsilon of one contribution over every count it can be in (respondents,
   * segments, options, overlaps, breakdowns); the config check enforces it.
   */
  maxEpsilonPerContribution: v.optional(
    v.pipe(
      v.number(),
      v.minValue(MIN_DP_EPSILON),
      v.maxValue(MAX_DP_EPSILON * MAX_COUNTS_PER_CONTRIBUTION),
    ),
  ),
  shards: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_SHARDS)),
    DEFAULT_SHARDS,
  ),
  /** Zero bits of SHA-256 an assignment's proof of work must reach (shared/proof.ts). */
  proofDifficulty: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(MIN_PROOF_DIFFICULTY),
      v.maxValue(MAX_PROOF_DIFFICULTY),
    ),
    DEFAULT_PROOF_DIFFICULTY,
  ),
  /**
   * What an assignment proves (PROOF_KINDS): left out, `pow` (proofDifficulty); `turnstile` needs
   * `turnstileSiteKey` and the Worker's TURNSTILE_SECRET, and loads Cloudflare's script in the
   * visitor's browser after counting consent.
   */
  proof: v.optional(v.picklist(PROOF_KINDS)),
  /** The public Turnstile sitekey of the widget whose secret is the Worker's TURNSTILE_SECRET. */
  turnstileSiteKey: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        new RegExp(`^[A-Za-z0-9_-]{1,${MAX_TURNSTILE_SITE_KEY_LENGTH}}$`),
        "must be a Turnstile sitekey (letters, digits, _ and -)",
      ),
    ),
  ),
  /** The controller (GDPR art. 30(1)(a)): name, contact, and the data protection officer if any. */
  controller: v.optional(
    v.strictObject({ name: TextString, contact: TextString, dpo: v.optional(TextString) }),
  ),
  /** Transfers outside the EEA and their safeguards (art. 30(1)(e)). */
  transfers: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          recipient: TextString,
          country: TextString,
          safeguard: v.picklist(TRANSFER_SAFEGUARDS),
        }),
      ),
      v.maxLength(MAX_PURPOSES),
    ),
  ),
  /** Security measures of the site owner, on top of those the Worker takes (art. 30(1)(g)). */
  security: v.optional(v.pipe(v.array(TextSchema), v.maxLength(MAX_PURPOSES))),
  /** Where visitors write to exercise their rights beyond the device (an address or a URL). */
  rightsContact: v.optional(TextString),
  /**
   * Seeds and config files only: SHA-256 (lower-case hex) of a marketer token, and of an owner
   * token, imported into the site store as tokens and never stored in a published config
   * (worker/sites). Tokens are otherwise minted through /v1/sites/:site/admin/tokens.
   */
  marketerTokenSha256: v.optional(TokenHashSchema),
  ownerTokenSha256: v.optional(TokenHashSchema),
});
/** A site config as written by the site owner (defaults not yet applied). */
export type SiteConfigInput = v.InferInput<typeof SiteConfigSchema>;
/** A site config with every default applied. */
export type SiteConfig = v.InferOutput<typeof SiteConfigSchema>;

/**
 * The public site config the widget fetches (GET /v1/sites/:site/config): everything a visitor's
 * device needs, nothing about the marketer or the Worker's sharding.
 */
export type PublicSiteConfig = Omit<
  SiteConfig,
  "marketerTokenSha256" | "ownerTokenSha256" | "shards" | "proofDifficulty" | "id"
> & {
  site: string;
};

// ---------------------------------------------------------------------------------------------
// Wire messages (DESIGN.md "HTTP API v1")

/** One answer: an option id (single), option ids (multiple), an integer (scale). */
export const AnswerSchema = v.union([
  v.pipe(v.string(), v.maxLength(MAX_ID_LENGTH)),
  v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_ID_LENGTH))), v.maxLength(MAX_OPTIONS)),
  v.pipe(v.number(), v.integer()),
]);
export type Answer = v.InferOutput<typeof AnswerSchema>;

export const ReceiptSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_RECEIPT_LENGTH));

export const IdempotencyKeySchema = v.pipe(
  v.string(),
  v.regex(
    new RegExp(`^[A-Za-z0-9_-]{${MIN_IDEMPOTENCY_KEY_LENGTH},${MAX_IDEMPOTENCY_KEY_LENGTH}}$`),
    `must be ${MIN_IDEMPOTENCY_KEY_LENGTH}-${MAX_IDEMPOTENCY_KEY_LENGTH} characters of A-Z, a-z, 0-9, "_" or "-"`,
  ),
);

/** GET /v1/sites/:site/challenge: a signed proof-of-work challenge (shared/proof.ts). */
export const ChallengeSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(MAX_CHALLENGE_LENGTH),
);
export const ChallengeResponseSchema = v.strictObject({
  challenge: ChallengeSchema,
  /** Leading zero bits SHA-256(`${challenge}:${solution}`) must have. */
  difficulty: v.pipe(v.number(), v.integer(), v.minValue(MIN_PROOF_DIFFICULTY)),
  /** Epoch ms after which the challenge is refused. */
  expiresAt: v.pipe(v.number(), v.integer()),
});
export type ChallengeResponse = v.InferOutput<typeof ChallengeResponseSchema>;

/** A solved challenge, single use (a site with `proof` "pow", the default). */
export const PowProofSchema = v.strictObject({
  challenge: ChallengeSchema,
  solution: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
});
export type PowProof = v.InferOutput<typeof PowProofSchema>;

/** A Cloudflare Turnstile token (a site with `proof` "turnstile"), single use (siteverify). */
export const TurnstileProofSchema = v.strictObject({
  turnstile: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_TURNSTILE_TOKEN_LENGTH)),
});
export type TurnstileProof = v.InferOutput<typeof TurnstileProofSchema>;

/** The proof of an assignment: the kind its site asks for (`proof` in the site config). */
export const ProofSchema = v.union([PowProofSchema, TurnstileProofSchema]);
export type Proof = v.InferOutput<typeof ProofSchema>;

/** POST /v1/sites/:site/assignments */
export const AssignmentRequestSchema = v.strictObject({
  /**
   * A fresh proof, every POST its own: a solved challenge (GET …/challenge), or on a site with
   * `proof` "turnstile" a Turnstile token.
   */
  proof: ProofSchema,
  policyVersion: v.pipe(v.string(), v.maxLength(MAX_POLICY_VERSION_LENGTH)),
  consent: v.record(v.pipe(v.string(), v.maxLength(MAX_ID_LENGTH)), v.boolean()),
  answers: v.record(v.pipe(v.string(), v.maxLength(MAX_ID_LENGTH)), AnswerSchema),
  replaces: v.optional(ReceiptSchema),
  idempotencyKey: v.optional(IdempotencyKeySchema),
});
export type AssignmentRequest = v.InferOutput<typeof AssignmentRequestSchema>;

export const AssignmentResponseSchema = v.strictObject({
  segments: v.array(IdSchema),
  receipt: ReceiptSchema,
});
export type AssignmentResponse = v.InferOutput<typeof AssignmentResponseSchema>;

/** DELETE /v1/sites/:site/assignments: a subset of the assignment messages, not a redeclaration. */
export const RetractionRequestSchema = v.strictObject({ receipt: ReceiptSchema });
export type RetractionRequest = v.InferOutput<typeof RetractionRequestSchema>;

export const RetractionResponseSchema = v.strictObject({ retracted: v.literal(true) });
export type RetractionResponse = v.InferOutput<typeof RetractionResponseSchema>;

/**
 * The kinds of count kept (shared/counting-keys.ts): respondents (every contribution), a
 * segment, an option of a question (or a value of a scale), a declared overlap of two segments,
 * an option within a declared breakdown segment.
 */
export const COUNT_KINDS = ["respondents", "segment", "option", "overlap", "breakdown"] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

/** A count a marketer may see: a number at or above k, or null with `suppressed: true`. */
const SuppressibleCount = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)));

export const SeriesPointSchema = v.strictObject({
  /** The UTC day, YYYY-MM-DD. */
  day: v.pipe(v.string(), v.isoDate()),
  audience: SuppressibleCount,
  /** Contributions made on this day (null when below k). */
  added: SuppressibleCount,
  /** Contributions of this day retracted or replaced since (null when below k). */
  removed: SuppressibleCount,
  suppressed: v.boolean(),
  /**
   * `added` is more than 5 times the median of the 14 days before (a flood or a campaign:
   * worker/counting/spikes.ts); false when there is no shown baseline.
   */
  unusual: v.boolean(),
});
export type SeriesPoint = v.InferOutput<typeof SeriesPointSchema>;

/**
 * A share: one audience over another (a segment's over the respondents', an option's over the
 * respondents' or, within a breakdown, over its segment's), rounded to SHARE_DECIMALS and kept
 * within 0..1 (noisy audiences can cross); null when either audience is held back or the
 * denominator is 0. Post-processing of shown numbers only.
 */
export const ShareSchema = v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1)));

/**
 * The change of an audience over the period shown: its first and last day's audience as shown
 * (null when held back), `absolute` = last - first, `relative` = absolute / first (rounded to
 * SHARE_DECIMALS); both null when either end is held back, `relative` also when first is 0.
 * Derived from shown audiences only, so it reveals nothing the series does not.
 */
export const ChangeSchema = v.strictObject({
  /** The period's first day, YYYY-MM-DD (UTC). */
  from: v.pipe(v.string(), v.isoDate()),
  /** The period's last day, YYYY-MM-DD (UTC). */
  to: v.pipe(v.string(), v.isoDate()),
  first: SuppressibleCount,
  last: SuppressibleCount,
  absolute: v.nullable(v.pipe(v.number(), v.integer())),
  relative: v.nullable(v.number()),
});
export type Change = v.InferOutput<typeof ChangeSchema>;

/**
 * Respondents: every contribution counted in the window, whether or not it falls in any segment
 * (an implicit segment that every contribution is in), with the same noise, suppression and
 * release rules as a segment.
 */
export const RespondentsSchema = v.strictObject({
  audience: SuppressibleCount,
  suppressed: v.boolean(),
  series: v.array(SeriesPointSchema),
  change: ChangeSchema,
});
export type Respondents = v.InferOutput<typeof RespondentsSchema>;

export const SegmentAudienceSchema = v.strictObject({
  id: IdSchema,
  label: v.string(),
  audience: SuppressibleCount,
  suppressed: v.boolean(),
  /** Its last day's audience over the respondents' (ShareSchema). */
  share: ShareSchema,
  change: ChangeSchema,
  series: v.array(SeriesPointSchema),
});
export type SegmentAudience = v.InferOutput<typeof SegmentAudienceSchema>;

/**
 * One option of a question (one value of a scale), counted as an implicit segment: the
 * contributions that chose it. Never an answer of anyone, only how many chose it.
 */
export const OptionAudienceSchema = v.strictObject({
  /** The option id; for a scale the value in decimal ("3", "-1"). */
  id: v.string(),
  label: v.string(),
  /** A scale's value. */
  value: v.optional(v.pipe(v.number(), v.integer())),
  audience: SuppressibleCount,
  suppressed: v.boolean(),
  /** Over the respondents' audience (in a breakdown: over its segment's). */
  share: ShareSchema,
  change: ChangeSchema,
  series: v.array(SeriesPointSchema),
});
export type OptionAudience = v.InferOutput<typeof OptionAudienceSchema>;

/** One question's answer distribution: an entry per option, or per value of a scale. */
export const QuestionAnswersSchema = v.strictObject({
  id: IdSchema,
  label: v.string(),
  kind: v.picklist(QUESTION_KINDS),
  options: v.array(OptionAudienceSchema),
});
export type QuestionAnswers = v.InferOutput<typeof QuestionAnswersSchema>;

/** A declared overlap of two compared segments (config `overlaps`), counted like a segment. */
export const OverlapSchema = v.strictObject({
  /** The pair, as declared. */
  segments: v.tuple([IdSchema, IdSchema]),
  label: v.string(),
  audience: SuppressibleCount,
  suppressed: v.boolean(),
  /** Over the respondents' audience. */
  share: ShareSchema,
  /** Over each segment's own audience, in the order of `segments`. */
  shareOf: v.tuple([ShareSchema, ShareSchema]),
  change: ChangeSchema,
  series: v.array(SeriesPointSchema),
});
export type Overlap = v.InferOutput<typeof OverlapSchema>;

/**
 * The answer distribution within one compared segment. Counted only for segments the config
 * declares in `breakdowns` (`counted: false` and no questions otherwise): counting every
 * segment by every option would multiply what one contribution touches, and so the noise.
 */
export const SegmentAnswersSchema = v.strictObject({
  segment: IdSchema,
  counted: v.boolean(),
  /** Option shares are over the segment's audience. */
  questions: v.array(QuestionAnswersSchema),
});
export type SegmentAnswers = v.InferOutput<typeof SegmentAnswersSchema>;

/** GET /v1/sites/:site/segments?compare=a,b[,c,d]: what is put side by side. */
export const ComparisonSchema = v.strictObject({
  /** The compared segment ids, in the order asked (`segments` lists them in this order). */
  segments: v.array(IdSchema),
  /** The declared overlaps among them (config `overlaps`); other pairs are not counted. */
  overlaps: v.array(OverlapSchema),
  /** Per compared segment, in order: its answer distribution, if declared in `breakdowns`. */
  answers: v.array(SegmentAnswersSchema),
});
export type Comparison = v.InferOutput<typeof ComparisonSchema>;

/** GET /v1/sites/:site/segments */
export const SegmentsResponseSchema = v.strictObject({
  site: IdSchema,
  /** Days in the counting window. */
  window: v.number(),
  k: v.number(),
  /** The last day of the series, YYYY-MM-DD (UTC). */
  day: v.pipe(v.string(), v.isoDate()),
  /**
   * Whether the counts carry discrete Laplace noise (the default; false when the site chose
   * `exactCounts`). With noise the series ends on the last closed UTC day.
   */
  noise: v.boolean(),
  respondents: RespondentsSchema,
  segments: v.array(SegmentAudienceSchema),
  /** Only with `?compare=`. */
  comparison: v.optional(ComparisonSchema),
});
export type SegmentsResponse = v.InferOutput<typeof SegmentsResponseSchema>;

/** GET /v1/sites/:site/answers: per question and option, the same measures as /segments. */
export const AnswersResponseSchema = v.strictObject({
  site: IdSchema,
  window: v.number(),
  k: v.number(),
  day: v.pipe(v.string(), v.isoDate()),
  noise: v.boolean(),
  respondents: RespondentsSchema,
  questions: v.array(QuestionAnswersSchema),
});
export type AnswersResponse = v.InferOutput<typeof AnswersResponseSchema>;

/** How much a privacy-assessment finding matters, most severe first; "high" fails check-config. */
export const SEVERITIES = ["high", "medium", "low", "info"] as const;

/** One finding of the privacy assessment (shared/assessment.ts). */
export const FindingSchema = v.strictObject({
  /** A stable code, e.g. "k-below-10", for docs and tests. */
  code: v.string(),
  severity: v.picklist(SEVERITIES),
  /** Where in the config, as in shared/site-config.ts: `questions[2]`. */
  path: v.string(),
  message: v.string(),
  fix: v.string(),
  /** The rule or guidance behind it, e.g. "GDPR art. 9". */
  ref: v.string(),
});

/**
 * GET /v1/sites/:site/privacy: the record of processing (GDPR art. 30) built from the site
 * config (worker/privacy/record.ts); texts in the site's default locale.
 */
export const PrivacyRecordSchema = v.strictObject({
  site: IdSchema,
  name: v.string(),
  policyVersion: v.string(),
  policyUrl: v.optional(v.string()),
  purposes: v.array(
    v.strictObject({
      id: IdSchema,
      label: v.string(),
      description: v.string(),
      required: v.boolean(),
      saleOrShare: v.boolean(),
      explicit: v.boolean(),
    }),
  ),
  countingPurpose: v.strictObject({ id: IdSchema, label: v.string() }),
  dataCollected: v.array(
    v.strictObject({
      id: IdSchema,
      question: v.string(),
      kind: v.picklist(QUESTION_KINDS),
      options: v.optional(v.array(v.string())),
      min: v.optional(v.number()),
      max: v.optional(v.number()),
      sensitive: v.boolean(),
      purpose: v.optional(IdSchema),
      where: v.string(),
    }),
  ),
  segments: v.array(v.strictObject({ id: IdSchema, label: v.string() })),
  lifetimes: v.strictObject({
    consentOnDevice: v.string(),
    dailyCounts: v.string(),
    spentReceiptNonces: v.string(),
    idempotencyKeys: v.string(),
    marketerAccessLog: v.string(),
  }),
  retentionDays: v.number(),
  windowDays: v.number(),
  k: v.number(),
  /** Null in exact mode: the counts are exact and `counts` says what that exposes. */
  differentialPrivacy: v.nullable(
    v.strictObject({
      /** Epsilon per contribution per segment (the config's dpEpsilon). */
      epsilon: v.number(),
      mechanism: v.string(),
      /** Epsilon of one contribution over everything released about it (all segments). */
      perContribution: v.number(),
      /** Epsilon of one visitor over a year of weekly refreshes. */
      perVisitorYear: v.number(),
      /** Cells one contribution touches per segment. */
      cellsPerSegment: v.number(),
      /**
       * Counts one contribution can be in at most (the sensitivity): respondents, every segment,
       * every declared overlap, the options it can choose, and those again per breakdown.
       */
      countsPerContribution: v.number(),
      /** The site's cap on perContribution, when set. */
      cap: v.optional(v.number()),
    }),
  ),
  /** How the released counts are made, in plain words (noisy or exact). */
  counts: v.string(),
  /**
   * What is counted: each kind of count (respondents, segments, options, overlaps,
   * breakdowns), how many there are, and in how many of them one contribution can be at most.
   * Aggregate counts only, never an answer of anyone.
   */
  counted: v.array(
    v.strictObject({
      kind: v.picklist(COUNT_KINDS),
      counts: v.number(),
      perContribution: v.number(),
      what: v.string(),
    }),
  ),
  stored: v.array(v.string()),
  /** Every stored field of the counter's SQLite tables and what it holds. */
  storedFields: v.array(
    v.strictObject({ table: v.string(), column: v.string(), holds: v.string() }),
  ),
  neverStored: v.array(v.string()),
  recipients: v.string(),
  globalPrivacyControl: v.string(),
  /** Privacy assessment of the config, most severe first. */
  assessment: v.array(FindingSchema),
  /** The GDPR art. 30 parts from the stored config (worker/privacy/processing.ts), in `locale`. */
  processing: v.strictObject({
    locale: v.string(),
    controller: v.nullable(
      v.strictObject({ name: v.string(), contact: v.string(), dpo: v.optional(v.string()) }),
    ),
    legalBases: v.array(
      v.strictObject({ purpose: v.string(), basis: v.picklist(LEGAL_BASES), ref: v.string() }),
    ),
    recipients: v.array(
      v.strictObject({
        name: v.string(),
        role: v.picklist(["processor", "recipient"]),
        purpose: v.optional(v.string()),
        country: v.optional(v.string()),
      }),
    ),
    transfers: v.array(
      v.strictObject({ recipient: v.string(), country: v.string(), safeguard: v.string() }),
    ),
    security: v.array(v.string()),
    rights: v.array(v.strictObject({ right: v.string(), how: v.string() })),
    /** The public change log of the site's config versions. */
    changeLog: v.string(),
  }),
});
export type PrivacyRecord = v.InferOutput<typeof PrivacyRecordSchema>;

// ---------------------------------------------------------------------------------------------
// Self-service (worker/sites): tokens, the admin config, the change log

/** Who a token is: owners do everything, marketers read counts, auditors read the logs. */
export const TOKEN_ROLES = ["owner", "marketer", "auditor"] as const;

/** POST /v1/sites/:site/admin/tokens */
export const TokenRequestSchema = v.strictObject({
  name: v.pipe(
    v.string("must be a string"),
    v.minLength(1, "must not be empty"),
    v.maxLength(MAX_TOKEN_NAME_LENGTH, `must be at most ${MAX_TOKEN_NAME_LENGTH} characters`),
  ),
  role: v.picklist(TOKEN_ROLES, 'must be "owner", "marketer" or "auditor"'),
  expiresInDays: v.optional(
    v.pipe(
      v.number(),
      v.integer("must be a whole number of days"),
      v.minValue(1, "must be at least 1"),
      v.maxValue(MAX_TOKEN_DAYS, `must be at most ${MAX_TOKEN_DAYS}`),
    ),
  ),
});
export type TokenRequest = v.InferOutput<typeof TokenRequestSchema>;

/** The answer to a mint: the token is in it once, and never again. */
export const MintedTokenSchema = v.strictObject({
  id: v.string(),
  token: v.string(),
  role: v.picklist(TOKEN_ROLES),
  /** The last day (UTC, YYYY-MM-DD, exclusive) it works, or null for no expiry. */
  expiresAt: v.nullable(v.string()),
});

/** One token as listed: never the token or its hash. */
export const TokenInfoSchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  role: v.picklist(TOKEN_ROLES),
  fingerprint: v.string(),
  created: v.string(),
  expires: v.nullable(v.string()),
  lastUsed: v.nullable(v.string()),
});

/** One entry of the public change log (worker/sites/change-log.ts). */
export const ChangeEntrySchema = v.strictObject({
  version: v.number(),
  day: v.string(),
  summary: v.array(v.string()),
  configSha256: v.string(),
  prev: v.nullable(v.string()),
  hash: v.string(),
});

/** Every error answer; `code` is one of shared/errors.ts's codes (an enum in the OpenAPI document). */
export const ErrorBodySchema = v.strictObject({
  error: v.strictObject({
    code: v.picklist(ERROR_CODES),
    message: v.string(),
    details: v.optional(v.unknown()),
  }),
});
