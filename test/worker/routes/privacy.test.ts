import { describe, expect, it } from "vitest";
import { contributionBudget } from "../../../shared/privacy-budget.ts";
import { NEVER_STORED } from "../../../worker/privacy/record.ts";
import { call, noisy, TOKEN_HASHES, tiny } from "../helpers.ts";

const PATH = "/v1/sites/tiny/privacy";

describe("GET /v1/sites/:site/privacy", () => {
  it("should answer the record of processing as JSON by default", async () => {
    const res = await call(PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.site).toBe("tiny");
    expect(body.k).toBe(tiny.k);
    expect(body.windowDays).toBe(tiny.windowDays);
    expect(body.retentionDays).toBe(tiny.retentionDays);
    expect(body.neverStored).toEqual([...NEVER_STORED]);
    expect((body.dataCollected as { id: string }[]).map((q) => q.id)).toEqual(
      tiny.questions.map((q) => q.id),
    );
    expect((body.purposes as { id: string }[]).map((p) => p.id)).toEqual(
      tiny.purposes.map((p) => p.id),
    );
    expect(body.lifetimes).toHaveProperty("consentOnDevice");
    expect(JSON.stringify(body)).not.toContain(TOKEN_HASHES.tiny);
  });

  it("should state the privacy budget in the JSON and the HTML, or that counts are exact", async () => {
    const budget = contributionBudget(noisy);
    const json = (await (await call("/v1/sites/noisy/privacy")).json()) as {
      differentialPrivacy: Record<string, number>;
      counts: string;
    };
    expect(json.differentialPrivacy).toMatchObject({
      epsilon: budget?.perSegment,
      perContribution: budget?.perContribution,
      perVisitorYear: budget?.perVisitorYear,
      cellsPerSegment: 4,
      // Respondents, 2 segments and the one colour a contribution can choose (issue 14).
      countsPerContribution: 4,
    });
    expect(budget?.perContribution).toBe(0.5 * 4);
    expect(json.counts).toMatch(/^noisy: epsilon 0.5 per contribution per count/);
    const page = await (await call("/v1/sites/noisy/privacy?format=html")).text();
    expect(page).toContain(
      `Epsilon for one visitor over a year of weekly refreshes: ${budget?.perVisitorYear}`,
    );
    expect(page).toContain("<td>flows</td><td>day</td>");
    expect(page).toContain("Epsilon per contribution, over the 4 counts it can be in: 2");
    const exact = await (await call(`${PATH}?format=html`)).text();
    expect(exact).toContain("Counts are exact: exact counts, no noise: anyone who can contribute");
  });

  it("should answer an HTML page to Accept: text/html and to ?format=html", async () => {
    for (const res of [
      await call(PATH, { headers: { Accept: "text/html,application/xhtml+xml" } }),
      await call(`${PATH}?format=html`),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toContain("text/html");
      const text = await res.text();
      expect(text).toContain("<h1>Record of processing: Tiny test site</h1>");
      expect(text).toContain("Never stored");
      expect(text).toContain("Favourite colour?");
    }
  });

  it("should allow only its own nonce'd style in the page's CSP", async () => {
    const res = await call(`${PATH}?format=html`);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9_-]+)'/.exec(csp)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(nonce).toBeDefined();
    expect(await res.text()).toContain(`<style nonce="${nonce}">`);
  });

  it("should escape config texts in the page", async () => {
    // tiny has a segment labelled `=Cat, "people"`: its quotes must come out as entities.
    const res = await call(`${PATH}?format=html`);
    const text = await res.text();
    expect(text).toContain("=Cat, &quot;people&quot;");
    expect(text).not.toContain('"people"');
  });

  it("should answer JSON to ?format=json even with Accept: text/html", async () => {
    const res = await call(`${PATH}?format=json`, { headers: { Accept: "text/html" } });
    expect(res.headers.get("Content-Type")).toContain("application/json");
  });
});
