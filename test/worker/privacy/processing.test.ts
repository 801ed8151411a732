import { describe, expect, it } from "vitest";
import { privacyRecord } from "../../../worker/privacy/record.ts";
import { call, demo, tiny } from "../helpers.ts";

describe("the record of processing (GDPR art. 30) from the stored config", () => {
  it("should name the controller, its contact and DPO, and the legal basis of each purpose", () => {
    const p = privacyRecord(demo).processing;
    expect(p.controller).toEqual(demo.controller);
    expect(p.controller?.dpo).toBe("dpo@demo.preferably.dev");
    expect(p.legalBases.map((b) => [b.basis, b.ref])).toEqual([
      ["legitimate-interests", "GDPR art. 6(1)(f)"],
      ["consent", "GDPR art. 6(1)(a)"],
      ["consent", "GDPR art. 6(1)(a)"],
      ["consent", "GDPR art. 6(1)(a)"],
    ]);
    expect(
      privacyRecord(tiny).processing.legalBases.find((b) => b.purpose === "Well-being")?.basis,
    ).toBe("explicit-consent");
    expect(privacyRecord(tiny).processing.controller).toBeNull();
  });

  it("should list Cloudflare as processor, the partners of sharing purposes, transfers, measures and rights", () => {
    const p = privacyRecord(demo).processing;
    expect(p.recipients[0]).toMatchObject({
      role: "processor",
      name: expect.stringContaining("Cloudflare"),
    });
    expect(p.recipients).toContainEqual({
      name: "Example Ads Network (demo)",
      role: "recipient",
      purpose: "Sharing with advertising partners",
      country: "Ireland",
    });
    expect(p.transfers[0]?.safeguard).toMatch(/standard-contractual-clauses/);
    expect(p.security.join(" ")).toMatch(/no IP address/);
    expect(p.rights.map((r) => r.right).join(" ")).toMatch(
      /access.*rectification.*erasure.*withdraw.*object.*complain/,
    );
    expect(p.rights.find((r) => r.right.startsWith("object"))?.how).toContain(
      "privacy@demo.preferably.dev",
    );
    expect(p.changeLog).toBe("/v1/sites/demo/changes");
  });

  it("should give every text in the locale asked for", async () => {
    const de = privacyRecord(demo, "de");
    expect(de.processing.locale).toBe("de");
    expect(de.purposes[0]?.label).toBe("Unbedingt erforderlich");
    expect(de.processing.legalBases[3]?.purpose).toBe("Weitergabe an Werbepartner");
    const res = await call("/v1/sites/demo/privacy?locale=de");
    expect(((await res.json()) as { processing: { locale: string } }).processing.locale).toBe("de");
    const byHeader = await call("/v1/sites/demo/privacy", {
      headers: { "Accept-Language": "fr-CH, en;q=0.5" },
    });
    expect(((await byHeader.json()) as { processing: { locale: string } }).processing.locale).toBe(
      "fr",
    );
    const html = await (await call("/v1/sites/demo/privacy?format=html&locale=es")).text();
    expect(html).toContain('<html lang="es">');
    for (const heading of [
      "Controller",
      "Legal basis per purpose",
      "Recipients and processors",
      "Transfers outside the EEA",
      "Security measures",
      "Your rights",
    ])
      expect(html).toContain(`<h2>${heading}`);
    expect(html).toContain('href="/v1/sites/demo/changes"');
  });
});
