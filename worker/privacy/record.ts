/**
 * @module
 * The record of processing of a site (GDPR art. 30, DESIGN.md API `GET /v1/sites/:site/privacy`),
 * built from the site config alone: what is collected and why, how long each thing lives, who
 * sees what, and what is never stored. Texts in the site's default locale.
 */
import { assessSite } from "../../shared/assessment.ts";
import { countsKept, countsPerContribution } from "../../shared/counting-keys.ts";
import { contributionBudget, describeBudget } from "../../shared/privacy-budget.ts";
import type { PrivacyRecord, SiteConfig, Text } from "../../shared/schema.ts";
import { textIn } from "../../shared/text.ts";
import { STORED_FIELDS } from "../durable-objects/site-counter.ts";
import { ACCESS_LOG_RETENTION_DAYS } from "../limits.ts";
import { processingRecord } from "./processing.ts";

export const NEVER_STORED = [
  "IP addresses",
  "user agents",
  "visitor cookies (none are set on a visitor; the only cookies are the sessions of the dashboard and the console, for marketers and owners)",
  "referrers",
  "any request header value",
  "the answers themselves (evaluated in memory, then dropped: only how many chose each option is counted, like a segment)",
  "raw idempotency keys (only a keyed hash, to a day-rounded expiry)",
  "the time of a visitor's request (only its UTC day)",
  "raw receipt nonces (only a SHA-256, until the receipt expires)",
  "any identifier of a visitor or a device",
] as const;

/**
 * The record of processing of `config` in `locale` (default: the site's); its shape is
 * PrivacyRecordSchema (shared/schema.ts).
 */
export function privacyRecord(
  config: SiteConfig,
  locale: string = config.defaultLocale,
): PrivacyRecord {
  const t = (text: Text | undefined) => textIn(text, locale, config.defaultLocale);
  const counting = config.purposes.find((p) => p.id === config.countingPurpose);
  const budget = contributionBudget(config);
  const kept = countsKept(config);
  const touched = countsPerContribution(config);
  return {
    site: config.id,
    name: t(config.name),
    policyVersion: config.policyVersion,
    ...(config.policyUrl ? { policyUrl: config.policyUrl } : {}),
    purposes: config.purposes.map((p) => ({
      id: p.id,
      label: t(p.label),
      description: t(p.description),
      required: p.required,
      saleOrShare: p.saleOrShare,
      explicit: p.explicit,
    })),
    countingPurpose: { id: config.countingPurpose, label: t(counting?.label) },
    dataCollected: config.questions.map((q) => ({
      id: q.id,
      question: t(q.label),
      kind: q.kind,
      ...(q.options ? { options: q.options.map((o) => t(o.label)) } : {}),
      ...(q.kind === "scale" ? { min: q.min, max: q.max } : {}),
      sensitive: q.sensitive,
      ...(q.purpose ? { purpose: q.purpose } : {}),
      where:
        "on the visitor's device; sent once, only with consent to the counting purpose, then dropped",
    })),
    segments: config.segments.map((s) => ({ id: s.id, label: t(s.label) })),
    lifetimes: {
      consentOnDevice: `${config.consentMonths} months, then asked again (also when the policy version changes)`,
      dailyCounts: `${config.retentionDays} days`,
      spentReceiptNonces: `SHA-256 only, until the receipt expires (${config.retentionDays} days after its day)`,
      idempotencyKeys: `keyed hash only, until the receipt of its answer expires (the start of the UTC day retentionDays after the request's day)`,
      marketerAccessLog: `${ACCESS_LOG_RETENTION_DAYS} days (time, site, endpoint, token fingerprint)`,
    },
    retentionDays: config.retentionDays,
    windowDays: config.windowDays,
    k: config.k,
    differentialPrivacy: budget
      ? {
          epsilon: budget.perSegment,
          mechanism:
            "discrete Laplace (exact integer sampling from crypto.getRandomValues) on each closed day's added and removed count and on a checkpoint audience every half window; each cell noised once and kept, nothing of the open day released",
          perContribution: budget.perContribution,
          perVisitorYear: budget.perVisitorYear,
          cellsPerSegment: budget.cellsPerSegment,
          countsPerContribution: budget.counts,
          ...(config.maxEpsilonPerContribution === undefined
            ? {}
            : { cap: config.maxEpsilonPerContribution }),
        }
      : null,
    counts: budget
      ? `noisy: ${describeBudget(budget)}`
      : `exact: ${describeBudget(budget)} by adding and withdrawing contributions of their own; counts below ${config.k} are held back, and added/removed wherever they would give one away, and options and segments wherever the respondents, a question's options and segments that read only that question would give one away by subtraction (not through rules that read several questions)`,
    counted: [
      {
        kind: "respondents",
        counts: kept.respondents,
        perContribution: touched.respondents,
        what: "every contribution, whether or not it is in any segment (the respondents)",
      },
      {
        kind: "segment",
        counts: kept.segments,
        perContribution: touched.segments,
        what: "the contributions in each segment",
      },
      {
        kind: "option",
        counts: kept.options,
        perContribution: touched.options,
        what: "how many contributions chose each option of each question (each value of a scale): an aggregate count kept like a segment's, never anyone's answers",
      },
      {
        kind: "overlap",
        counts: kept.overlaps,
        perContribution: touched.overlaps,
        what: "the contributions in both segments of each declared pair (overlaps)",
      },
      {
        kind: "breakdown",
        counts: kept.breakdowns,
        perContribution: touched.breakdowns,
        what: "how many contributions in each declared breakdown segment chose each option",
      },
    ],
    stored: [
      `aggregate counts per set of counts (segments, respondents, options, overlaps, breakdowns) and UTC day (contributions added, replaced and withdrawn), kept ${config.retentionDays} days`,
      "each released noisy count, drawn once and kept as long as the counts",
      "SHA-256 hashes of spent receipt nonces, until the receipt expires",
      "keyed hashes of idempotency keys with a keyed digest of what the answer was counted in (never the ids) and its UTC day, until the receipt of the answer expires",
      `a log of marketer reads (time, site, endpoint, token fingerprint), kept ${ACCESS_LOG_RETENTION_DAYS} days`,
    ],
    storedFields: STORED_FIELDS.map((f) => ({ ...f })),
    neverStored: [...NEVER_STORED],
    recipients: `marketers of ${t(config.name)} see audience sizes per segment, respondents, shares, and how many chose each option; any count below ${config.k} is withheld`,
    globalPrivacyControl: "honoured: purposes marked as sale or sharing stay off",
    assessment: assessSite(config),
    processing: processingRecord(config, locale),
  };
}

export type { PrivacyRecord };
