/**
 * @module
 * Loads the widget's lazy modules on first need, from beside widget.js on the edge (built by
 * vite.config.ts): `widget-rules.mjs`, the shared rule compiler (shared/rules.ts, about 3 KiB
 * gzipped, needed only once the visitor has volunteered answers), and `widget-center.mjs`, the
 * preference center and the edge sync (widget/center.tsx). Keeping them out of widget.js keeps
 * the first visit's download and parse small; a returning visitor fetches them once (HTTP-cached).
 * They are static files: the requests carry nothing about the visitor (invariant 1).
 */
import type { CompileRule } from "./answers.ts";

/** File name of the compiler module on the edge, next to widget.js. */
export const RULES_FILE = "widget-rules.mjs";
/** File name of the preference center and sync module, next to widget.js. */
export const CENTER_FILE = "widget-center.mjs";

/**
 * A loader that imports `file` once from `endpoint` (dynamic import() works from classic scripts
 * too; under a CSP it needs the same script-src as widget.js). A failed load may be tried again.
 */
export function lazyModule<T>(endpoint: string, file: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= import(/* @vite-ignore */ `${endpoint.replace(/\/$/, "")}/${file}`).catch((e) => {
      loading = undefined;
      throw e;
    });
    return loading;
  };
}

/** The rule compiler's loader. */
export function rulesFrom(endpoint: string): () => Promise<CompileRule> {
  const load = lazyModule<{ compileRule: CompileRule }>(endpoint, RULES_FILE);
  let compiler: Promise<CompileRule> | undefined;
  return () => {
    compiler ??= load().then((m) => m.compileRule);
    return compiler;
  };
}
