/**
 * @module
 * How the dashboard writes numbers and days. A suppressed count is never written as a number
 * (DESIGN.md invariant 5): see `Hold` for the words it is written in.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Why the site's counts may be held back. With noise only a count whose noisy value is below k
 * is held back, so it reads "fewer than k". With exact counts a count at or above k is held back
 * too when it would let one below k be worked out (complementary suppression,
 * worker/counting/complementary.ts); saying which of the two a count is would give away that
 * very bit, so every held-back count reads "held back", never "fewer than k", which would be
 * false of the second kind.
 */
export interface Hold {
  k: number;
  exact: boolean;
}

/** What a held-back count reads as: "fewer than 10" with noise, "held back" with exact counts. */
export function heldBackText(hold: Hold): string {
  return hold.exact ? "held back" : `fewer than ${hold.k}`;
}

/** The rule in one clause, for the descriptions of charts and tables. */
export function heldBackRule(hold: Hold): string {
  return hold.exact
    ? `counts below k = ${hold.k}, and those that would let one be worked out, are held back`
    : `counts below k = ${hold.k} are held back`;
}

/** A count with thousands separators, or heldBackText when it is held back. */
export function countText(value: number | null, suppressed: boolean, hold: Hold): string {
  if (suppressed || value === null) return heldBackText(hold);
  return value.toLocaleString("en-US");
}

/** "2026-11-03" → "Nov 3" (UTC days are plain strings: no time-zone shift). */
export function shortDay(day: string): string {
  const [, month, date] = day.split("-");
  return `${MONTHS[Number(month) - 1] ?? month} ${Number(date)}`;
}

/** A smallest "nice" number (1, 2, 2.5 or 5 times a power of ten) at or above `value`. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5]) if (m * power >= value) return m * power;
  return 10 * power;
}

/** Axis ticks from 0 to a nice top at or above `max`, about `count` steps, whole numbers. */
export function axisTicks(max: number, count = 4): number[] {
  const raw = max / count;
  // Below 10 a step of 2.5 is not a whole number of people: use 1, 2, 5 or 10 there.
  const step = raw <= 5 ? ([1, 2, 5].find((s) => s >= raw) ?? 5) : niceCeil(raw);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return ticks;
}

/**
 * A share (0..1) as a percentage with at most one decimal, "12.5 %"; a share the API gives as
 * null (either audience held back, or nothing to divide by) reads "not shown".
 */
export function shareText(share: number | null): string {
  if (share === null) return "not shown";
  const percent = Math.round(share * 1000) / 10;
  return `${percent.toLocaleString("en-US", { maximumFractionDigits: 1 })} %`;
}

/** The change of an audience over a period, as the API gives it (shared/schema.ts ChangeSchema). */
export interface ChangeLike {
  from: string;
  to: string;
  absolute: number | null;
  relative: number | null;
}

/**
 * A change in words and an arrow: "▲ +34 (+2.8 %)", "▼ −5 (−1 %)", "no change". The arrow is
 * decoration (aria-hidden where it is drawn); the words carry the direction. When an end of the
 * period is held back there is no change to show: "not shown".
 */
export function changeParts(change: ChangeLike): { arrow: string; words: string } {
  const { absolute, relative } = change;
  if (absolute === null) return { arrow: "", words: "not shown" };
  if (absolute === 0) return { arrow: "▶", words: "no change" };
  const sign = absolute > 0 ? "+" : "−";
  const number = `${sign}${Math.abs(absolute).toLocaleString("en-US")}`;
  const percent =
    relative === null
      ? ""
      : ` (${sign}${(Math.round(Math.abs(relative) * 1000) / 10).toLocaleString("en-US", { maximumFractionDigits: 1 })} %)`;
  return { arrow: absolute > 0 ? "▲" : "▼", words: `${number}${percent}` };
}

/** The period a change covers, named: "Nov 3 to Dec 1". */
export function periodText(change: ChangeLike): string {
  return `${shortDay(change.from)} to ${shortDay(change.to)}`;
}
