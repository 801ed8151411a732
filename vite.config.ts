import { defineConfig } from "vite";

// widget.js: one classic script (IIFE) with its styles inside, served at /widget.js.
// The demo page in widget/public/ is copied next to it into dist/ (served as static assets).
export default defineConfig({
  publicDir: "widget/public",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    lib: {
      entry: "widget/index.tsx",
      formats: ["iife"],
      name: "Preferably",
      fileName: () => "widget.js",
    },
  },
});
