import { afterEach, describe, expect, it } from "vitest";
import { runGatedScripts } from "../../widget/gate.ts";

afterEach(() => {
  document.body.innerHTML = "";
});

function gated(purpose: string, extra = ""): HTMLScriptElement {
  const s = document.createElement("script");
  s.type = "text/plain";
  s.dataset.consent = purpose;
  s.text = "window.__ran = (window.__ran || 0) + 1;";
  if (extra) s.setAttribute("data-type", extra);
  s.setAttribute("data-label", purpose);
  document.body.append(s);
  return s;
}

describe("runGatedScripts", () => {
  it("should leave scripts inert while their purpose is not granted", () => {
    gated("analytics");
    expect(runGatedScripts({ analytics: false })).toBe(0);
    expect(document.querySelector("script")?.type).toBe("text/plain");
  });

  it("should replace a granted script with a live copy of its attributes and body", () => {
    gated("analytics");
    expect(runGatedScripts({ analytics: true })).toBe(1);
    const live = document.querySelector("script");
    expect(live?.getAttribute("type")).toBeNull();
    expect(live?.dataset.label).toBe("analytics");
    expect(live?.text).toContain("__ran");
  });

  it("should run a script at most once", () => {
    gated("analytics");
    runGatedScripts({ analytics: true });
    expect(runGatedScripts({ analytics: true })).toBe(0);
  });

  it("should need every listed purpose and honour data-type", () => {
    gated("analytics advertising", "module");
    expect(runGatedScripts({ analytics: true })).toBe(0);
    expect(runGatedScripts({ analytics: true, advertising: true })).toBe(1);
    expect(document.querySelector("script")?.type).toBe("module");
  });
});
