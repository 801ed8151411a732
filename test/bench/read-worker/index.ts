/**
 * @module
 * The Worker of `npm run bench -- reads` (test/bench/reads.bench.ts bundles it with esbuild and
 * runs it in Miniflare, workerd with SQLite-backed Durable Objects): the real SiteCounter and the
 * real read path (worker/counting/read.ts readCounts) over a site of 11 segments and 6 questions
 * with 60 days of synthetic aggregate history, so the marketer read is timed as the routes and
 * the dashboard run it, without HTTP routing, auth or the access log around it.
 * - `POST /seed?mode=noise|exact`: the history, once per shard; with `&before=1` the same
 *   history as the counter kept it before issue 14 (segment ids only) for a site of its own.
 * - `GET /read?mode=noise|exact&answers=0|1`: segments (and answers), 30 days, as JSON; with
 *   `&before=1` the segments read of before issue 14 (./before/read.ts) over that site.
 */
import type { SiteConfig } from "../../../shared/schema.ts";
import { checkSiteConfig } from "../../../shared/site-config.ts";
import { dayOf } from "../../../worker/counting/day.ts";
import { readCounts } from "../../../worker/counting/read.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import { syntheticFlows } from "../../../worker/counting/synthetic.ts";
import type { FlowRow } from "../../../worker/durable-objects/site-counter.ts";
import demo from "../../../worker/sites/demo.json";
import { readAudiences as readBefore } from "./before/read.ts";

export { SiteCounter } from "../../../worker/durable-objects/site-counter.ts";

/** The demo's 11 segments and 5 questions, a sixth question, noise or exact counts. */
function benchConfig(mode: string, before: boolean): SiteConfig {
  const { marketerTokenSha256: _m, ownerTokenSha256: _o, ...rest } = demo;
  const r = checkSiteConfig({
    ...rest,
    id: `bench-${mode}${before ? "-before" : ""}`,
    exactCounts: mode === "exact",
    questions: [
      ...demo.questions,
      {
        id: "terrain",
        label: "Where do you train?",
        kind: "single",
        options: ["road", "trail", "track", "gym", "pool", "home"].map((id) => ({ id, label: id })),
      },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

const configs = new Map<string, SiteConfig>();
const configOf = (mode: string, before: boolean) => {
  const key = `${mode}\n${before}`;
  let c = configs.get(key);
  if (!c) {
    c = benchConfig(mode, before);
    configs.set(key, c);
  }
  return c;
};

/** Flow rows as the counter wrote them before issue 14: segment ids only, merged. */
function segmentsOnly(config: SiteConfig, rows: FlowRow[]): FlowRow[] {
  const ids = new Set(config.segments.map((s) => s.id));
  const only = (set: string) => {
    if (set === "") return "";
    const kept = (JSON.parse(set) as string[]).filter((k) => ids.has(k));
    return kept.length > 0 ? JSON.stringify(kept) : "";
  };
  const merged = new Map<string, FlowRow>();
  for (const r of rows) {
    const row = { ...r, old: only(r.old), new: only(r.new) };
    if (row.old === "" && row.new === "") continue;
    const key = `${row.day}\n${row.made}\n${row.old}\n${row.new}`;
    const had = merged.get(key);
    if (had) had.n += row.n;
    else merged.set(key, row);
  }
  return [...merged.values()];
}

export default {
  async fetch(request: Request, env: Pick<Env, "COUNTER">): Promise<Response> {
    const url = new URL(request.url);
    const before = url.searchParams.get("before") === "1";
    const config = configOf(url.searchParams.get("mode") ?? "noise", before);
    if (url.pathname === "/seed") {
      const all = syntheticFlows(config, dayOf(Date.now()));
      const rows = before ? segmentsOnly(config, all) : all;
      // Spread over the shards as fresh assignments would be.
      await Promise.all(
        Array.from({ length: config.shards }, (_, i) =>
          shardStub(env, config.id, i).seed(
            rows.filter((_, j) => j % config.shards === i),
            config.retentionDays,
          ),
        ),
      );
      const keys = new Set(rows.flatMap((r) => [r.old, r.new]));
      return Response.json({
        rows: rows.length,
        sets: keys.size,
        segments: config.segments.length,
        questions: config.questions.length,
      });
    }
    const answers = url.searchParams.get("answers") === "1";
    const body = before
      ? { segments: await readBefore(env, config, { days: 30 }) }
      : await readCounts(env, config, { days: 30 }, { segments: true, answers });
    return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
  },
};
