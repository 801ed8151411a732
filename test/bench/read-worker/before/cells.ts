// The segments read as it was before issue 14 (git show 23da3b0:worker/counting/cells.ts), kept
// verbatim but for its imports, so that `npm run bench -- reads` times today's read in the same
// run as the new one. Not used by the Worker.
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
import type { FlowRow } from "../../../../worker/durable-objects/site-counter.ts";

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
  const added = new Map<number, number>();
  const withdrawn = new Map<number, number>();
  // Contributions made on a day and withdrawn before they aged out, by the day they were made.
  const goneEarly = new Map<number, number>();
  const bump = (m: Map<number, number>, k: number, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  const early: Parsed[] = [];
  for (const f of flows) {
    if (f.new.has(segment)) bump(added, f.day, f.n);
    if (f.old.has(segment) && f.day - f.made < windowDays) {
      bump(withdrawn, f.day, f.n);
      bump(goneEarly, f.made, f.n);
      early.push(f);
    }
  }
  // The audience at the end of `from - 1`: made in its window, not withdrawn by then.
  const start = from - 1;
  let audience = 0;
  for (let m = start - windowDays + 1; m <= start; m++) audience += added.get(m) ?? 0;
  for (const f of early) {
    if (f.made > start - windowDays && f.made <= start && f.day <= start) audience -= f.n;
  }
  const out = new Map<number, DayCells>();
  for (let t = from; t <= to; t++) {
    const arrived = added.get(t) ?? 0;
    const aged = (added.get(t - windowDays) ?? 0) - (goneEarly.get(t - windowDays) ?? 0);
    const removed = (withdrawn.get(t) ?? 0) + aged;
    audience += arrived - removed;
    out.set(t, { added: arrived, removed, audience });
  }
  return out;
}
