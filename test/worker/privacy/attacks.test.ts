/**
 * The attacks of issue 9, run as an attacker with a marketer token who can also POST would run
 * them, in workerd against real Durable Objects, with the clock in hand (countAssignment and
 * readAudiences take `now`, as the routes pass Date.now()). Each must learn no more than one
 * noisy sample per cell: every released number of a closed day is drawn once, kept, and
 * returned by every later read whatever the attacker does; the open day is never shown.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { validateAssignment } from "../../../shared/assignment.ts";
import { isCheckpoint } from "../../../shared/privacy-budget.ts";
import type { Answer, SegmentsResponse, SeriesPoint, SiteConfig } from "../../../shared/schema.ts";
import { checkSiteConfig, formatIssues } from "../../../shared/site-config.ts";
import { countAssignment, retractAssignment } from "../../../worker/counting/assign.ts";
import { DAY_MS, isoDay, startOfDay } from "../../../worker/counting/day.ts";
import { keysFor } from "../../../worker/counting/keys.ts";
import { readAudiences } from "../../../worker/counting/read.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import type { SiteCounter } from "../../../worker/durable-objects/site-counter.ts";
import { RELEASE_DELAY_MS } from "../../../worker/limits.ts";
import { toCsv } from "../../../worker/routes/segments-csv.ts";
import noisyJson from "../fixtures/noisy.json";
import { marketer, noisy, UNCHECKED_PROOF } from "../helpers.ts";

const keys = keysFor("attack-test-secret-0123456789abcdef0123");
const D0 = 20_000; // a UTC day number (2024-10-04); every clock below is relative to it
const at = (day: number, hour = 12) => startOfDay(day) + hour * 3_600_000;

/** A fresh site (its own Durable Objects) with the noisy fixture's settings. */
let sites = 0;
function site(edit: (c: Record<string, unknown>) => void = () => {}): SiteConfig {
  const input = structuredClone(noisyJson) as Record<string, unknown>;
  input.id = `attack-${++sites}`;
  edit(input);
  const r = checkSiteConfig(input);
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return r.config;
}

async function contribute(config: SiteConfig, answers: Record<string, Answer>, now: number) {
  const r = validateAssignment(config, {
    proof: UNCHECKED_PROOF,
    policyVersion: "v1",
    consent: { counting: true },
    answers,
  });
  if (!r.ok) throw new Error(r.error.message);
  return (await countAssignment(env, keys, config, r.value, now)).receipt;
}

const read = (config: SiteConfig, now: number, extra: object = {}) =>
  readAudiences(env, config, { now, from: D0 - 1, ...extra });

const pointOf = (body: SegmentsResponse, segment: string, day: number): SeriesPoint | undefined =>
  body.segments.find((s) => s.id === segment)?.series.find((p) => p.day === isoDay(day));

/** The stored draw of one released cell, read straight from shard 0. */
function stored(config: SiteConfig, segment: string, day: number, kind: string) {
  return runInDurableObject(shardStub(env, config.id, 0), (_o: SiteCounter, state) => {
    const rows = state.storage.sql
      .exec<{ value: number }>(
        "SELECT value FROM released WHERE segment = ? AND day = ? AND kind = ?",
        segment,
        day,
        kind,
      )
      .toArray();
    return rows.map((r) => r.value);
  });
}

describe("attacks on released counts (noise on, the default)", () => {
  it("should give an attacker adding his own contributions around a held-back count one noisy sample per cell, however often he tries", async () => {
    const config = site();
    // Three visitors (fewer than k = 5) on day D0, then the attacker's own 20 beside them.
    for (let i = 0; i < 3; i++) await contribute(config, { color: "red" }, at(D0, 9));
    const own: string[] = [];
    for (let i = 0; i < 20; i++) own.push(await contribute(config, { color: "red" }, at(D0, 10)));
    // Day by day he reads, retracts some of his own, adds new ones, and reads again.
    const estimates: number[] = [];
    let first: SeriesPoint | undefined;
    for (let d = D0 + 1; d <= D0 + 6; d++) {
      for (let r = 0; r < 5; r++) {
        const p = pointOf(await read(config, at(d, 1 + r)), "reds", D0);
        first ??= p;
        expect(p).toEqual(first);
        if (p?.added != null) estimates.push(p.added - 20);
      }
      await retractAssignment(env, keys, config, own.pop() ?? "", at(d));
      await contribute(config, { color: "red" }, at(d));
    }
    // One draw for the cell, kept: every estimate is the same number, so averaging gives
    // nothing, and it is the hidden count plus exactly that draw.
    const [draw] = await stored(config, "reds", D0, "added");
    expect(await stored(config, "reds", D0, "added")).toHaveLength(1);
    expect(new Set(estimates).size).toBeLessThanOrEqual(1);
    if (first?.added != null) expect(first.added).toBe(draw);
    for (const e of estimates) expect(e - 3).toBe((draw ?? 0) - 23);
  });

  it("should never release anything of the open day, whatever period is asked for", async () => {
    const config = site();
    for (let i = 0; i < 30; i++) await contribute(config, { color: "blue" }, at(D0 + 3, 8));
    const today = D0 + 3;
    for (const extra of [{}, { to: today }, { from: today, to: today }, { days: 2 }]) {
      const body = await read(config, at(today, 20), extra);
      expect(body.day).toBe(isoDay(today - 1));
      for (const s of body.segments)
        expect(s.series.map((p) => p.day)).not.toContain(isoDay(today));
    }
    expect(
      await runInDurableObject(shardStub(env, config.id, 0), (_o: SiteCounter, state) =>
        state.storage.sql
          .exec<{ n: number }>("SELECT count(*) AS n FROM released WHERE day >= ?", today)
          .one(),
      ),
    ).toEqual({ n: 0 });
  });

  it(`should release a day only RELEASE_DELAY_MS (${RELEASE_DELAY_MS} ms) after it ended`, async () => {
    const config = site();
    const midnight = startOfDay(D0 + 1);
    expect((await read(config, midnight + RELEASE_DELAY_MS - 1)).day).toBe(isoDay(D0 - 1));
    // A write that started before midnight and arrives late still lands before the release.
    await contribute(config, { color: "red" }, midnight - 1);
    expect((await read(config, midnight + RELEASE_DELAY_MS)).day).toBe(isoDay(D0));
  });

  it("should keep a closed day's released numbers through add-then-retract; the change shows once, later", async () => {
    const config = site();
    for (let i = 0; i < 40; i++) await contribute(config, { color: "red" }, at(D0, 9));
    const mine = await contribute(config, { color: "red" }, at(D0, 11));
    const before = await read(config, at(D0 + 1));
    await retractAssignment(env, keys, config, mine, at(D0 + 1, 13));
    const sameDay = await read(config, at(D0 + 1, 14));
    const next = await read(config, at(D0 + 2));
    // D0 is unchanged by the retraction, on the same day and on every later one.
    expect(pointOf(sameDay, "reds", D0)).toEqual(pointOf(before, "reds", D0));
    expect(pointOf(next, "reds", D0)).toEqual(pointOf(before, "reds", D0));
    // The retraction is one true count in D0 + 1's removed cell, noised once.
    expect(await stored(config, "reds", D0 + 1, "removed")).toHaveLength(1);
  });

  it("should show the same stored cells in overlapping ranges, the CSV and repeated reads", async () => {
    const config = site();
    for (let d = D0; d < D0 + 8; d++)
      for (let i = 0; i < 15 + d - D0; i++) await contribute(config, { color: "red" }, at(d));
    const now = at(D0 + 8);
    const wide = await read(config, now, { from: D0, to: D0 + 7 });
    const left = await read(config, now, { from: D0, to: D0 + 4 });
    const right = await read(config, now, { from: D0 + 3, to: D0 + 7 });
    for (let d = D0; d <= D0 + 7; d++) {
      const w = pointOf(wide, "reds", d);
      if (d <= D0 + 4) expect(pointOf(left, "reds", d)).toEqual(w);
      if (d >= D0 + 3) expect(pointOf(right, "reds", d)).toEqual(w);
    }
    const again = await Promise.all(
      Array.from({ length: 20 }, () => read(config, now, { from: D0, to: D0 + 7 })),
    );
    for (const a of again) expect(a).toEqual(wide);
    expect(toCsv(again[0] as SegmentsResponse)).toBe(toCsv(wide));
  });

  it("should make subtraction of shown numbers give only post-processing of the stored draws", async () => {
    const config = site();
    for (let d = D0; d < D0 + 9; d++)
      for (let i = 0; i < 30; i++) await contribute(config, { color: "blue" }, at(d));
    const body = await read(config, at(D0 + 9), { from: D0, to: D0 + 8 });
    const series = body.segments.find((s) => s.id === "blues")?.series ?? [];
    let checked = 0;
    for (let i = 1; i < series.length; i++) {
      const [a, b] = [series[i - 1], series[i]];
      if (a?.audience == null || b?.audience == null || b.added == null || b.removed == null)
        continue;
      // A checkpoint day starts from its own noisy audience; every other day is post-processing
      // of the same cells: audience(D) - audience(D-1) = added(D) - removed(D).
      if (isCheckpoint(D0 + i, config.windowDays)) continue;
      expect(b.audience - a.audience).toBe(b.added - b.removed);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    // The true daily arrival is 30; what the subtraction shows is 30 plus that day's one draw.
    for (let d = D0 + 1; d <= D0 + 8; d++) {
      const [added] = await stored(config, "blues", d, "added");
      const p = pointOf(body, "blues", d);
      if (p?.added != null) expect(p.added).toBe(added);
    }
  });

  it("should give two segments that differ by one answer their own draws, so their difference is noisy", async () => {
    const config = site((c) => {
      c.questions = [
        ...(c.questions as unknown[]),
        {
          id: "pet",
          label: "Pet?",
          kind: "single",
          options: [
            { id: "cat", label: "Cat" },
            { id: "dog", label: "Dog" },
          ],
        },
      ];
      c.segments = [
        { id: "reds", label: "Reds", rule: { "==": [{ var: "color" }, "red"] } },
        {
          id: "red-cats",
          label: "Red cats",
          rule: { and: [{ "==": [{ var: "color" }, "red"] }, { "==": [{ var: "pet" }, "cat"] }] },
        },
      ];
    });
    // Each day 30 red cat people and the one red dog person the difference would single out.
    const days = 10;
    for (let d = D0; d < D0 + days; d++) {
      for (let i = 0; i < 30; i++) await contribute(config, { color: "red", pet: "cat" }, at(d));
      await contribute(config, { color: "red", pet: "dog" }, at(d));
    }
    const body = await read(config, at(D0 + days), { from: D0, to: D0 + days - 1 });
    let differs = 0;
    for (let d = D0; d < D0 + days; d++) {
      const [reds] = await stored(config, "reds", d, "added");
      const [cats] = await stored(config, "red-cats", d, "added");
      // What is shown is the one stored draw of each cell.
      const shown = (id: string) => pointOf(body, id, d)?.added;
      if (shown("reds") != null) expect(shown("reds")).toBe(reds);
      if (shown("red-cats") != null) expect(shown("red-cats")).toBe(cats);
      // reds - red-cats = 1 only if both cells drew the same noise: independent draws do not.
      if ((reds ?? 0) - 31 !== (cats ?? 0) - 30) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });

  it("should agree over HTTP in the JSON, the CSV and 30 repeated reads, without today", async () => {
    const now = Date.now();
    for (let d = 1; d <= 3; d++)
      for (let i = 0; i < 12; i++) await contribute(noisy, { color: "red" }, now - d * DAY_MS);
    const reads = await Promise.all(
      Array.from({ length: 30 }, async () => (await marketer("noisy")).json()),
    );
    for (const r of reads) expect(r).toEqual(reads[0]);
    const body = reads[0] as SegmentsResponse;
    expect(body.noise).toBe(true);
    expect(body.day).toBe(isoDay(Math.floor((now - RELEASE_DELAY_MS) / DAY_MS) - 1));
    expect(await (await marketer("noisy", "segments.csv")).text()).toBe(toCsv(body));
  });
});

describe("exact mode (opt-in): why the assessment rates it medium", () => {
  it("should let anyone who can contribute unmask a held-back count, as the record and assessment say", async () => {
    const config = site((c) => {
      c.exactCounts = true;
    });
    // Three visitors: fewer than k = 5, so held back.
    for (let i = 0; i < 3; i++) await contribute(config, { color: "red" }, at(D0, 9));
    const hidden = pointOf(await read(config, at(D0, 10)), "reds", D0);
    expect(hidden).toMatchObject({ audience: null, suppressed: true });
    // Ten of his own lift the count over k: the shown number minus his own is the hidden count.
    // (Ten more of another colour keep respondents minus reds from giving away that nobody
    // chose the others, which would hold reds back too: complementary.ts.)
    for (let i = 0; i < 10; i++) await contribute(config, { color: "red" }, at(D0, 11));
    for (let i = 0; i < 10; i++) await contribute(config, { color: "blue" }, at(D0, 11));
    const shown = pointOf(await read(config, at(D0, 12)), "reds", D0);
    expect((shown?.audience ?? 0) - 10).toBe(3);
  });
});
