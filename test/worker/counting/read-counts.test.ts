/**
 * Respondents, shares, changes, answer distributions and comparisons (issue 14) from the read
 * path itself (worker/counting/read.ts readCounts), in workerd against real Durable Objects,
 * with known contributions (test/worker/fixtures/shop.ts): in exact mode every number is known
 * in advance; with noise every number is a noisy draw around a known count, drawn once and kept,
 * and every share and change follows from the shown numbers only.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { QuestionAnswers, SegmentsResponse, SeriesPoint } from "../../../shared/schema.ts";
import { isoDay } from "../../../worker/counting/day.ts";
import { changeOf, readCounts, shareOf } from "../../../worker/counting/read.ts";
import { at, contribute, D0, SHOP_CROWD, seedCrowd, shop } from "../fixtures/shop.ts";

/** Option id → audience (or share) of one question. */
const column = (qs: readonly QuestionAnswers[], id: string, of: "audience" | "share") =>
  Object.fromEntries((qs.find((q) => q.id === id)?.options ?? []).map((o) => [o.id, o[of]]));
const segment = (body: SegmentsResponse | undefined, id: string) =>
  body?.segments.find((s) => s.id === id);

/** The exact shop: the crowd on D0, then 5 more reds with a score of 3 and no pets on D0 + 1. */
async function exactShop() {
  const config = shop();
  await seedCrowd(config);
  for (let i = 0; i < 5; i++) await contribute(config, { color: "red", score: 3 }, at(D0 + 1));
  const read = (extra: object = {}) =>
    readCounts(
      env,
      config,
      { now: at(D0 + 1, 20), from: D0, to: D0 + 1, ...extra },
      { segments: true, answers: true },
    );
  return { config, read };
}

describe("readCounts in exact mode, known counts", () => {
  it("should count respondents, and per segment its share of them and its change over the period", async () => {
    const { read } = await exactShop();
    const { segments } = await read();
    expect(segments?.respondents).toMatchObject({
      audience: 34,
      suppressed: false,
      change: {
        from: isoDay(D0),
        to: isoDay(D0 + 1),
        first: 29,
        last: 34,
        absolute: 5,
        relative: 0.172,
      },
    });
    expect(segments?.respondents.series.map((p) => p.audience)).toEqual([29, 34]);
    expect(segment(segments, "reds")).toMatchObject({
      audience: 17,
      share: 0.5,
      change: { first: 12, last: 17, absolute: 5, relative: 0.417 },
    });
    expect(segment(segments, "cats")).toMatchObject({
      audience: 20,
      share: 0.588,
      change: { first: 20, last: 20, absolute: 0, relative: 0 },
    });
    // Nobody is a keen blue (0 < k): held back, so its share and change are too.
    expect(segment(segments, "keen-blues")).toMatchObject({
      audience: null,
      suppressed: true,
      share: null,
      change: { first: null, last: null, absolute: null, relative: null },
    });
  });

  it("should give each option and each scale value its audience, share and series", async () => {
    const { read } = await exactShop();
    const { answers } = await read();
    const qs = answers?.questions ?? [];
    expect(qs.map((q) => [q.id, q.kind])).toEqual([
      ["color", "single"],
      ["pets", "multiple"],
      ["score", "scale"],
    ]);
    expect(column(qs, "color", "audience")).toEqual({ red: 17, blue: 8, green: 6 });
    expect(column(qs, "color", "share")).toEqual({ red: 0.5, blue: 0.235, green: 0.176 });
    // A multiple choice: each option on its own (a contribution may be in both).
    expect(column(qs, "pets", "audience")).toEqual({ cat: 20, dog: 17 });
    // A scale: one entry per value, min to max, the ends labelled with the scale's words.
    const score = qs.find((q) => q.id === "score")?.options ?? [];
    expect(score.map((o) => [o.id, o.value, o.label, o.audience])).toEqual([
      ["1", 1, "1 (Low)", 8],
      ["2", 2, "2", 6],
      ["3", 3, "3", 17],
    ]);
    const red = qs[0]?.options[0];
    expect(red?.series.map((p) => [p.day, p.audience])).toEqual([
      [isoDay(D0), 12],
      [isoDay(D0 + 1), 17],
    ]);
    expect(red?.change).toMatchObject({ first: 12, last: 17, absolute: 5 });
    expect(answers?.respondents.audience).toBe(34);
  });

  it("should compare segments with their declared overlap and the answers within a declared breakdown", async () => {
    const { read } = await exactShop();
    const { segments: body } = await read({ compare: ["cats", "reds", "keen-blues"] });
    // The compared segments in the order asked.
    expect(body?.segments.map((s) => s.id)).toEqual(["cats", "reds", "keen-blues"]);
    const c = body?.comparison;
    expect(c?.segments).toEqual(["cats", "reds", "keen-blues"]);
    // Declared: reds & cats (12 of 34 respondents, of 17 reds, of 20 cat people).
    expect(c?.overlaps).toHaveLength(1);
    expect(c?.overlaps[0]).toMatchObject({
      segments: ["reds", "cats"],
      label: "Reds and Cat people",
      audience: 12,
      share: 0.353,
      shareOf: [0.706, 0.6],
      change: { first: 12, last: 12, absolute: 0 },
    });
    // cats is a breakdown: its answers, shares over its own 20.
    expect(c?.answers.map((a) => [a.segment, a.counted])).toEqual([
      ["cats", true],
      ["reds", false],
      ["keen-blues", false],
    ]);
    const within = c?.answers[0]?.questions ?? [];
    expect(column(within, "pets", "audience")).toEqual({ cat: 20, dog: 8 });
    expect(column(within, "pets", "share")).toEqual({ cat: 1, dog: 0.4 });
    // Within cats nobody is green (0) and nobody scores 2: a held-back entry beside two shown
    // ones that add up to all 20 would be 0 by subtraction, so the smaller is held back too.
    expect(column(within, "color", "audience")).toEqual({ red: 12, blue: null, green: null });
    expect(column(within, "score", "audience")).toEqual({ "1": null, "2": null, "3": 12 });
    expect(column(within, "color", "share")).toEqual({ red: 0.6, blue: null, green: null });
    expect(c?.answers[1]?.questions).toEqual([]);
  });

  it("should show the same segments and respondents whatever else is read with them", async () => {
    const { config, read } = await exactShop();
    const both = await read();
    const alone = await readCounts(env, config, { now: at(D0 + 1, 20), from: D0, to: D0 + 1 });
    expect(alone.segments).toEqual(both.segments);
    expect(alone.answers).toBeUndefined();
    const compared = await read({ compare: ["reds", "cats"] });
    expect(segment(compared.segments, "reds")).toEqual(segment(both.segments, "reds"));
    expect(compared.segments?.respondents).toEqual(both.segments?.respondents);
  });
});

describe("readCounts with noise, known counts", () => {
  it("should release every count once, near its known value, with shares and changes from the shown numbers only", async () => {
    const config = shop({ noise: true });
    // The crowd twenty times over on D0, once more on D0 + 1: counts in the hundreds.
    for (let r = 0; r < 20; r++) await seedCrowd(config);
    await seedCrowd(config, D0 + 1);
    const now = at(D0 + 3);
    const read = () =>
      readCounts(env, config, { now, from: D0, to: D0 + 1 }, { segments: true, answers: true });
    const first = await read();
    // Drawn once and kept: the same numbers on every read.
    expect(await read()).toEqual(first);
    const truth = (n: number) => ({ D0: 20 * n, D1: 21 * n });
    const crowd = (pick: (a: (typeof SHOP_CROWD)[number][1]) => boolean) =>
      SHOP_CROWD.reduce((sum, [n, a]) => sum + (pick(a) ? n : 0), 0);
    // Within ±150 of the truth (about ten standard deviations of a checkpoint plus 3 days' flows).
    const near = (shown: number | null, exact: number) => {
      expect(shown).not.toBeNull();
      expect(Math.abs((shown ?? 0) - exact)).toBeLessThan(150);
    };
    const r = first.segments?.respondents;
    near(r?.series[0]?.audience ?? null, truth(29).D0);
    near(r?.audience ?? null, truth(29).D1);
    near(
      segment(first.segments, "reds")?.audience ?? null,
      truth(crowd((a) => a.color === "red")).D1,
    );
    const qs = first.answers?.questions ?? [];
    near(column(qs, "pets", "audience").dog as number | null, truth(17).D1);
    near(column(qs, "score", "audience")["2"] as number | null, truth(6).D1);
    // Every share and change is the shown numbers' own, nothing else.
    const all = [...(first.segments?.segments ?? []), ...qs.flatMap((q) => q.options)] as {
      audience: number | null;
      share: number | null;
      series: SeriesPoint[];
      change: unknown;
    }[];
    expect(all.length).toBe(3 + 8);
    for (const m of all) {
      expect(m.share).toBe(shareOf(m.audience, r?.audience ?? null));
      expect(m.change).toEqual(changeOf(m.series, D0, D0 + 1));
      for (const p of m.series) {
        for (const n of [p.audience, p.added, p.removed])
          if (n !== null) expect(n).toBeGreaterThanOrEqual(config.k);
        expect(p.suppressed).toBe(p.audience === null);
      }
    }
    expect(first.segments?.noise).toBe(true);
  }, 120_000);
});
