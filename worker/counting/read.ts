/**
 * @module
 * The marketer read path (DESIGN.md "Counting model", invariant 5), shared by the JSON and CSV
 * routes and the dashboard: sums every shard's daily buckets, works out the audience of each day
 * (live contributions made in the window ending that day), adds stable Laplace noise when the
 * site sets an epsilon, and only then suppresses every count below k (zero included) as null.
 */
import type {
  SegmentAudience,
  SegmentsResponse,
  SeriesPoint,
  SiteConfig,
} from "../../shared/schema.ts";
import { seriesDaysMax } from "../../shared/site-config.ts";
import { textIn } from "../../shared/text.ts";
import { dayOf, isoDay } from "./day.ts";
import type { Keys } from "./keys.ts";
import { noisy } from "./noise.ts";
import { shardStub } from "./shards.ts";

export interface ReadOptions {
  /**
   * The series' first and last day (day numbers, UTC; worker/counting/day.ts). Both are kept
   * within the days that can be read: from `oldestSeriesDay` to today. Default: `to` today,
   * `from` so that the series has `days` days.
   */
  from?: number;
  to?: number;
  /** Days in the series when `from` is not given (default: the site's window). */
  days?: number;
  /** Only these segment ids (default: all, in config order). Unknown ids are ignored. */
  segments?: readonly string[];
  /** The instant "today" is taken from (epoch ms; default now). */
  now?: number;
}

/**
 * The oldest day a series may start on: its audience sums the window ending on it, and only the
 * `retentionDays` most recent days of counts are kept (seriesDaysMax, shared/site-config.ts).
 */
export function oldestSeriesDay(config: SiteConfig, today: number): number {
  return today - seriesDaysMax(config) + 1;
}

/**
 * Audiences of a site's segments, exactly as GET /v1/sites/:site/segments answers them.
 * `keys` (from `c.var.keys`) seed the noise; needed only when the site sets `dpEpsilon`.
 * @example const body = await readAudiences(c.env, c.var.config, { days: 14 }, c.var.keys);
 */
export async function readAudiences(
  env: Pick<Env, "COUNTER">,
  config: SiteConfig,
  options: ReadOptions = {},
  keys?: Keys,
): Promise<SegmentsResponse> {
  const today = dayOf(options.now ?? Date.now());
  const oldest = oldestSeriesDay(config, today);
  const last = Math.min(today, Math.max(oldest, options.to ?? today));
  const days = Math.max(1, Math.floor(options.days ?? config.windowDays));
  const first = Math.max(oldest, Math.min(last, options.from ?? last - days + 1));
  const wanted = options.segments ? new Set(options.segments) : undefined;
  const segments = config.segments.filter((s) => !wanted || wanted.has(s.id));
  const ids = segments.map((s) => s.id);
  // Audience on `first` needs the window of days before it.
  const from = first - config.windowDays + 1;

  const net = new Map<string, Map<number, { added: number; removed: number }>>(
    ids.map((id) => [id, new Map()]),
  );
  const shards = await Promise.all(
    Array.from({ length: config.shards }, (_, i) =>
      shardStub(env, config.id, i).buckets(from, last, ids),
    ),
  );
  for (const rows of shards) {
    for (const { day, segment, added, removed } of rows) {
      const byDay = net.get(segment);
      if (!byDay) continue;
      const cell = byDay.get(day) ?? { added: 0, removed: 0 };
      cell.added += added;
      cell.removed += removed;
      byDay.set(day, cell);
    }
  }

  const epsilon = config.dpEpsilon;
  if (epsilon !== undefined && !keys) throw new Error("readAudiences: keys are needed for noise");
  const release = async (count: number, segment: string, day: string, measure: string) => {
    const value =
      epsilon !== undefined && keys
        ? await noisy(keys, epsilon, count, { site: config.id, segment, day, measure })
        : count;
    // Suppression after noise: nothing below k is ever shown, zero included.
    return value >= config.k ? value : null;
  };

  const out: SegmentAudience[] = [];
  for (const s of segments) {
    const byDay = net.get(s.id) ?? new Map();
    const netOf = (d: number) => {
      const c = byDay.get(d);
      return c ? c.added - c.removed : 0;
    };
    let live = 0;
    for (let d = from; d < first; d++) live += netOf(d);
    const series: SeriesPoint[] = [];
    for (let d = first; d <= last; d++) {
      live += netOf(d) - (d - config.windowDays >= from ? netOf(d - config.windowDays) : 0);
      const cell = byDay.get(d) ?? { added: 0, removed: 0 };
      const day = isoDay(d);
      const audience = await release(Math.max(0, live), s.id, day, "audience");
      series.push({
        day,
        audience,
        added: await release(cell.added, s.id, day, "added"),
        removed: await release(cell.removed, s.id, day, "removed"),
        suppressed: audience === null,
      });
    }
    const end = series[series.length - 1];
    out.push({
      id: s.id,
      label: textIn(s.label, config.defaultLocale, config.defaultLocale),
      audience: end?.audience ?? null,
      suppressed: end?.suppressed ?? true,
      series,
    });
  }
  return {
    site: config.id,
    window: config.windowDays,
    k: config.k,
    day: isoDay(last),
    noise: epsilon !== undefined,
    segments: out,
  };
}
