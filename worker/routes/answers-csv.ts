/**
 * @module
 * GET /v1/sites/:site/answers.csv (marketer): the same figures as /answers, one row per option
 * (per value of a scale) per day (RFC 4180), with the segments CSV's columns
 * (routes/segments-csv.ts): a suppressed count is an empty cell, `share` is the option's
 * audience over the respondents' that day, `change` and `change_relative` are since the
 * period's first day.
 */
import { Hono } from "hono";
import type { AnswersResponse } from "../../shared/schema.ts";
import type { AppEnv } from "../app-env.ts";
import { csv } from "../csv.ts";
import { readAnswersForMarketer } from "./segments.ts";
import { seriesRows } from "./segments-csv.ts";

export const ANSWERS_CSV_HEADER = [
  "day",
  "question",
  "question_label",
  "option",
  "option_label",
  "audience",
  "added",
  "removed",
  "suppressed",
  "unusual",
  "share",
  "change",
  "change_relative",
] as const;

/** The CSV text of an answers answer. */
export function answersCsv(body: AnswersResponse): string {
  const respondents = body.respondents.series;
  return csv(
    ANSWERS_CSV_HEADER,
    body.questions.flatMap((q) =>
      q.options.flatMap((o) =>
        seriesRows(o.series, respondents).map((cells, i) => [
          o.series[i]?.day ?? "",
          q.id,
          q.label,
          o.id,
          o.label,
          ...cells,
        ]),
      ),
    ),
  );
}

export const answersCsvRoute = new Hono<AppEnv>().get("/", async (c) => {
  const config = c.var.config;
  const body = await readAnswersForMarketer(c, "answers.csv");
  return c.body(answersCsv(body), 200, {
    "Content-Type": "text/csv; charset=utf-8; header=present",
    "Content-Disposition": `attachment; filename="${config.id}-answers-${body.day}.csv"`,
    "Cache-Control": "private, no-store",
  });
});
