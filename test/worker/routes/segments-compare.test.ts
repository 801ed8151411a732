/**
 * GET /v1/sites/:site/segments?compare=a,b[,c,d] (issue 14) over HTTP: two to four segments
 * side by side with their shares and changes, the overlaps declared in the config among them
 * (demo: runners & beginners) and the answers within those declared as breakdowns (demo:
 * runners); every bad comparison is a 400 with its own code and changes nothing. Also the
 * respondents and shares of a plain /segments read and its CSV.
 */
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_COMPARE, MIN_COMPARE } from "../../../shared/limits.ts";
import { SegmentsResponseSchema } from "../../../shared/schema.ts";
import { toCsv } from "../../../worker/routes/segments-csv.ts";
import { assign, demo, dumpStorage, marketer, netCounts } from "../helpers.ts";

const demoBody = (answers: Record<string, unknown>) => ({
  policyVersion: demo.policyVersion,
  consent: { analytics: true },
  answers,
});

beforeAll(async () => {
  // Demo, exact, k = 10: 12 beginner runners, 10 advanced runners, 5 beginner hikers.
  for (const [n, answers] of [
    [12, { interests: ["running"], level: "beginner" }],
    [10, { interests: ["running"], level: "advanced" }],
    [5, { interests: ["hiking"], level: "beginner" }],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const { res } = await assign("demo", demoBody(answers));
      expect(res.status).toBe(200);
    }
  }
});

const read = async (query: string) => {
  const res = await marketer("demo", `segments${query}`);
  expect(res.status, query).toBe(200);
  return v.parse(SegmentsResponseSchema, await res.json());
};

describe("GET /v1/sites/:site/segments: respondents and shares", () => {
  it("should count every contribution as a respondent and give each segment its share", async () => {
    const body = await read("?days=1");
    expect(body.respondents.audience).toBe(27);
    const of = (id: string) => body.segments.find((s) => s.id === id);
    expect(of("runners")).toMatchObject({ audience: 22, share: 0.815 });
    expect(of("beginners")).toMatchObject({ audience: 17, share: 0.63 });
    // Outdoor: runners and hikers (27); nobody is a racket fan: held back, no share.
    expect(of("outdoor")).toMatchObject({ audience: 27, share: 1 });
    expect(of("racket-fans")).toMatchObject({ audience: null, suppressed: true, share: null });
    expect(body.comparison).toBeUndefined();
    // The CSV: the respondents' rows first, then the segments', shares beside them.
    const csv = await (await marketer("demo", "segments.csv?days=1")).text();
    expect(csv).toBe(toCsv(body));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[1]).toMatch(/^"[\d-]+","\*","Respondents \(every contribution\)",27,/);
    expect(lines.find((l) => l.includes('"runners"'))).toMatch(/,22,,,false,false,0\.815,0,0$/);
  });
});

describe("GET /v1/sites/:site/segments?compare=", () => {
  it("should put the segments side by side in the order asked, with their declared overlap and a breakdown's answers", async () => {
    const body = await read("?days=1&compare=beginners,runners,racket-fans");
    expect(body.segments.map((s) => s.id)).toEqual(["beginners", "runners", "racket-fans"]);
    const c = body.comparison;
    expect(c?.segments).toEqual(["beginners", "runners", "racket-fans"]);
    // Declared as ["runners", "beginners"]: 12 of 27 respondents, of 22 runners, of 17 beginners.
    expect(c?.overlaps).toEqual([
      expect.objectContaining({
        segments: ["runners", "beginners"],
        label: "Runners and Beginners",
        audience: 12,
        share: 0.444,
        shareOf: [0.545, 0.706],
      }),
    ]);
    expect(c?.answers.map((a) => [a.segment, a.counted, a.questions.length])).toEqual([
      ["beginners", false, 0],
      ["runners", true, demo.questions.length],
      ["racket-fans", false, 0],
    ]);
    const level = c?.answers[1]?.questions.find((q) => q.id === "level");
    // Within the 22 runners: 12 beginners, 10 advanced, nobody else. Runners minus 12 minus 10
    // would give the others' 0, so the 10 is held back beside them; the 12 is the overlap's.
    expect(level?.options.map((o) => [o.id, o.audience, o.share])).toEqual([
      ["beginner", 12, 0.545],
      ["intermediate", null, null],
      ["advanced", null, null],
      ["pro", null, null],
    ]);
    const interests = c?.answers[1]?.questions.find((q) => q.id === "interests");
    expect(interests?.options.find((o) => o.id === "running")).toMatchObject({
      audience: 22,
      share: 1,
    });
    // The CSV of a comparison: the compared segments, then the overlap as `runners&beginners`.
    const csv = await (
      await marketer("demo", "segments.csv?days=1&compare=beginners,runners")
    ).text();
    const ids = csv
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(",")[1]);
    expect(ids).toEqual(['"*"', '"beginners"', '"runners"', '"runners&beginners"']);
  });

  it(`should refuse fewer than ${MIN_COMPARE} or more than ${MAX_COMPARE} ids, unknown and repeated ones, each with its code, changing nothing`, async () => {
    const counts = await netCounts(demo);
    const stored = await dumpStorage(demo);
    const ids = demo.segments.map((s) => s.id);
    for (const [query, code] of [
      ["", "compare_count"],
      [ids[0], "compare_count"],
      [ids.slice(0, MAX_COMPARE + 1).join(","), "compare_count"],
      [`${ids[0]},nope`, "unknown_segment"],
      [`${ids[0]},Runners`, "unknown_segment"],
      [`${ids[0]},${ids[0]}`, "duplicate_segment"],
      [`${ids[0]},${ids[1]},${ids[0]}`, "duplicate_segment"],
    ] as const) {
      for (const path of ["segments", "segments.csv"]) {
        const res = await marketer("demo", `${path}?compare=${query}`);
        expect(res.status, `${path} ${query}`).toBe(400);
        const body = (await res.json()) as { error: { code: string; details: { field: string } } };
        expect(body.error.code, query).toBe(code);
        expect(body.error.details.field).toBe("compare");
      }
    }
    // Both ways of filtering at once.
    const both = await marketer("demo", `segments?segments=${ids[0]}&compare=${ids[0]},${ids[1]}`);
    expect(both.status).toBe(400);
    expect(await netCounts(demo)).toEqual(counts);
    expect(await dumpStorage(demo)).toBe(stored);
    // At the bounds it answers.
    expect((await read(`?compare=${ids.slice(0, MIN_COMPARE).join(",")}`)).segments).toHaveLength(
      MIN_COMPARE,
    );
    expect((await read(`?compare=${ids.slice(0, MAX_COMPARE).join(",")}`)).segments).toHaveLength(
      MAX_COMPARE,
    );
  });
});
