/**
 * @module
 * How the dashboard writes numbers and days. A suppressed count is always written as
 * "fewer than k", never as a number (DESIGN.md invariant 5).
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "fewer than 10": what a suppressed count reads as. */
export function fewerThan(k: number): string {
  return `fewer than ${k}`;
}

/** A count with thousands separators, or "fewer than k" when it is held back. */
export function countText(value: number | null, suppressed: boolean, k: number): string {
  if (suppressed || value === null) return fewerThan(k);
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
