// The segments read as it was before issue 14 (git show 23da3b0:worker/counting/release.ts), kept
// verbatim but for its imports, so that `npm run bench -- reads` times today's read in the same
// run as the new one. Not used by the Worker.
/**
 * @module
 * Releasing noisy cells (DESIGN.md invariant 5). A closed day's `added` and `removed` cell of a
 * segment, and every `checkpointPeriod` days its `checkpoint` (the audience that day), are
 * noised once, with discrete Laplace noise of the scale shared/privacy-budget.ts gives their
 * kind, when a read first needs them; shard 0 keeps the noisy value and every later read (JSON,
 * CSV, dashboard, any date range) gets the same. A noisy audience is post-processing: the
 * checkpoint before the day plus the noisy added minus removed since (a binary-tree mechanism
 * was weighed and not taken: see worker/README.md, "Counting"). The open day is never released.
 */
import { cellEpsilons, checkpointPeriod, scaleOf } from "../../../../shared/privacy-budget.ts";
import type { SiteConfig } from "../../../../shared/schema.ts";
import { shardStub } from "../../../../worker/counting/shards.ts";
import type {
  CellKind,
  CellToRelease,
  FlowRow,
  ReleasedCell,
} from "../../../../worker/durable-objects/site-counter.ts";
import { type DayCells, parseFlows, segmentCells } from "./cells.ts";

type CounterEnv = Pick<Env, "COUNTER">;

/** Every shard's flow rows for days in [from, to]. */
export async function allFlows(
  env: CounterEnv,
  config: SiteConfig,
  from: number,
  to: number,
): Promise<FlowRow[]> {
  const shards = await Promise.all(
    Array.from({ length: config.shards }, (_, i) => shardStub(env, config.id, i).flows(from, to)),
  );
  return shards.flat();
}

/** The checkpoint on or before `day`. */
export function checkpointBefore(day: number, windowDays: number): number {
  const p = checkpointPeriod(windowDays);
  return day - (((day % p) + p) % p);
}

/** The noisy cells of one segment over a period, as released. */
export interface NoisyDay {
  added: number;
  removed: number;
  audience: number;
}

const cellKey = (segment: string, day: number, kind: CellKind) => `${segment}\n${day}\n${kind}`;

/**
 * Noisy added, removed and audience of `segments` for every day in [first, last] (all closed:
 * `last` is before today). Releases, once, whatever cells these need that were not released yet.
 */
export async function noisyDays(
  env: CounterEnv,
  config: SiteConfig,
  segments: readonly string[],
  first: number,
  last: number,
): Promise<Map<string, Map<number, NoisyDay>>> {
  const W = config.windowDays;
  const start = checkpointBefore(first, W);
  const p = checkpointPeriod(W);
  const store = shardStub(env, config.id, 0);
  const values = new Map<string, number>();
  for (const c of await store.released(start, last)) {
    values.set(cellKey(c.segment, c.day, c.kind), c.value);
  }
  const wanted: { segment: string; day: number; kind: CellKind }[] = [];
  for (const segment of segments) {
    for (let d = start; d <= last; d++) {
      wanted.push({ segment, day: d, kind: "added" }, { segment, day: d, kind: "removed" });
      if (d % p === 0) wanted.push({ segment, day: d, kind: "checkpoint" });
    }
  }
  const missing = wanted.filter((w) => !values.has(cellKey(w.segment, w.day, w.kind)));
  if (missing.length > 0) {
    const flows = parseFlows(await allFlows(env, config, start - W - 1, last));
    const truth = new Map<string, Map<number, DayCells>>();
    const scales = cellEpsilons(config);
    const cellScale = scaleOf(scales.cell);
    const checkpointScale = scaleOf(scales.checkpoint);
    const toRelease: CellToRelease[] = missing.map((m) => {
      let cells = truth.get(m.segment);
      if (!cells) {
        cells = segmentCells(flows, m.segment, W, start, last);
        truth.set(m.segment, cells);
      }
      const cell = cells.get(m.day) ?? { added: 0, removed: 0, audience: 0 };
      const value = m.kind === "checkpoint" ? cell.audience : cell[m.kind];
      const scale = m.kind === "checkpoint" ? checkpointScale : cellScale;
      return { ...m, value, scaleNum: scale.num, scaleDen: scale.den };
    });
    const released: ReleasedCell[] = await store.release(toRelease);
    for (const c of released) values.set(cellKey(c.segment, c.day, c.kind), c.value);
  }
  const out = new Map<string, Map<number, NoisyDay>>();
  for (const segment of segments) {
    const get = (day: number, kind: CellKind) => values.get(cellKey(segment, day, kind)) ?? 0;
    const days = new Map<number, NoisyDay>();
    let audience = 0;
    for (let d = start; d <= last; d++) {
      const added = get(d, "added");
      const removed = get(d, "removed");
      audience = d % p === 0 ? get(d, "checkpoint") : audience + added - removed;
      if (d >= first) days.set(d, { added, removed, audience });
    }
    out.set(segment, days);
  }
  return out;
}
