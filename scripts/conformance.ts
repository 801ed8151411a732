/**
 * @module
 * `npm run conformance -- DIR`: runs every `*.json` suite under DIR (recursively) through
 * shared/rules.ts `compileRule`, judged strictly (scripts/conformance-judge.ts), prints each
 * failure and the totals, and exits 1 when any case fails or none is found.
 *
 * @example npm run conformance -- ../shared/conformance/jsonlogic/suites
 */
import { existsSync } from "node:fs";
import { compileRule } from "../shared/rules.ts";
import { formatReport, runConformance } from "./conformance-judge.ts";

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error("usage: npm run conformance -- DIR   (a folder of JSON Logic suite files)");
  process.exit(2);
}
const report = runConformance(dir, (rule) => compileRule(rule));
for (const line of formatReport(report)) console.log(line);
if (report.total === 0)
  console.error(`no cases found in ${report.files} JSON file(s) under ${dir}`);
process.exit(report.total > 0 && report.failures.length === 0 ? 0 : 1);
