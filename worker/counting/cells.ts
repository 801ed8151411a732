/**
 * @module
 * From flow rows (one per segment set, day and kind of change; durable-objects/site-counter.ts)
 * to the true per-segment cells of each UTC day (DESIGN.md "Counting model"):
 * - `added(t)`: contributions made on t;
 * - `removed(t)`: contributions that left on t: withdrawn or replaced on t, or aged out of the
 *   window (made on t - window and still live);
 * - `audience(t)`: contributions made in the window ending on t and still live at its end, so
 *   audience(t) = audience(t - 1) + added(t) - removed(t).
 * Every cell of day t depends only on flows of days up to t: once t is over it never changes.
 * Pure; the read path (read.ts, release.ts) noises or suppresses these.
 */
import type { FlowRow } from "../durable-objects/site-counter.ts";

export interface DayCells {
  added: number;
  removed: number;
  audience: number;
}

type Parsed = { day: number; made: number; old: Set<string>; new: Set<string>; n: number };

const setCache = new Map<string, Set<string>>();
function segmentSet(json: string): Set<string> {
  let set = setCache.get(json);
  if (!set) {
    set = new Set(json === "" ? [] : (JSON.parse(json) as string[]));
    if (setCache.size > 10_000) setCache.clear();
    setCache.set(json, set);
  }
  return set;
}

/** The rows parsed once, for many segments. */
export function parseFlows(rows: readonly FlowRow[]): Parsed[] {
  return rows.map((r) => ({
    day: r.day,
    made: r.made,
    old: segmentSet(r.old),
    new: segmentSet(r.new),
    n: r.n,
  }));
}

/**
 * The true cells of `segment` for every day in [from, to]. The rows must cover every day from
 * `from - windowDays` to `to` (older contributions have left the window by `from`).
 */
export function segmentCells(
  flows: readonly Parsed[],
  segment: string,
  windowDays: number,
  from: number,
  to: number,
): Map<number, DayCells> {
  return keyCells(flows, [segment], windowDays, from, to).get(segment) ?? new Map();
}

/** Per key, by day (index day - lo): added, withdrawn, withdrawn early by the day made. */
type Tally = {
  added: Float64Array;
  withdrawn: Float64Array;
  goneEarly: Float64Array;
  early: Parsed[];
};

/**
 * The true cells of every key in `keys` (segments, respondents, options…: shared/counting-keys.ts)
 * for every day in [from, to], in one pass over the rows: a read of many keys costs the rows'
 * set sizes, not keys times rows (day-indexed arrays, no map per day). Same rows as segmentCells.
 */
export function keyCells(
  flows: readonly Parsed[],
  keys: readonly string[],
  windowDays: number,
  from: number,
  to: number,
): Map<string, Map<number, DayCells>> {
  let lo = from - windowDays - 1;
  for (const f of flows) lo = Math.min(lo, f.made, f.day);
  const size = Math.max(to, from) - lo + 2;
  const tallies = new Map<string, Tally>();
  for (const k of keys) {
    tallies.set(k, {
      added: new Float64Array(size),
      withdrawn: new Float64Array(size),
      goneEarly: new Float64Array(size),
      early: [],
    });
  }
  for (const f of flows) {
    if (f.day > to) continue;
    const day = f.day - lo;
    for (const key of f.new) {
      const t = tallies.get(key);
      if (t) t.added[day] = (t.added[day] ?? 0) + f.n;
    }
    if (f.day - f.made < windowDays) {
      const made = f.made - lo;
      for (const key of f.old) {
        const t = tallies.get(key);
        if (!t) continue;
        t.withdrawn[day] = (t.withdrawn[day] ?? 0) + f.n;
        t.goneEarly[made] = (t.goneEarly[made] ?? 0) + f.n;
        t.early.push(f);
      }
    }
  }
  const at = (a: Float64Array, day: number) => (day < lo ? 0 : (a[day - lo] ?? 0));
  const out = new Map<string, Map<number, DayCells>>();
  for (const [key, t] of tallies) {
    // The audience at the end of `from - 1`: made in its window, not withdrawn by then.
    const start = from - 1;
    let audience = 0;
    for (let m = start - windowDays + 1; m <= start; m++) audience += at(t.added, m);
    for (const f of t.early) {
      if (f.made > start - windowDays && f.made <= start && f.day <= start) audience -= f.n;
    }
    const days = new Map<number, DayCells>();
    for (let d = from; d <= to; d++) {
      const arrived = at(t.added, d);
      const aged = at(t.added, d - windowDays) - at(t.goneEarly, d - windowDays);
      const removed = at(t.withdrawn, d) + aged;
      audience += arrived - removed;
      days.set(d, { added: arrived, removed, audience });
    }
    out.set(key, days);
  }
  return out;
}
