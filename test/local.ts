/**
 * What the e2e suite and the benchmarks both need to run things on this machine: a Chromium for
 * playwright-core that `npm install` alone brings (Playwright's own browser download needs a
 * network these machines do not have), a free loopback port, and a wait for `wrangler dev`.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** A system Chromium (Debian's `chromium` package), used when it is there. */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * Where the registry package's brotli-packed binary is unpacked once (about 200 MB; the
 * package itself stays packed in node_modules). Inside node_modules so `npm ci` starts afresh.
 */
export const CHROMIUM_CACHE = join(
  import.meta.dirname,
  "..",
  "node_modules",
  ".cache",
  "preferably-chromium",
);

/**
 * The browser the tests drive, first match wins: `$CHROMIUM_PATH`; a system Chromium at
 * /usr/bin/chromium; else the devDependency `@sparticuz/chromium` (its binary ships inside the
 * npm package), unpacked into CHROMIUM_CACHE on first use. Only the binary is taken from that
 * package, never its `args`: they carry `--single-process` (the browser dies with its first
 * context) and `--disable-web-security` (the CORS and CSP tests would pass for the wrong reason).
 */
export async function chromiumPath(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): Promise<string> {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  if (exists(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const unpacked = join(CHROMIUM_CACHE, "chromium");
  if (exists(unpacked)) return unpacked;
  mkdirSync(CHROMIUM_CACHE, { recursive: true });
  // The package unpacks into os.tmpdir() (it was made for AWS Lambda's /tmp), and skips the
  // work when tmpdir()/chromium exists: point TMPDIR at the cache for this one call.
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = CHROMIUM_CACHE;
  try {
    const { default: packed } = await import("@sparticuz/chromium");
    return await packed.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/**
 * `wrangler` arguments for the local development Worker (worker/index.local.ts, with the demo
 * site), as `npm start` runs it; a production build leaves the demo out (wrangler.toml).
 */
export const LOCAL_ENV = ["--env", "local"] as const;

/** Headless in a container, quiet: no sandbox, no GPU, no background traffic to disturb timing. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** A loopback port nothing listens on (the OS picks it; it is free again once closed). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/**
 * Polls `url` until it answers 2xx; fails at once if `child` (the wrangler process) exits, and
 * after `timeoutMs`, with `log()` (what the process printed) in the error.
 */
export async function waitUntilUp(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`wrangler dev exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${timeoutMs} ms:\n${log()}`);
}
