/**
 * @module
 * Loads the shared rule compiler (shared/rules.ts) on first need, from `widget-rules.mjs` beside
 * widget.js on the edge (built by vite.config.ts). Size: the compiler is a full JSON Logic
 * implementation (about 3 KiB gzipped), and it is needed only once the visitor has volunteered
 * answers, never for the banner. Keeping it out of widget.js keeps the first visit's download
 * and parse small; a returning visitor with answers fetches it once (HTTP-cached). It is a
 * static file: the request carries nothing about the visitor (invariant 1).
 */
import type { CompileRule } from "./answers.ts";

/** File name of the compiler module on the edge, next to widget.js. */
export const RULES_FILE = "widget-rules.mjs";

/**
 * A loader that imports the compiler once from `endpoint` (dynamic import() works from classic
 * scripts too; under a CSP it needs the same script-src as widget.js).
 */
export function rulesFrom(endpoint: string): () => Promise<CompileRule> {
  let loading: Promise<CompileRule> | undefined;
  return () => {
    loading ??= import(/* @vite-ignore */ `${endpoint.replace(/\/$/, "")}/${RULES_FILE}`).then(
      (m: { compileRule: CompileRule }) => m.compileRule,
    );
    return loading;
  };
}
