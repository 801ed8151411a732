/**
 * @module
 * Synthetic demo history (local development only): when `DEMO_HISTORY` is "synthetic" (only
 * `npm start` and `npm run dev` pass it, as `wrangler dev --var`), the demo site's shard 0 gets
 * about 60 days of made-up aggregate flows on first read, so a newcomer's dashboard shows real
 * charts at once. The dashboard says so. No visitor is simulated beyond aggregate counts, and a
 * deployed Worker never has the variable.
 */
import { countedKeys } from "../../shared/counting-keys.ts";
import type { Answer, SiteConfig } from "../../shared/schema.ts";
import type { FlowRow } from "../durable-objects/site-counter.ts";
import { SYNTHETIC_DAYS } from "../limits.ts";
import { assignSegments } from "./segments.ts";
import { shardStub } from "./shards.ts";

/** Whether `config`'s counts include synthetic history under `env`. */
export function syntheticHistory(env: { DEMO_HISTORY?: string }, config: SiteConfig): boolean {
  return env.DEMO_HISTORY === "synthetic" && config.id === "demo";
}

/** A small deterministic generator (xorshift32): demo data only, never noise or secrets. */
function generator(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** Random answers to the site's questions (each question answered or skipped). */
function answersOf(config: SiteConfig, next: () => number): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const q of config.questions) {
    if (q.sensitive || next() % 4 === 0) continue;
    if (q.kind === "scale") {
      const min = q.min ?? 0;
      answers[q.id] = min + (next() % ((q.max ?? min) - min + 1));
    } else {
      const ids = (q.options ?? []).map((o) => o.id);
      if (q.kind === "single") answers[q.id] = ids[next() % ids.length] ?? "";
      else answers[q.id] = ids.filter(() => next() % 3 === 0);
    }
  }
  return answers;
}

/**
 * Aggregate flows of a made-up population over the `SYNTHETIC_DAYS` days before `today`:
 * visitors arrive, refresh weekly (a replace), and some withdraw; rows as the counter keeps them,
 * each set the counts a contribution with those answers is in (shared/counting-keys.ts).
 */
export function syntheticFlows(config: SiteConfig, today: number): FlowRow[] {
  const next = generator(0x5eed);
  const rows = new Map<string, FlowRow>();
  const add = (day: number, made: number, old: string, neu: string) => {
    if (old === "" && neu === "") return;
    const key = `${day}\n${made}\n${old}\n${neu}`;
    const row = rows.get(key) ?? { day, made, old, new: neu, n: 0 };
    row.n++;
    rows.set(key, row);
  };
  const start = today - SYNTHETIC_DAYS;
  for (let day = start; day < today; day++) {
    // A gently growing stream of newcomers, more at the weekend.
    const arrivals =
      30 + Math.floor(((day - start) * 40) / SYNTHETIC_DAYS) + (day % 7 < 2 ? 15 : 0);
    for (let i = 0; i < arrivals; i++) {
      // What a real contribution is counted in: respondents, segments, options (issue 14).
      const answers = answersOf(config, next);
      const segs = JSON.stringify(countedKeys(config, answers, assignSegments(config, answers)));
      add(day, day, "", segs);
      // Weekly refreshes while the visitor stays, then a withdrawal or silence.
      let made = day;
      for (let t = day + 7; t < today && next() % 5 !== 0; t += 7) {
        if (t - made >= config.windowDays) break;
        add(t, made, segs, segs);
        made = t;
      }
      if (next() % 10 === 0 && made + 3 < today) add(made + 3, made, segs, "");
    }
  }
  return [...rows.values()];
}

const seeded = new Set<string>();

/** Seeds the demo's shard 0 once (it answers false when it holds counts already). */
export async function ensureSyntheticHistory(
  env: Pick<Env, "COUNTER"> & { DEMO_HISTORY?: string },
  config: SiteConfig,
  today: number,
): Promise<void> {
  if (!syntheticHistory(env, config) || seeded.has(config.id)) return;
  await shardStub(env, config.id, 0).seed(syntheticFlows(config, today), config.retentionDays);
  seeded.add(config.id);
}
