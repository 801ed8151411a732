import { describe, expect, it } from "vitest";
import { RULES_FILE, rulesFrom } from "../../widget/rules.ts";

describe("rulesFrom", () => {
  it("should import the compiler module from the edge once, and share the failure", async () => {
    const load = rulesFrom("http://127.0.0.1:1/");
    const first = load();
    expect(load()).toBe(first);
    // Nothing listens there: the import fails, and the caller treats that as "no segments".
    await expect(first).rejects.toBeTruthy();
  });

  it("should name the file the build writes next to widget.js", () => {
    expect(RULES_FILE).toBe("widget-rules.mjs");
  });
});
