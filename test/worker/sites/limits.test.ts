/**
 * The bounds of a published config, each at its value: one more is 422 naming the field, and
 * nothing changes. (Config size, sites per call, tokens and versions: test/worker/routes/admin.test.ts
 * and test/worker/sites/store.test.ts.)
 */
import { describe, expect, it } from "vitest";
import {
  MAX_BREAKDOWNS,
  MAX_ID_LENGTH,
  MAX_OPTIONS,
  MAX_OVERLAPS,
  MAX_QUESTIONS,
  MAX_RECEIPT_LENGTH,
  MAX_SEGMENTS,
} from "../../../shared/limits.ts";
import { MAX_RULE_DEPTH, MAX_RULE_NODES } from "../../../shared/rules.ts";
import { MAX_SITES_PER_OPERATOR_CALL } from "../../../worker/limits.ts";
import { createSite, siteInput, withToken } from "../helpers.ts";

const option = (i: number) => ({ id: `o${i}`, label: `O${i}` });
const single = (i: number, options = 2) => ({
  id: `q${i}`,
  label: `Q${i}`,
  kind: "single",
  options: Array.from({ length: options }, (_, j) => option(j)),
});
const segment = (i: number, rule: unknown = { "==": [{ var: "q0" }, "o0"] }) => ({
  id: `s${i}`,
  label: `S${i}`,
  rule,
});
/** A rule of `n` values as the compiler counts them: the `or` and its n - 1 literals. */
const wideRule = (n: number) => ({ or: Array.from({ length: n - 1 }, () => true) });
const deepRule = (depth: number): unknown => (depth <= 1 ? true : { "!": [deepRule(depth - 1)] });

async function tryPut(site: string, owner: string, extra: Record<string, unknown>) {
  const res = await withToken(
    owner,
    `/v1/sites/${site}/admin/config`,
    "PUT",
    siteInput(site, extra),
    {
      "If-Match": '"1"',
    },
  );
  const json = (await res.json()) as { error?: { code: string; details: { field: string } } };
  return { status: res.status, field: json.error?.details.field };
}

describe("config limits", () => {
  it("should take one site per operator call", () => {
    expect(MAX_SITES_PER_OPERATOR_CALL).toBe(1);
  });

  it(`should take MAX_QUESTIONS (${MAX_QUESTIONS}) questions and refuse one more`, async () => {
    const owner = await createSite("lim-q");
    const qs = (n: number) => Array.from({ length: n }, (_, i) => single(i));
    expect(
      await tryPut("lim-q", owner, { questions: qs(MAX_QUESTIONS + 1), segments: [] }),
    ).toEqual({
      status: 422,
      field: "questions",
    });
    expect(
      (await tryPut("lim-q", owner, { questions: qs(MAX_QUESTIONS), segments: [] })).status,
    ).toBe(200);
  });

  it(`should take MAX_OPTIONS (${MAX_OPTIONS}) options and refuse one more`, async () => {
    const owner = await createSite("lim-o");
    expect(
      await tryPut("lim-o", owner, { questions: [single(0, MAX_OPTIONS + 1)], segments: [] }),
    ).toEqual({
      status: 422,
      field: "questions[0].options",
    });
    expect(
      (await tryPut("lim-o", owner, { questions: [single(0, MAX_OPTIONS)], segments: [] })).status,
    ).toBe(200);
  });

  it(`should take MAX_SEGMENTS (${MAX_SEGMENTS}) segments and refuse one more`, async () => {
    const owner = await createSite("lim-s");
    const segs = (n: number) => Array.from({ length: n }, (_, i) => segment(i));
    expect(
      await tryPut("lim-s", owner, { questions: [single(0)], segments: segs(MAX_SEGMENTS + 1) }),
    ).toEqual({
      status: 422,
      field: "segments",
    });
    expect(
      (await tryPut("lim-s", owner, { questions: [single(0)], segments: segs(MAX_SEGMENTS) }))
        .status,
    ).toBe(200);
  });

  it(`should take MAX_OVERLAPS (${MAX_OVERLAPS}) declared overlaps and refuse one more`, async () => {
    const owner = await createSite("lim-ov");
    const segs = Array.from({ length: 8 }, (_, i) => segment(i));
    // Distinct pairs of the 8 segments, as many as asked.
    const pairs = (n: number) => {
      const out: string[][] = [];
      for (let a = 0; a < 8 && out.length < n; a++)
        for (let b = a + 1; b < 8 && out.length < n; b++) out.push([`s${a}`, `s${b}`]);
      return out;
    };
    const put = (n: number) =>
      tryPut("lim-ov", owner, { questions: [single(0)], segments: segs, overlaps: pairs(n) });
    expect(await put(MAX_OVERLAPS + 1)).toEqual({ status: 422, field: "overlaps" });
    expect((await put(MAX_OVERLAPS)).status).toBe(200);
  });

  it(`should take MAX_BREAKDOWNS (${MAX_BREAKDOWNS}) breakdowns and refuse one more`, async () => {
    const owner = await createSite("lim-bd");
    const segs = Array.from({ length: MAX_BREAKDOWNS + 1 }, (_, i) => segment(i));
    const put = (n: number) =>
      tryPut("lim-bd", owner, {
        questions: [single(0)],
        segments: segs,
        breakdowns: segs.slice(0, n).map((s) => s.id),
      });
    expect(await put(MAX_BREAKDOWNS + 1)).toEqual({ status: 422, field: "breakdowns" });
    expect((await put(MAX_BREAKDOWNS)).status).toBe(200);
  });

  it(`should refuse a config whose longest receipt would be over MAX_RECEIPT_LENGTH (${MAX_RECEIPT_LENGTH})`, async () => {
    const owner = await createSite("lim-rc");
    // Segments with the longest ids: a contribution in all of them lists them all.
    const long = (i: number) => `s${String(i).padStart(MAX_ID_LENGTH - 1, "0")}`;
    const segs = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...segment(i), id: long(i) }));
    const put = (n: number) =>
      tryPut("lim-rc", owner, { questions: [single(0)], segments: segs(n) });
    expect(await put(90)).toEqual({ status: 422, field: "segments" });
    expect((await put(60)).status).toBe(200);
  });

  it(`should bound a rule by the compiler's MAX_RULE_NODES (${MAX_RULE_NODES}) and MAX_RULE_DEPTH (${MAX_RULE_DEPTH})`, async () => {
    const owner = await createSite("lim-r");
    const q = [single(0)];
    expect(
      await tryPut("lim-r", owner, {
        questions: q,
        segments: [segment(0, wideRule(MAX_RULE_NODES + 1))],
      }),
    ).toEqual({
      status: 422,
      field: "segments[0].rule",
    });
    expect(
      await tryPut("lim-r", owner, {
        questions: q,
        segments: [segment(0, deepRule(MAX_RULE_DEPTH + 1))],
      }),
    ).toEqual({
      status: 422,
      field: "segments[0].rule",
    });
    const ok = await tryPut("lim-r", owner, {
      questions: q,
      segments: [segment(0, wideRule(MAX_RULE_NODES))],
    });
    expect(ok.status).toBe(200);
  });

  it("should refuse hostile shapes with a 4xx naming the field, and change nothing", async () => {
    const owner = await createSite("lim-h");
    const hostile: [Record<string, unknown>, string][] = [
      [{ __proto__: { k: 2 }, questions: "x" }, "questions"],
      [{ segments: [{ id: "constructor", label: "x", rule: true }] }, "segments[0].id"],
      [{ purposes: [] }, "purposes"],
      [{ allowedOrigins: ["javascript:alert(1)"] }, "allowedOrigins[0]"],
    ];
    for (const [extra, field] of hostile) {
      const r = await tryPut("lim-h", owner, extra);
      expect(r, field).toEqual({ status: 422, field });
    }
    // A real "__proto__" key (JSON.parse makes it an own property; an object literal would not).
    const raw = JSON.stringify(siteInput("lim-h")).replace(/^\{/, '{"__proto__":{"k":2},');
    const proto = await withToken(owner, "/v1/sites/lim-h/admin/config", "PUT", raw, {
      "If-Match": '"1"',
    });
    expect(proto.status).toBe(422);
    expect(
      ((await proto.json()) as { error: { details: { field: string } } }).error.details.field,
    ).toBe("__proto__");
    const live = (await (await withToken(owner, "/v1/sites/lim-h/admin/config")).json()) as {
      version: number;
    };
    expect(live.version).toBe(1);
  });
});
