/**
 * Spike flags end to end (issue 13): a flood of contributions on one day is `unusual` in the
 * marketer's series, computed from the stored noisy cells, and the quiet days around it are not.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { validateAssignment } from "../../../shared/assignment.ts";
import { checkSiteConfig, formatIssues } from "../../../shared/site-config.ts";
import { countAssignment } from "../../../worker/counting/assign.ts";
import { isoDay, startOfDay } from "../../../worker/counting/day.ts";
import { keysFor } from "../../../worker/counting/keys.ts";
import { readAudiences } from "../../../worker/counting/read.ts";
import { CSV_HEADER, toCsv } from "../../../worker/routes/segments-csv.ts";
import noisyJson from "../fixtures/noisy.json";
import { UNCHECKED_PROOF } from "../helpers.ts";

const keys = keysFor("spike-test-secret-0123456789abcdef012345");
const D0 = 20_100; // a UTC day number; every clock below is relative to it
const at = (day: number) => startOfDay(day) + 12 * 3_600_000;

describe("spike flags in the marketer's series", () => {
  it("should flag the day of a flood as unusual, and no quiet day, in the API and the CSV", async () => {
    const input = structuredClone(noisyJson) as Record<string, unknown>;
    input.id = "spikes";
    const r = checkSiteConfig(input);
    if (!r.ok) throw new Error(formatIssues(r.issues));
    const config = r.config;
    const valid = validateAssignment(config, {
      proof: UNCHECKED_PROOF,
      policyVersion: "v1",
      consent: { counting: true },
      answers: { color: "red" },
    });
    if (!valid.ok) throw new Error(valid.error.message);
    const QUIET = 12;
    const FLOOD = 200;
    const floodDay = D0 + 13;
    for (let d = D0; d < floodDay; d++)
      for (let i = 0; i < QUIET; i++) await countAssignment(env, keys, config, valid.value, at(d));
    for (let i = 0; i < FLOOD; i++)
      await countAssignment(env, keys, config, valid.value, at(floodDay));

    const body = await readAudiences(env, config, {
      now: at(floodDay + 2),
      from: D0,
      to: floodDay,
    });
    const reds = body.segments.find((s) => s.id === "reds");
    const flagged = reds?.series.filter((p) => p.unusual).map((p) => p.day);
    expect(flagged).toEqual([isoDay(floodDay)]);
    // The CSV carries the same flag, from the same stored cells.
    const row = toCsv(body)
      .split("\r\n")
      .find((l) => l.startsWith(`"${isoDay(floodDay)}","reds"`));
    expect(row?.split(",")[CSV_HEADER.indexOf("unusual")]).toBe("true");
  }, 60_000);
});
