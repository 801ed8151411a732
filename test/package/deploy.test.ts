/**
 * The demo site exists only in local development (issue 13): a production build
 * (`wrangler deploy --dry-run`, worker/index.ts) carries neither the demo config nor its token
 * hashes; the local build (`--env local`, worker/index.local.ts, as `npm start` runs) does.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import demo from "../../worker/sites/demo.json";
import { LOCAL_ENV } from "../local.ts";

const ROOT = join(import.meta.dirname, "..", "..");

/** The Worker bundle `wrangler deploy --dry-run` would upload, with extra arguments. */
function bundle(extra: readonly string[] = []): string {
  const out = mkdtempSync(join(tmpdir(), "preferably-deploy-"));
  try {
    const run = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out, ...extra], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    if (run.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${run.stderr}`);
    // index.js, or index.local.js for the local entry.
    const js = readdirSync(out).filter((f) => f.endsWith(".js"));
    expect(js).toHaveLength(1);
    return readFileSync(join(out, js[0] ?? ""), "utf8");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const DEMO_MARKS = [demo.marketerTokenSha256, demo.ownerTokenSha256, demo.name];

describe("the production bundle", () => {
  it("should carry no demo site and no demo token hash", () => {
    const js = bundle();
    for (const mark of DEMO_MARKS) expect(js, mark).not.toContain(mark);
  }, 120_000);

  it("should carry them in the local build that npm start makes (so the check above can fail)", () => {
    const js = bundle(LOCAL_ENV);
    for (const mark of DEMO_MARKS) expect(js, mark).toContain(mark);
  }, 120_000);
});
