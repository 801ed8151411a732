import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import demo from "../../worker/sites/demo.json";

// scripts/check-config.ts as `npm run check-config` runs it (through tsx), on real files.
const root = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "check-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(config: unknown): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

function run(config: unknown, previous?: unknown) {
  const args = [write(config)];
  if (previous !== undefined) args.push("--previous", write(previous));
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/check-config.ts", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("npm run check-config", () => {
  it("should pass the demo config and print its privacy assessment", () => {
    const r = run(demo);
    expect(r.status).toBe(0);
    expect(r.out).toContain('ok (site "demo"');
    expect(r.out).toContain("privacy assessment:");
    expect(r.out).toContain("[medium] exactCounts:");
    expect(r.out).toContain("privacy budget: exact counts, no noise");
  });

  it("should print the budget of a noisy config, and fail one over its cap", () => {
    const { exactCounts: _exact, ...noisy } = demo as Record<string, unknown>;
    const segments = (demo as { segments: unknown[] }).segments.length;
    // Respondents, the segments, 2 overlaps, 13 options and 13 in the one breakdown (issue 14).
    const counts = 1 + segments + 2 + 13 + 13;
    const ok = run({ ...noisy, maxEpsilonPerContribution: counts });
    expect(ok.status).toBe(0);
    expect(ok.out).toContain(
      `privacy budget: epsilon 1 per contribution per count (4 cells), ${counts} per contribution over the ${counts} counts it can be in (respondents, ${segments} segments, options, overlaps, breakdowns)`,
    );
    const over = run({ ...noisy, maxEpsilonPerContribution: counts - 0.5 });
    expect(over.status).toBe(1);
    expect(over.out).toContain("maxEpsilonPerContribution: one contribution spends epsilon");
  });

  it("should fail a valid config with a high finding, naming the field and the fix", () => {
    const r = run({ ...demo, k: 2 });
    expect(r.status).toBe(1);
    expect(r.out).toContain("the privacy assessment has high findings");
    expect(r.out).toMatch(/\[high\] k: k is 2: .*\n\s+Fix: set k to at least 10\./);
  });

  it("should pass a config whose worst finding is medium", () => {
    const r = run({ ...demo, k: 5 });
    expect(r.status).toBe(0);
    expect(r.out).toContain("[medium] k:");
  });

  it("should refuse lowering shards against --previous, and pass raising or keeping them", () => {
    const lowered = run({ ...demo, shards: 2 }, { ...demo, shards: 4 });
    expect(lowered.status).toBe(1);
    expect(lowered.out).toMatch(
      /shards: is 2, below the 4 counter objects the site has; shards can be raised, never lowered\.\n\s+Fix: set "shards" to 4 or more\./,
    );
    // Left out, shards is the default (4): lowering from 8 is refused all the same.
    const { shards: _s, ...unset } = demo as Record<string, unknown>;
    expect(run(unset, { ...demo, shards: 8 }).status).toBe(1);
    expect(run({ ...demo, shards: 8 }, { ...demo, shards: 4 }).status).toBe(0);
    expect(run({ ...demo, shards: 4 }, unset).status).toBe(0);
    // Another site's earlier config is no reference.
    expect(run({ ...demo, shards: 2 }, { ...demo, id: "other", shards: 8 }).status).toBe(0);
  });
});
