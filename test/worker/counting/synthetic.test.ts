/**
 * The local demo's synthetic history (worker/counting/synthetic.ts): only with DEMO_HISTORY set
 * (as `npm start` and `npm run dev` do) and only for the demo site, about SYNTHETIC_DAYS days of
 * aggregate flows, seeded once; the dashboard labels it.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { configKeys, readAudiences } from "../../../worker/counting/read.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import { syntheticFlows, syntheticHistory } from "../../../worker/counting/synthetic.ts";
import { DashboardPage } from "../../../worker/dashboard/pages.tsx";
import { renderDocument } from "../../../worker/dashboard/render.ts";
import { SYNTHETIC_DAYS } from "../../../worker/limits.ts";
import { demo, tiny } from "../helpers.ts";

const today = Math.floor(Date.now() / 86_400_000);

describe("synthetic demo history", () => {
  it("should be on only for the demo site and only with DEMO_HISTORY=synthetic", () => {
    expect(syntheticHistory({ DEMO_HISTORY: "synthetic" }, demo)).toBe(true);
    expect(syntheticHistory({}, demo)).toBe(false);
    expect(syntheticHistory({ DEMO_HISTORY: "synthetic" }, tiny)).toBe(false);
  });

  it(`should cover the ${SYNTHETIC_DAYS} days before today with aggregate flows only`, () => {
    const rows = syntheticFlows(demo, today);
    const days = new Set(rows.map((r) => r.day));
    expect(Math.min(...days)).toBe(today - SYNTHETIC_DAYS);
    expect(Math.max(...days)).toBeLessThan(today);
    const ids = new Set(configKeys(demo));
    const seen = new Set<string>();
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(["day", "made", "n", "new", "old"]);
      for (const set of [r.old, r.new])
        for (const id of set === "" ? [] : (JSON.parse(set) as string[])) {
          expect(ids).toContain(id);
          seen.add(id);
        }
    }
    // Respondents and options are counted too (issue 14), so the answers chart has data.
    expect(seen).toContain("*");
    expect(seen).toContain("interests=running");
  });

  it("should give the demo dashboard real charts at first start, seeded once", async () => {
    const withHistory = { ...env, DEMO_HISTORY: "synthetic" };
    const body = await readAudiences(withHistory, demo, { days: 45 });
    const shown = body.segments.flatMap((s) => s.series).filter((p) => p.audience !== null);
    expect(shown.length).toBeGreaterThan(demo.segments.length * 30);
    // A second seeding is refused: the history is there once.
    expect(await shardStub(env, demo.id, 0).seed(syntheticFlows(demo, today), 90)).toBe(false);
    const html = await renderDocument(
      DashboardPage({
        site: "demo",
        siteName: "Demo",
        data: body,
        answers: [],
        filter: { from: body.day, to: body.day, segments: [] },
        dayChoices: [7],
        bounds: { oldest: body.day, today: body.day },
        allSegments: [],
        findings: [],
        access: [],
        synthetic: true,
      }),
    );
    expect(html).toContain("Synthetic data:");
  });
});
