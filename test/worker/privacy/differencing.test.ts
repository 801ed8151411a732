/**
 * Differencing attacks on respondents, segments and options (issue 14), run as a marketer who
 * can also contribute would run them, in workerd against real Durable Objects: subtract shown
 * counts from each other (the respondents minus a question's shown options is the held-back
 * options plus those who skipped it; a segment that restates an option is that option), with
 * contributions of his own placed to make the subtraction tell. Exact mode's complementary
 * suppression (worker/counting/complementary.ts) leaves him nothing held back; its property test
 * tries every population (test/worker/counting/complementary.test.ts). With noise, every number
 * he subtracts is a noisy draw made once and kept.
 */

import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AnswersResponse, SegmentsResponse } from "../../../shared/schema.ts";
import { isoDay } from "../../../worker/counting/day.ts";
import { readCounts } from "../../../worker/counting/read.ts";
import { answersCsv } from "../../../worker/routes/answers-csv.ts";
import { toCsv } from "../../../worker/routes/segments-csv.ts";
import { at, contribute, D0, retract, shop } from "../fixtures/shop.ts";

type Read = { segments?: SegmentsResponse; answers?: AnswersResponse };

const colour = (r: Read, day: number) => {
  const q = r.answers?.questions.find((x) => x.id === "color");
  const on = (id: string) =>
    q?.options.find((o) => o.id === id)?.series.find((p) => p.day === isoDay(day))?.audience;
  return { red: on("red"), blue: on("blue"), green: on("green") };
};
const respondents = (r: Read, day: number) =>
  r.segments?.respondents.series.find((p) => p.day === isoDay(day))?.audience;
const reds = (r: Read, day: number) =>
  r.segments?.segments.find((s) => s.id === "reds")?.series.find((p) => p.day === isoDay(day))
    ?.audience;

/** Every count shown anywhere in `value` (audiences, flows, the ends and size of changes). */
function countsIn(value: unknown, out = new Set<number>()): Set<number> {
  if (Array.isArray(value)) for (const x of value) countsIn(x, out);
  else if (value && typeof value === "object") {
    for (const [key, x] of Object.entries(value)) {
      const count = ["audience", "added", "removed", "first", "last", "absolute"].includes(key);
      if (count && typeof x === "number") out.add(Math.abs(x));
      else countsIn(x, out);
    }
  }
  return out;
}

/** The count cells of a CSV (audience, added, removed, change). */
function csvCounts(text: string, out: Set<number>): Set<number> {
  const [head = "", ...rows] = text.trimEnd().split("\r\n");
  const cols = head.split(",");
  const at = ["audience", "added", "removed", "change"].map((c) => cols.indexOf(c));
  for (const row of rows) {
    // Text cells are quoted and may hold commas: only the bare cells are split.
    const cells = row.replace(/"(?:[^"]|"")*"/g, "T").split(",");
    const shift = cols.length - cells.length;
    for (const i of at) {
      const cell = cells[i - shift];
      if (cell !== undefined && cell !== "") out.add(Math.abs(Number(cell)));
    }
  }
  return out;
}

/** Everything a marketer can read of the shop on `now`: segments, answers, a comparison, CSVs. */
async function everything(config: ReturnType<typeof shop>, now: number, from: number) {
  const read = await readCounts(env, config, { now, from }, { segments: true, answers: true });
  const compared = await readCounts(env, config, { now, from, compare: ["reds", "cats"] });
  const shown = countsIn([read, compared]);
  if (read.segments) csvCounts(toCsv(read.segments), shown);
  if (read.answers) csvCounts(answersCsv(read.answers), shown);
  return { read, compared, shown };
}

describe("differencing respondents, segments and options in exact mode", () => {
  it("should leave a held-back option unlearnable by subtraction, with or without his own contributions", async () => {
    const config = shop();
    // 30 red, 12 blue and 3 green (fewer than k = 5); everybody answered.
    for (const [n, color] of [
      [30, "red"],
      [12, "blue"],
      [3, "green"],
    ] as const)
      for (let i = 0; i < n; i++) await contribute(config, { color }, at(D0, 9));
    const seen = await everything(config, at(D0, 20), D0);
    // Shown: 45 respondents, 30 red (and the reds segment, which restates it). Respondents
    // minus red minus blue would be 3, green's count, so blue is held back beside it: what is
    // left is 15 for blue, green and those who skipped, which bounds none of them.
    expect(respondents(seen.read, D0)).toBe(45);
    expect(colour(seen.read, D0)).toEqual({ red: 30, blue: null, green: null });
    expect(reds(seen.read, D0)).toBe(30);
    const left = (respondents(seen.read, D0) ?? 0) - (colour(seen.read, D0).red ?? 0);
    expect(left).toBeGreaterThanOrEqual(config.k);
    // Green's 3 is nowhere, as a count, in any answer or CSV; nor blue's 12.
    expect(seen.shown.has(3)).toBe(false);
    expect(seen.shown.has(12)).toBe(false);
    expect(seen.shown.has(30)).toBe(true);

    // He adds 6 blues of his own the next day and subtracts them: blue (18) is held back again
    // beside green, since the respondents minus red minus 18 would give green away once more.
    const mine: string[] = [];
    for (let i = 0; i < 6; i++) mine.push(await contribute(config, { color: "blue" }, at(D0 + 1)));
    const after = await everything(config, at(D0 + 1, 20), D0);
    expect(respondents(after.read, D0 + 1)).toBe(51);
    expect(colour(after.read, D0 + 1)).toEqual({ red: 30, blue: null, green: null });
    // And D0, already read, shows what it showed.
    expect(colour(after.read, D0)).toEqual(colour(seen.read, D0));
    // Withdrawing his own again changes nothing he can subtract either.
    for (const r of mine) await retract(config, r, at(D0 + 1, 21));
    const back = await everything(config, at(D0 + 1, 22), D0);
    expect(colour(back.read, D0 + 1)).toEqual({ red: 30, blue: null, green: null });
    expect(back.shown.has(3)).toBe(false);
  });

  it("should hold back a question's distribution when a segment of two of its options would pin what is left", async () => {
    // keen-blues reads two questions; a segment of blue or green reads one: sum of two entries.
    const config = shop();
    const blueOrGreen = {
      ...config,
      segments: [
        ...config.segments,
        { id: "cool", label: "Cool colours", rule: { in: [{ var: "color" }, ["blue", "green"]] } },
      ],
    };
    for (const [n, color] of [
      [30, "red"],
      [12, "blue"],
      [2, "green"],
    ] as const)
      for (let i = 0; i < n; i++) await contribute(blueOrGreen, { color }, at(D0, 9));
    // Everyone answered, so respondents - cool - red = 0 would say nobody skipped, and cool
    // (14) - blue (12) would give green's 2: blue, red and cool go with green, only the total
    // stays (and reds, the same count as red, goes with red).
    const { read, shown } = await everything(blueOrGreen, at(D0, 20), D0);
    expect(respondents(read, D0)).toBe(44);
    expect(colour(read, D0)).toEqual({ red: null, blue: null, green: null });
    const cool = read.segments?.segments.find((s) => s.id === "cool");
    expect(cool?.audience).toBeNull();
    expect(reds(read, D0)).toBeNull();
    for (const n of [2, 12, 14, 30]) expect(shown.has(n), String(n)).toBe(false);
    expect(shown.has(44)).toBe(true);
  });

  it("should still let him unmask by adding k of his own to the held-back option: why exact mode is rated medium", async () => {
    const config = shop();
    for (const [n, color] of [
      [30, "red"],
      [12, "blue"],
      [3, "green"],
    ] as const)
      for (let i = 0; i < n; i++) await contribute(config, { color }, at(D0, 9));
    for (let i = 0; i < 5; i++) await contribute(config, { color: "green" }, at(D0, 10));
    const { read } = await everything(config, at(D0, 20), D0);
    // Green is 8 now, shown; minus his own 5 is the 3 that was held back. Noise prevents this.
    expect((colour(read, D0).green ?? 0) - 5).toBe(3);
  });
});

describe("differencing with noise (the default)", () => {
  it("should give him one noisy sample to subtract, the same however often he reads or adds his own", async () => {
    const config = shop({ noise: true });
    for (const [n, color] of [
      [30, "red"],
      [12, "blue"],
      [3, "green"],
    ] as const)
      for (let i = 0; i < n; i++) await contribute(config, { color }, at(D0, 9));
    const estimate = (r: Read) => {
      const c = colour(r, D0);
      const all = respondents(r, D0);
      return all == null || c.red == null || c.blue == null ? null : all - c.red - c.blue;
    };
    const first = (await everything(config, at(D0 + 1, 1), D0)).read;
    const estimates = new Set<number | null>();
    for (let d = D0 + 1; d <= D0 + 4; d++) {
      for (let r = 0; r < 3; r++) {
        const read = (await everything(config, at(d, 2 + r), D0)).read;
        // D0's numbers never change: every estimate is the same one noisy sample.
        expect(colour(read, D0)).toEqual(colour(first, D0));
        expect(respondents(read, D0)).toBe(respondents(first, D0));
        estimates.add(estimate(read));
      }
      // His own contributions and withdrawals on later days touch later cells only.
      const own = await contribute(config, { color: "green" }, at(d, 6));
      if (d % 2 === 0) await retract(config, own, at(d, 7));
    }
    expect(estimates.size).toBe(1);
    // Nothing of the open day is ever shown.
    const today = (await everything(config, at(D0 + 4, 8), D0)).read;
    expect(today.segments?.day).toBe(isoDay(D0 + 3));
  }, 60_000);
});
