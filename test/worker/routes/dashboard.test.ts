import { env, runInDurableObject, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { contributionBudget, describeBudget } from "../../../shared/privacy-budget.ts";
import { seriesDaysMax } from "../../../shared/site-config.ts";
import { createApp } from "../../../worker/app.ts";
import { DAY_MS, dayOf, isoDay } from "../../../worker/counting/day.ts";
import { sha256Hex } from "../../../worker/counting/encoding.ts";
import { readAudiences } from "../../../worker/counting/read.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import { ACCESS_ROWS_SHOWN } from "../../../worker/dashboard/access-log.ts";
import { DASHBOARD_CSP } from "../../../worker/dashboard/headers.ts";
import {
  SESSION_COOKIE,
  SESSION_SECONDS,
  sessionKey,
  signSession,
} from "../../../worker/dashboard/session.ts";
import type { SiteCounter } from "../../../worker/durable-objects/site-counter.ts";
import { MAX_ACCESS_LOG_ROWS, RATE_BUDGETS } from "../../../worker/limits.ts";
import { consoleRoute } from "../../../worker/routes/console.tsx";
import { dashboardRoute } from "../../../worker/routes/dashboard.tsx";
import { FAILED_SIGN_IN_FINGERPRINT } from "../../../worker/routes/segments.ts";
import { toCsv } from "../../../worker/routes/segments-csv.ts";
import { fingerprintOf } from "../../../worker/sites/tokens.ts";
import {
  assign,
  createSite,
  freshIp,
  noisy,
  OWNER_TOKENS,
  SEEDS,
  TOKEN_HASHES,
  TOKENS,
  tiny,
  tinyBody,
} from "../helpers.ts";

// The app as worker/index.ts builds it, over the fixture sites (tiny has k = 2, window 3 days).
const app = createApp(SEEDS);
app.route("/dashboard", dashboardRoute());
app.route("/admin", consoleRoute());

const ORIGIN = "https://edge.example";

function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", freshIp());
  return Promise.resolve(
    app.request(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" }, env),
  );
}

function signIn(site: string, token: string, headers: Record<string, string> = { Origin: ORIGIN }) {
  return call(`/dashboard/${site}/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token }).toString(),
  });
}

/** The `name=value` of a Set-Cookie header, to send back as Cookie. */
function cookieOf(res: Response): string {
  const set = res.headers.get("Set-Cookie") ?? "";
  const pair = set.split(";")[0] ?? "";
  if (!pair.startsWith(`${SESSION_COOKIE}=`)) throw new Error(`no session cookie in "${set}"`);
  return pair;
}

async function session(site: keyof typeof TOKENS = "tiny"): Promise<string> {
  return cookieOf(await signIn(site, TOKENS[site]));
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

beforeAll(async () => {
  // tiny, k = 2: reds and cat-people reach 3; "high" gets 1 (below k, so suppressed).
  for (let i = 0; i < 3; i++) expect((await assign("tiny", tinyBody())).res.status).toBe(200);
  const one = await assign("tiny", tinyBody({ answers: { color: "blue", score: 5 } }));
  expect(one.json.segments).toEqual(["high"]);
  // One visitor who leaves the colour out: without them respondents minus reds would give away
  // that blue and green together are 1, so exact mode would hold reds back too (issue 14).
  expect((await assign("tiny", tinyBody({ answers: { pets: ["dog"] } }))).res.status).toBe(200);
});

describe("GET /dashboard/:site without a session", () => {
  it("should show the sign-in form and no counts", async () => {
    const res = await call("/dashboard/tiny");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/dashboard/tiny/sign-in">');
    expect(html).not.toContain("current-table");
    expect(html).not.toContain("Reds");
  });

  it("should send the strict CSP and the security headers, and no cookie", async () => {
    const res = await call("/dashboard/tiny");
    expect(res.headers.get("Content-Security-Policy")).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });

  it("should answer an unknown site with an HTML 404", async () => {
    const res = await call("/dashboard/nope");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("No such site");
  });
});

describe("POST /dashboard/:site/sign-in", () => {
  it("should set a signed, HttpOnly, Secure, SameSite=Strict cookie scoped to the dashboard", async () => {
    const res = await signIn("tiny", TOKENS.tiny);
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/dashboard/tiny");
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=\\d+\\.seed-tiny-marketer\\.\\d+\\.[A-Za-z0-9_-]{43};`),
    );
    expect(cookie).toContain(`Max-Age=${SESSION_SECONDS}`);
    expect(cookie).toContain("Path=/dashboard/tiny");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).not.toContain(TOKENS.tiny);
  });

  it("should leave out Secure only for plain-http local development", async () => {
    const res = await Promise.resolve(
      app.request(
        "http://localhost:8787/dashboard/tiny/sign-in",
        {
          method: "POST",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Origin: "http://localhost:8787",
          },
          body: "token=tiny-token",
        },
        env,
      ),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("Set-Cookie")).not.toContain("Secure");
  });

  it("should refuse a wrong token with 401 and set no cookie", async () => {
    const res = await signIn("tiny", "not-the-token");
    expect(res.status).toBe(401);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(await res.text()).toContain("That token is not valid for this site.");
  });

  it("should refuse an empty token with 401", async () => {
    const res = await signIn("tiny", "   ");
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Enter the site&#39;s marketer token.");
  });

  it("should refuse another site's token exactly as a made-up one (401, no oracle), no cookie", async () => {
    const res = await signIn("tiny", TOKENS.noisy);
    const made = await signIn("tiny", "made-up-token-of-no-site");
    expect(res.status).toBe(401);
    expect(made.status).toBe(401);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(await res.text()).toBe(await made.text());
  });

  it("should refuse a cross-site post, and a post with neither Origin nor Sec-Fetch-Site (CSRF)", async () => {
    const attempts: Record<string, string>[] = [
      { Origin: "https://evil.example" },
      { Origin: "null" },
      {},
      { "Sec-Fetch-Site": "cross-site" },
    ];
    for (const headers of attempts) {
      const res = await signIn("tiny", TOKENS.tiny, headers);
      expect(res.status).toBe(403);
      expect(res.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("should accept a same-origin post that carries Sec-Fetch-Site instead of Origin", async () => {
    const res = await signIn("tiny", TOKENS.tiny, { "Sec-Fetch-Site": "same-origin" });
    expect(res.status).toBe(303);
  });

  it("should rate-limit sign-in attempts per client (token guessing), 5 a minute", async () => {
    const ip = "198.51.100.9";
    const statuses: number[] = [];
    expect(RATE_BUDGETS.signin.limit).toBe(5);
    for (let i = 0; i < RATE_BUDGETS.signin.limit; i++) {
      statuses.push(
        (await signIn("tiny", `guess-${i}`, { Origin: ORIGIN, "CF-Connecting-IP": ip })).status,
      );
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const res = await signIn("tiny", TOKENS.tiny, { Origin: ORIGIN, "CF-Connecting-IP": ip });
    expect(res.status).toBe(429);
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });

  it("should refuse a form larger than the body limit with 413", async () => {
    const res = await call("/dashboard/tiny/sign-in", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      body: `token=${"x".repeat(17 * 1024)}`,
    });
    expect(res.status).toBe(413);
  });

  it("should answer a malformed multipart form with 400, logging nothing of its text", async () => {
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...a) => void logged.push(...a));
    try {
      const res = await call("/dashboard/tiny/sign-in", {
        method: "POST",
        headers: { "Content-Type": "multipart/form-data; boundary=zzz", Origin: ORIGIN },
        body: "--not-the-boundary\r\nsender-secret-text\r\n",
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("Set-Cookie")).toBeNull();
      expect(await res.text()).toContain("The form could not be read");
      expect(JSON.stringify(logged)).not.toContain("sender-secret-text");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("GET /dashboard/:site with a session", () => {
  it("should show visible counts as numbers and held-back ones as held back (tiny counts exactly)", async () => {
    const res = await call("/dashboard/tiny", { headers: { Cookie: await session() } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const expected = await readAudiences(env, tiny, {});
    const reds = expected.segments.find((s) => s.id === "reds");
    expect(reds?.audience).toBeGreaterThanOrEqual(3);
    const row = (id: string) =>
      text(new RegExp(`<tr data-segment="${id}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "");
    // Audience, then the API's share of the respondents; the change's first day is held back.
    expect(reds?.share).toBe(0.6);
    expect(row("reds")).toBe(`Reds ${reds?.audience} 60 % not shown`);
    // Exact counts: "held back", never "fewer than k", which complementary suppression would
    // make false of some (worker/dashboard/format.ts Hold).
    expect(tiny.exactCounts).toBe(true);
    expect(row("high")).toBe("High scorers held back not shown not shown");
    expect(html).toContain("<title>High scorers: held back</title>");
    expect(html).not.toContain(`fewer than ${tiny.k}`);
  });

  it("should state the privacy budget, or that the counts are exact", async () => {
    const exact = await (
      await call("/dashboard/tiny", { headers: { Cookie: await session() } })
    ).text();
    expect(exact).toContain("Counts are exact (the site chose no noise), today included.");
    expect(exact).toContain("Privacy budget: exact counts, no noise: anyone who can contribute");
    const noisyPage = await (
      await call("/dashboard/noisy", { headers: { Cookie: await session("noisy") } })
    ).text();
    expect(noisyPage).toContain(
      `Privacy budget: ${describeBudget(contributionBudget(noisy))}.`.replace(/'/g, "&#39;"),
    );
    expect(noisyPage).toContain("drawn once per day and kept");
    // Synthetic history is only for the local demo (DEMO_HISTORY), never here.
    expect(noisyPage).not.toContain("Synthetic data");
  });

  it("should refuse another site's session", async () => {
    const res = await call("/dashboard/demo", { headers: { Cookie: await session("tiny") } });
    const html = await res.text();
    expect(html).toContain("Your session has ended. Sign in again.");
    expect(html).not.toContain("current-table");
  });

  it("should refuse an expired session and clear the cookie", async () => {
    const key = await sessionKey(env.RECEIPT_KEY ?? "");
    const old = await signSession(
      key,
      "tiny",
      Date.now() - SESSION_SECONDS * 1000 - 1000,
      "seed-tiny-marketer",
    );
    const res = await call("/dashboard/tiny", { headers: { Cookie: `${SESSION_COOKIE}=${old}` } });
    const html = await res.text();
    expect(html).toContain("Your session has ended. Sign in again.");
    expect(html).not.toContain("current-table");
    expect(res.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
  });

  it("should accept a live session signed with the Worker's key (and only that key)", async () => {
    const good = await signSession(
      await sessionKey(env.RECEIPT_KEY ?? ""),
      "tiny",
      Date.now(),
      "seed-tiny-marketer",
    );
    const forged = await signSession(
      await sessionKey("some-other-secret-of-32-characters!!"),
      "tiny",
      Date.now(),
      "seed-tiny-marketer",
    );
    expect(
      await (
        await call("/dashboard/tiny", { headers: { Cookie: `${SESSION_COOKIE}=${good}` } })
      ).text(),
    ).toContain("current-table");
    expect(
      await (
        await call("/dashboard/tiny", { headers: { Cookie: `${SESSION_COOKIE}=${forged}` } })
      ).text(),
    ).not.toContain("current-table");
  });

  it("should filter by period and segment, and keep the filter in the CSV link", async () => {
    const res = await call("/dashboard/tiny?days=2&segment=reds", {
      headers: { Cookie: await session() },
    });
    const html = await res.text();
    expect(html).toContain('<tr data-segment="reds">');
    expect(html).not.toContain('<tr data-segment="high">');
    expect(html.match(/<tr><th scope="row">\d{4}-\d\d-\d\d<\/th>/g)).toHaveLength(2);
    // The period comes back as dates, and the CSV link downloads exactly it.
    const today = dayOf(Date.now());
    const [from, to] = [isoDay(today - 1), isoDay(today)];
    expect(html).toContain(`id="from" name="from" value="${from}"`);
    expect(html).toContain(
      `href="/dashboard/tiny/segments.csv?from=${from}&amp;to=${to}&amp;segment=reds"`,
    );
  });

  it("should show a date range in the past, from and to as chosen", async () => {
    const today = dayOf(Date.now());
    const [from, to] = [isoDay(today - 3), isoDay(today - 2)];
    const html = await (
      await call(`/dashboard/tiny?from=${from}&to=${to}`, { headers: { Cookie: await session() } })
    ).text();
    const days = [...html.matchAll(/<tr><th scope="row">(\d{4}-\d\d-\d\d)<\/th>/g)].map(
      (m) => m[1],
    );
    expect(new Set(days)).toEqual(new Set([from, to]));
    expect(html).toContain(`Audiences on ${to}`);
  });

  it("should show the respondents, and each question's answers from the same counts as /answers", async () => {
    const cookie = await session();
    const html = await (await call("/dashboard/tiny", { headers: { Cookie: cookie } })).text();
    const api = (await (
      await call("/v1/sites/tiny/answers", {
        headers: { Authorization: `Bearer ${TOKENS.tiny}` },
      })
    ).json()) as {
      respondents: { audience: number | null };
      questions: { id: string; options: { id: string; audience: number | null }[] }[];
    };
    expect(html).toContain('<dl class="headline" id="respondents">');
    expect(api.respondents.audience).toBe(5);
    expect(html).toMatch(/<dt>Respondents<\/dt><dd class="big">5<\/dd>/);
    for (const q of api.questions) {
      expect(html, q.id).toContain(`data-question="${q.id}"`);
      for (const o of q.options) {
        const row = new RegExp(`<tr data-option="${o.id}">[\\s\\S]*?</tr>`).exec(
          html.slice(html.indexOf(`id="answers-table-${q.id}"`)),
        )?.[0];
        expect(text(row ?? ""), `${q.id}.${o.id}`).toContain(
          o.audience === null ? "held back" : String(o.audience),
        );
      }
    }
  });

  it("should put ticked segments side by side with Compare, and say what to change for one", async () => {
    const cookie = await session();
    const res = await call("/dashboard/tiny?segment=reds&segment=cat-people&view=compare", {
      headers: { Cookie: cookie },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const table = /<table id="compare-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
    expect(text(table)).toMatch(/Measure Reds =Cat, &quot;people&quot; Audience 3 3 /);
    // tiny declares no overlaps and no breakdowns: none is counted, and the page says so.
    expect(html).toContain("No overlap of these segments is counted");
    expect(html).toContain("Not counted for Reds, =Cat, &quot;people&quot;");
    const one = await call("/dashboard/tiny?segment=reds&view=compare", {
      headers: { Cookie: cookie },
    });
    expect(one.status).toBe(400);
    const refused = await one.text();
    expect(refused).toContain('<details class="filter-fold" open="">');
    expect(refused).toContain("compare takes 2 to 4 segment ids");
    expect(refused).not.toContain('id="compare-table"');
  });

  it("should answer a filter outside the site's bounds with 400, keeping the form", async () => {
    const cookie = await session();
    const today = dayOf(Date.now());
    const oldest = today - seriesDaysMax(tiny) + 1;
    for (const q of [
      `days=${seriesDaysMax(tiny) + 1}`,
      "days=0",
      "days=x",
      "segment=nope",
      `from=${isoDay(oldest - 1)}&to=${isoDay(today)}`,
      `to=${isoDay(today + 1)}`,
      `from=${isoDay(today)}&to=${isoDay(today - 1)}`,
      "from=2026-02-30",
      `days=2&to=${isoDay(today)}`,
    ]) {
      const res = await call(`/dashboard/tiny?${q}`, { headers: { Cookie: cookie } });
      expect(res.status, q).toBe(400);
      // Not a dead end: the page and its filter form stay, the error is said at the form.
      const html = await res.text();
      expect(html, q).toContain('role="alert" id="filter-error"');
      expect(html, q).toContain('<form method="get" action="/dashboard/tiny" class="filters"');
      expect(html, q).toContain("Change the filter and apply again");
    }
    // What was typed stays in the date fields.
    const typed = `from=${isoDay(today)}&to=${isoDay(today - 1)}`;
    const kept = await (
      await call(`/dashboard/tiny?${typed}`, { headers: { Cookie: cookie } })
    ).text();
    expect(kept).toContain(`name="from" value="${isoDay(today)}"`);
    expect(kept).toContain(`name="to" value="${isoDay(today - 1)}"`);
    expect(
      (await call(`/dashboard/tiny?days=${seriesDaysMax(tiny)}`, { headers: { Cookie: cookie } }))
        .status,
    ).toBe(200);
  });

  it("should show the privacy assessment of the site config", async () => {
    const html = await (
      await call("/dashboard/tiny", { headers: { Cookie: await session() } })
    ).text();
    // tiny has k = 2 (below 5: high) and a sensitive, explicitly consented question (medium).
    expect(html).toContain('<li class="high" data-code="k-below-5">');
    expect(html).toContain('<li class="medium" data-code="sensitive-question">');
  });

  it("should explain its words in a glossary: audience, respondents, share, change, added, removed, held back, unusual, noise", async () => {
    const html = await (
      await call("/dashboard/tiny", { headers: { Cookie: await session() } })
    ).text();
    const glossary = /<dl class="glossary">([\s\S]*?)<\/dl>/.exec(html)?.[1] ?? "";
    const terms = [...glossary.matchAll(/<dt>([^<]+)<\/dt>/g)].map((m) => m[1]);
    expect(terms).toEqual([
      "Audience",
      "Respondents",
      "Share",
      "Change",
      "Added",
      "Removed",
      "Held back",
      "Unusual",
      "Noise",
    ]);
    // Said for this site: its k and window, and (tiny counts exactly) that there is no noise.
    expect(glossary).toContain(`k = ${tiny.k}`);
    expect(glossary).toContain(`${tiny.windowDays} days`);
    expect(glossary).toContain("This site counts exactly");
  });
});

describe("the access log", () => {
  it("should record each dashboard read with the token fingerprint, never an IP or user agent", async () => {
    const cookie = await session();
    const ip = "203.0.113.77";
    await call("/dashboard/tiny", {
      headers: { Cookie: cookie, "CF-Connecting-IP": ip, "User-Agent": "Secret-Browser/1.0" },
    });
    const res = await call("/dashboard/tiny/access.csv", { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
    const csv = await res.text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("time,site,endpoint,token_fingerprint");
    const fingerprint = await fingerprintOf(TOKEN_HASHES.tiny);
    expect(lines[1]).toMatch(
      new RegExp(
        `^"\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z","tiny","dashboard/access\\.csv","${fingerprint}"$`,
      ),
    );
    expect(lines[2]).toMatch(new RegExp(`,"dashboard","${fingerprint}"$`));
    expect(csv).not.toContain(ip);
    expect(csv).not.toContain("Secret-Browser");
  });

  it("should list API reads too, and show the latest reads on the page", async () => {
    await call("/v1/sites/tiny/segments", { headers: { Authorization: `Bearer ${TOKENS.tiny}` } });
    const html = await (
      await call("/dashboard/tiny", { headers: { Cookie: await session() } })
    ).text();
    const table = text(/<table id="access-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "");
    expect(table).toMatch(
      /^Latest marketer reads \(UTC\) Time Read Token \S+ \S+ dashboard \w{8} \S+ \S+ segments \w{8}/,
    );
  });

  it("should show the page and stream the CSV and JSON of a log at its cap of MAX_ACCESS_LOG_ROWS (1,000,000) rows", async () => {
    const cookie = await session("noisy");
    const stub = shardStub(env, "noisy", 0);
    const now = Date.now();
    // A million rows in one SQL statement inside the object (a recursive CTE): seconds, not RPCs.
    await runInDurableObject(stub, (_o: SiteCounter, state) => {
      state.storage.sql.exec(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO access_log (at, endpoint, token) SELECT ? + i, 'segments', 'abcdabcd' FROM n`,
        MAX_ACCESS_LOG_ROWS,
        now - 2 * DAY_MS,
      );
    });
    const page = await call("/dashboard/noisy", { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/<tr>/g)?.length ?? 0).toBeLessThan(ACCESS_ROWS_SHOWN + 200);
    const res = await call("/dashboard/noisy/access.csv", { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    let lines = 0;
    const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      for (const ch of chunk.value) if (ch === "\n") lines++;
    }
    // The header and the cap: the two appends of these reads dropped the two oldest rows.
    expect(lines).toBe(1 + MAX_ACCESS_LOG_ROWS);
    const count = await runInDurableObject(
      stub,
      (_o: SiteCounter, state) =>
        state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM access_log").one().n,
    );
    expect(count).toBe(MAX_ACCESS_LOG_ROWS);
    const api = await call("/v1/sites/noisy/access-log", {
      headers: { Authorization: `Bearer ${OWNER_TOKENS.noisy}` },
    });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { entries: unknown[] };
    expect(body.entries.length).toBe(MAX_ACCESS_LOG_ROWS);
    await runInDurableObject(stub, (_o: SiteCounter, state) => {
      state.storage.sql.exec("DELETE FROM access_log");
    });
  }, 120_000);

  it("should log a failed sign-in with its time and a fingerprint of nothing, never the token typed", async () => {
    const typed = "guessed-token-zq9";
    const before = Date.now();
    expect((await signIn("tiny", typed)).status).toBe(401);
    const rows = (await shardStub(env, "tiny", 0).accessPage(before)).rows;
    const failed = rows.filter((r) => r.endpoint === "dashboard/sign-in failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.token).toBe(FAILED_SIGN_IN_FINGERPRINT);
    expect(failed[0]?.at).toBeGreaterThanOrEqual(before);
    expect(JSON.stringify(rows)).not.toContain(typed);
    expect(JSON.stringify(rows)).not.toContain(await fingerprintOf(await sha256Hex(typed)));
  });

  it("should need a session", async () => {
    const res = await call("/dashboard/tiny/access.csv");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });
});

describe("GET /dashboard/:site/segments.csv", () => {
  it("should answer exactly what the API's CSV answers for the same filter", async () => {
    const mine = await call("/dashboard/tiny/segments.csv?days=3&segment=reds&segment=high", {
      headers: { Cookie: await session() },
    });
    const api = await call("/v1/sites/tiny/segments.csv?days=3&segments=reds,high", {
      headers: { Authorization: `Bearer ${TOKENS.tiny}` },
    });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    expect(mine.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="tiny-segments-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const body = await mine.text();
    expect(body).toBe(await api.text());
    expect(body).toBe(
      toCsv(await readAudiences(env, tiny, { days: 3, segments: ["reds", "high"] })),
    );
    // "high" is below k on every day: its audience cells are empty, never a number.
    for (const line of body.split("\r\n").filter((l) => l.includes(",high,"))) {
      expect(line).toMatch(/,high,High scorers,,,,true$/);
    }
  });

  it("should answer 401 without a session and 401 with the Bearer token alone", async () => {
    expect((await call("/dashboard/tiny/segments.csv")).status).toBe(401);
    const bearer = await call("/dashboard/tiny/segments.csv", {
      headers: { Authorization: `Bearer ${TOKENS.tiny}` },
    });
    expect(bearer.status).toBe(401);
  });
});

describe("POST /dashboard/:site/sign-out", () => {
  it("should clear the cookie on the dashboard's path and go back to the sign-in form", async () => {
    const owner = await createSite("so-clear");
    const res = await call("/dashboard/so-clear/sign-out", {
      method: "POST",
      headers: { Origin: ORIGIN, Cookie: cookieOf(await signIn("so-clear", owner)) },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/dashboard/so-clear");
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(cookie).toContain("Max-Age=0");
    expect(cookie).toContain("Path=/dashboard/so-clear");
  });

  it("should end a cookie kept from before sign-out, server side: page, CSV and access.csv", async () => {
    const owner = await createSite("so-kept");
    const kept = cookieOf(await signIn("so-kept", owner));
    const other = cookieOf(await signIn("so-kept", owner));
    expect(
      (await call("/dashboard/so-kept/access.csv", { headers: { Cookie: kept } })).status,
    ).toBe(200);
    const out = await call("/dashboard/so-kept/sign-out", {
      method: "POST",
      headers: { Origin: ORIGIN, Cookie: other },
    });
    expect(out.status).toBe(303);
    // The copy kept from before gets what no session gets: the sign-in page, 401 for the files.
    for (const cookie of [kept, other]) {
      const page = await call("/dashboard/so-kept", { headers: { Cookie: cookie } });
      const html = await page.text();
      expect(html).toContain("Your session has ended. Sign in again.");
      expect(html).not.toContain("current-table");
      for (const file of ["access.csv", "segments.csv"]) {
        const res = await call(`/dashboard/so-kept/${file}`, { headers: { Cookie: cookie } });
        expect(res.status).toBe(401);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
      }
    }
    // A new sign-in works.
    const fresh = cookieOf(await signIn("so-kept", owner));
    const page = await call("/dashboard/so-kept", { headers: { Cookie: fresh } });
    expect(await page.text()).toContain("current-table");
    expect(
      (await call("/dashboard/so-kept/access.csv", { headers: { Cookie: fresh } })).status,
    ).toBe(200);
  });

  it("should end nothing without a live session of this site, nor another area's sessions", async () => {
    const owner = await createSite("so-none");
    const kept = cookieOf(await signIn("so-none", owner));
    // No cookie, a forged one, and the console's sign-out: the dashboard session lives on.
    const attempts: [string, string][] = [
      ["/dashboard/so-none/sign-out", ""],
      ["/dashboard/so-none/sign-out", `${SESSION_COOKIE}=1.x.0.${"A".repeat(43)}`],
      ["/admin/so-none/sign-out", ""],
    ];
    for (const [path, cookie] of attempts) {
      await call(path, { method: "POST", headers: { Origin: ORIGIN, Cookie: cookie } });
    }
    const page = await call("/dashboard/so-none", { headers: { Cookie: kept } });
    expect(await page.text()).toContain("current-table");
  });

  it("should refuse a cross-site sign-out", async () => {
    const res = await call("/dashboard/tiny/sign-out", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("GET /dashboard/assets/dashboard.css", () => {
  it("should serve the stylesheet the CSP allows, cacheable", async () => {
    const res = await call("/dashboard/assets/dashboard.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=3600");
    expect(await res.text()).toContain("@media (min-width: 60rem)");
  });
});

describe("the Worker as npm start runs it (worker/index.local.ts)", () => {
  it("should mount the dashboard and keep visitor answers free of cookies", async () => {
    const page = await SELF.fetch("https://edge.example/dashboard/demo");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/dashboard/demo/sign-in"');
    const signedIn = await SELF.fetch("https://edge.example/dashboard/demo/sign-in", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "https://edge.example",
      },
      body: "token=demo-token",
      redirect: "manual",
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("Set-Cookie")).toContain("Path=/dashboard/demo");
    const config = await SELF.fetch("https://edge.example/v1/sites/demo/config");
    expect(config.headers.get("Set-Cookie")).toBeNull();
  });
});
