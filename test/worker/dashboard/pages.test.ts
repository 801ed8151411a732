import { describe, expect, it } from "vitest";
import type { Finding } from "../../../shared/assessment.ts";
import {
  DashboardPage,
  type DashboardProps,
  SignInPage,
} from "../../../worker/dashboard/pages.tsx";
import { renderDocument } from "../../../worker/dashboard/render.ts";
import { SESSION_SECONDS } from "../../../worker/dashboard/session.ts";
import { FIXTURE_K, fixture, KNOWN, KNOWN_ANSWERS, question } from "./fixture.ts";

const FINDINGS: Finding[] = [
  {
    code: "no-dp",
    severity: "low",
    path: "dpEpsilon",
    message: "counts are exact",
    fix: "set dpEpsilon",
    ref: "GDPR art. 25",
  },
];

function props(overrides: Partial<DashboardProps> = {}): DashboardProps {
  return {
    site: "demo",
    siteName: "Stride Sports (demo)",
    data: KNOWN,
    answers: KNOWN_ANSWERS,
    filter: { from: "2026-10-23", to: "2026-11-21", segments: [] },
    dayChoices: [7, 30, 61],
    bounds: { oldest: "2026-09-22", today: "2026-11-21" },
    allSegments: KNOWN.segments.map((s) => ({ id: s.id, label: s.label })),
    findings: FINDINGS,
    access: [
      {
        time: "2026-11-20T10:00:00.000Z",
        site: "demo",
        endpoint: "GET /v1/sites/demo/segments",
        fingerprint: "a1b2c3d4",
      },
    ],
    ...overrides,
  };
}

const render = async (p: DashboardProps = props()) => renderDocument(DashboardPage(p));
/**
 * The fixture counts exactly (noise: false), where complementary suppression also holds back
 * counts at or above k: every held-back count then reads "held back" (worker/dashboard/format.ts).
 */
const HELD = "held back";

/** The HTML of the first element `<tag … data-segment="id" …>…</tag>`. */
function element(html: string, tag: string, id: string): string {
  const m = new RegExp(`<${tag}[^>]*data-segment="${id}"[^>]*>([\\s\\S]*?)</${tag}>`).exec(html);
  if (!m?.[0]) throw new Error(`no <${tag}> for ${id}`);
  return m[0];
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

describe("DashboardPage", () => {
  it("should be a full document with a viewport and only the one stylesheet", async () => {
    const html = await render();
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain('<link rel="stylesheet" href="/dashboard/assets/dashboard.css"/>');
  });

  it("should contain no script, no inline style and no event handler (strict CSP, no JS)", async () => {
    const html = await render();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it("should show a visible audience as its number in the table and at its bar", async () => {
    const html = await render();
    expect(text(element(html, "tr", "runners"))).toBe("Runners 1,234 50 % ▲ +234 (+23.4 %)");
    expect(element(html, "g", "runners")).toContain("<title>Runners: 1,234</title>");
  });

  it("should show a suppressed audience as held back and never its number", async () => {
    const html = await render();
    const row = element(html, "tr", "beginners");
    expect(text(row)).toBe(`Beginners ${HELD} not shown not shown`);
    const bar = element(html, "g", "beginners");
    expect(bar).toContain(`<title>Beginners: ${HELD}</title>`);
    expect(bar).not.toContain("<rect");
    // The true count below k (7, and 9 the day before; 3 for yoga) is nowhere in any form.
    const series = /<table id="series-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
    expect(text(series)).not.toMatch(/\b(7|9|3)\b(?!-)/);
    expect(html).not.toMatch(/Beginners[^<]*: (7|9)\b/);
    expect(html).not.toMatch(/Mind and body[^<]*: 3\b/);
  });

  it("should size bars by audience against the axis maximum", async () => {
    const html = await render(
      props({
        data: fixture({ a: { label: "A", daily: [500] }, b: { label: "B", daily: [1000] } }),
      }),
    );
    const width = (id: string) =>
      Number(/<rect[^>]*width="([\d.]+)"/.exec(element(html, "g", id))?.[1]);
    expect(width("b")).toBeCloseTo(width("a") * 2, 5);
    // The axis ends at 1000 (the largest value is a nice number): bar B spans the whole plot.
    expect(html).toMatch(/>1,000<\/text>/);
  });

  it("should say fewer than k for a held-back count only when the site counts with noise", async () => {
    const exact = await render();
    const noisy = await render(props({ data: { ...KNOWN, noise: true } }));
    expect(text(element(noisy, "tr", "beginners"))).toBe(
      `Beginners fewer than ${FIXTURE_K} not shown not shown`,
    );
    expect(element(noisy, "g", "beginners")).toContain(
      `<title>Beginners: fewer than ${FIXTURE_K}</title>`,
    );
    expect(exact).not.toContain(`fewer than ${FIXTURE_K}`);
    expect(exact).toContain("and those that would let one be worked out, are held back");
    expect(noisy).not.toContain("would let one be worked out, are held back");
    expect(exact).toContain("Below k = 10, or where one could be worked out: “held back”.");
    expect(noisy).toContain("Below k = 10: held back (“fewer than 10”).");
  });

  it("should list the daily series newest first, with suppressed days held back", async () => {
    const html = await render();
    const rows = [...html.matchAll(/<tr><th scope="row">(\d{4}-\d\d-\d\d)<\/th>([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(["2026-11-20", "2026-11-19", "2026-11-18", "2026-11-17"]);
    expect(text(rows[3]?.[2] ?? "")).toBe(`1,000 12 ${HELD}`);
    expect(text(rows[0]?.[2] ?? "")).toBe(`1,234 ${HELD} ${HELD}`);
  });

  it("should break a segment's line on suppressed days and draw no line when all are suppressed", async () => {
    const html = await render();
    const lines = [...html.matchAll(/<g class="line" data-segment="([a-z]+)">([\s\S]*?)<\/g>/g)];
    const byId = new Map(lines.map((m) => [m[1], m[2] ?? ""]));
    expect((byId.get("runners")?.match(/<circle/g) ?? []).length).toBe(4);
    expect(byId.get("runners")).toMatch(/<path d="M[^"L]+(L[^"L]+){3}"/);
    expect((byId.get("beginners")?.match(/<circle/g) ?? []).length).toBe(2);
    expect(byId.get("yoga")).not.toContain("<path");
    expect(html).toContain(`(${HELD} on every day)`);
  });

  it("should label both charts for assistive tech and give each an axis title", async () => {
    const html = await render();
    expect(html).toContain('<svg viewBox="0 0 560');
    expect(html.match(/role="img" aria-labelledby="(bar|line)-title \1-desc"/g)).toHaveLength(2);
    expect(html).toContain("Audience: people counted in the last 30 days");
    expect(html).toContain("Day (UTC)");
  });

  it("should keep the filter in the form and in the CSV link", async () => {
    const html = await render(
      props({ filter: { from: "2026-10-01", to: "2026-10-31", segments: ["runners", "yoga"] } }),
    );
    // A date range within the days that can be read, as two date fields (work without JS).
    expect(html).toMatch(
      /<input type="date" id="from" name="from" value="2026-10-01" min="2026-09-22" max="2026-11-21" required/,
    );
    expect(html).toMatch(
      /<input type="date" id="to" name="to" value="2026-10-31" min="2026-09-22" max="2026-11-21" required/,
    );
    // Quick periods keep the chosen segments.
    expect(html).toContain(
      'href="/dashboard/demo?days=7&amp;segment=runners&amp;segment=yoga">Last 7 days</a>',
    );
    expect(html).toContain('<input type="checkbox" name="segment" value="runners" checked=""/>');
    expect(html).toContain('<input type="checkbox" name="segment" value="beginners"/>');
    expect(html).toContain(
      'href="/dashboard/demo/segments.csv?from=2026-10-01&amp;to=2026-10-31&amp;segment=runners&amp;segment=yoga"',
    );
    expect(html).toContain('<form method="get" action="/dashboard/demo"');
  });

  it("should link the privacy record, the access log CSV and sign-out", async () => {
    const html = await render();
    expect(html).toContain('href="/v1/sites/demo/privacy?format=html"');
    expect(html).toContain('href="/dashboard/demo/access.csv"');
    expect(html).toContain('<form method="post" action="/dashboard/demo/sign-out"');
  });

  it("should show the findings and the access log", async () => {
    const html = await render();
    expect(text(/<ul class="findings">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "")).toBe(
      "low counts are exact. Fix: set dpEpsilon. ( dpEpsilon ; GDPR art. 25)",
    );
    expect(text(/<table id="access-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "")).toContain(
      "2026-11-20 10:00:00 GET /v1/sites/demo/segments a1b2c3d4",
    );
    const empty = await render(props({ access: [], findings: [] }));
    expect(empty).toContain("No reads recorded yet.");
    expect(empty).toContain("No findings.");
  });

  it("should escape labels from the config", async () => {
    const html = await render(props({ data: fixture({ x: { label: "<b>&x</b>", daily: [50] } }) }));
    expect(html).not.toContain("<b>&x</b>");
    expect(html).toContain("&lt;b&gt;&amp;x&lt;/b&gt;");
  });

  it("should say when no segment matches the filter", async () => {
    const html = await render(props({ data: { ...KNOWN, segments: [] } }));
    expect(html).toContain("No segment matches the filter.");
    expect(html).not.toContain('aria-labelledby="bar-title bar-desc"');
  });
});

describe("DashboardPage on a phone (issue 14)", () => {
  it("should put the latest numbers before the filters, and fold the filters away", async () => {
    const html = await render();
    const numbers = html.indexOf('<table id="current-table">');
    const filters = html.indexOf('<details class="filter-fold">');
    expect(numbers).toBeGreaterThan(0);
    expect(filters).toBeGreaterThan(numbers);
    expect(html.indexOf('<form method="get"')).toBeGreaterThan(filters);
    // The summary says what is shown, so the folded form hides nothing the marketer needs.
    expect(text(/<summary>[\s\S]*?<\/summary>/.exec(html)?.[0] ?? "")).toBe(
      "Period and segments: Oct 23 to Nov 21, all segments",
    );
    const chosen = await render(
      props({ filter: { from: "2026-10-01", to: "2026-10-31", segments: ["yoga"] } }),
    );
    expect(chosen).toContain(
      "<summary>Period and segments: Oct 1 to Oct 31, Mind and body</summary>",
    );
  });

  it("should open the filters by itself when the last filter was wrong", async () => {
    const html = await render(props({ filterError: "The period ends before it starts" }));
    expect(html).toContain('<details class="filter-fold" open="">');
    expect(html).toContain('role="alert" id="filter-error"');
  });

  it("should draw each chart twice, wide and compact, told apart by CSS only", async () => {
    const html = await render(props({ answers: [] }));
    for (const id of ["bar", "line"]) {
      expect(html).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
      expect(html).toContain(`aria-labelledby="${id}-narrow-title ${id}-narrow-desc"`);
    }
    expect(html.match(/<svg viewBox="0 0 360 /g)).toHaveLength(2);
    expect(html.match(/<div class="only-wide">/g)).toHaveLength(2);
    expect(html.match(/<div class="only-narrow">/g)).toHaveLength(2);
    // The compact bar chart writes each label on its own line above the bar, untruncated.
    const narrow = html.slice(html.indexOf('id="bar-narrow-title"'));
    expect(element(narrow, "g", "runners")).toMatch(/<text x="8" y="[\d.]+">Runners<\/text>/);
  });

  it("should print every value, never only on hover: bars, and the legend's last values", async () => {
    const html = await render();
    expect(html).not.toMatch(/[Hh]over/);
    expect(element(html, "g", "runners")).toMatch(/>1,234<\/text>/);
    expect(text(element(html, "li", "runners"))).toBe("Runners: 1,234 on Nov 20");
    expect(text(element(html, "li", "beginners"))).toBe(`Beginners: ${HELD} on Nov 20`);
  });
});

describe("DashboardPage marketer figures (issue 14)", () => {
  it("should open with the respondents and their change over the named period", async () => {
    const html = await render();
    const headline = /<dl class="headline" id="respondents">[\s\S]*?<\/dl>/.exec(html)?.[0] ?? "";
    expect(text(headline)).toBe(
      "Respondents 2,468 people counted in the 30 days up to 2026-11-20 Change, Nov 17 to Nov 20 ▲ +468 (+23.4 %) first to last day of the period",
    );
    // First on the page: before the segments' chart.
    expect(html.indexOf('id="respondents"')).toBeLessThan(html.indexOf('id="current"'));
    // The arrow is decoration; the signed number says the direction.
    expect(headline).toContain('<span aria-hidden="true">▲ </span>');
  });

  it("should print each segment's share and change, and neither for a held-back end", async () => {
    const html = await render();
    expect(html).toContain('<th scope="col" class="num">Change, Nov 17 to Nov 20</th>');
    // Beginners: 12 on the first day, held back on the last: no share, no change.
    expect(text(element(html, "tr", "beginners"))).toBe(`Beginners ${HELD} not shown not shown`);
    const down = await render(
      props({ data: fixture({ a: { label: "A", daily: [200, 150] } }, FIXTURE_K, [400, 400]) }),
    );
    expect(text(element(down, "tr", "a"))).toBe("A 150 37.5 % ▼ −50 (−25 %)");
    const flat = await render(
      props({ data: fixture({ a: { label: "A", daily: [20, 20] } }, FIXTURE_K, [40, 40]) }),
    );
    expect(text(element(flat, "tr", "a"))).toBe("A 20 50 % ▶ no change");
  });

  it("should chart every question's answers with a table of audience, share and change", async () => {
    const html = await render();
    const section = /<section class="question"[^>]*data-question="interests"[\s\S]*?<\/table>/.exec(
      html,
    )?.[0];
    expect(section).toBeDefined();
    expect(section).toContain('<h3 id="question-interests">What do you enjoy?</h3>');
    expect(section).toContain('aria-labelledby="answers-interests-title answers-interests-desc"');
    expect(section).toContain(
      'aria-labelledby="answers-interests-narrow-title answers-interests-narrow-desc"',
    );
    // Running: 1,234 of 2,468 respondents = 50 %, printed at the bar and in the table.
    expect(section).toMatch(/<g class="bar" data-option="running">[\s\S]*?>1,234 · 50 %<\/text>/);
    expect(text(/<tr data-option="running">[\s\S]*?<\/tr>/.exec(section ?? "")?.[0] ?? "")).toBe(
      "Running 1,234 50 % ▲ +334 (+37.1 %)",
    );
  });

  it("should hold back a rare answer: no bar, no number, no share", async () => {
    const html = await render();
    const yoga = /<g class="bar" data-option="yoga">[\s\S]*?<\/g>/.exec(html)?.[0] ?? "";
    expect(yoga).not.toContain("<rect");
    expect(yoga).toContain(HELD);
    const row = /<tr data-option="yoga">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? "";
    expect(text(row)).toBe(`Yoga ${HELD} not shown not shown`);
    expect(text(row)).not.toMatch(/\b3\b/);
  });

  it("should say so when the site asks no question", async () => {
    const html = await render(props({ answers: [] }));
    expect(html).toContain("The site asks no question.");
  });

  it("should put compared segments side by side with declared overlaps and breakdowns only", async () => {
    const data = fixture(
      {
        runners: { label: "Runners", daily: [100, 120] },
        hikers: { label: "Hikers", daily: [50, 60] },
      },
      FIXTURE_K,
      [200, 240],
    );
    const runners = question(
      "level",
      "Your level?",
      { new: { label: "New", daily: [30, 30] }, pro: { label: "Pro", daily: [70, 90] } },
      120,
    );
    data.comparison = {
      segments: ["runners", "hikers"],
      overlaps: [
        {
          segments: ["runners", "hikers"],
          label: "Runners and Hikers",
          audience: 30,
          suppressed: false,
          share: 0.125,
          shareOf: [0.25, 0.5],
          change: {
            from: "2026-11-19",
            to: "2026-11-20",
            first: 25,
            last: 30,
            absolute: 5,
            relative: 0.2,
          },
          series: [],
        },
      ],
      answers: [
        { segment: "runners", counted: true, questions: [runners] },
        { segment: "hikers", counted: false, questions: [] },
      ],
    };
    const html = await render(props({ data, allSegments: data.segments }));
    const table = /<table id="compare-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
    expect(text(table)).toBe(
      "Runners, Hikers on the last day of the period Measure Runners Hikers Audience 120 60 Share of respondents 50 % 25 % Change, Nov 19 to Nov 20 ▲ +20 (+20 %) ▲ +10 (+20 %)",
    );
    expect(text(/<table id="overlap-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "")).toContain(
      "Runners and Hikers 30 25 % 50 %",
    );
    const breakdown = /<table class="breakdown"[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
    expect(text(breakdown)).toBe(
      "“Your level?”: share of each segment Answer Runners New 25 % Pro 75 %",
    );
    expect(html).toContain("Not counted for Hikers");
    // Without ?compare= there is no comparison at all.
    expect(await render()).not.toContain('id="compare-table"');
  });

  it("should explain respondents, share and change in the glossary", async () => {
    const html = await render();
    const glossary = /<dl class="glossary">[\s\S]*?<\/dl>/.exec(html)?.[0] ?? "";
    for (const term of [
      "Audience",
      "Respondents",
      "Share",
      "Change",
      "Added",
      "Removed",
      "Held back",
      "Noise",
    ]) {
      expect(glossary).toContain(`<dt>${term}</dt>`);
    }
  });
});

describe("SignInPage", () => {
  it("should say how long the session lasts, from the constant the cookie uses", async () => {
    const html = await renderDocument(SignInPage({ site: "demo", siteName: "Demo" }));
    expect(SESSION_SECONDS).toBe(8 * 3600);
    expect(html).toContain("The session lasts 8 hours (sign-out ends it)");
  });

  it("should post a password field to the site's sign-in route", async () => {
    const html = await renderDocument(SignInPage({ site: "demo", siteName: "Demo" }));
    expect(html).toContain('<form method="post" action="/dashboard/demo/sign-in">');
    expect(html).toContain('<label for="token">Marketer token</label>');
    expect(html).toMatch(
      /<input id="token" name="token" type="password" autocomplete="current-password" required=""/,
    );
    expect(html).not.toContain('role="alert"');
  });

  it("should announce an error", async () => {
    const html = await renderDocument(
      SignInPage({ site: "demo", siteName: "Demo", error: "Wrong token." }),
    );
    expect(html).toContain('<p class="error" role="alert" id="signin-error">Wrong token.</p>');
    expect(html).toContain('aria-describedby="signin-error"');
  });
});

describe("DashboardPage spike flags", () => {
  it("should print an unusual day in the daily table, in words, not only by colour", async () => {
    const data = structuredClone(KNOWN);
    const runners = data.segments[0];
    const day = runners?.series.at(-1);
    if (!day) throw new Error("fixture has no days");
    day.added = 900;
    day.unusual = true;
    const html = await renderDocument(DashboardPage(props({ data })));
    expect(html).toContain('<td class="num unusual">');
    expect(html).toContain("unusual: 900 added");
    const plain = await renderDocument(DashboardPage(props()));
    expect(plain).not.toContain('class="num unusual"');
  });
});
