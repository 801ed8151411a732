/**
 * @module
 * A privacy assessment of a site config: what a data-protection reviewer would flag, each finding
 * with a severity and the fix. It reads a config that already passed `checkSiteConfig` (shape and
 * references are that module's job); this one judges choices that are legal but risky.
 *
 * Shown on the marketer dashboard and in the privacy record, and `npm run check-config` fails on
 * any "high" finding. Pure: ES2022 only, no DOM, no Workers types.
 */

import type { InferOutput } from "valibot";
import { DEFAULT_CONSENT_MONTHS, DEFAULT_K } from "./limits.ts";
import { contributionBudget } from "./privacy-budget.ts";
import {
  type FindingSchema,
  type Question,
  SEVERITIES,
  type SiteConfig,
  type Text,
} from "./schema.ts";
import { ruleVariables, specialCategoryOf } from "./site-config.ts";

/** How much a finding matters; "high" fails `npm run check-config`. */
export type Severity = (typeof SEVERITIES)[number];

/** One finding of the assessment (its wire shape: FindingSchema in shared/schema.ts). */
export type Finding = InferOutput<typeof FindingSchema>;

/** Severities from most to least severe, for sorting and display. */
export { SEVERITIES };

/** Below this k a group of one to four people can be seen: a high finding. */
export const MIN_SAFE_K = 5;
/** Retention past this many days is a low finding; past LONG_RETENTION_DAYS a medium one. */
export const RETENTION_NOTICE_DAYS = 180;
export const LONG_RETENTION_DAYS = 365;
/** Epsilon above this adds too little noise to protect small groups (a low finding). */
export const WEAK_DP_EPSILON = 2;
/** Consent-mode types that are never strictly necessary (GDPR art. 6(1)(a), ePrivacy art. 5(3)). */
const NON_ESSENTIAL_CONSENT_MODES = new Set([
  "ad_storage",
  "ad_user_data",
  "ad_personalization",
  "analytics_storage",
  "personalization_storage",
]);

function texts(text: Text | undefined): string[] {
  if (text === undefined) return [];
  return typeof text === "string" ? [text] : Object.values(text);
}

function isLocalOrigin(origin: string): boolean {
  const host = origin.replace(/^https?:\/\//, "").replace(/:\d+$/, "");
  return host === "localhost" || host === "127.0.0.1" || host.endsWith(".localhost");
}

/** A question is gated when it is marked sensitive and tied to a purpose with explicit consent. */
function isGated(q: Question, config: SiteConfig): boolean {
  const purpose = config.purposes.find((p) => p.id === q.purpose);
  return q.sensitive && purpose?.explicit === true;
}

function assessQuestions(config: SiteConfig, out: Finding[]): Set<string> {
  const sensitive = new Set<string>();
  config.questions.forEach((q, i) => {
    const category = specialCategoryOf(q);
    if (category === undefined && !q.sensitive) return;
    sensitive.add(q.id);
    const what = category ? `special-category data (${category})` : "data marked sensitive";
    out.push(
      isGated(q, config)
        ? {
            code: "sensitive-question",
            severity: "medium",
            path: `questions[${i}]`,
            message: `question "${q.id}" asks for ${what}, behind explicit consent; how many chose each of its options is counted and shown to marketers (answers)`,
            fix: "keep it only if the segments need it, and record a data-protection impact assessment",
            ref: "GDPR art. 9(2)(a), art. 35",
          }
        : {
            code: "sensitive-question-ungated",
            severity: "high",
            path: `questions[${i}]`,
            message: `question "${q.id}" asks for ${what} without explicit consent`,
            fix: 'mark it "sensitive": true and tie it to a purpose with "explicit": true, or remove it',
            ref: "GDPR art. 9(1), art. 9(2)(a)",
          },
    );
  });
  return sensitive;
}

function assessCounting(config: SiteConfig, out: Finding[]): void {
  if (config.k < MIN_SAFE_K) {
    out.push({
      code: "k-below-5",
      severity: "high",
      path: "k",
      message: `k is ${config.k}: audiences of ${config.k} people are shown, small enough to point at individuals`,
      fix: `set k to at least ${DEFAULT_K}`,
      ref: "GDPR art. 5(1)(c), art. 25",
    });
  } else if (config.k < DEFAULT_K) {
    out.push({
      code: "k-below-10",
      severity: "medium",
      path: "k",
      message: `k is ${config.k}, below the default of ${DEFAULT_K}`,
      fix: `set k to at least ${DEFAULT_K}`,
      ref: "GDPR art. 25",
    });
  }
  if (config.exactCounts) {
    out.push({
      code: "exact-counts",
      severity: "medium",
      path: "exactCounts",
      message:
        "counts are exact: anyone who can contribute (POST needs no credentials) can unmask held-back counts by adding and withdrawing contributions of their own and reading before and after",
      fix: 'remove "exactCounts" (noise is the default), so each released count carries discrete Laplace noise drawn once',
      ref: "GDPR art. 25",
    });
  } else if (config.dpEpsilon > WEAK_DP_EPSILON) {
    out.push({
      code: "weak-dp",
      severity: "low",
      path: "dpEpsilon",
      message: `dpEpsilon ${config.dpEpsilon} per contribution per segment adds little noise`,
      fix: `use an epsilon of at most ${WEAK_DP_EPSILON} (the default is 1)`,
      ref: "GDPR art. 25",
    });
  }
  if (config.proof === "turnstile") {
    out.push({
      code: "turnstile",
      severity: "low",
      path: "proof",
      message:
        "each counted visitor's browser loads Cloudflare's Turnstile script and is checked by Cloudflare (its address and browser signals reach Cloudflare), a third party the default proof of work does not involve; the record of processing names it",
      fix: 'remove "proof" to use the self-contained proof of work, unless floods of fake counts make the check worth it',
      ref: "GDPR art. 5(1)(c), art. 28",
    });
  }
  const budget = contributionBudget(config);
  if (budget && config.maxEpsilonPerContribution === undefined) {
    out.push({
      code: "no-budget-cap",
      severity: "info",
      path: "maxEpsilonPerContribution",
      message: `one contribution spends epsilon ${budget.perContribution} over the ${budget.counts} counts it can be in (${budget.segments} segments), ${budget.perVisitorYear} for a visitor over a year; no cap is set`,
      fix: "set maxEpsilonPerContribution, so that adding segments cannot raise it unnoticed",
      ref: "GDPR art. 25",
    });
  }
  if (config.retentionDays > RETENTION_NOTICE_DAYS) {
    const long = config.retentionDays > LONG_RETENTION_DAYS;
    out.push({
      code: long ? "long-retention" : "retention-notice",
      severity: long ? "medium" : "low",
      path: "retentionDays",
      message: `daily counts are kept ${config.retentionDays} days, the window needs only ${config.windowDays}`,
      fix: `lower retentionDays towards ${Math.max(config.windowDays, 90)}`,
      ref: "GDPR art. 5(1)(e)",
    });
  }
}

function assessConsent(config: SiteConfig, out: Finding[]): void {
  if (config.consentMonths > DEFAULT_CONSENT_MONTHS) {
    out.push({
      code: "long-consent",
      severity: "low",
      path: "consentMonths",
      message: `consent is kept ${config.consentMonths} months before it is asked again`,
      fix: `set consentMonths to ${DEFAULT_CONSENT_MONTHS} or less`,
      ref: "GDPR art. 7; CNIL guidance (13 months at most)",
    });
  }
  config.purposes.forEach((p, i) => {
    const labels = new Set(texts(p.label).map((t) => t.trim().toLowerCase()));
    const descriptions = texts(p.description).map((t) => t.trim());
    if (descriptions.some((d) => d.length < 10 || labels.has(d.toLowerCase()))) {
      out.push({
        code: "purpose-undescribed",
        severity: "medium",
        path: `purposes[${i}].description`,
        message: `purpose "${p.id}" has no real description (empty, too short or the label again)`,
        fix: "say in a sentence what is done with the data and who receives it",
        ref: "GDPR art. 7(2), art. 13(1)(c)",
      });
    }
    const nonEssential = p.consentMode.filter((m) => NON_ESSENTIAL_CONSENT_MODES.has(m));
    if (p.required && nonEssential.length > 0) {
      out.push({
        code: "required-non-essential",
        severity: "high",
        path: `purposes[${i}].consentMode`,
        message: `purpose "${p.id}" is always on but grants ${nonEssential.join(", ")}: that is pre-ticked consent`,
        fix: 'set "required": false, or remove those consent-mode types from it',
        ref: "GDPR art. 4(11), art. 7; CJEU C-673/17 (Planet49)",
      });
    }
    if (p.saleOrShare) {
      out.push({
        code: "sale-or-share",
        severity: "info",
        path: `purposes[${i}]`,
        message: `purpose "${p.id}" is a sale or sharing: it stays off under Global Privacy Control`,
        fix: "none needed; name the partners in the privacy policy",
        ref: "CCPA §1798.120, §1798.135; GPC",
      });
    }
  });
  if (config.policyUrl === undefined) {
    out.push({
      code: "no-policy-url",
      severity: "medium",
      path: "policyUrl",
      message: "the banner links to no privacy policy",
      fix: "set policyUrl to the site's privacy policy",
      ref: "GDPR art. 13",
    });
  }
}

/** Words that betray a question about age or sex/gender in its id or label (a safety net for untagged questions). */
const PROTECTED_WORDS =
  /\b(age|ages|how old|birth ?year|year of birth|date of birth|gender|sex)\b/i;

/**
 * The protected characteristic a question asks about: tagged (`protectedCharacteristic`), a
 * special category, or detected in its id or label.
 */
export function protectedCharacteristicOf(q: Question): string | undefined {
  if (q.protectedCharacteristic) return q.protectedCharacteristic;
  const special = specialCategoryOf(q);
  if (special) return special;
  const words = [q.id.replace(/[-_]/g, " "), ...texts(q.label)].join(" \n ");
  const m = PROTECTED_WORDS.exec(words);
  if (!m) return undefined;
  return /gender|sex/i.test(m[1] ?? "") ? "sex-or-gender" : "age";
}

function assessSegments(config: SiteConfig, sensitive: Set<string>, out: Finding[]): void {
  const protectedQs = new Map<string, string>();
  for (const q of config.questions) {
    const c = protectedCharacteristicOf(q);
    if (c) protectedQs.set(q.id, c);
  }
  config.segments.forEach((s, i) => {
    const reads = [...ruleVariables(s.rule)].filter((name) => protectedQs.has(name));
    if (reads.length > 0) {
      out.push({
        code: "segment-protected-characteristic",
        severity: "medium",
        path: `segments[${i}].rule`,
        message: `segment "${s.id}" is built from ${reads.map((r) => `"${r}" (${protectedQs.get(r)})`).join(", ")}: a protected characteristic, which can drive discriminatory targeting (housing, employment and credit ads are restricted on the big ad platforms)`,
        fix: "do not use this segment to target or exclude people from housing, employment or credit offers; drop it if it is not needed",
        ref: "GDPR art. 5(1)(a), art. 22; EU AI Act art. 5; Meta and Google special ad categories",
      });
    }
  });
  config.segments.forEach((s, i) => {
    const reads = [...ruleVariables(s.rule)].filter((name) => sensitive.has(name));
    if (reads.length > 0) {
      out.push({
        code: "segment-reads-sensitive",
        severity: "medium",
        path: `segments[${i}].rule`,
        message: `segment "${s.id}" is built from sensitive question(s) ${reads.join(", ")}: its audience is special-category data about a group`,
        fix: "drop the segment, or keep k high and the purpose explicit",
        ref: "GDPR art. 9, art. 35",
      });
    }
  });
}

function assessOrigins(config: SiteConfig, out: Finding[]): void {
  if (config.allowedOrigins.length === 0) {
    out.push({
      code: "no-origins",
      severity: "high",
      path: "allowedOrigins",
      message: "no origin may call the visitor API",
      fix: "add the site's https origin",
      ref: "GDPR art. 32",
    });
  }
  config.allowedOrigins.forEach((origin, i) => {
    if (isLocalOrigin(origin)) {
      out.push({
        code: "local-origin",
        severity: "info",
        path: `allowedOrigins[${i}]`,
        message: `${origin} is a development origin`,
        fix: "remove it from the production config",
        ref: "GDPR art. 32",
      });
    } else if (origin.startsWith("http://")) {
      out.push({
        code: "http-origin",
        severity: "high",
        path: `allowedOrigins[${i}]`,
        message: `${origin} sends answers and consent over plain http`,
        fix: `use ${origin.replace("http://", "https://")}`,
        ref: "GDPR art. 32(1)(a)",
      });
    }
  });
  if (!config.allowedOrigins.some((o) => o.startsWith("https://"))) {
    out.push({
      code: "no-https-origin",
      severity: "medium",
      path: "allowedOrigins",
      message: "no https origin is allowed: only development pages can send counts",
      fix: "add the site's https origin",
      ref: "GDPR art. 32",
    });
  }
}

/**
 * Assesses a checked site config. Findings come most severe first, then in config order.
 * @example
 * const high = assessSite(config).filter((f) => f.severity === "high");
 */
export function assessSite(config: SiteConfig): Finding[] {
  const out: Finding[] = [];
  const sensitive = assessQuestions(config, out);
  assessSegments(config, sensitive, out);
  assessCounting(config, out);
  assessConsent(config, out);
  assessOrigins(config, out);
  if (!config.controller) {
    out.push({
      code: "no-controller",
      severity: "medium",
      path: "controller",
      message: "the record of processing names no controller and no contact",
      fix: 'set "controller": { "name", "contact" } (and "dpo" where there is one)',
      ref: "GDPR art. 30(1)(a), art. 13(1)(a)",
    });
  }
  return out
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) => SEVERITIES.indexOf(a.f.severity) - SEVERITIES.indexOf(b.f.severity) || a.i - b.i,
    )
    .map(({ f }) => f);
}

/** True when any finding is "high": `npm run check-config` exits 1. */
export function hasHighFinding(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "high");
}

/** One block per finding, as `npm run check-config` prints them. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `    [${f.severity}] ${f.path}: ${f.message}.\n      Fix: ${f.fix}. (${f.ref})`)
    .join("\n");
}
