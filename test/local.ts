/**
 * What the e2e suite and the benchmarks both need to run things on this machine: Debian's
 * Chromium for playwright-core (Playwright's own browser download does not work here), a free
 * loopback port, and a wait for `wrangler dev` to answer.
 */
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** Debian's package (`apt-get install chromium`), as .ci/run installs it. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

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
