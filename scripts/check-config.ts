/**
 * `npm run check-config -- FILE [FILE…]`: validates site configs and prints every problem with
 * the field and the fix, then the privacy budget (shared/privacy-budget.ts) and the privacy
 * assessment (shared/assessment.ts) of each valid config.
 * Exits 1 when any file has a problem or a "high" finding.
 */
import { readFileSync } from "node:fs";
import { assessSite, formatFindings, hasHighFinding } from "../shared/assessment.ts";
import { contributionBudget, describeBudget } from "../shared/privacy-budget.ts";
import { checkSiteConfig, formatIssues } from "../shared/site-config.ts";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npm run check-config -- worker/sites/SITE.json [more.json …]");
  process.exit(2);
}
let bad = 0;
for (const file of files) {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`${file}: not readable JSON: ${(e as Error).message}`);
    bad++;
    continue;
  }
  const check = checkSiteConfig(input);
  if (check.ok) {
    const c = check.config;
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
