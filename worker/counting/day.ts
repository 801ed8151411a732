/**
 * @module
 * Day math for the counting model (DESIGN.md "Counting model"): a contribution counts on its UTC
 * day; days are whole numbers since 1970-01-01 inside the Worker and YYYY-MM-DD on the wire.
 */

export const DAY_MS = 86_400_000;

/** The UTC day number of an epoch-ms instant. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** The epoch ms at which `day` starts (UTC midnight). */
export function startOfDay(day: number): number {
  return day * DAY_MS;
}

const isoDays = new Map<number, string>();

/** YYYY-MM-DD of a day number (kept: a read of many counts names the same days many times). */
export function isoDay(day: number): string {
  let s = isoDays.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoDays.size > 4096) isoDays.clear();
    isoDays.set(day, s);
  }
  return s;
}
