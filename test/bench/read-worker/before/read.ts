// The segments read as it was before issue 14 (git show 23da3b0:worker/counting/read.ts), kept
// verbatim but for its imports, so that `npm run bench -- reads` times today's read in the same
// run as the new one. Not used by the Worker.
/**
 * @module
 * The marketer read path (DESIGN.md "Counting model", invariant 5), shared by the JSON and CSV
 * routes and the dashboard. With noise (the default) it shows closed days only, each number a
 * post-processing of cells noised once and kept (release.ts), and suppresses every noisy count
 * below k. In exact mode (`exactCounts`) it shows the true counts through today, suppresses
 * below k, and also withholds `added`/`removed` wherever they and the shown audiences would
 * give a held-back number by subtraction (complementary suppression).
 */
import type { SeriesPoint, SiteConfig } from "../../../../shared/schema.ts";

/** The answer of the time (before respondents, shares and changes). */
type SegmentAudience = {
  id: string;
  label: string;
  audience: number | null;
  suppressed: boolean;
  series: SeriesPoint[];
};
type SegmentsResponse = {
  site: string;
  window: number;
  k: number;
  day: string;
  noise: boolean;
  segments: SegmentAudience[];
};

import { seriesDaysMax } from "../../../../shared/site-config.ts";
import { textIn } from "../../../../shared/text.ts";
import { dayOf, isoDay } from "../../../../worker/counting/day.ts";
import { unusualDays } from "../../../../worker/counting/spikes.ts";
import { ensureSyntheticHistory } from "../../../../worker/counting/synthetic.ts";
import { RELEASE_DELAY_MS } from "../../../../worker/limits.ts";
import { type DayCells, parseFlows, segmentCells } from "./cells.ts";
import { allFlows, noisyDays } from "./release.ts";

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

/** The released numbers of one segment and day before suppression. */
type Point = { added: number; removed: number; audience: number };

/**
 * Audiences of a site's segments, exactly as GET /v1/sites/:site/segments answers them.
 * @example const body = await readAudiences(c.env, c.var.config, { days: 14 });
 */
export async function readAudiences(
  env: Pick<Env, "COUNTER"> & { DEMO_HISTORY?: string },
  config: SiteConfig,
  options: ReadOptions = {},
): Promise<SegmentsResponse> {
  const now = options.now ?? Date.now();
  const today = dayOf(now);
  await ensureSyntheticHistory(env, config, today);
  // With noise, yesterday is released only RELEASE_DELAY_MS after midnight (writes in flight).
  const lastReadable = config.exactCounts
    ? today
    : Math.min(lastReadableDay(config, today), dayOf(now - RELEASE_DELAY_MS) - 1);
  const oldest = Math.min(oldestSeriesDay(config, today), lastReadable);
  const last = Math.max(oldest, Math.min(lastReadable, options.to ?? lastReadable));
  const days = Math.max(1, Math.floor(options.days ?? config.windowDays));
  const first = Math.max(oldest, Math.min(last, options.from ?? last - days + 1));
  const wanted = options.segments ? new Set(options.segments) : undefined;
  const segments = config.segments.filter((s) => !wanted || wanted.has(s.id));
  const ids = segments.map((s) => s.id);
  const k = config.k;
  const shown = (n: number) => (n >= k ? n : null);

  const series = new Map<string, SeriesPoint[]>();
  if (config.exactCounts) {
    // The day before `first` too: whether its audience is held back decides `first`'s flows.
    const flows = parseFlows(await allFlows(env, config, first - config.windowDays - 2, last));
    for (const id of ids) {
      const cells = segmentCells(flows, id, config.windowDays, first - 1, last);
      series.set(id, exactSeries(cells, first, last, k));
    }
  } else {
    const noisy = await noisyDays(env, config, ids, first, last);
    for (const id of ids) {
      const points: SeriesPoint[] = [];
      for (let d = first; d <= last; d++) {
        const p: Point = noisy.get(id)?.get(d) ?? { added: 0, removed: 0, audience: 0 };
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
      series.set(id, points);
    }
  }

  const out: SegmentAudience[] = segments.map((s) => {
    const points = series.get(s.id) ?? [];
    // Post-processing of what is shown (spikes.ts): flags reveal nothing the series does not.
    const flags = unusualDays(points, k);
    points.forEach((p, i) => {
      p.unusual = flags[i] ?? false;
    });
    const end = points[points.length - 1];
    return {
      id: s.id,
      label: textIn(s.label, config.defaultLocale, config.defaultLocale),
      audience: end?.audience ?? null,
      suppressed: end?.suppressed ?? true,
      series: points,
    };
  });
  return {
    site: config.id,
    window: config.windowDays,
    k,
    day: isoDay(last),
    noise: !config.exactCounts,
    segments: out,
  };
}

/**
 * Exact points with complementary suppression: audience(t) - audience(t-1) = added(t) -
 * removed(t), so `added` and `removed` of a day are shown only when both audiences beside them
 * and both of them are at least k. Then every such identity (and every sum of them over a run of
 * days) holds either no held-back number or at least two.
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
