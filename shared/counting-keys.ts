/**
 * @module
 * What one contribution is counted in (issue 14; DESIGN.md "Counting model", invariants 2, 3, 5).
 * Besides its segments, a contribution is in implicit segments, each counted in the same flow
 * rows and released cells, with the same noise, suppression and release rules:
 * - `*`: the respondents, every contribution whether or not it is in any segment;
 * - `question=option` (`question=3` for a scale's value): the contributions that chose it;
 * - `a&b`: a declared overlap (config `overlaps`), a segment with the rule "in a and in b";
 * - `segment|question=option`: an option within a declared breakdown segment (`breakdowns`).
 * Segment ids never hold `* = & |` (shared/schema.ts IdSchema), so no key is ever mistaken for
 * another. Only these keys are counted, never an answer; the answers are dropped after this.
 *
 * The sensitivity of the released counts follows: one contribution is in at most
 * `countsPerContribution(config).total` counts, which shared/privacy-budget.ts multiplies by
 * the epsilon per count. Pure: ES2022 only.
 */
import type { Answer, Question, SiteConfig } from "./schema.ts";

/** The respondents' key: every contribution is in it. */
export const RESPONDENTS_KEY = "*";

export const optionKey = (question: string, option: string): string => `${question}=${option}`;
export const overlapKey = (a: string, b: string): string => `${a}&${b}`;
export const breakdownKey = (segment: string, question: string, option: string): string =>
  `${segment}|${optionKey(question, option)}`;

/**
 * A counting key as receipts and flow rows carry it: a segment id, `*`, or one of the implicit
 * keys above (each part an id, or a scale value in decimal).
 */
export const COUNTING_KEY_PATTERN =
  /^(\*|[a-z0-9][a-z0-9_-]{0,63}(&[a-z0-9][a-z0-9_-]{0,63}|(\|[a-z0-9][a-z0-9_-]{0,63})?=(-?\d{1,16}|[a-z0-9][a-z0-9_-]{0,63}))?)$/;

/** The declared overlaps as pairs (the schema checks each has two ids). */
export function declaredOverlaps(config: Pick<SiteConfig, "overlaps">): [string, string][] {
  return (config.overlaps ?? []).map(([a = "", b = ""]) => [a, b]);
}

/** One entry of a question's distribution: an option, or a value of a scale. */
export interface QuestionEntry {
  /** The option id, or the scale value in decimal. */
  id: string;
  /** A scale's value. */
  value?: number;
}

/** The entries of a question, in order: its options, or every value of a scale min..max. */
export function questionEntries(q: Question): QuestionEntry[] {
  if (q.kind === "scale") {
    const out: QuestionEntry[] = [];
    for (let x = q.min ?? 0; x <= (q.max ?? -1); x++) out.push({ id: String(x), value: x });
    return out;
  }
  return (q.options ?? []).map((o) => ({ id: o.id }));
}

/** How many entries of `q` one answer can select: one, or every option of a multiple choice. */
export function maxSelected(q: Question): number {
  return q.kind === "multiple" ? (q.options ?? []).length : 1;
}

/** The option keys of validated answers (shared/assignment.ts), in config order. */
export function answerKeys(config: SiteConfig, answers: Record<string, Answer>): string[] {
  const out: string[] = [];
  for (const q of config.questions) {
    const a = answers[q.id];
    if (a === undefined) continue;
    if (q.kind === "multiple") {
      const chosen = new Set(Array.isArray(a) ? a : []);
      for (const o of q.options ?? []) if (chosen.has(o.id)) out.push(optionKey(q.id, o.id));
    } else {
      out.push(optionKey(q.id, String(a)));
    }
  }
  return out;
}

/**
 * Every key one contribution is counted in: respondents, its segments (in config order, as
 * assignSegments gives them), the declared overlaps it is in, its options, and its options again
 * within each declared breakdown segment it is in. Deterministic: the same answers under the same
 * config give the same list (idempotent retries re-sign the same receipt).
 */
export function countedKeys(
  config: SiteConfig,
  answers: Record<string, Answer>,
  segments: readonly string[],
): string[] {
  const inSegment = new Set(segments);
  const options = answerKeys(config, answers);
  const keys = [RESPONDENTS_KEY, ...segments];
  for (const [a, b] of declaredOverlaps(config)) {
    if (inSegment.has(a) && inSegment.has(b)) keys.push(overlapKey(a, b));
  }
  keys.push(...options);
  for (const s of config.breakdowns ?? []) {
    if (inSegment.has(s)) for (const o of options) keys.push(`${s}|${o}`);
  }
  return keys;
}

/** The segment ids among counted keys (what the visitor's device is told it is in). */
export function segmentsOf(keys: readonly string[]): string[] {
  return keys.filter((k) => /^[a-z0-9][a-z0-9_-]*$/.test(k));
}

/** The parts of a config the sensitivity depends on (no questions: none are asked). */
export type BudgetShape = Pick<SiteConfig, "segments" | "overlaps" | "breakdowns"> & {
  questions?: SiteConfig["questions"];
};

/** In how many counts of each kind one contribution can be at most (the sensitivity). */
export interface CountsPerContribution {
  respondents: number;
  segments: number;
  overlaps: number;
  options: number;
  breakdowns: number;
  total: number;
}

/**
 * The most counts one contribution can be in under `config`: respondents (1), every segment
 * (rules are arbitrary, so any contribution could be in all), every declared overlap, the most
 * options its answers can select (one per single-choice question and scale, every option of a
 * multiple choice), and those options again per declared breakdown.
 */
export function countsPerContribution(config: BudgetShape): CountsPerContribution {
  const segments = config.segments.length;
  const overlaps = config.overlaps?.length ?? 0;
  const options = (config.questions ?? []).reduce((n, q) => n + maxSelected(q), 0);
  const breakdowns = (config.breakdowns?.length ?? 0) * options;
  return {
    respondents: 1,
    segments,
    overlaps,
    options,
    breakdowns,
    total: 1 + segments + overlaps + options + breakdowns,
  };
}

/** How many counts of each kind there are under `config` (the record of processing). */
export function countsKept(config: BudgetShape): Omit<CountsPerContribution, "total"> {
  const options = (config.questions ?? []).reduce((n, q) => n + questionEntries(q).length, 0);
  return {
    respondents: 1,
    segments: config.segments.length,
    overlaps: config.overlaps?.length ?? 0,
    options,
    breakdowns: (config.breakdowns?.length ?? 0) * options,
  };
}

/**
 * The longest receipt a contribution under `config` can get (worker/counting/receipts.ts signs
 * `base64url(JSON{v,site,seg,day,n,exp,sh}) "." base64url(HMAC-SHA256)`, `seg` being its counted
 * keys): the config check keeps it within MAX_RECEIPT_LENGTH, so that every visitor can replace
 * and withdraw what was counted. The worst case: every segment, overlap and multiple-choice option,
 * the longest option of every other question, and those per breakdown.
 */
export function receiptLengthBound(config: Pick<SiteConfig, "id"> & BudgetShape): number {
  const quoted = (k: string) => k.length + 3; // the quotes and a comma
  const options: string[] = [];
  for (const q of config.questions ?? []) {
    const keys = questionEntries(q).map((e) => optionKey(q.id, e.id));
    if (q.kind === "multiple") options.push(...keys);
    else if (keys.length > 0) options.push(keys.reduce((a, b) => (b.length > a.length ? b : a)));
  }
  let seg = 2 + quoted(RESPONDENTS_KEY);
  for (const s of config.segments) seg += quoted(s.id);
  for (const [a, b] of declaredOverlaps(config)) seg += quoted(overlapKey(a, b));
  for (const o of options) seg += quoted(o);
  for (const s of config.breakdowns ?? []) for (const o of options) seg += quoted(`${s}|${o}`);
  // {"v":1,"site":"…","seg":…,"day":…,"n":"…","exp":…,"sh":…}: the day, nonce (at most 64
  // characters), expiry and shard at their longest.
  const payload = 60 + config.id.length + seg + 16 + 64 + 16 + 3;
  return Math.ceil((payload * 4) / 3) + 1 + 43;
}
