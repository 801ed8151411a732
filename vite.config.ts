import { cpSync } from "node:fs";
import { build, defineConfig, type Plugin } from "vite";
import { COMPILE_HINTS } from "./shared/site-script.ts";

// Production JSX always, also when a test runner's NODE_ENV=test starts the build.
const JSX = { jsx: { runtime: "automatic", importSource: "preact", development: false } } as const;
// Size: no Symbol.toStringTag "Module" on window.preferably or the module namespace.
const GENERATED = { symbols: false } as const;

/**
 * Puts V8's compile hint (shared/site-script.ts COMPILE_HINTS) on the first line of the scripts
 * that draw the banner. After minification (a banner option would be a comment the minifier
 * drops), so it is added to the finished chunk.
 */
function compileHints(): Plugin {
  return {
    name: "preferably-compile-hints",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === "chunk" && /^widget\.m?js$/.test(chunk.fileName)) {
          chunk.code = `${COMPILE_HINTS}\n${chunk.code}`;
        }
      }
    },
  };
}

/**
 * Builds the two ES modules served beside widget.js, each on its own (no chunk is shared, so
 * each stays one self-contained file): dist/widget.mjs, the widget for single-page apps
 * (`import { init } from "https://EDGE/widget.mjs"`, loaded by browsers as it is), and
 * dist/widget-rules.mjs, the rule compiler widget.js and widget.mjs import on first need
 * (widget/rules.ts), and dist/widget-center.mjs, the preference center and the edge sync, imported
 * the same way (widget/center.tsx). The widget's language files, widget/locales/*.json, are copied
 * to dist/locales/ (fetched by widget.js, read by the per-site script's route). Lib builds, so no module-preload helper is added around that import();
 * Size: Vite keeps whitespace and pure annotations in lib-mode ES output (for bundlers), so
 * Rolldown's own `output.minify` is set and comments are dropped: browsers load these as they are.
 */
function esModules(): Plugin {
  const entries = {
    widget: "widget/index.tsx",
    "widget-rules": "shared/rules.ts",
    "widget-center": "widget/center.tsx",
  };
  return {
    name: "preferably-es-modules",
    apply: "build",
    async closeBundle() {
      cpSync("widget/locales", "dist/locales", { recursive: true });
      for (const [name, entry] of Object.entries(entries)) {
        await build({
          configFile: false,
          logLevel: "warn",
          publicDir: false,
          oxc: JSX,
          plugins: [compileHints()],
          build: {
            outDir: "dist",
            emptyOutDir: false,
            // ES2022 keeps class fields as they are (no Babel typeof helpers for RuleError).
            target: "es2022",
            minify: "oxc",
            rolldownOptions: {
              output: { minify: true, comments: false, generatedCode: GENERATED },
            },
            lib: { entry, formats: ["es"], fileName: () => `${name}.mjs` },
          },
        });
      }
    },
  };
}

// widget.js: one classic script (IIFE) with its styles inside, served at /widget.js (the same
// code as an ES module, widget.mjs, comes from esModules() above). The IIFE's name makes its exports
// `window.preferably`, the widget's only global. The demo page in widget/public/ is copied next
// to them into dist/ (served as static assets by the Worker).
export default defineConfig({
  publicDir: "widget/public",
  oxc: JSX,
  plugins: [esModules(), compileHints()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // ES2022 (Chrome/Edge 94+, Firefox 93+, Safari 15.4+): the rule compiler needs Object.hasOwn
    // anyway, and class fields and `??=` stay as written. Size: about 0.3 KiB gzipped less than
    // ES2020's down-levelled output.
    target: "es2022",
    // Size: lib mode leaves output unminified by default; Oxc minifies.
    minify: "oxc",
    rolldownOptions: { output: { generatedCode: GENERATED } },
    lib: {
      entry: "widget/index.tsx",
      formats: ["iife"],
      name: "preferably",
      fileName: () => "widget.js",
    },
  },
});
