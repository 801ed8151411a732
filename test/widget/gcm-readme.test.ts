// @vitest-environment node
/**
 * widget/README.md "Google Consent Mode v2" says exactly what the widget sends for the demo site:
 * the `default` command in the marked code block, and the marked table of purposes and types
 * (before a choice, and under GPC after accepting everything). Both are read from the README and
 * compared with widget/gcm.ts on the demo config, so the documentation cannot drift.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { consentModeDefaults, consentModeState } from "../../widget/gcm.ts";
import { demoConfig } from "./fixtures.ts";

const README = readFileSync(join(import.meta.dirname, "../../widget/README.md"), "utf8");
const config = demoConfig();

/** The lines after a `<!-- marker -->` comment, up to the next blank line after content. */
function markedBlock(marker: string): string {
  const i = README.indexOf(`<!-- ${marker} -->`);
  if (i < 0) throw new Error(`no ${marker} marker in widget/README.md`);
  return README.slice(i).split("\n").slice(1).join("\n").split(/\n\n/)[0] ?? "";
}

describe("widget/README.md, Google Consent Mode v2", () => {
  it("should show the demo's default command exactly as the widget sends it", () => {
    const m = /gtag\("consent", "default", (\{.*\})\);/s.exec(markedBlock("consent-default:demo"));
    expect(m?.[1]).toBeDefined();
    // The README's object literal as JSON: quoted keys, no trailing comma.
    const json = (m?.[1] ?? "").replace(/([a-z_]+):/g, '"$1":').replace(/,(\s*\})/g, "$1");
    const [command] = consentModeDefaults(config, false);
    expect(JSON.parse(json)).toEqual(command?.[2]);
  });

  it("should map each demo purpose to its types, states before a choice and under GPC", () => {
    const rows = markedBlock("consent-mapping:demo")
      .split("\n")
      .slice(2)
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows.map((r) => /`([^`]+)`/.exec(r[0] ?? "")?.[1])).toEqual(
      config.purposes.map((p) => p.id),
    );
    const before = consentModeState(config.purposes, undefined);
    const all = Object.fromEntries(config.purposes.map((p) => [p.id, true]));
    const gpc = consentModeState(config.purposes, all, true);
    config.purposes.forEach((p, i) => {
      const [, types = "", beforeCell = "", gpcCell = ""] = rows[i] ?? [];
      const listed = [...types.matchAll(/`([a-z_]+)`/g)].map((x) => x[1]);
      expect(listed, p.id).toEqual(p.consentMode);
      for (const type of p.consentMode) {
        expect(beforeCell, `${p.id} before`).toBe(before[type]);
        // "as chosen": granted when accepted; otherwise the cell names the state GPC forces.
        expect(gpcCell === "as chosen" ? "granted" : gpcCell.replace("always ", ""), p.id).toBe(
          gpc[type],
        );
      }
    });
  });
});
