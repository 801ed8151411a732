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

/** Per key: contributions added by day, withdrawn by day, and withdrawn early by day made. */
type Tally = {
  added: Map<number, number>;
  withdrawn: Map<number, number>;
  goneEarly: Map<number, number>;
  early: Parsed[];
};

/**
 * The true cells of every key in `keys` (segments, respondents, options…: shared/counting-keys.ts)
 * for every day in [from, to], in one pass over the rows: a read of many keys costs the rows'
 * set sizes, not keys times rows. Same rows as segmentCells.
 */
export function keyCells(
  flows: readonly Parsed[],
  keys: readonly string[],
  windowDays: number,
  from: number,
  to: number,
): Map<string, Map<number, DayCells>> {
  const tallies = new Map<string, Tally>();
  for (const k of keys) {
    tallies.set(k, { added: new Map(), withdrawn: new Map(), goneEarly: new Map(), early: [] });
  }
  const bump = (m: Map<number, number>, k: number, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const f of flows) {
    for (const key of f.new) {
      const t = tallies.get(key);
      if (t) bump(t.added, f.day, f.n);
    }
    if (f.day - f.made < windowDays) {
      for (const key of f.old) {
        const t = tallies.get(key);
        if (!t) continue;
        bump(t.withdrawn, f.day, f.n);
        bump(t.goneEarly, f.made, f.n);
        t.early.push(f);
      }
    }
  }
  const out = new Map<string, Map<number, DayCells>>();
  for (const [key, t] of tallies) {
    // The audience at the end of `from - 1`: made in its window, not withdrawn by then.
    const start = from - 1;
    let audience = 0;
    for (let m = start - windowDays + 1; m <= start; m++) audience += t.added.get(m) ?? 0;
    for (const f of t.early) {
      if (f.made > start - windowDays && f.made <= start && f.day <= start) audience -= f.n;
    }
    const days = new Map<number, DayCells>();
    for (let d = from; d <= to; d++) {
      const arrived = t.added.get(d) ?? 0;
      const aged = (t.added.get(d - windowDays) ?? 0) - (t.goneEarly.get(d - windowDays) ?? 0);
      const removed = (t.withdrawn.get(d) ?? 0) + aged;
      audience += arrived - removed;
      days.set(d, { added: arrived, removed, audience });
    }
    out.set(key, days);
  }
  return out;
}
