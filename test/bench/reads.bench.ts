/**
 * @module
 * `npm run bench -- reads`: the marketer read path with answers (issue 14), "segments with
 * answers, 30 days, 11 segments, 6 questions", against the segments read alone, in the same run.
 *
 * The real read path (worker/counting/read.ts readCounts, as the routes and the dashboard call
 * it) and the real SiteCounter run in Miniflare (workerd, SQLite-backed Durable Objects), bundled
 * with esbuild from test/bench/read-worker/index.ts. The site: the demo's 11 segments (with its
 * declared overlaps and breakdown) and 5 questions plus a sixth, 4 shards, window 30, with the
 * demo's 60 days of synthetic aggregate history (worker/counting/synthetic.ts) spread over the
 * shards. The anchor, today's segments read, is the read path of before issue 14 (kept verbatim
 * in test/bench/read-worker/before/) over the same history as the counter kept it then (segment
 * ids only), on a site of its own. For noise (the default) and exact counts: the first read of
 * each (with noise it releases every closed cell it needs) is printed apart, then READS reads of
 * each of the three, interleaved so that all meet the same conditions, each timed from request
 * to parsed JSON; p50 and p99. Target: p99 of segments with answers under twice today's segments
 * read's. A benchmark, not a test: it prints figures and fails only when the target is missed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const READS = 300;
const WARMUP = 30;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

async function main(): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), "pref-bench-reads-"));
  try {
    await build({
      entryPoints: [join(root, "test/bench/read-worker/index.ts")],
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      outfile: join(out, "index.js"),
      external: ["cloudflare:workers"],
      mainFields: ["module", "main"],
      conditions: ["workerd", "worker", "import"],
      logLevel: "warning",
    });
    const mf = new Miniflare({
      modules: true,
      scriptPath: join(out, "index.js"),
      modulesRoot: out,
      compatibilityDate: "2026-04-20",
      durableObjects: { COUNTER: { className: "SiteCounter", useSQLite: true } },
    });
    let ok = true;
    try {
      for (const mode of ["noise", "exact"] as const) {
        const seed = async (before: boolean) =>
          (await (
            await mf.dispatchFetch(`http://bench/seed?mode=${mode}&before=${before ? 1 : 0}`, {
              method: "POST",
            })
          ).json()) as { rows: number; sets: number; segments: number; questions: number };
        const seeded = await seed(false);
        const seededBefore = await seed(true);
        type Kind = "before" | "segments" | "answers";
        const read = async (kind: Kind) => {
          const t = performance.now();
          const res = await mf.dispatchFetch(
            `http://bench/read?mode=${mode}&answers=${kind === "answers" ? 1 : 0}&before=${kind === "before" ? 1 : 0}`,
          );
          const body = (await res.json()) as { segments?: unknown; answers?: unknown };
          const ms = performance.now() - t;
          if (res.status !== 200 || !body.segments || (kind === "answers" && !body.answers)) {
            throw new Error(`read failed: ${res.status}`);
          }
          return { ms, bytes: JSON.stringify(body).length };
        };
        const kinds: Kind[] = ["before", "segments", "answers"];
        const cold = new Map<Kind, number>();
        for (const kind of kinds) cold.set(kind, (await read(kind)).ms);
        for (let i = 0; i < WARMUP; i++) for (const kind of kinds) await read(kind);
        const times = new Map<Kind, number[]>(kinds.map((k) => [k, []]));
        const bytes = new Map<Kind, number>();
        for (let i = 0; i < READS; i++) {
          // Rotate which goes first, so that none always follows another.
          for (let j = 0; j < kinds.length; j++) {
            const kind = kinds[(i + j) % kinds.length] ?? "before";
            const r = await read(kind);
            times.get(kind)?.push(r.ms);
            bytes.set(kind, r.bytes);
          }
        }
        const p = (kind: Kind) => {
          const xs = times.get(kind) ?? [];
          return { p50: quantile(xs, 0.5), p99: quantile(xs, 0.99) };
        };
        console.log(
          `\n${mode === "noise" ? "noise (the default)" : "exact counts"}: ${seeded.segments} segments, ${seeded.questions} questions, 30 days, 4 shards; ${seeded.rows} flow rows (${seeded.sets} distinct sets) over 60 days; before issue 14 the same history was ${seededBefore.rows} rows (${seededBefore.sets} sets)`,
        );
        const names: Record<Kind, string> = {
          before: "today's segments read",
          segments: "segments read (new)",
          answers: "segments with answers",
        };
        for (const kind of kinds) {
          const f = p(kind);
          console.log(
            `${names[kind].padEnd(24)} p50 ${f.p50.toFixed(2).padStart(7)} ms   p99 ${f.p99.toFixed(2).padStart(7)} ms   first ${(cold.get(kind) ?? 0).toFixed(1).padStart(6)} ms   ${((bytes.get(kind) ?? 0) / 1024).toFixed(0)} KiB JSON`,
          );
        }
        const ratio = p("answers").p99 / p("before").p99;
        console.log(
          `p99 segments with answers / today's segments read: ${ratio.toFixed(2)} (target < 2: ${ratio < 2 ? "met" : "NOT met"}); p50 ${(p("answers").p50 / p("before").p50).toFixed(2)}; new segments read / today's: p99 ${(p("segments").p99 / p("before").p99).toFixed(2)}`,
        );
        if (ratio >= 2) ok = false;
      }
    } finally {
      await mf.dispose();
    }
    return ok ? 0 : 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
