/**
 * @module
 * Parsing and checking a site config: the shape (shared/schema.ts), then what a shape cannot say
 * (ids unique and referenced, scales sane, rules compile and read only known questions, special
 * categories gated by explicit consent). Every problem names the field and the fix.
 * Used by the Worker at start-up and by `npm run check-config`.
 */
import * as v from "valibot";
import { declaredOverlaps, receiptLengthBound } from "./counting-keys.ts";
import {
  DEFAULT_SHARDS,
  EPSILON_DENOMINATOR,
  MAX_RECEIPT_LENGTH,
  MAX_SCALE_STEPS,
} from "./limits.ts";
import { checkpointPeriod, contributionBudget, isEpsilonExact } from "./privacy-budget.ts";
import { compileRule } from "./rules.ts";
import {
  type Question,
  type SiteConfig,
  SiteConfigSchema,
  type SPECIAL_CATEGORIES,
  type Text,
} from "./schema.ts";

/** One problem in a site config. */
export interface ConfigIssue {
  /** Where, as a path into the config: `questions[2].options[0].id`. */
  path: string;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  fix: string;
}

export type ConfigCheck = { ok: true; config: SiteConfig } | { ok: false; issues: ConfigIssue[] };

/** Words that betray a special category of data (GDPR art. 9(1)) in an id or a label. */
const SPECIAL_WORDS: Record<(typeof SPECIAL_CATEGORIES)[number], RegExp> = {
  health:
    /\b(health|medical|illness|disease|diagnos\w*|disabilit\w*|pregnan\w*|medication|gesundheit|krankheit|sant[eé]|maladie|salud|enfermedad)\b/i,
  religion: /\b(relig\w*|faith|church|mosque|synagogue|kirche|glaube|croyance|iglesia)\b/i,
  politics: /\b(politic\w*|party affiliation|vote|voting|partei|politique|pol[ií]tic[ao])\b/i,
  ethnicity: /\b(ethnic\w*|race|racial|ethnie|etnia|herkunft)\b/i,
  "sexual-orientation":
    /\b(sexual orientation|orientation|gay|lesbian|bisexual|lgbt\w*|sexualit\w*)\b/i,
  "sex-life": /\b(sex life|sexual activity)\b/i,
  genetic: /\b(genetic\w*|dna|genom\w*)\b/i,
  biometric: /\b(biometric\w*|fingerprint|face scan)\b/i,
  "trade-union": /\b(trade union|union member\w*|gewerkschaft|syndicat|sindicato)\b/i,
  philosophy: /\b(philosophical belief\w*|weltanschauung)\b/i,
};

function allTexts(text: Text | undefined): string[] {
  if (text === undefined) return [];
  return typeof text === "string" ? [text] : Object.values(text);
}

/**
 * The special category a question touches, declared (`category`) or detected in its id, label
 * or option labels. Detection is a safety net for configs written without `category`.
 */
export function specialCategoryOf(q: Question): string | undefined {
  if (q.category) return q.category;
  const words = [
    q.id.replace(/[-_]/g, " "),
    ...allTexts(q.label),
    ...(q.options ?? []).flatMap((o) => [o.id.replace(/[-_]/g, " "), ...allTexts(o.label)]),
  ].join(" \n ");
  for (const [category, re] of Object.entries(SPECIAL_WORDS)) if (re.test(words)) return category;
  return undefined;
}

/** The questions a rule reads through `{"var": "name"}` outside of iterator scopes. */
export function ruleVariables(rule: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(rule)) {
    for (const r of rule) ruleVariables(r, out);
  } else if (rule !== null && typeof rule === "object") {
    for (const [op, args] of Object.entries(rule)) {
      const list = Array.isArray(args) ? args : [args];
      if (op === "var" || op === "val") {
        const name = op === "var" ? list[0] : Array.isArray(list[0]) ? list[0][0] : list[0];
        if (typeof name === "string" && name !== "") out.add(name.split(".")[0] ?? name);
        else if (typeof name === "number") out.add(String(name));
        else ruleVariables(list[0], out);
      } else if (["some", "all", "none", "filter", "map", "reduce", "find"].includes(op)) {
        // Only the first argument reads the answers; the others read the current item.
        ruleVariables(list[0], out);
        if (op === "reduce") ruleVariables(list[2], out);
      } else {
        ruleVariables(list, out);
      }
    }
  }
  return out;
}

function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) twice.push(id);
    seen.add(id);
  }
  return twice;
}

function checkTexts(config: SiteConfig, issues: ConfigIssue[]): void {
  const locales = new Set(config.locales);
  if (!locales.has(config.defaultLocale)) {
    issues.push({
      path: "defaultLocale",
      message: `"${config.defaultLocale}" is not one of locales [${config.locales.join(", ")}]`,
      fix: `add "${config.defaultLocale}" to locales, or pick a default locale from them`,
    });
  }
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const [i, x] of value.entries()) visit(x, `${path}[${i}]`);
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "rule") continue;
        const p = path ? `${path}.${key}` : key;
        const isText = ["label", "description", "name", "title", "minLabel", "maxLabel"].includes(
          key,
        );
        if (isText && child && typeof child === "object" && !Array.isArray(child)) {
          const keys = Object.keys(child);
          if (!keys.includes(config.defaultLocale)) {
            issues.push({
              path: p,
              message: `has no text for the default locale "${config.defaultLocale}"`,
              fix: `add a "${config.defaultLocale}" entry`,
            });
          }
          for (const k of keys.filter((k) => !locales.has(k))) {
            issues.push({
              path: `${p}.${k}`,
              message: `locale "${k}" is not one of locales [${config.locales.join(", ")}]`,
              fix: `add "${k}" to locales or remove this text`,
            });
          }
        } else visit(child, p);
      }
    }
  };
  visit(config, "");
}

function checkQuestion(q: Question, i: number, config: SiteConfig, issues: ConfigIssue[]): void {
  const at = `questions[${i}]`;
  if (q.kind === "scale") {
    if (q.options !== undefined) {
      issues.push({
        path: `${at}.options`,
        message: "a scale has no options",
        fix: 'remove options, or use kind "single"',
      });
    }
    if (q.min === undefined || q.max === undefined || q.min >= q.max) {
      issues.push({
        path: `${at}.min`,
        message: "a scale needs integers min < max",
        fix: "set min and max, e.g. min: 1, max: 5",
      });
    } else if (q.max - q.min + 1 > MAX_SCALE_STEPS) {
      issues.push({
        path: `${at}.max`,
        message: `a scale has at most ${MAX_SCALE_STEPS} steps`,
        fix: `make max - min smaller than ${MAX_SCALE_STEPS}`,
      });
    }
  } else {
    if (!q.options || q.options.length < 2) {
      issues.push({
        path: `${at}.options`,
        message: `a ${q.kind}-choice question needs at least 2 options`,
        fix: "add options as { id, label }",
      });
    }
    if (q.min !== undefined || q.max !== undefined) {
      issues.push({
        path: `${at}.min`,
        message: "min and max are for scales only",
        fix: 'remove min and max, or use kind "scale"',
      });
    }
    for (const id of duplicates((q.options ?? []).map((o) => o.id))) {
      issues.push({
        path: `${at}.options`,
        message: `option id "${id}" is used twice`,
        fix: "give every option its own id",
      });
    }
  }
  const purpose =
    q.purpose === undefined ? undefined : config.purposes.find((p) => p.id === q.purpose);
  if (q.purpose !== undefined && !purpose) {
    issues.push({
      path: `${at}.purpose`,
      message: `no purpose "${q.purpose}"`,
      fix: "name one of the site's purposes",
    });
  }
  const category = specialCategoryOf(q);
  if (category !== undefined || q.sensitive) {
    const what = category
      ? `asks for special-category data (${category}, GDPR art. 9)`
      : "is marked sensitive";
    if (!q.sensitive) {
      issues.push({
        path: `${at}.sensitive`,
        message: `question "${q.id}" ${what} but is not marked sensitive`,
        fix: 'set "sensitive": true and tie it to a purpose with "explicit": true, or remove the question',
      });
    }
    if (!purpose?.explicit) {
      issues.push({
        path: `${at}.purpose`,
        message: `question "${q.id}" ${what} and needs a purpose with explicit consent`,
        fix: 'set "purpose" to a purpose with "explicit": true (GDPR art. 9(2)(a))',
      });
    }
  }
}

/**
 * Parses and checks a site config. Never throws for bad input.
 * @example
 * const r = checkSiteConfig(JSON.parse(text));
 * if (!r.ok) for (const i of r.issues) console.log(`${i.path}: ${i.message}. Fix: ${i.fix}`);
 */
export function checkSiteConfig(input: unknown): ConfigCheck {
  const parsed = v.safeParse(SiteConfigSchema, input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.issues.map((issue) => {
        const path = formatPath(issue.path);
        // A missing key of a strict object is a "strict_object" issue too: tell them apart by input.
        const missing = issue.input === undefined;
        const unknownKey = !missing && issue.type === "strict_object";
        return {
          path,
          message: unknownKey ? "is not a known field" : missing ? "is required" : issue.message,
          fix: unknownKey
            ? "remove it or check its spelling (see the site-config reference)"
            : missing
              ? "add it"
              : issue.expected
                ? `use a value that is ${issue.expected}`
                : "see the site-config reference in worker/README.md",
        };
      }),
    };
  }
  const config = parsed.output;
  const issues: ConfigIssue[] = [];
  for (const [list, name] of [
    [config.purposes.map((p) => p.id), "purposes"],
    [config.questions.map((q) => q.id), "questions"],
    [config.segments.map((s) => s.id), "segments"],
  ] as const) {
    for (const id of duplicates(list)) {
      issues.push({ path: name, message: `id "${id}" is used twice`, fix: "give each its own id" });
    }
  }
  if (config.allowedOrigins.length === 0) {
    issues.push({
      path: "allowedOrigins",
      message: "no origin may call the visitor API",
      fix: 'add the site\'s origin, e.g. "https://shop.example"',
    });
  }
  const counting = config.purposes.find((p) => p.id === config.countingPurpose);
  if (!counting) {
    issues.push({
      path: "countingPurpose",
      message: `no purpose "${config.countingPurpose}"`,
      fix: "name the purpose that allows counting",
    });
  } else if (counting.required) {
    issues.push({
      path: "countingPurpose",
      message: `purpose "${counting.id}" is required, but counting needs consent`,
      fix: 'set "required": false on it (DESIGN.md invariant 1)',
    });
  }
  if (config.retentionDays < config.windowDays) {
    issues.push({
      path: "retentionDays",
      message: `retention (${config.retentionDays} days) is shorter than the window (${config.windowDays} days)`,
      fix: `set retentionDays to at least ${config.windowDays}`,
    });
  }
  if (config.proof === "turnstile" && config.turnstileSiteKey === undefined) {
    issues.push({
      path: "turnstileSiteKey",
      message: 'is required with "proof": "turnstile"',
      fix: "add the sitekey of the Turnstile widget whose secret is the Worker's TURNSTILE_SECRET",
    });
  } else if (config.proof !== "turnstile" && config.turnstileSiteKey !== undefined) {
    issues.push({
      path: "turnstileSiteKey",
      message: 'is set, but "proof" is not "turnstile", so no Turnstile widget is shown',
      fix: 'remove it, or set "proof": "turnstile"',
    });
  }
  checkPrivacy(config, issues);
  config.questions.forEach((q, i) => {
    checkQuestion(q, i, config, issues);
  });
  const questionIds = new Set(config.questions.map((q) => q.id));
  config.segments.forEach((s, i) => {
    try {
      compileRule(s.rule);
    } catch (e) {
      issues.push({
        path: `segments[${i}].rule`,
        message: `does not compile: ${(e as Error).message}`,
        fix: 'write a JSON Logic rule over the answers, e.g. {"in": ["running", {"var": "interests"}]}',
      });
      return;
    }
    for (const name of ruleVariables(s.rule)) {
      if (!questionIds.has(name)) {
        issues.push({
          path: `segments[${i}].rule`,
          message: `reads "${name}", which is not a question`,
          fix: `use one of: ${[...questionIds].join(", ")}`,
        });
      }
    }
  });
  checkCounts(config, issues);
  checkTexts(config, issues);
  return issues.length ? { ok: false, issues } : { ok: true, config };
}

/**
 * Declared overlaps and breakdowns name segments of the site, each once (a pair in either order
 * is the same overlap), and the longest receipt still fits MAX_RECEIPT_LENGTH.
 */
function checkCounts(config: SiteConfig, issues: ConfigIssue[]): void {
  const ids = new Set(config.segments.map((s) => s.id));
  const pairs = new Set<string>();
  declaredOverlaps(config).forEach(([a, b], i) => {
    const at = `overlaps[${i}]`;
    for (const [j, id] of [a, b].entries()) {
      if (!ids.has(id)) {
        issues.push({
          path: `${at}[${j}]`,
          message: `no segment "${id}"`,
          fix: `name segments of this site: ${[...ids].join(", ") || "(none yet)"}`,
        });
      }
    }
    if (a === b) {
      issues.push({
        path: at,
        message: `pairs segment "${a}" with itself`,
        fix: "name two different segments",
      });
    }
    const key = [a, b].sort().join("\n");
    if (pairs.has(key)) {
      issues.push({
        path: at,
        message: `the overlap of "${a}" and "${b}" is declared twice`,
        fix: "declare each pair once (either order is the same overlap)",
      });
    }
    pairs.add(key);
  });
  const seen = new Set<string>();
  (config.breakdowns ?? []).forEach((id, i) => {
    if (!ids.has(id)) {
      issues.push({
        path: `breakdowns[${i}]`,
        message: `no segment "${id}"`,
        fix: `name segments of this site: ${[...ids].join(", ") || "(none yet)"}`,
      });
    }
    if (seen.has(id)) {
      issues.push({
        path: `breakdowns[${i}]`,
        message: `segment "${id}" is listed twice`,
        fix: "list each segment once",
      });
    }
    seen.add(id);
  });
  const receipt = receiptLengthBound(config);
  if (receipt > MAX_RECEIPT_LENGTH) {
    issues.push({
      path: "segments",
      message: `a contribution in every segment, overlap and option would get a receipt of ${receipt} characters, above ${MAX_RECEIPT_LENGTH}, and could not be withdrawn`,
      fix: "use fewer or shorter segment, question and option ids, fewer overlaps or fewer breakdowns",
    });
  }
}

/** Noise settings: an exact epsilon, retention for the checkpoints, and the budget cap. */
function checkPrivacy(config: SiteConfig, issues: ConfigIssue[]): void {
  if (!isEpsilonExact(config.dpEpsilon)) {
    issues.push({
      path: "dpEpsilon",
      message: `${config.dpEpsilon} is not a whole number of 1/${EPSILON_DENOMINATOR}`,
      fix: `round it to ${Math.round(config.dpEpsilon * EPSILON_DENOMINATOR) / EPSILON_DENOMINATOR}`,
    });
  }
  const needed = config.windowDays + checkpointPeriod(config.windowDays);
  if (!config.exactCounts && config.retentionDays < needed) {
    issues.push({
      path: "retentionDays",
      message: `with noise, retention (${config.retentionDays} days) must cover the window and a checkpoint period (${needed} days)`,
      fix: `set retentionDays to at least ${needed}, or "exactCounts": true`,
    });
  }
  const budget = contributionBudget(config);
  const cap = config.maxEpsilonPerContribution;
  if (budget && cap !== undefined && budget.perContribution > cap) {
    issues.push({
      path: "maxEpsilonPerContribution",
      message: `one contribution spends epsilon ${budget.perContribution} (${budget.perSegment} per count, ${budget.counts} counts: respondents, ${budget.segments} segments, options, overlaps, breakdowns), above the cap of ${cap}`,
      fix: `lower dpEpsilon to at most ${Math.floor((cap / budget.counts) * EPSILON_DENOMINATOR) / EPSILON_DENOMINATOR}, use fewer segments, options, overlaps or breakdowns, or raise the cap`,
    });
  }
}

function formatPath(path: readonly { key: unknown }[] | undefined): string {
  if (!path?.length) return "(config)";
  let out = "";
  for (const { key } of path)
    out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/** One line per issue, as `npm run check-config` prints them. */
/**
 * The longest daily series a marketer can read: audience(D) sums the window ending on D, and
 * only the `retentionDays` most recent days of counts are kept, so the oldest point whose whole
 * window is still kept is `retentionDays - windowDays + 1` days back (today included). A longer
 * series would show its first points too low, as if the audience were growing.
 */
export function seriesDaysMax(
  config: Pick<SiteConfig, "retentionDays" | "windowDays"> & { exactCounts?: boolean },
): number {
  // With noise a day's audience starts from the checkpoint before it (shared/privacy-budget.ts),
  // whose own window must still be kept: a checkpoint period fewer days.
  const extra = config.exactCounts === false ? checkpointPeriod(config.windowDays) : 0;
  return Math.max(1, config.retentionDays - config.windowDays - extra + 1);
}

/**
 * Why `next` may not replace `previous` (the stored or earlier config of the same site), if it
 * lowers `shards`: a site's counter objects are only ever added (worker/counting/shards.ts), since
 * the counts, spent receipts and idempotency keys in an object dropped from the count would be
 * read by nobody, and a receipt spent there could be spent again. Raising is always fine.
 */
export function shardsLowered(
  previous: { shards?: number | undefined } | undefined,
  next: { shards?: number | undefined },
): ConfigIssue | undefined {
  if (previous === undefined) return undefined;
  const before = previous.shards ?? DEFAULT_SHARDS;
  const after = next.shards ?? DEFAULT_SHARDS;
  if (after >= before) return undefined;
  return {
    path: "shards",
    message: `is ${after}, below the ${before} counter objects the site has; shards can be raised, never lowered`,
    fix: `set "shards" to ${before} or more`,
  };
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `  ${i.path}: ${i.message}.\n    Fix: ${i.fix}.`).join("\n");
}

/** The public part of a config (GET /v1/sites/:site/config). */
export function publicConfig(config: SiteConfig) {
  const {
    id,
    marketerTokenSha256: _m,
    ownerTokenSha256: _o,
    shards: _shards,
    proofDifficulty: _proof,
    ...rest
  } = config;
  return { site: id, ...rest };
}
