/**
 * @module
 * `npm run bench -- worker`: the Worker's throughput and an assignment's CPU cost
 * (DESIGN.md budgets: "An assignment costs well under 1 ms of CPU at 100 segments; the Worker
 * keeps most of the throughput of an empty Hono route on the same runtime").
 *
 * 1. Starts `wrangler dev --local` on a free loopback port with a temporary `--persist-to`
 *    directory (on tmpfs, /dev/shm, when there is one: see main()), a bench-only RECEIPT_KEY
 *    and RATE_LIMIT_MODE=report-only (the limiter is still asked on every request, so its cost
 *    is measured, but its verdict is ignored: every request comes from 127.0.0.1). Waits for
 *    GET /healthz.
 * 2. autocannon over loopback: GET /healthz (the empty Hono route, same Worker, same runtime),
 *    for MEASURE_SECONDS after a short warm-up; then POST /v1/sites/demo/assignments with a
 *    valid body and an allowed Origin, ASSIGNMENTS_MEASURED of them after ASSIGNMENTS_WARMUP,
 *    each with its own proof of work solved before the run (the Worker's cost is verifying and
 *    spending it; the client's is measured in the widget benchmark). Prints requests/s, p50/p99 latency and the ratio.
 *    Target: the assignment keeps at least half of the empty route's throughput. Then, with a
 *    second wrangler whose storage is on disk, the assignment figure again, for comparison.
 * 3. CPU per assignment at 100 segments, measured in this Node process (an estimate of workerd's
 *    V8): validateAssignment + the proof's check (HMAC and two SHA-256) + every segment rule +
 *    the receipt HMAC, median over many runs.
 * wrangler is stopped at the end, also on failure.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
// @ts-expect-error - autocannon ships no types; only its documented options are used.
import autocannon from "autocannon";
import { validateAssignment } from "../../shared/assignment.ts";
import { solveProof } from "../../shared/proof.ts";
import type { ChallengeResponse, PowProof, SiteConfigInput } from "../../shared/schema.ts";
import { checkSiteConfig } from "../../shared/site-config.ts";
import { issueChallenge, verifyProof } from "../../worker/counting/challenge.ts";
import { keysFor } from "../../worker/counting/keys.ts";
import { randomNonce, signReceipt } from "../../worker/counting/receipts.ts";
import { assignSegments } from "../../worker/counting/segments.ts";
import demo from "../../worker/sites/demo.json" with { type: "json" };
import { freePort, LOCAL_ENV, waitUntilUp } from "../local.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const MEASURE_SECONDS = 15;
const WARMUP_SECONDS = 3;
const CONNECTIONS = 8;
const CPU_RUNS = 5000;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** The part of autocannon's result this benchmark reads. */
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

function run(opts: Record<string, unknown>): Promise<Figures> {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, ...opts }, (err: Error | null, r: AutocannonResult) => {
      if (err) reject(err);
      else
        resolve({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors,
        });
    });
  });
}

async function measure(name: string, opts: Record<string, unknown>): Promise<Figures> {
  await run({ ...opts, duration: WARMUP_SECONDS });
  const f = await run({ ...opts, duration: MEASURE_SECONDS });
  print(name, f);
  return f;
}

function print(name: string, f: Figures): void {
  console.log(
    `${name.padEnd(28)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(1).padStart(6)} ms   p99 ${f.p99.toFixed(1).padStart(6)} ms   non-2xx ${f.non2xx}   errors ${f.errors}`,
  );
}

/** A synthetic site with 10 questions and 100 segments of the demo's rule kinds. */
function syntheticConfig() {
  const options = (q: number) =>
    Array.from({ length: 8 }, (_, o) => ({ id: `q${q}o${o}`, label: `Option ${o}` }));
  const questions = [
    ...Array.from({ length: 4 }, (_, q) => ({
      id: `m${q}`,
      label: `Multiple ${q}`,
      kind: "multiple" as const,
      options: options(q),
    })),
    ...Array.from({ length: 3 }, (_, q) => ({
      id: `s${q}`,
      label: `Single ${q}`,
      kind: "single" as const,
      options: options(q + 4),
    })),
    ...Array.from({ length: 3 }, (_, q) => ({
      id: `n${q}`,
      label: `Scale ${q}`,
      kind: "scale" as const,
      min: 0,
      max: 10,
    })),
  ];
  const rule = (i: number): unknown => {
    const m = `m${i % 4}`;
    const s = `s${i % 3}`;
    const n = `n${i % 3}`;
    switch (i % 5) {
      case 0:
        return { in: [`q${i % 4}o${i % 8}`, { var: [m, []] }] };
      case 1:
        return { "==": [{ var: s }, `q${(i % 3) + 4}o${i % 8}`] };
      case 2:
        return {
          and: [
            { ">=": [{ var: [n, 0] }, i % 10] },
            { "!": { in: [{ var: [s, ""] }, [`q${(i % 3) + 4}o1`]] } },
          ],
        };
      case 3:
        return {
          some: [
            { var: [m, []] },
            { in: [{ var: "" }, [`q${i % 4}o1`, `q${i % 4}o2`, `q${i % 4}o3`]] },
          ],
        };
      default:
        return {
          or: [{ "<": [1, { var: [n, 0] }, 6] }, { in: [`q${i % 4}o7`, { var: [m, []] }] }],
        };
    }
  };
  const input: SiteConfigInput = {
    id: "bench",
    name: "Bench",
    allowedOrigins: ["https://bench.example"],
    policyVersion: "1",
    purposes: [{ id: "counting", label: "Counting", description: "Counting" }],
    countingPurpose: "counting",
    questions,
    segments: Array.from({ length: 100 }, (_, i) => ({
      id: `seg${i}`,
      label: `Segment ${i}`,
      rule: rule(i),
    })),
    marketerTokenSha256: "0".repeat(64),
  };
  const check = checkSiteConfig(input);
  if (!check.ok) throw new Error(JSON.stringify(check.issues.slice(0, 3)));
  return check.config;
}

async function cpuPerAssignment(): Promise<{ median: number; p99: number; segments: number }> {
  const config = syntheticConfig();
  const keys = keysFor("bench-only-receipt-key-0123456789abcdef");
  const body = {
    policyVersion: "1",
    consent: { counting: true },
    answers: {
      m0: ["q0o1", "q0o3"],
      m1: ["q1o7"],
      m2: [],
      m3: ["q3o2", "q3o5", "q3o7"],
      s0: "q4o1",
      s1: "q5o3",
      s2: "q6o0",
      n0: 7,
      n1: 3,
      n2: 10,
    },
  };
  // One solved proof at the default difficulty: verifying costs the same whatever the solution.
  const issued = await issueChallenge(keys, config, Date.now(), 0);
  const solution = await solveProof(nodeSha256, issued.challenge, issued.difficulty);
  const proof = { challenge: issued.challenge, solution: solution ?? -1 };
  const times: number[] = [];
  let matched = 0;
  for (let i = 0; i < CPU_RUNS; i++) {
    const t0 = performance.now();
    const checked = validateAssignment(config, { ...body, proof });
    if (!checked.ok) throw new Error(checked.error.message);
    // The proof validateAssignment let through (a proof of work: the site's default kind).
    await verifyProof(keys, config, proof, Date.now());
    const segments = assignSegments(config, checked.value.answers);
    await signReceipt(keys, {
      site: config.id,
      segments,
      day: 20_000,
      nonce: randomNonce(),
      expiresAt: 1e13,
      shard: 0,
    });
    times.push(performance.now() - t0);
    matched = segments.length;
  }
  const sorted = times.slice(CPU_RUNS / 5).sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    segments: matched,
  };
}

/** A running `wrangler dev` and how to stop it. */
async function startWrangler(persistRoot: string): Promise<{ base: string; stop: () => void }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const persist = mkdtempSync(join(persistRoot, "preferably-bench-"));
  const child = spawn(
    join(root, "node_modules/.bin/wrangler"),
    [
      "dev",
      ...LOCAL_ENV,
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      persist,
      "--var",
      "RECEIPT_KEY:bench-only-receipt-key-0123456789abcdef",
      "--var",
      "RATE_LIMIT_MODE:report-only",
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"], detached: true },
  );
  const stop = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(persist, { recursive: true, force: true });
  };
  process.on("exit", stop);
  try {
    // wrangler's stderr goes to this process's, so the error needs no log of its own.
    await waitUntilUp(`${base}/healthz`, child, () => "(see stderr above)", 90_000);
  } catch (e) {
    stop();
    throw e;
  }
  return { base, stop };
}

const ASSIGNMENT_BODY = {
  policyVersion: demo.policyVersion,
  consent: { analytics: true },
  answers: {
    interests: ["running", "tennis"],
    level: "intermediate",
    budget: 4,
    frequency: 3,
    shopfor: ["self"],
  },
};

/** Assignments sent per measurement (and per warm-up): each needs its own solved proof. */
const ASSIGNMENTS_MEASURED = 3000;
const ASSIGNMENTS_WARMUP = 300;

/** SHA-256 on node:crypto, synchronous underneath: the pool is solved before autocannon runs. */
const nodeSha256 = async (m: string) =>
  new Uint8Array(createHash("sha256").update(m, "utf8").digest());

/**
 * `n` fresh challenges of the demo site at `base`, solved before the measurement (a real client
 * solves its own, on its own CPU; the Worker's side is the verification and the spend).
 */
async function solvedProofs(base: string, n: number): Promise<PowProof[]> {
  const out: PowProof[] = [];
  while (out.length < n) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - out.length) }, async () => {
        const c = (await (
          await fetch(`${base}/v1/sites/demo/challenge`)
        ).json()) as ChallengeResponse;
        const solution = await solveProof(nodeSha256, c.challenge, c.difficulty);
        return { challenge: c.challenge, solution: solution ?? -1 };
      }),
    );
    out.push(...batch);
  }
  return out;
}

/** POST assignments, `amount` of them, each with one proof of `pool` (spent once). */
const assignmentRequest = (base: string, pool: PowProof[], amount: number) => ({
  url: `${base}/v1/sites/demo/assignments`,
  amount,
  requests: [
    {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:8787" },
      setupRequest: (req: Record<string, unknown>) => ({
        ...req,
        body: JSON.stringify({ ...ASSIGNMENT_BODY, proof: pool.pop() }),
      }),
    },
  ],
});

/** The assignment figures at `base`: a pool of proofs solved first, then warm-up and measure. */
async function measureAssignments(name: string, base: string): Promise<Figures> {
  const pool = await solvedProofs(base, ASSIGNMENTS_MEASURED + ASSIGNMENTS_WARMUP);
  await run(assignmentRequest(base, pool, ASSIGNMENTS_WARMUP));
  const f = await run(assignmentRequest(base, pool, ASSIGNMENTS_MEASURED));
  print(name, f);
  return f;
}

async function main(): Promise<number> {
  // Durable Object storage on tmpfs when there is one: the figure is then the Worker's and the
  // Durable Object's own cost, not this machine's fsync latency (production storage has its own,
  // replicated write path). The on-disk figure is printed after it, for comparison.
  const memory = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  console.log(
    `${CONNECTIONS} connections, ${MEASURE_SECONDS} s per measurement after ${WARMUP_SECONDS} s warm-up\n`,
  );
  const a = await startWrangler(memory);
  let empty: Figures;
  let assignment: Figures;
  try {
    console.log(`wrangler dev on ${a.base}, Durable Object storage in ${memory}`);
    empty = await measure("GET /healthz (empty route)", { url: `${a.base}/healthz` });
    assignment = await measureAssignments("POST assignments (demo)", a.base);
  } finally {
    a.stop();
  }
  const ratio = assignment.rps / empty.rps;
  console.log(
    `assignment / empty route throughput: ${ratio.toFixed(2)} (target >= 0.50: ${ratio >= 0.5 ? "met" : "NOT met"})\n`,
  );

  const b = await startWrangler(tmpdir());
  try {
    console.log(`wrangler dev on ${b.base}, Durable Object storage on disk in ${tmpdir()}`);
    const disk = await measureAssignments("POST assignments (on disk)", b.base);
    console.log(
      `on-disk assignment / empty route: ${(disk.rps / empty.rps).toFixed(2)} (local fsync-bound; for comparison only)\n`,
    );
  } finally {
    b.stop();
  }

  const cpu = await cpuPerAssignment();
  console.log(
    `CPU per assignment at 100 segments (Node ${process.version}, in-process estimate; validate + proof check + 100 rules (${cpu.segments} match) + receipt HMAC): median ${(cpu.median * 1000).toFixed(1)} µs, p99 ${(cpu.p99 * 1000).toFixed(1)} µs (budget: well under 1000 µs)`,
  );
  return assignment.non2xx === 0 && assignment.errors === 0 && ratio >= 0.5 && cpu.median < 1
    ? 0
    : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
