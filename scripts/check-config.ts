/**
 * `npm run check-config -- FILE [FILE…] [--previous OLD.json …]`: validates site configs and
 * prints every problem with the field and the fix, then the privacy budget
 * (shared/privacy-budget.ts) and the privacy assessment (shared/assessment.ts) of each valid
 * config. `--previous` names a config as it was (the published one, e.g.
 * `--previous <(git show HEAD:worker/sites/demo.json)`): a file of the same site may not lower
 * its `shards` (worker/counting/shards.ts; the Worker refuses it too, 422 shards_lowered).
 * Exits 1 when any file has a problem or a "high" finding.
 */
import { readFileSync } from "node:fs";
import { assessSite, formatFindings, hasHighFinding } from "../shared/assessment.ts";
import { contributionBudget, describeBudget } from "../shared/privacy-budget.ts";
import { checkSiteConfig, formatIssues, shardsLowered } from "../shared/site-config.ts";

const USAGE =
  "usage: npm run check-config -- worker/sites/SITE.json [more.json …] [--previous OLD.json]";

const files: string[] = [];
const previousFiles: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? "";
  if (arg === "--previous") {
    const file = args[++i];
    if (file === undefined) {
      console.error(USAGE);
      process.exit(2);
    }
    previousFiles.push(file);
  } else if (arg.startsWith("--previous=")) previousFiles.push(arg.slice("--previous=".length));
  else files.push(arg);
}
if (files.length === 0) {
  console.error(USAGE);
  process.exit(2);
}

let bad = 0;
function readJson(file: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(readFileSync(file, "utf8")) };
  } catch (e) {
    console.error(`${file}: not readable JSON: ${(e as Error).message}`);
    bad++;
    return { ok: false };
  }
}

/** The earlier configs by site id (only their `shards` is compared). */
const previous = new Map<string, { shards?: number }>();
for (const file of previousFiles) {
  const read = readJson(file);
  if (!read.ok) continue;
  const p = read.value as { id?: unknown; shards?: unknown };
  if (typeof p?.id !== "string") {
    console.error(`${file}: --previous is not a site config (no "id")`);
    bad++;
    continue;
  }
  previous.set(p.id, typeof p.shards === "number" ? { shards: p.shards } : {});
}

for (const file of files) {
  const read = readJson(file);
  if (!read.ok) continue;
  const check = checkSiteConfig(read.value);
  if (check.ok) {
    const c = check.config;
    const lowered = shardsLowered(previous.get(c.id), c);
    if (lowered) {
      bad++;
      console.error(`${file}: 1 problem(s) against --previous\n${formatIssues([lowered])}`);
      continue;
    }
    const findings = assessSite(c);
    const high = hasHighFinding(findings);
    if (high) bad++;
    const say = high ? console.error : console.log;
    say(
      `${file}: ${high ? "valid, but the privacy assessment has high findings" : "ok"} (site "${c.id}", ${c.purposes.length} purposes, ${c.questions.length} questions, ${c.segments.length} segments)`,
    );
    say(`  privacy budget: ${describeBudget(contributionBudget(c))}`);
    if (findings.length > 0) say(`  privacy assessment:\n${formatFindings(findings)}`);
  } else {
    bad++;
    console.error(`${file}: ${check.issues.length} problem(s)\n${formatIssues(check.issues)}`);
  }
}
process.exit(bad === 0 ? 0 : 1);
