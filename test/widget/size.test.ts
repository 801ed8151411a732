// @vitest-environment node
/**
 * What the build ships (vite.config.ts), read from dist/: widget.js, the classic script that
 * paints the banner, with no Preact and no preference center inside (those are the lazy
 * widget-center.mjs) and no rule compiler (the lazy widget-rules.mjs); widget.mjs, the same as an ES module. The first-paint budget itself is
 * measured as served by the Worker in test/e2e/first-paint.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { COMPILE_HINTS } from "../../shared/site-script.ts";
import { WIDGET_LOCALES } from "../../widget/i18n.ts";

/** How much larger than widget.js, gzipped, widget.mjs may be (its `export{…}` list). */
const ES_MODULE_SLACK_GZIP = 128;

const ROOT = join(import.meta.dirname, "..", "..");
const gz = (data: string | Buffer) => gzipSync(data, { level: 9 }).length;
const read = (path: string) => readFileSync(join(ROOT, path));

describe("the built widget", () => {
  it("should have been built (npm run build) as a classic script with its styles inside", () => {
    expect(existsSync(join(ROOT, "dist/widget.js")), "run `npm run build` first").toBe(true);
    const code = read("dist/widget.js").toString();
    // V8's compile hint first (shared/site-script.ts COMPILE_HINTS), then the IIFE.
    expect(code.startsWith(`${COMPILE_HINTS}\nvar preferably=`)).toBe(true);
    expect(read("dist/widget.mjs").toString().startsWith(`${COMPILE_HINTS}\n`)).toBe(true);
    expect(code).toContain("--pf-accent");
    expect(code).not.toMatch(/\beval\(|new Function\(/);
  });

  it("should keep Preact, the preference center and other languages out of widget.js", () => {
    const code = read("dist/widget.js").toString();
    const center = read("dist/widget-center.mjs").toString();
    // Preact's options hook and the dialog's markup live in the lazy module only.
    for (const marker of ["aria-modal", "forced-colors", "forceUpdate"]) {
      expect(center).toContain(marker);
      expect(code).not.toContain(marker);
    }
    expect(code).not.toContain("Alle akzeptieren");
    expect(center).not.toMatch(/\beval\(|new Function\(|modulepreload/);
  });

  it("should keep the rule compiler out of widget.js and the preference center", () => {
    const rules = read("dist/widget-rules.mjs").toString();
    // The compiler's own operator names and error types (shared/rules.ts) live in the lazy
    // widget-rules.mjs only, loaded once a visitor has answers.
    for (const marker of ["missing_some", "Unknown Operator", "Limit Exceeded"]) {
      expect(rules).toContain(marker);
      for (const file of ["dist/widget.js", "dist/widget.mjs", "dist/widget-center.mjs"]) {
        expect(read(file).toString(), file).not.toContain(marker);
      }
    }
  });

  it("should ship one language file per language but English", () => {
    const files = readdirSync(join(ROOT, "dist/locales")).sort();
    expect(files).toEqual(WIDGET_LOCALES.filter((l) => l !== "en").map((l) => `${l}.json`));
  });

  it("should ship widget.mjs, the ES module, as small as widget.js (minified, no eval)", () => {
    const code = read("dist/widget.mjs").toString();
    expect(code).toMatch(/export\{[^}]*\binit\b/);
    expect(code).not.toMatch(/\beval\(|new Function\(|@__PURE__|modulepreload/);
    const [mjs, js] = [gz(code), gz(read("dist/widget.js"))];
    console.log(`dist/widget.mjs: ${mjs} B gzip (widget.js ${js} B)`);
    // The same code; only the export statement differs from the IIFE's wrapper.
    expect(mjs).toBeLessThanOrEqual(js + ES_MODULE_SLACK_GZIP);
  });
});
