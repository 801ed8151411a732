import { build, defineConfig, type Plugin } from "vite";

/**
 * Builds shared/rules.ts into dist/widget-rules.mjs, the rule compiler widget.js imports on
 * first need (widget/rules.ts). An app build, not a lib build, so Oxc minifies whitespace too
 * (Vite keeps whitespace in lib-mode ES output); `preserveEntrySignatures` keeps its exports.
 */
function rulesModule(): Plugin {
  return {
    name: "preferably-rules-module",
    apply: "build",
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: "warn",
        publicDir: false,
        build: {
          outDir: "dist",
          emptyOutDir: false,
          // ES2022 keeps class fields as they are (no Babel typeof helpers for RuleError).
          target: "es2022",
          minify: "oxc",
          rolldownOptions: {
            input: { "widget-rules": "shared/rules.ts" },
            preserveEntrySignatures: "strict",
            output: { format: "es", entryFileNames: "[name].mjs" },
          },
        },
      });
    },
  };
}

// widget.js: one classic script (IIFE) with its styles inside, served at /widget.js, and the
// same code as an ES module (widget.mjs) for single-page apps. The IIFE's name makes its exports
// `window.preferably`, the widget's only global. The demo page in widget/public/ is copied next
// to them into dist/ (served as static assets by the Worker).
export default defineConfig({
  publicDir: "widget/public",
  // Production JSX always, also when a test runner's NODE_ENV=test starts the build.
  oxc: { jsx: { runtime: "automatic", importSource: "preact", development: false } },
  plugins: [rulesModule()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // ES2022 (Chrome/Edge 94+, Firefox 93+, Safari 15.4+): the rule compiler needs Object.hasOwn
    // anyway, and class fields and `??=` stay as written. Size: about 0.3 KiB gzipped less than
    // ES2020's down-levelled output.
    target: "es2022",
    // Size: lib mode leaves output unminified by default; Oxc minifies (ES output keeps its
    // whitespace, see above: widget.mjs is for bundlers, which minify again).
    minify: "oxc",
    rolldownOptions: {
      // Size: no Symbol.toStringTag "Module" on window.preferably.
      output: { generatedCode: { symbols: false } },
    },
    lib: {
      entry: "widget/index.tsx",
      formats: ["iife", "es"],
      name: "preferably",
      fileName: (format) => (format === "es" ? "widget.mjs" : "widget.js"),
    },
  },
});
