/**
 * Config as code against the real Worker (`wrangler dev`): `npm run sites -- push FILE` creates a
 * site with the local operator key, then publishes an edited file with the owner token it printed,
 * and `npm run verify-changes -- URL` checks the resulting chain and the live config.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import tiny from "../worker/fixtures/tiny.json" with { type: "json" };
import { baseUrl } from "./helpers.ts";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "preferably-push-"));
const file = join(dir, "push.json");
const base = baseUrl();

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "scripts", script), ...args],
    {
      cwd: root,
      env: { ...process.env, PREFERABLY_URL: base, ...env },
      encoding: "utf8",
    },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run sites -- push, npm run verify-changes", () => {
  it("should create a site, publish an edit through the API, and verify the chain", async () => {
    const config = {
      ...tiny,
      id: "e2e-push",
      k: 10,
      allowedOrigins: ["https://push.example"],
      policyUrl: "https://push.example/p",
    };
    writeFileSync(file, JSON.stringify(config));
    const created = run("sites.ts", ["push", file]);
    expect(created.status, created.out).toBe(0);
    const token =
      /Owner token \(shown once, keep it safe\): (pfy_\S+)/.exec(created.out)?.[1] ?? "";
    expect(token).toMatch(/^pfy_/);
    // The seed field is left out of what is published.
    const stored = (await (
      await fetch(`${base}/v1/sites/e2e-push/admin/config`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as { config: Record<string, unknown> };
    expect(stored.config).not.toHaveProperty("marketerTokenSha256");

    writeFileSync(file, JSON.stringify({ ...config, k: 12 }));
    const pushed = run("sites.ts", ["push", file], { PREFERABLY_TOKEN: token });
    expect(pushed.status, pushed.out).toBe(0);
    expect(pushed.out).toContain("published version 2");

    writeFileSync(file, JSON.stringify({ ...config, k: 3 }));
    const refused = run("sites.ts", ["push", file], { PREFERABLY_TOKEN: token });
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('"field":"k"');

    const verified = run("verify-changes.ts", [`${base}/v1/sites/e2e-push/changes`]);
    expect(verified.status, verified.out).toBe(0);
    expect(verified.out).toContain("ok: 2 entries, chain intact");
    expect(verified.out).toContain("k: 10 -> 12");
  });
});
