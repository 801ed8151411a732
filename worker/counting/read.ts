/**
 * @module
 * The marketer read path (DESIGN.md "Counting model", invariant 5), shared by the JSON and CSV
 * routes and the dashboard. With noise (the default) it shows closed days only, each number a
 * post-processing of cells noised once and kept (release.ts), and suppresses every noisy count
 * below k. In exact mode (`exactCounts`) it shows the true counts through today, suppresses
 * below k, and also withholds `added`/`removed` wherever they and the shown audiences would
 * give a held-back number by subtraction, and counts that identities between counts would give
 * away (complementary suppression, complementary.ts).
 *
 * Every count is a key of shared/counting-keys.ts: a segment, the respondents (`*`), an option,
 * a declared overlap, an option within a breakdown segment. One read of any of them (segments,
 * answers, a comparison, or all at once: readCounts) makes one flow call per shard, or, with
 * noise, one call to shard 0 for the kept cells (and the flows only when cells are missing).
 * Shares and changes are post-processing of shown audiences: they reveal nothing more.
 */
import {
  breakdownKey,
  declaredOverlaps,
  optionKey,
  overlapKey,
  questionEntries,
  RESPONDENTS_KEY,
} from "../../shared/counting-keys.ts";
import { SHARE_DECIMALS } from "../../shared/limits.ts";
import type {
  AnswersResponse,
  Change,
  Comparison,
  QuestionAnswers,
  Respondents,
  SegmentAudience,
  SegmentsResponse,
  SeriesPoint,
  SiteConfig,
  Text,
} from "../../shared/schema.ts";
import { seriesDaysMax } from "../../shared/site-config.ts";
import { textIn } from "../../shared/text.ts";
import { RELEASE_DELAY_MS } from "../limits.ts";
import { type DayCells, keyCells, parseFlows } from "./cells.ts";
import { identitiesOf, protect } from "./complementary.ts";
import { dayOf, isoDay } from "./day.ts";
import { allFlows, noisyDays } from "./release.ts";
import { unusualDays } from "./spikes.ts";
import { ensureSyntheticHistory } from "./synthetic.ts";

export interface ReadOptions {
  /**
   * The series' first and last day (day numbers, UTC; worker/counting/day.ts). Both are kept
   * within the days that can be read: from `oldestSeriesDay` to `lastReadableDay`. Default:
   * `to` the last readable day, `from` so that the series has `days` days.
   */
  from?: number;
  to?: number;
  /** Days in the series when `from` is not given (default: the site's window). */
  days?: number;
  /** Only these segment ids (default: all, in config order). Unknown ids are ignored. */
  segments?: readonly string[];
  /**
   * Segment ids to put side by side (the route checks 2 to 4 known, distinct ids): the answer
   * lists these segments in this order and has `comparison`.
   */
  compare?: readonly string[];
  /** The instant "today" is taken from (epoch ms; default now). */
  now?: number;
}

/** The last day a marketer may see: yesterday with noise (nothing of the open day), else today. */
export function lastReadableDay(config: SiteConfig, today: number): number {
  return config.exactCounts ? today : today - 1;
}

/**
 * The oldest day a series may start on: its audience needs the window (and, with noise, the
 * checkpoint period) before it, and only the `retentionDays` most recent days are kept
 * (seriesDaysMax, shared/site-config.ts).
 */
export function oldestSeriesDay(config: SiteConfig, today: number): number {
  return lastReadableDay(config, today) - seriesDaysMax(config) + 1;
}

type CounterEnv = Pick<Env, "COUNTER"> & { DEMO_HISTORY?: string };

/** The period a read shows, resolved within what can be read. */
function periodOf(config: SiteConfig, options: ReadOptions): { first: number; last: number } {
  const now = options.now ?? Date.now();
  const today = dayOf(now);
  // With noise, yesterday is released only RELEASE_DELAY_MS after midnight (writes in flight).
  const lastReadable = config.exactCounts
    ? today
    : Math.min(lastReadableDay(config, today), dayOf(now - RELEASE_DELAY_MS) - 1);
  const oldest = Math.min(oldestSeriesDay(config, today), lastReadable);
  const last = Math.max(oldest, Math.min(lastReadable, options.to ?? lastReadable));
  const days = Math.max(1, Math.floor(options.days ?? config.windowDays));
  const first = Math.max(oldest, Math.min(last, options.from ?? last - days + 1));
  return { first, last };
}

/** Every key a config counts (exact mode reads them all, so suppression is the same everywhere). */
export function configKeys(config: SiteConfig): string[] {
  const options = config.questions.flatMap((q) =>
    questionEntries(q).map((e) => optionKey(q.id, e.id)),
  );
  return [
    RESPONDENTS_KEY,
    ...config.segments.map((s) => s.id),
    ...declaredOverlaps(config).map(([a, b]) => overlapKey(a, b)),
    ...options,
    ...(config.breakdowns ?? []).flatMap((b) => options.map((o) => `${b}|${o}`)),
  ];
}

/**
 * The shown series of `keys` over [first, last]: noisy released cells suppressed below k, or
 * exact counts with complementary suppression; `unusual` flags set (spikes.ts).
 */
async function shownSeries(
  env: CounterEnv,
  config: SiteConfig,
  keys: readonly string[],
  first: number,
  last: number,
): Promise<Map<string, SeriesPoint[]>> {
  const k = config.k;
  const series = new Map<string, SeriesPoint[]>();
  if (config.exactCounts) {
    // The day before `first` too: whether its audience is held back decides `first`'s flows.
    // Every key of the config, whatever is asked: an identity's counts decide each other's
    // suppression, which must not depend on what a read asks for.
    const flows = parseFlows(await allFlows(env, config, first - config.windowDays - 2, last));
    const all = configKeys(config);
    const cells = keyCells(flows, all, config.windowDays, first - 1, last);
    const exact = exactSeriesOf(config, cells, first, last);
    for (const key of keys) series.set(key, exact.get(key) ?? []);
  } else {
    const noisy = await noisyDays(env, config, keys, first, last);
    const shown = (n: number) => (n >= k ? n : null);
    for (const key of keys) {
      const points: SeriesPoint[] = [];
      for (let d = first; d <= last; d++) {
        const p = noisy.get(key)?.get(d) ?? { added: 0, removed: 0, audience: 0 };
        const audience = shown(p.audience);
        points.push({
          day: isoDay(d),
          audience,
          added: shown(p.added),
          removed: shown(p.removed),
          suppressed: audience === null,
          unusual: false,
        });
      }
      series.set(key, points);
    }
  }
  for (const points of series.values()) {
    // Post-processing of what is shown (spikes.ts): flags reveal nothing the series does not.
    const flags = unusualDays(points, k);
    points.forEach((p, i) => {
      p.unusual = flags[i] ?? false;
    });
  }
  return series;
}

/** `a / b` rounded to SHARE_DECIMALS within 0..1; null when either is held back or b is 0. */
export function shareOf(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b <= 0) return null;
  const f = 10 ** SHARE_DECIMALS;
  return Math.min(1, Math.max(0, Math.round((a / b) * f) / f));
}

/**
 * From one shown audience to another: `absolute` = last - first, `relative` = absolute / first
 * rounded to SHARE_DECIMALS; null when either is held back, `relative` also when first is 0.
 */
export function delta(
  first: number | null,
  last: number | null,
): { absolute: number | null; relative: number | null } {
  if (first === null || last === null) return { absolute: null, relative: null };
  const absolute = last - first;
  const f = 10 ** SHARE_DECIMALS;
  return { absolute, relative: first === 0 ? null : Math.round((absolute / first) * f) / f };
}

/** The change over a shown series: first and last day as shown, and what follows from them. */
export function changeOf(points: readonly SeriesPoint[], from: number, to: number): Change {
  const first = points[0]?.audience ?? null;
  const last = points[points.length - 1]?.audience ?? null;
  return { from: isoDay(from), to: isoDay(to), first, last, ...delta(first, last) };
}

/** The measures of one count: its last shown audience, share, change and series. */
function measureOf(
  points: SeriesPoint[],
  of: number | null,
  first: number,
  last: number,
): {
  audience: number | null;
  suppressed: boolean;
  share: number | null;
  change: Change;
  series: SeriesPoint[];
} {
  const end = points[points.length - 1];
  const audience = end?.audience ?? null;
  return {
    audience,
    suppressed: end?.suppressed ?? true,
    share: shareOf(audience, of),
    change: changeOf(points, first, last),
    series: points,
  };
}

/** What a read is for: which parts of the answers to build. */
export interface ReadParts {
  segments?: boolean;
  answers?: boolean;
}

/** Segments, answers, or both from one read of their counts. */
export interface Counts {
  segments?: SegmentsResponse;
  answers?: AnswersResponse;
}

/**
 * Segments and answers (the dashboard's read) from one read of every count they need: one
 * flow call per shard, or with noise one kept-cells call to shard 0.
 * @example const { segments, answers } = await readCounts(env, config, { days: 30 }, { segments: true, answers: true });
 */
export async function readCounts(
  env: CounterEnv,
  config: SiteConfig,
  options: ReadOptions = {},
  parts: ReadParts = { segments: true },
): Promise<Counts> {
  const today = dayOf(options.now ?? Date.now());
  await ensureSyntheticHistory(env, config, today);
  const { first, last } = periodOf(config, options);
  const label: Label = (t) => textIn(t, config.defaultLocale, config.defaultLocale);

  const compare = options.compare;
  const wanted = compare ? new Set(compare) : options.segments && new Set(options.segments);
  const segments = compare
    ? compare.flatMap((id) => config.segments.filter((s) => s.id === id))
    : config.segments.filter((s) => !wanted || wanted.has(s.id));
  const overlaps = compare
    ? declaredOverlaps(config).filter(([a, b]) => compare.includes(a) && compare.includes(b))
    : [];
  const breakdowns = compare ? compare.filter((id) => config.breakdowns?.includes(id)) : [];
  const optionKeys = (within?: string) =>
    config.questions.flatMap((q) =>
      questionEntries(q).map((e) =>
        within === undefined ? optionKey(q.id, e.id) : breakdownKey(within, q.id, e.id),
      ),
    );

  const keys = [RESPONDENTS_KEY];
  if (parts.segments) {
    keys.push(...segments.map((s) => s.id), ...overlaps.map(([a, b]) => overlapKey(a, b)));
    for (const b of breakdowns) keys.push(...optionKeys(b));
  }
  if (parts.answers) keys.push(...optionKeys());
  const series = await shownSeries(env, config, keys, first, last);
  const points = (key: string) => series.get(key) ?? [];

  const respondentsPoints = points(RESPONDENTS_KEY);
  const all = measureOf(respondentsPoints, null, first, last);
  const respondents: Respondents = {
    audience: all.audience,
    suppressed: all.suppressed,
    series: all.series,
    change: all.change,
  };
  const base = {
    site: config.id,
    window: config.windowDays,
    k: config.k,
    day: isoDay(last),
    noise: !config.exactCounts,
    respondents,
  };

  /** The answer distributions, option shares over `total`'s audience. */
  const questionsWithin = (total: number | null, within?: string): QuestionAnswers[] =>
    config.questions.map((q) => ({
      id: q.id,
      label: label(q.label),
      kind: q.kind,
      options: questionEntries(q).map((e) => {
        const key = within === undefined ? optionKey(q.id, e.id) : breakdownKey(within, q.id, e.id);
        const option = q.options?.find((o) => o.id === e.id);
        return {
          id: e.id,
          label: option ? label(option.label) : scaleLabel(q, e.value ?? 0, label),
          ...(e.value === undefined ? {} : { value: e.value }),
          ...measureOf(points(key), total, first, last),
        };
      }),
    }));

  const out: Counts = {};
  if (parts.segments) {
    const audiences: SegmentAudience[] = segments.map((s) => ({
      id: s.id,
      label: label(s.label),
      ...measureOf(points(s.id), respondents.audience, first, last),
    }));
    const body: SegmentsResponse = { ...base, segments: audiences };
    if (compare) {
      const audienceOf = (id: string) => audiences.find((a) => a.id === id)?.audience ?? null;
      const comparison: Comparison = {
        segments: [...compare],
        overlaps: overlaps.map(([a, b]) => {
          const m = measureOf(points(overlapKey(a, b)), respondents.audience, first, last);
          const names = [a, b].map((id) => label(config.segments.find((s) => s.id === id)?.label));
          return {
            segments: [a, b],
            label: `${names[0]} and ${names[1]}`,
            audience: m.audience,
            suppressed: m.suppressed,
            share: m.share,
            shareOf: [shareOf(m.audience, audienceOf(a)), shareOf(m.audience, audienceOf(b))],
            change: m.change,
            series: m.series,
          };
        }),
        answers: compare.map((id) => {
          const counted = breakdowns.includes(id);
          return {
            segment: id,
            counted,
            questions: counted ? questionsWithin(audienceOf(id), id) : [],
          };
        }),
      };
      body.comparison = comparison;
    }
    out.segments = body;
  }
  if (parts.answers) {
    out.answers = { ...base, questions: questionsWithin(respondents.audience) };
  }
  return out;
}

/** A scale value's label: the number, and at the ends the scale's own words. */
function scaleLabel(q: SiteConfig["questions"][number], value: number, label: Label): string {
  const words = value === q.min ? q.minLabel : value === q.max ? q.maxLabel : undefined;
  return words === undefined ? String(value) : `${value} (${label(words)})`;
}

type Label = (t: Text | undefined) => string;

/**
 * Audiences of a site's segments, exactly as GET /v1/sites/:site/segments answers them.
 * @example const body = await readAudiences(c.env, c.var.config, { days: 14 });
 */
export async function readAudiences(
  env: CounterEnv,
  config: SiteConfig,
  options: ReadOptions = {},
): Promise<SegmentsResponse> {
  const { segments } = await readCounts(env, config, options, { segments: true });
  if (!segments) throw new Error("readCounts answered no segments");
  return segments;
}

/** Answer distributions, exactly as GET /v1/sites/:site/answers answers them. */
export async function readAnswers(
  env: CounterEnv,
  config: SiteConfig,
  options: ReadOptions = {},
): Promise<AnswersResponse> {
  const { answers } = await readCounts(env, config, options, { answers: true });
  if (!answers) throw new Error("readCounts answered no answers");
  return answers;
}

/**
 * Exact points with complementary suppression, for every key of the config: below k held
 * back; then, day by day, the identities between counts (complementary.ts) on the audiences;
 * then a day's `added` and `removed` only when both audiences beside them and both of them are
 * at least k (audience(t) - audience(t-1) = added(t) - removed(t)); then the identities again
 * on the flows. Every identity of one count's series (and every sum of them over a run of days)
 * then holds either no held-back number or at least two.
 */
export function exactSeriesOf(
  config: SiteConfig,
  cells: Map<string, Map<number, DayCells>>,
  first: number,
  last: number,
): Map<string, SeriesPoint[]> {
  const k = config.k;
  const ids = identitiesOf(config);
  const zero: DayCells = { added: 0, removed: 0, audience: 0 };
  const at = (key: string, d: number) => cells.get(key)?.get(d) ?? zero;
  const keys = [...cells.keys()];
  const audienceShown = new Map<number, Set<string>>();
  for (let d = first - 1; d <= last; d++) {
    const shown = new Set(keys.filter((key) => at(key, d).audience >= k));
    protect(ids, [0], (key) => at(key, d).audience, shown, k);
    audienceShown.set(d, shown);
  }
  const flowsShown = new Map<number, Set<string>>();
  for (let d = first; d <= last; d++) {
    const today = audienceShown.get(d) ?? new Set();
    const before = audienceShown.get(d - 1) ?? new Set();
    const shown = new Set(
      keys.filter((key) => {
        const c = at(key, d);
        return today.has(key) && before.has(key) && c.added >= k && c.removed >= k;
      }),
    );
    protect(ids, [0, 1], (key, m) => (m === 0 ? at(key, d).added : at(key, d).removed), shown, k);
    flowsShown.set(d, shown);
  }
  const out = new Map<string, SeriesPoint[]>();
  for (const key of keys) {
    const points: SeriesPoint[] = [];
    for (let d = first; d <= last; d++) {
      const c = at(key, d);
      const audience = audienceShown.get(d)?.has(key) ?? false;
      const flows = flowsShown.get(d)?.has(key) ?? false;
      points.push({
        day: isoDay(d),
        audience: audience ? c.audience : null,
        added: flows ? c.added : null,
        removed: flows ? c.removed : null,
        suppressed: !audience,
        unusual: false,
      });
    }
    out.set(key, points);
  }
  return out;
}

/**
 * One count's exact points with the per-series complementary suppression alone (no other
 * counts): audience(t) - audience(t-1) = added(t) - removed(t), so `added` and `removed` of a
 * day are shown only when both audiences beside them and both of them are at least k.
 */
export function exactSeries(
  cells: Map<number, DayCells>,
  first: number,
  last: number,
  k: number,
): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  const at = (d: number): DayCells => cells.get(d) ?? { added: 0, removed: 0, audience: 0 };
  for (let d = first; d <= last; d++) {
    const c = at(d);
    const audienceShown = c.audience >= k;
    const flowsShown = audienceShown && at(d - 1).audience >= k && c.added >= k && c.removed >= k;
    points.push({
      day: isoDay(d),
      audience: audienceShown ? c.audience : null,
      added: flowsShown ? c.added : null,
      removed: flowsShown ? c.removed : null,
      suppressed: !audienceShown,
      unusual: false,
    });
  }
  return points;
}
