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
import { cellEpsilons, checkpointPeriod, scaleOf } from "../../shared/privacy-budget.ts";
import type { SiteConfig } from "../../shared/schema.ts";
import {
  CELL_KINDS,
  type CellKind,
  type CellToRelease,
  type FlowRow,
  type ReleasedCell,
} from "../durable-objects/site-counter.ts";
import { keyCells, parseFlows } from "./cells.ts";
import { shardIndexes, shardStub } from "./shards.ts";

type CounterEnv = Pick<Env, "COUNTER">;

/** The flow rows for days in [from, to] of every object that ever held any (shards.ts). */
export async function allFlows(
  env: CounterEnv,
  config: SiteConfig,
  from: number,
  to: number,
): Promise<FlowRow[]> {
  const shards = await Promise.all(
    shardIndexes(config).map((i) => shardStub(env, config.id, i).flows(from, to)),
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

/**
 * Noisy added, removed and audience of `segments` (any counting keys: segments, respondents,
 * options, overlaps, breakdowns; shared/counting-keys.ts) for every day in [first, last] (all
 * closed: `last` is before today). Releases, once, whatever cells these need that were not
 * released yet. One call to shard 0 for the kept cells (as columns: releasedOf), and only when
 * some are missing one to every shard for the flows and one to shard 0 to release them.
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
  const span = last - start + 1;
  const store = shardStub(env, config.id, 0);
  const keys = [...segments];
  // One grid per key: (day - start) * 3 + kind (CELL_KINDS), NaN where nothing is kept yet.
  const grids = keys.map(() => new Float64Array(span * 3).fill(Number.NaN));
  const kept = await store.releasedOf(start, last, keys);
  for (let i = 0; i < kept.values.length; i++) {
    const grid = grids[kept.keys[i] ?? -1];
    const at = ((kept.days[i] ?? 0) - start) * 3 + (kept.kinds[i] ?? 0);
    if (grid && at >= 0 && at < grid.length) grid[at] = kept.values[i] ?? 0;
  }
  const missing: { key: number; day: number; kind: number }[] = [];
  keys.forEach((_, key) => {
    const grid = grids[key];
    for (let d = start; d <= last; d++) {
      const at = (d - start) * 3;
      if (Number.isNaN(grid?.[at])) missing.push({ key, day: d, kind: 0 });
      if (Number.isNaN(grid?.[at + 1])) missing.push({ key, day: d, kind: 1 });
      if (d % p === 0 && Number.isNaN(grid?.[at + 2])) missing.push({ key, day: d, kind: 2 });
    }
  });
  if (missing.length > 0) {
    const flows = parseFlows(await allFlows(env, config, start - W - 1, last));
    const wantedKeys = [...new Set(missing.map((m) => keys[m.key] ?? ""))];
    const truth = keyCells(flows, wantedKeys, W, start, last);
    const scales = cellEpsilons(config);
    const cellScale = scaleOf(scales.cell);
    const checkpointScale = scaleOf(scales.checkpoint);
    const toRelease: CellToRelease[] = missing.map((m) => {
      const segment = keys[m.key] ?? "";
      const cell = truth.get(segment)?.get(m.day) ?? { added: 0, removed: 0, audience: 0 };
      const kind: CellKind = CELL_KINDS[m.kind] ?? "added";
      const value = kind === "checkpoint" ? cell.audience : cell[kind];
      const scale = kind === "checkpoint" ? checkpointScale : cellScale;
      return { segment, day: m.day, kind, value, scaleNum: scale.num, scaleDen: scale.den };
    });
    const released: ReleasedCell[] = await store.release(toRelease);
    const index = new Map(keys.map((k, i) => [k, i]));
    for (const c of released) {
      const grid = grids[index.get(c.segment) ?? -1];
      if (grid) grid[(c.day - start) * 3 + CELL_KINDS.indexOf(c.kind)] = c.value;
    }
  }
  const out = new Map<string, Map<number, NoisyDay>>();
  keys.forEach((segment, key) => {
    const grid = grids[key] ?? new Float64Array(span * 3);
    const get = (d: number, kind: number) => {
      const v = grid[(d - start) * 3 + kind] ?? 0;
      return Number.isNaN(v) ? 0 : v;
    };
    const days = new Map<number, NoisyDay>();
    let audience = 0;
    for (let d = start; d <= last; d++) {
      const added = get(d, 0);
      const removed = get(d, 1);
      audience = d % p === 0 ? get(d, 2) : audience + added - removed;
      if (d >= first) days.set(d, { added, removed, audience });
    }
    out.set(segment, days);
  });
  return out;
}
