/**
 * @module
 * The valibot schemas the OpenAPI document names, by component name. The document's
 * `components.schemas` is generated from exactly these (worker/openapi/document.ts), and the
 * tests validate the Worker's real answers with the same objects, so the description and the
 * validation cannot drift apart.
 */
import * as v from "valibot";
import {
  AnswersResponseSchema,
  AssignmentRequestSchema,
  AssignmentResponseSchema,
  ChallengeResponseSchema,
  ChangeEntrySchema,
  ChangeSchema,
  ComparisonSchema,
  ErrorBodySchema,
  FindingSchema,
  IdSchema,
  MintedTokenSchema,
  OptionAudienceSchema,
  OverlapSchema,
  PrivacyRecordSchema,
  QuestionAnswersSchema,
  RespondentsSchema,
  RetractionRequestSchema,
  RetractionResponseSchema,
  SegmentAnswersSchema,
  SegmentAudienceSchema,
  SegmentsResponseSchema,
  SeriesPointSchema,
  ShareSchema,
  SiteConfigSchema,
  TokenInfoSchema,
  TokenRequestSchema,
} from "../../shared/schema.ts";

/**
 * GET /v1/sites/:site/config: the site config minus the marketer token hash and sharding, with
 * `site` for `id` (shared/site-config.ts `publicConfig`). Derived from the config schema, not
 * redeclared.
 */
export const PublicSiteConfigSchema = v.strictObject({
  site: IdSchema,
  ...v.omit(SiteConfigSchema, [
    "id",
    "marketerTokenSha256",
    "ownerTokenSha256",
    "shards",
    "proofDifficulty",
  ]).entries,
});

/** POST /v1/sites → 201. */
export const SiteCreatedSchema = v.strictObject({ site: IdSchema, ownerToken: v.string() });
/** GET .../admin/config. */
export const AdminConfigSchema = v.strictObject({ version: v.number(), config: SiteConfigSchema });
/** PUT .../admin/config → 200. */
export const PublishedSchema = v.strictObject({
  version: v.number(),
  policyVersion: v.string(),
  findings: v.array(FindingSchema),
});
/** GET .../changes. */
export const ChangeLogSchema = v.strictObject({ entries: v.array(ChangeEntrySchema) });

/** Component name → schema. Nested schemas that are listed here become `$ref`s. */
export const OPENAPI_SCHEMAS = {
  Id: IdSchema,
  PublicSiteConfig: PublicSiteConfigSchema,
  ChallengeResponse: ChallengeResponseSchema,
  AssignmentRequest: AssignmentRequestSchema,
  AssignmentResponse: AssignmentResponseSchema,
  RetractionRequest: RetractionRequestSchema,
  RetractionResponse: RetractionResponseSchema,
  SeriesPoint: SeriesPointSchema,
  Share: ShareSchema,
  Change: ChangeSchema,
  Respondents: RespondentsSchema,
  SegmentAudience: SegmentAudienceSchema,
  OptionAudience: OptionAudienceSchema,
  QuestionAnswers: QuestionAnswersSchema,
  Overlap: OverlapSchema,
  SegmentAnswers: SegmentAnswersSchema,
  Comparison: ComparisonSchema,
  SegmentsResponse: SegmentsResponseSchema,
  AnswersResponse: AnswersResponseSchema,
  Finding: FindingSchema,
  PrivacyRecord: PrivacyRecordSchema,
  ErrorBody: ErrorBodySchema,
  SiteConfig: SiteConfigSchema,
  SiteCreated: SiteCreatedSchema,
  AdminConfig: AdminConfigSchema,
  Published: PublishedSchema,
  TokenRequest: TokenRequestSchema,
  MintedToken: MintedTokenSchema,
  TokenInfo: TokenInfoSchema,
  ChangeEntry: ChangeEntrySchema,
  ChangeLog: ChangeLogSchema,
} as const;

export type SchemaName = keyof typeof OPENAPI_SCHEMAS;
