/**
 * @module
 * The privacy budget of a site's counts (DESIGN.md invariant 5), from its config alone: which
 * counting cells one contribution touches, the epsilon each cell spends, and what that adds up to
 * for one contribution and for one visitor over a year of weekly refreshes. The read path
 * (worker/counting/release.ts) noises cells with exactly these scales, and a test counts the
 * cells one contribution really touches against `contributionBudget`.
 *
 * The cells (worker/README.md, "Counting"): per segment and closed UTC day, `added` (the
 * contributions made that day) and `removed` (those that left it: withdrawn, replaced or aged
 * out of the window); and every `checkpointPeriod` days a `checkpoint` (the audience of that
 * day). A contribution is one `added` cell and one `removed` cell, and lives at most
 * `windowDays` days, so it is in at most `checkpointsPerContribution` checkpoints. The budget of
 * one contribution per segment is `dpEpsilon`, split in integer weights: 3 per added/removed
 * cell, 1 per checkpoint. Everything is a rational (integer numerator and denominator), so the
 * sampler's scales are exact.
 *
 * A contribution is in more than its segments (shared/counting-keys.ts, issue 14): the
 * respondents, the declared overlaps it is in, the options it chose, and those again within each
 * declared breakdown segment. Each of these counts is released like a segment, with `dpEpsilon`
 * per contribution, so the sensitivity of everything released is `countsPerContribution` counts
 * and one contribution spends `dpEpsilon` times that (basic composition). The choice: the noise
 * of each count stays that of `dpEpsilon` (a 30-day audience of 1,000 within about ±37, the ±5 % target), and
 * the total is stated and capped (`maxEpsilonPerContribution`) rather than the noise widened by
 * the number of counts, which at the demo's 25 would make every count 25 times noisier.
 *
 * Pure: ES2022 only.
 */
import { type BudgetShape, countsPerContribution } from "./counting-keys.ts";
import { EPSILON_DENOMINATOR, RECEIPT_REFRESH_DAYS, YEAR_DAYS } from "./limits.ts";
import type { SiteConfig } from "./schema.ts";

/** A non-negative rational num/den in lowest terms, den > 0. */
export interface Rational {
  num: number;
  den: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
}

export function rational(num: number, den: number): Rational {
  const g = gcd(num, den) || 1;
  return { num: num / g, den: den / g };
}

export const toNumber = (r: Rational): number => r.num / r.den;

/** Weight of an added or removed cell and of a checkpoint in the split of the budget. */
export const CELL_WEIGHT = 3;
export const CHECKPOINT_WEIGHT = 1;
/** The cells of one contribution per segment besides checkpoints: its added and its removed. */
export const CELLS_PER_CONTRIBUTION = 2;

/** Whether `epsilon` is a whole number of 1/EPSILON_DENOMINATOR (so that it is a rational). */
export function isEpsilonExact(epsilon: number): boolean {
  const scaled = epsilon * EPSILON_DENOMINATOR;
  return Math.abs(scaled - Math.round(scaled)) < 1e-9;
}

/** The config's epsilon as a rational (it is checked to be a multiple of 1/1000). */
export function epsilonOf(config: Pick<SiteConfig, "dpEpsilon">): Rational {
  return rational(Math.round(config.dpEpsilon * EPSILON_DENOMINATOR), EPSILON_DENOMINATOR);
}

/** Days between checkpoints: half the window, so a contribution meets at most 2. */
export function checkpointPeriod(windowDays: number): number {
  return Math.ceil(windowDays / 2);
}

/** Whether `day` (days since 1970-01-01) carries a checkpoint. */
export function isCheckpoint(day: number, windowDays: number): boolean {
  return day % checkpointPeriod(windowDays) === 0;
}

/** At most this many checkpoints fall in the `windowDays` days a contribution lives. */
export function checkpointsPerContribution(windowDays: number): number {
  return Math.ceil(windowDays / checkpointPeriod(windowDays));
}

/** The epsilon of one added/removed cell and of one checkpoint. */
export function cellEpsilons(config: Pick<SiteConfig, "dpEpsilon" | "windowDays">): {
  cell: Rational;
  checkpoint: Rational;
} {
  const e = epsilonOf(config);
  const weights =
    CELLS_PER_CONTRIBUTION * CELL_WEIGHT +
    checkpointsPerContribution(config.windowDays) * CHECKPOINT_WEIGHT;
  return {
    cell: rational(e.num * CELL_WEIGHT, e.den * weights),
    checkpoint: rational(e.num * CHECKPOINT_WEIGHT, e.den * weights),
  };
}

/** The discrete Laplace scale (1/epsilon) of a cell kind, as a rational. */
export function scaleOf(epsilon: Rational): Rational {
  return rational(epsilon.den, epsilon.num);
}

/** What the released counts can tell about one contribution and one visitor. */
export interface ContributionBudget {
  /** Epsilon of one contribution in one segment: all its cells over its whole life. */
  perSegment: number;
  /** Segments one contribution can be in (every segment of the site, to be safe). */
  segments: number;
  /**
   * Counts one contribution can be in at most (the sensitivity): respondents, every segment,
   * every declared overlap, the options its answers can select, and those per breakdown.
   */
  counts: number;
  /** Epsilon of one contribution over everything released (every count it can be in). */
  perContribution: number;
  /** Contributions one visitor makes in a year of weekly refreshes. */
  contributionsPerYear: number;
  /** Epsilon of everything released about one visitor over a year (basic composition). */
  perVisitorYear: number;
  /** The cells one contribution touches per segment (added, removed, checkpoints). */
  cellsPerSegment: number;
}

/**
 * The budget of `config`, or null in exact mode (no noise: no epsilon bounds what is learnt).
 * A visitor's weekly contributions follow each other (a refresh replaces the previous one), so
 * at any checkpoint at most one of them is live: a year spends 2 cells per contribution and at
 * most one checkpoint per period.
 */
export function contributionBudget(
  config: Pick<SiteConfig, "dpEpsilon" | "windowDays" | "exactCounts"> & BudgetShape,
): ContributionBudget | null {
  if (config.exactCounts) return null;
  const { cell, checkpoint } = cellEpsilons(config);
  const checkpoints = checkpointsPerContribution(config.windowDays);
  const perSegment = CELLS_PER_CONTRIBUTION * toNumber(cell) + checkpoints * toNumber(checkpoint);
  const segments = config.segments.length;
  const counts = countsPerContribution(config).total;
  const contributionsPerYear = Math.ceil(YEAR_DAYS / RECEIPT_REFRESH_DAYS);
  const yearCheckpoints = Math.ceil(YEAR_DAYS / checkpointPeriod(config.windowDays));
  const perVisitorYearSegment =
    contributionsPerYear * CELLS_PER_CONTRIBUTION * toNumber(cell) +
    yearCheckpoints * toNumber(checkpoint);
  return {
    perSegment: round(perSegment),
    segments,
    counts,
    perContribution: round(perSegment * counts),
    contributionsPerYear,
    perVisitorYear: round(perVisitorYearSegment * counts),
    cellsPerSegment: CELLS_PER_CONTRIBUTION + checkpoints,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** One line for people: the budget as the record, the dashboard and check-config state it. */
export function describeBudget(b: ContributionBudget | null): string {
  if (!b) {
    return "exact counts, no noise: anyone who can contribute can unmask held-back counts";
  }
  return `epsilon ${b.perSegment} per contribution per count (${b.cellsPerSegment} cells), ${b.perContribution} per contribution over the ${b.counts} counts it can be in (respondents, ${b.segments} segments, options, overlaps, breakdowns), ${b.perVisitorYear} for one visitor over a year of weekly refreshes (${b.contributionsPerYear} contributions, basic composition)`;
}
