// @vitest-environment node
/**
 * The size budget (DESIGN.md "Budgets"): widget.js with all its code and styles and one locale
 * at most WIDGET_BUDGET_GZIP bytes gzipped, and smaller than vanilla-cookieconsent's JS plus CSS,
 * both measured here from the files, never hard-coded. "One locale" is the same build with the
 * compile-time flag __PF_ONE_LOCALE__ (widget/i18n.ts); the shipped dist/widget.js carries all
 * four locales and is checked against vanilla-cookieconsent as it ships.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { describe, expect, it } from "vitest";

/** DESIGN.md: widget.js, all code and styles, one locale, at most 12 KiB gzipped. */
const WIDGET_BUDGET_GZIP = 12 * 1024;

/** How much larger than widget.js, gzipped, widget.mjs may be (its `export{…}` list). */
const ES_MODULE_SLACK_GZIP = 128;

const ROOT = join(import.meta.dirname, "..", "..");
const gz = (data: string | Buffer) => gzipSync(data, { level: 9 }).length;
const read = (path: string) => readFileSync(join(ROOT, path));

/** widget.js built as vite.config.ts builds it, with only the English texts. */
async function oneLocaleBuild(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: "silent",
    mode: "production",
    root: ROOT,
    define: { __PF_ONE_LOCALE__: "true" },
    // Production JSX even though vitest sets NODE_ENV=test (no jsxDEV source locations).
    oxc: { jsx: { runtime: "automatic", importSource: "preact", development: false } },
    build: {
      write: false,
      target: "es2022",
      minify: "oxc",
      rolldownOptions: { output: { generatedCode: { symbols: false } } },
      lib: { entry: join(ROOT, "widget/index.tsx"), formats: ["iife"], name: "preferably" },
    },
  });
  const result = Array.isArray(out) ? out[0] : out;
  const chunk = (result as { output: Array<{ type: string; code?: string }> }).output.find(
    (o) => o.type === "chunk",
  );
  if (!chunk?.code) throw new Error("no chunk built");
  return chunk.code;
}

const vanilla = () =>
  gz(read("node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js")) +
  gz(read("node_modules/vanilla-cookieconsent/dist/cookieconsent.css"));

describe("widget.js size", () => {
  it("should have been built (npm run build) as a classic script with its styles inside", () => {
    expect(existsSync(join(ROOT, "dist/widget.js")), "run `npm run build` first").toBe(true);
    const code = read("dist/widget.js").toString();
    expect(code.startsWith("var preferably=")).toBe(true);
    expect(code).toContain("--pf-accent");
    expect(code).not.toMatch(/\beval\(|new Function\(/);
  });

  it(`should be at most ${WIDGET_BUDGET_GZIP} bytes gzipped with one locale`, async () => {
    const code = await oneLocaleBuild();
    expect(code).toContain("Accept all");
    expect(code).not.toContain("Alle akzeptieren");
    const size = gz(code);
    console.log(`widget.js, one locale: ${size} B gzip (budget ${WIDGET_BUDGET_GZIP})`);
    expect(size).toBeLessThanOrEqual(WIDGET_BUDGET_GZIP);
  }, 60_000);

  it("should ship widget.mjs, the ES module, as small as widget.js (minified, no eval)", () => {
    const code = read("dist/widget.mjs").toString();
    expect(code).toMatch(/export\{[^}]*\binit\b/);
    expect(code).not.toMatch(/\beval\(|new Function\(|@__PURE__|modulepreload/);
    const [mjs, js] = [gz(code), gz(read("dist/widget.js"))];
    console.log(`dist/widget.mjs: ${mjs} B gzip (widget.js ${js} B)`);
    // The same code; only the export statement differs from the IIFE's wrapper.
    expect(mjs).toBeLessThanOrEqual(js + ES_MODULE_SLACK_GZIP);
  });

  it("should be smaller than vanilla-cookieconsent's JS plus CSS, as shipped with four locales", () => {
    const ours = gz(read("dist/widget.js"));
    const theirs = vanilla();
    console.log(
      `dist/widget.js (4 locales): ${ours} B gzip; vanilla-cookieconsent JS+CSS: ${theirs} B gzip`,
    );
    expect(ours).toBeLessThan(theirs);
  });
});
