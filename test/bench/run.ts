/**
 * `npm run bench`: runs every benchmark in this folder, one child process each, one after the
 * other (these machines have two cores; parallel benchmarks would measure each other).
 * A benchmark is any `*.bench.ts` here; it prints its own figures and ratios.
 * `npm run bench -- rules` runs only the benchmarks whose file name contains "rules".
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts") && f.includes(filter))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(here, file)], {
    stdio: "inherit",
  });
  if (run.status !== 0) failed++;
}
if (files.length === 0) console.log("no benchmark matched");
process.exit(failed === 0 ? 0 : 1);
