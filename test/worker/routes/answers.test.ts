/**
 * GET /v1/sites/:site/answers and /answers.csv (issue 14) over HTTP, on tiny (exact counts,
 * k = 2) with known contributions: per question, per option (per value of a scale), audience,
 * share of the respondents, change and series; held back below k and wherever a subtraction would
 * give a held-back one away; same auth and period as /segments; a bad query changes nothing.
 */
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { AnswersResponseSchema, type QuestionAnswers } from "../../../shared/schema.ts";
import { dayOf, isoDay } from "../../../worker/counting/day.ts";
import { ANSWERS_CSV_HEADER, answersCsv } from "../../../worker/routes/answers-csv.ts";
import { assign, call, dumpStorage, marketer, netCounts, tiny, tinyBody } from "../helpers.ts";

const today = () => isoDay(dayOf(Date.now()));

beforeAll(async () => {
  // 4 red cat owners scoring 5, 3 blue dog owners scoring 2, 2 cat owners who say no more.
  for (const [n, answers] of [
    [4, { color: "red", pets: ["cat"], score: 5 }],
    [3, { color: "blue", pets: ["dog"], score: 2 }],
    [2, { pets: ["cat"] }],
  ] as const) {
    for (let i = 0; i < n; i++)
      expect((await assign("tiny", tinyBody({ answers }))).res.status).toBe(200);
  }
});

const read = async (query = "") => {
  const res = await marketer("tiny", `answers${query}`);
  expect(res.status).toBe(200);
  return v.parse(AnswersResponseSchema, await res.json());
};
const question = (qs: QuestionAnswers[], id: string) => qs.find((q) => q.id === id);
const audiences = (q: QuestionAnswers | undefined) =>
  Object.fromEntries((q?.options ?? []).map((o) => [o.id, o.audience]));

describe("GET /v1/sites/:site/answers", () => {
  it("should need the marketer token, answering as /segments does", async () => {
    const res = await call("/v1/sites/tiny/answers");
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect((await call("/v1/sites/tiny/answers.csv")).status).toBe(401);
  });

  it("should answer each question's options with audience and share of the respondents", async () => {
    const res = await marketer("tiny", "answers");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const body = await read();
    expect(body).toMatchObject({ site: "tiny", window: 3, k: 2, noise: false, day: today() });
    expect(body.respondents.audience).toBe(9);
    expect(body.questions.map((q) => q.id)).toEqual(tiny.questions.map((q) => q.id));
    // Green: nobody (held back). Respondents - red - blue = 2 is what is left for green and the
    // two who skipped the colour: at least k, so red and blue are shown.
    const color = question(body.questions, "color");
    expect(audiences(color)).toEqual({ red: 4, blue: 3, green: null });
    expect(color?.options.map((o) => o.share)).toEqual([0.444, 0.333, null]);
    expect(audiences(question(body.questions, "pets"))).toEqual({ cat: 6, dog: 3 });
  });

  it("should give a scale one entry per value, and hold its distribution back where a segment of two values would pin the rest", async () => {
    const body = await read();
    const score = question(body.questions, "score");
    expect(score?.kind).toBe("scale");
    expect(score?.options.map((o) => [o.id, o.value])).toEqual([
      ["1", 1],
      ["2", 2],
      ["3", 3],
      ["4", 4],
      ["5", 5],
    ]);
    // Scores 2 (3) and 5 (4) are at least k, but "high" (4 or 5) minus 5 would give 4's 0:
    // with a segment of this scale alone, one held-back value holds back all of them.
    expect(audiences(score)).toEqual({ "1": null, "2": null, "3": null, "4": null, "5": null });
    const segments = (await (await marketer("tiny")).json()) as {
      segments: { id: string; audience: number | null }[];
    };
    expect(segments.segments.find((s) => s.id === "high")?.audience).toBeNull();
  });

  it("should carry a daily series and the change over the period asked", async () => {
    const body = await read("?days=1");
    const red = question(body.questions, "color")?.options[0];
    expect(red?.series).toEqual([
      { day: today(), audience: 4, added: null, removed: null, suppressed: false, unusual: false },
    ]);
    expect(red?.change).toEqual({
      from: today(),
      to: today(),
      first: 4,
      last: 4,
      absolute: 0,
      relative: 0,
    });
    // Over the window the first day is empty (held back): no change can be said.
    const wide = await read();
    const first = question(wide.questions, "color")?.options[0];
    expect(first?.series).toHaveLength(tiny.windowDays);
    expect(first?.change).toMatchObject({ first: null, last: 4, absolute: null, relative: null });
  });

  it("should answer 400 to a bad period or to segments or compare, changing nothing", async () => {
    const counts = await netCounts(tiny);
    const stored = await dumpStorage(tiny);
    for (const query of [
      "?days=0",
      "?days=x",
      "?from=2026-02-30",
      "?days=2&from=2026-01-01",
      "?segments=reds",
      "?compare=reds,high",
    ]) {
      const res = await marketer("tiny", `answers${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: { field: string } } };
      expect(body.error.code, query).toBe("bad_request");
      expect((await marketer("tiny", `answers.csv${query}`)).status, query).toBe(400);
    }
    expect(await netCounts(tiny)).toEqual(counts);
    // Not a count, nor a released cell, nor an access-log row: nothing was stored.
    expect(await dumpStorage(tiny)).toBe(stored);
  });
});

describe("GET /v1/sites/:site/answers.csv", () => {
  it("should answer one row per option per day with the JSON's figures", async () => {
    const res = await marketer("tiny", "answers.csv?days=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="tiny-answers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await res.text();
    expect(text).toBe(answersCsv(await read("?days=1")));
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(ANSWERS_CSV_HEADER.join(","));
    // colour 3, pets 2, score 5, stress 3 entries; one day.
    expect(lines).toHaveLength(1 + 13);
    expect(lines[1]).toBe(
      `"${today()}","color","Favourite colour?","red","Red",4,,,false,false,0.444,0,0`,
    );
    expect(lines[3]).toBe(
      `"${today()}","color","Favourite colour?","green","Green",,,,true,false,,,`,
    );
  });

  it("should quote every text cell and defuse formulas in labels", () => {
    const csv = answersCsv({
      site: "x",
      window: 1,
      k: 2,
      day: "2026-01-02",
      noise: false,
      respondents: {
        audience: 10,
        suppressed: false,
        series: [
          {
            day: "2026-01-02",
            audience: 10,
            added: null,
            removed: null,
            suppressed: false,
            unusual: false,
          },
        ],
        change: {
          from: "2026-01-02",
          to: "2026-01-02",
          first: 10,
          last: 10,
          absolute: 0,
          relative: 0,
        },
      },
      questions: [
        {
          id: "q",
          label: "=HYPERLINK(1), x",
          kind: "single",
          options: [
            {
              id: "o",
              label: '@o "x"',
              audience: 5,
              suppressed: false,
              share: 0.5,
              change: {
                from: "2026-01-02",
                to: "2026-01-02",
                first: 5,
                last: 5,
                absolute: 0,
                relative: 0,
              },
              series: [
                {
                  day: "2026-01-02",
                  audience: 5,
                  added: null,
                  removed: null,
                  suppressed: false,
                  unusual: false,
                },
              ],
            },
          ],
        },
      ],
    });
    expect(csv.split("\r\n")[1]).toBe(
      `"2026-01-02","q","'=HYPERLINK(1), x","o","'@o ""x""",5,,,false,false,0.5,0,0`,
    );
  });
});
