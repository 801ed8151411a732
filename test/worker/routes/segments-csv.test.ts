import { describe, expect, it } from "vitest";
import type { SegmentsResponse, SeriesPoint } from "../../../shared/schema.ts";
import { CSV_HEADER, toCsv } from "../../../worker/routes/segments-csv.ts";
import { call, marketer, tiny } from "../helpers.ts";

/** One day of a series: a shown, ordinary day unless `p` says otherwise. */
const day = (p: Partial<SeriesPoint> = {}): SeriesPoint => ({
  day: "2026-01-02",
  audience: 12,
  added: 3,
  removed: 1,
  suppressed: false,
  unusual: false,
  ...p,
});

const CHANGE = {
  from: "2026-01-02",
  to: "2026-01-02",
  first: null,
  last: null,
  absolute: null,
  relative: null,
};

/** A segments answer of tiny's shape around the given segments; respondents 40 on the day. */
const answer = (segments: SegmentsResponse["segments"]): SegmentsResponse => ({
  site: "tiny",
  window: 3,
  k: 2,
  day: "2026-01-02",
  noise: false,
  respondents: {
    audience: 40,
    suppressed: false,
    series: [day({ audience: 40, added: 10, removed: 2 })],
    change: CHANGE,
  },
  segments,
});

/** A segment entry (share and change as the CSV ignores them: it computes its own per day). */
const segment = (
  s: Pick<SegmentsResponse["segments"][number], "id" | "label" | "audience" | "series">,
) => ({ ...s, suppressed: s.audience === null, share: null, change: CHANGE });

describe("GET /v1/sites/:site/segments.csv", () => {
  it("should need the marketer token", async () => {
    expect((await call("/v1/sites/tiny/segments.csv")).status).toBe(401);
  });

  it("should answer text/csv with one row per segment per day", async () => {
    const res = await marketer("tiny", "segments.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="tiny-segments-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    // The respondents' rows (segment `*`) first, then each segment's.
    expect(lines).toHaveLength(1 + (1 + tiny.segments.length) * tiny.windowDays);
    expect(lines[1]).toMatch(/^"\d{4}-\d{2}-\d{2}","\*","Respondents \(every contribution\)",/);
  });

  it("should leave suppressed cells empty, quote every text cell and defuse formulas", () => {
    const csv = toCsv(
      answer([
        segment({
          id: "a",
          label: '=Cat, "people"',
          audience: null,
          series: [day({ audience: null, added: null, removed: null, suppressed: true })],
        }),
        segment({ id: "b", label: "B", audience: 12, series: [day({ removed: null })] }),
      ]),
    );
    // b: 12 of 40 respondents is a share of 0.3; one day, so no change yet (0 since the first).
    expect(csv).toBe(
      `${CSV_HEADER.join(",")}\r\n"2026-01-02","*","Respondents (every contribution)",40,10,2,false,false,,0,0\r\n"2026-01-02","a","'=Cat, ""people""",,,,true,false,,,\r\n"2026-01-02","b","B",12,3,,false,false,0.3,0,0\r\n`,
    );
  });

  it("should quote a label with a semicolon, so semicolon-locale spreadsheets keep one cell", () => {
    const csv = toCsv(
      answer([segment({ id: "a", label: "x;=1+1", audience: 12, series: [day()] })]),
    );
    const row = csv.split("\r\n")[2] ?? "";
    expect(row).toBe('"2026-01-02","a","x;=1+1",12,3,1,false,false,0.3,0,0');
    // Split as German Excel does, on ";" outside quotes: the label's ";" splits nothing.
    const cells = row.match(/(?:"(?:[^"]|"")*"|[^;"])+/g) ?? [];
    expect(cells).toEqual([row]);
  });
});
