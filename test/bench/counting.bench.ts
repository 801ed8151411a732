/**
 * @module
 * `npm run bench -- counting`: what counting costs and what the noise buys (issue 9).
 *
 * 1. Rows written. The Worker is bundled as for a deploy (`wrangler deploy --dry-run`) and run
 *    in Miniflare (workerd, SQLite-backed Durable Objects); the counter shard is driven through
 *    its RPC methods exactly as worker/counting/assign.ts calls them, and its own row counters
 *    (SqlStorageCursor.rowsWritten, `usage()`) are read before and after. Printed: rows written
 *    per fresh keyed assignment and per weekly refresh (a keyed replace), for 1, 10 and 100
 *    segments per contribution, and the cost per million at Cloudflare's list prices.
 * 2. Accuracy. The noise of a released 30-day audience at the defaults (dpEpsilon 1, window
 *    30): the checkpoint's draw plus the added and removed draws since, sampled with the
 *    Worker's own exact sampler and scales, over every position in the checkpoint period. The
 *    95 % absolute error, and as a share of audiences of 100, 1,000 and 100,000.
 * 3. Issue 14: the counts one contribution can be in at the demo config (the sensitivity), the
 *    epsilon that spends, and the error of a share (two noisy audiences divided).
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { countsPerContribution } from "../../shared/counting-keys.ts";
import { DEFAULT_DP_EPSILON, DEFAULT_WINDOW_DAYS } from "../../shared/limits.ts";
import { cellEpsilons, checkpointPeriod, scaleOf } from "../../shared/privacy-budget.ts";
import { checkSiteConfig } from "../../shared/site-config.ts";
import { sampleDiscreteLaplace } from "../../worker/counting/discrete-laplace.ts";
import demoJson from "../../worker/sites/demo.json" with { type: "json" };

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const VISITORS = 500;
const TRIALS = 30_000;
/** List prices (USD per million), Workers Paid plan. */
const PRICE = { rowWritten: 1.0, rowRead: 0.001, workerRequest: 0.3, doRequest: 0.15 };

/** The counter's RPC methods this benchmark calls (worker/durable-objects/site-counter.ts). */
interface CounterStub {
  assign(input: {
    day: number;
    segments: string[];
    windowDays: number;
    retentionDays: number;
    replaces?: { nonceHash: string; day: number; segments: string[]; expiresDay: number };
    idempotency?: { keyHash: string; counted: string; expiresDay: number };
    shards?: number;
  }): Promise<unknown>;
  usage(): Promise<{ rowsRead: number; rowsWritten: number }>;
}

async function rowsWritten(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "pref-bench-"));
  try {
    const build = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out], {
      cwd: root,
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`wrangler bundle failed:\n${build.stderr}`);
    const mf = new Miniflare({
      modules: true,
      scriptPath: join(out, "index.js"),
      modulesRoot: out,
      compatibilityDate: "2026-04-20",
      durableObjects: { COUNTER: { className: "SiteCounter", useSQLite: true } },
    });
    try {
      const ns = await mf.getDurableObjectNamespace("COUNTER");
      console.log("rows written (SQLite, counted by the Durable Object itself):");
      console.log(
        "segments   per assignment   per refresh   cost per million assignments / refreshes",
      );
      for (const segmentCount of [1, 10, 100]) {
        const stub = ns.get(ns.idFromName(`bench-${segmentCount}:0`)) as unknown as CounterStub;
        const segments = Array.from({ length: segmentCount }, (_, i) => `s${i}`);
        const base = { segments, windowDays: 30, retentionDays: 90 };
        const day = 20_000;
        // Warm-up: the first write of an object also writes its retention once, and the first
        // keyed one the object count it was routed by (worker/counting/shards.ts).
        await stub.assign({ ...base, day, shards: 4 });
        const used = async () => {
          const u = await stub.usage();
          return { w: Number(u.rowsWritten), r: Number(u.rowsRead) };
        };
        const a0 = await used();
        for (let v = 0; v < VISITORS; v++) {
          await stub.assign({
            ...base,
            day,
            idempotency: { keyHash: `k${v}`, counted: "d", expiresDay: day + 2 },
            // As the route sends a keyed fresh contribution (the widget's).
            shards: 4,
          });
        }
        const a1 = await used();
        for (let v = 0; v < VISITORS; v++) {
          await stub.assign({
            ...base,
            day: day + 7,
            replaces: { nonceHash: `n${v}`, day, segments, expiresDay: day + 90 },
            idempotency: { keyHash: `r${v}`, counted: "d", expiresDay: day + 9 },
          });
        }
        const a2 = await used();
        const perAssign = (a1.w - a0.w) / VISITORS;
        const perRefresh = (a2.w - a1.w) / VISITORS;
        const readsA = (a1.r - a0.r) / VISITORS;
        const readsR = (a2.r - a1.r) / VISITORS;
        // Per million: rows written and read, one Worker request and one Durable Object request.
        const cost = (w: number, r: number) =>
          w * PRICE.rowWritten + r * PRICE.rowRead + PRICE.workerRequest + PRICE.doRequest;
        console.log(
          `${String(segmentCount).padStart(8)}   ${perAssign.toFixed(2).padStart(14)}   ${perRefresh.toFixed(2).padStart(11)}   $${cost(perAssign, readsA).toFixed(2)} / $${cost(perRefresh, readsR).toFixed(2)}`,
        );
      }
      const p = checkpointPeriod(DEFAULT_WINDOW_DAYS);
      console.log(
        `marketer reads: the first read after a day closes writes its released cells, ${(2 + 1 / p).toFixed(2)} rows per segment (2 cells and a checkpoint every ${p} days), so ${((2 + 1 / p) * 100).toFixed(0)} rows ($${(((2 + 1 / p) * 100 * PRICE.rowWritten) / 1e6).toFixed(5)}) a day at 100 segments; later reads write only the access-log row`,
      );
    } finally {
      await mf.dispose();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

function accuracy(): void {
  const config = { dpEpsilon: DEFAULT_DP_EPSILON, windowDays: DEFAULT_WINDOW_DAYS };
  const eps = cellEpsilons(config);
  const big = (r: { num: number; den: number }) => ({ num: BigInt(r.num), den: BigInt(r.den) });
  const cell = big(scaleOf(eps.cell));
  const checkpoint = big(scaleOf(eps.checkpoint));
  const p = checkpointPeriod(config.windowDays);
  const all: number[] = [];
  const worst: number[] = [];
  const errors: number[] = [];
  for (let t = 0; t < TRIALS; t++) {
    // A day `offset` days after its checkpoint: that draw plus added - removed of each day since.
    const offset = t % p;
    let error = Number(sampleDiscreteLaplace(checkpoint));
    for (let d = 0; d < offset; d++) {
      error += Number(sampleDiscreteLaplace(cell)) - Number(sampleDiscreteLaplace(cell));
    }
    all.push(Math.abs(error));
    errors.push(error);
    if (offset === p - 1) worst.push(Math.abs(error));
  }
  const e95 = quantile(all, 0.95);
  const w95 = quantile(worst, 0.95);
  console.log(
    `\naccuracy of a ${config.windowDays}-day audience at the defaults (dpEpsilon ${config.dpEpsilon} per contribution per count: a segment, the respondents, an option; cells epsilon ${eps.cell.num}/${eps.cell.den}, checkpoints ${eps.checkpoint.num}/${eps.checkpoint.den}; ${TRIALS} trials):`,
  );
  console.log(
    `95 % absolute error: ±${e95} over all days, ±${w95} on the day before a checkpoint (worst)`,
  );
  console.log("audience    95 % error (all days)   95 % error (worst day)");
  for (const audience of [100, 1000, 100_000]) {
    console.log(
      `${String(audience).padStart(8)}    ${`±${((100 * e95) / audience).toFixed(2)} %`.padStart(20)}   ${`±${((100 * w95) / audience).toFixed(2)} %`.padStart(21)}`,
    );
  }
  // Issue 14: an option's count and a share are counts like a segment's, each noised apart.
  const demo = countsPerContribution(demoConfig());
  console.log(
    `\nat the demo config with noise on: one contribution can be in ${demo.total} counts (respondents ${demo.respondents}, segments ${demo.segments}, overlaps ${demo.overlaps}, options ${demo.options}, breakdown options ${demo.breakdowns}), so epsilon ${config.dpEpsilon} per count is ${demo.total * config.dpEpsilon} per contribution; every count (an option's included) keeps the ±${e95} above. Keeping ${config.dpEpsilon} per contribution instead would need ${demo.total} times the noise: ±${demo.total * e95} on every count.`,
  );
  console.log("share (audience / respondents)   95 % error of the share");
  for (const [a, r] of [
    [200, 1000],
    [1000, 5000],
    [5000, 20_000],
  ] as const) {
    const shares: number[] = [];
    for (let t = 0; t + 1 < errors.length; t += 2) {
      shares.push(Math.abs((a + (errors[t] ?? 0)) / (r + (errors[t + 1] ?? 0)) - a / r));
    }
    console.log(
      `${`${a} / ${r}`.padStart(16)} = ${(a / r).toFixed(3)}   ${`±${(quantile(shares, 0.95) * 100).toFixed(2)} points`.padStart(24)}`,
    );
  }
}

/** The demo seed, checked (its defaults applied). */
function demoConfig() {
  const r = checkSiteConfig(demoJson);
  if (!r.ok) throw new Error("the demo config does not check");
  return r.config;
}

await rowsWritten();
accuracy();
