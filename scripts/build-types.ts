/**
 * `npm pack` (prepack): the TypeScript declarations of the ES module build, into dist/types/.
 * tsc emits them from widget/ (and the shared/ types the public API names); their relative
 * imports keep the source's `.ts`/`.tsx` endings, which a consumer's TypeScript cannot resolve
 * in a .d.ts, so they are rewritten to `.js` (each `x.d.ts` then answers for `x.js`).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const TYPES_DIR = join(ROOT, "dist", "types");

/** `from "./x.tsx"` and `import("../y.ts")` → `.js`; bare and URL specifiers stay as they are. */
function rewriteSpecifiers(dts: string): string {
  return dts.replace(/((?:from|import\()\s*["'])(\.{1,2}\/[^"']+?)\.tsx?(["'])/g, "$1$2.js$3");
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (path.endsWith(".d.ts")) yield path;
  }
}

rmSync(TYPES_DIR, { recursive: true, force: true });
const tsc = spawnSync(
  "npx",
  [
    "tsc",
    "-p",
    "widget",
    "--noEmit",
    "false",
    "--declaration",
    "--emitDeclarationOnly",
    "--rootDir",
    ".",
    "--outDir",
    TYPES_DIR,
  ],
  { cwd: ROOT, stdio: "inherit" },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
let n = 0;
for (const path of files(TYPES_DIR)) {
  writeFileSync(path, rewriteSpecifiers(readFileSync(path, "utf8")));
  n++;
}
console.log(`dist/types: ${n} declaration files`);
