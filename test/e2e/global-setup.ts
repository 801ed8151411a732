/**
 * e2e global setup: builds the widget (the e2e suite tests what ships: dist/widget.js as
 * `wrangler dev` serves it from dist/), starts the real Worker with `wrangler dev` on a free
 * loopback port with a throw-away `--persist-to` directory and a test RECEIPT_KEY (at least 32 characters, worker/limits.ts), waits until it
 * answers, and hands its base URL to the tests (`inject("baseUrl")`). The Worker accepts its own
 * origin on the visitor API (worker/middleware/cors.ts), so any port works.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { chromiumPath, freePort, LOCAL_ENV, waitUntilUp } from "../local.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** How long the Worker may take to answer its first request. */
const STARTUP_TIMEOUT_MS = 90_000;
const ROOT = join(import.meta.dirname, "..", "..");

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const build = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], {
    cwd: ROOT,
    encoding: "utf8",
    // vitest sets NODE_ENV=test; the e2e suite must test the production bundle that ships.
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}${build.stderr}`);

  // Unpack the registry's Chromium once, here, before any test file launches it.
  await chromiumPath();

  const [port, inspector] = [await freePort(), await freePort()];
  const persist = mkdtempSync(join(tmpdir(), "preferably-e2e-"));
  let output = "";
  const child = spawn(
    "npx",
    [
      "wrangler",
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspector),
      "--persist-to",
      persist,
      "--var",
      "RECEIPT_KEY:e2e-test-receipt-key-0123456789abcdef",
      // Every page of the suite comes from 127.0.0.1, one client: the sign-in budget (5 a
      // minute) would refuse the suite's own sign-ins. The limits are tested in workerd
      // (test/worker/middleware/rate-limit.test.ts); here they are asked but not enforced.
      "--var",
      "RATE_LIMIT_MODE:report-only",
      ...LOCAL_ENV,
      "--show-interactive-dev-session=false",
      "--live-reload=false",
      "--log-level",
      "warn",
    ],
    { cwd: ROOT, detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      // The whole process group: npx, wrangler and workerd.
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    rmSync(persist, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(`${baseUrl}/v1/sites/demo/config`, child, () => output, STARTUP_TIMEOUT_MS);
  } catch (e) {
    await stop();
    throw e;
  }
  project.provide("baseUrl", baseUrl);
  return stop;
}
