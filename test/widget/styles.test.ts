import { describe, expect, it } from "vitest";
import { applyStyles, CSS } from "../../widget/styles.ts";

describe("applyStyles", () => {
  it("should adopt a constructable stylesheet when the browser has one (no inline style, CSP)", () => {
    const root = document.createElement("div").attachShadow({ mode: "open" });
    applyStyles(root);
    if (typeof CSSStyleSheet !== "undefined" && "replaceSync" in CSSStyleSheet.prototype) {
      expect(root.adoptedStyleSheets.length).toBe(1);
      expect(root.querySelector("style")).toBeNull();
    } else {
      expect(root.querySelector("style")?.textContent).toBe(CSS);
    }
  });

  it("should fall back to a <style> element when constructable stylesheets fail", () => {
    const root = document.createElement("div").attachShadow({ mode: "open" });
    const original = globalThis.CSSStyleSheet;
    // @ts-expect-error - simulate an old browser without constructable stylesheets
    globalThis.CSSStyleSheet = undefined;
    try {
      applyStyles(root, ".x{}");
    } finally {
      globalThis.CSSStyleSheet = original;
    }
    expect(root.querySelector("style")?.textContent).toBe(".x{}");
  });

  it("should theme through custom properties and honour reduced motion", () => {
    for (const v of ["--pf-accent", "--pf-bg", "--pf-fg", "--pf-font", "--pf-radius", "--pf-z"]) {
      expect(CSS).toContain(v);
    }
    expect(CSS).toContain("prefers-reduced-motion:no-preference");
  });
});
