/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * The dashboard's pages, rendered on the server with hono/jsx. No script anywhere: forms post or
 * get, links download, charts are SVG. Every page links one stylesheet from 'self' (the CSP
 * allows nothing else) and has a viewport meta so it reads on a phone.
 */
import type { Child } from "hono/jsx";
import type { Finding } from "../../shared/assessment.ts";
import type { QuestionAnswers, SegmentsResponse } from "../../shared/schema.ts";
import { SPIKE_BASELINE_DAYS, SPIKE_FACTOR } from "../limits.ts";
import { AnswersSection } from "./answers.tsx";
import { BarChart, Legend, LineChart, TwoLayouts } from "./charts.tsx";
import { ComparisonSection } from "./compare.tsx";
import { SESSION_SECONDS } from "./constants.ts";
import { type Hold, heldBackText, shortDay } from "./format.ts";
import { RespondentsSummary } from "./summary.tsx";
import {
  type AccessEntry,
  AccessTable,
  CurrentTable,
  FindingsList,
  Scroll,
  SeriesTable,
} from "./tables.tsx";

/** Where the stylesheet is served (worker/routes/dashboard.tsx). */
export const STYLESHEET_PATH = "/dashboard/assets/dashboard.css";

/** The URL-safe base path of a site's dashboard (site ids are a-z0-9_- by the schema). */
export const dashboardPath = (site: string): string => `/dashboard/${site}`;
/** The base path of a site's console (worker/routes/console.tsx). */
export const consolePath = (site: string): string => `/admin/${site}`;

/** The page frame of the dashboard and the console: one stylesheet, no script. */
export function Layout({ title, children }: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{title}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        {/* No favicon request (it would 404): an empty data: icon, allowed by img-src. */}
        <link rel="icon" href="data:," />
      </head>
      <body>{children}</body>
    </html>
  );
}

/** A signed-in page's header: its title and the sign-out button of `base` (dashboard or console). */
export function PageHeader({ title, base }: { title: string; base: string }) {
  return (
    <header>
      <h1>{title}</h1>
      <form method="post" action={`${base}/sign-out`} class="inline">
        <button type="submit" class="secondary">
          Sign out
        </button>
      </form>
    </header>
  );
}

/** The sign-in form of the dashboard (marketer token) or the console (owner token). */
export function SignInPage({
  site,
  siteName,
  error,
  area = "dashboard",
}: {
  site: string;
  siteName: string;
  error?: string;
  area?: "dashboard" | "console";
}) {
  const console = area === "console";
  const what = console ? "console" : "audiences";
  const token = console ? "Owner token" : "Marketer token";
  return (
    <Layout title={`Sign in: ${siteName} ${what}`}>
      <main class="signin">
        <h1>{`${siteName}: ${what}`}</h1>
        <p>
          {console
            ? "Sign in with an owner token of the site to change its configuration and tokens."
            : "Sign in with the site's marketer token to see its audience counts."}
        </p>
        {error ? (
          <p class="error" role="alert" id="signin-error">
            {error}
          </p>
        ) : null}
        <form method="post" action={`${console ? consolePath(site) : dashboardPath(site)}/sign-in`}>
          <label for="token">{token}</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="current-password"
            required
            aria-describedby={error ? "signin-error" : undefined}
          />
          <button type="submit">Sign in</button>
        </form>
        <p class="muted">
          {`The session lasts ${SESSION_SECONDS / 3600} hours (sign-out ends it) and is kept in a cookie for this ${console ? "console" : "dashboard"} only. `}
          <a href={`/v1/sites/${site}/privacy?format=html`}>Privacy record</a>
        </p>
      </main>
    </Layout>
  );
}

/** A page that only says something went wrong, e.g. an unknown site. */
export function MessagePage({ title, message }: { title: string; message: string }) {
  return (
    <Layout title={title}>
      <main class="signin">
        <h1>{title}</h1>
        <p>{message}</p>
      </main>
    </Layout>
  );
}

/** What the filter form asks for. An empty `segments` means every segment. */
export interface DashboardFilter {
  /** The period shown, first and last day, YYYY-MM-DD (UTC). */
  from: string;
  to: string;
  segments: readonly string[];
  /** Show the ticked segments side by side (`?view=compare`, the API's `?compare=`). */
  compare?: boolean;
}

export interface DashboardProps {
  site: string;
  siteName: string;
  data: SegmentsResponse;
  /** Per question, the answer distribution over the same period (GET /v1/sites/:site/answers). */
  answers: readonly QuestionAnswers[];
  filter: DashboardFilter;
  /** Quick periods offered as links, in days ending today. */
  dayChoices: readonly number[];
  /** The days a period may span, YYYY-MM-DD: the oldest whose window is still kept, and today. */
  bounds: { oldest: string; today: string };
  /** Every segment of the site, for the filter's checkboxes. */
  allSegments: readonly { id: string; label: string }[];
  findings: readonly Finding[];
  access: readonly AccessEntry[];
  /** The privacy budget in one line (shared/privacy-budget.ts describeBudget). */
  budget?: string;
  /** The counts include synthetic demo history (local development only). */
  synthetic?: boolean;
  /**
   * What was wrong with the filter the marketer sent (a bad date range, say): shown at the form,
   * which keeps what was typed, while the counts are the default period's (issue 14).
   */
  filterError?: string;
}

/** The filter as a query string, so the CSV link downloads what the page shows. */
export function filterQuery(filter: DashboardFilter): string {
  const q = new URLSearchParams({ from: filter.from, to: filter.to });
  for (const s of filter.segments) q.append("segment", s);
  return q.toString();
}

/** One end of the date range: a native date field bounded to the days that can be read. */
function DateField(p: {
  name: "from" | "to";
  label: string;
  value: string;
  bounds: DashboardProps["bounds"];
}) {
  return (
    <div>
      <label for={p.name}>{p.label}</label>
      <br />
      <input
        type="date"
        id={p.name}
        name={p.name}
        value={p.value}
        min={p.bounds.oldest}
        max={p.bounds.today}
        required
      />
    </div>
  );
}

/** A quick period: the last `days` days, keeping the chosen segments. */
function quickQuery(days: number, segments: readonly string[]): string {
  const q = new URLSearchParams({ days: String(days) });
  for (const s of segments) q.append("segment", s);
  return q.toString();
}

/** The words of the page, in plain language (issue 14): what each number is and is not. */
function Glossary({ hold, window }: { hold: Hold; window: number }) {
  return (
    <section aria-labelledby="glossary">
      <h2 id="glossary">What the numbers mean</h2>
      <dl class="glossary">
        <dt>Audience</dt>
        <dd>{`People counted in a segment in the ${window} days up to a day: each visitor who agreed to be counted, once, with the answers they last gave.`}</dd>
        <dt>Respondents</dt>
        <dd>{`Everyone counted in the ${window} days up to a day, whether or not they fall in any segment: the "out of how many" of every share.`}</dd>
        <dt>Share</dt>
        <dd>
          An audience over the respondents on the same day (an answer's, within a compared segment,
          over that segment's). Not shown when either number is held back.
        </dd>
        <dt>Change</dt>
        <dd>
          The last day's audience less the first day's, over the period shown, and that as a
          percentage of the first. Not shown when either end is held back.
        </dd>
        <dt>Added</dt>
        <dd>Contributions made that day: people who answered, or changed their answers, then.</dd>
        <dt>Removed</dt>
        <dd>
          Contributions that left that day: withdrawn, deleted, replaced by new answers, or past the
          window.
        </dd>
        <dt>Held back</dt>
        <dd>
          {hold.exact
            ? `A count below k = ${hold.k} is never shown as a number, and neither is a number it could be worked out from; both read "held back", since telling them apart would give away which is which.`
            : `A count below k = ${hold.k} is never shown as a number ("${heldBackText(hold)}"), and neither is a number it could be worked out from.`}
        </dd>
        <dt>Unusual</dt>
        <dd>{`A day whose added contributions are more than ${SPIKE_FACTOR} times the median of the ${SPIKE_BASELINE_DAYS} days before: a flood, or a campaign worth knowing about.`}</dd>
        <dt>Noise</dt>
        <dd>
          {!hold.exact
            ? "Each day's counts carry a small random error, drawn once and kept, so no one can tell whether one person is in them; larger audiences are relatively more accurate."
            : "This site counts exactly (no noise): small changes can reveal single people, which is why held-back numbers matter more."}
        </dd>
      </dl>
    </section>
  );
}

/**
 * The filter form, folded into a `<details>` whose summary says what is shown (issue 14: on a
 * phone the numbers come first and the filters fold away; no script needed). It opens by
 * itself when the last filter was wrong, so the marketer sees what to change.
 */
function Filters(props: DashboardProps & { base: string }) {
  const { filter } = props;
  const selected = new Set(filter.segments);
  const chosen = props.allSegments.filter((s) => selected.has(s.id)).map((s) => s.label);
  const what = chosen.length === 0 ? "all segments" : chosen.join(", ");
  return (
    <details class="filter-fold" open={props.filterError ? true : undefined}>
      <summary>{`Period and segments: ${shortDay(filter.from)} to ${shortDay(filter.to)}, ${what}`}</summary>
      <form method="get" action={props.base} class="filters" aria-label="Filter">
        {props.filterError ? (
          <p class="error" role="alert" id="filter-error">
            {`${props.filterError}. Change the filter and apply again; the counts below are the default period's, all segments.`}
          </p>
        ) : null}
        <DateField name="from" label="From" value={filter.from} bounds={props.bounds} />
        <DateField name="to" label="To" value={filter.to} bounds={props.bounds} />
        <fieldset>
          <legend>Segments (none ticked: all)</legend>
          <div class="checks">
            {props.allSegments.map((s) => (
              <label>
                <input type="checkbox" name="segment" value={s.id} checked={selected.has(s.id)} />{" "}
                {s.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit">Apply</button>{" "}
          <button type="submit" name="view" value="compare" class="secondary">
            Compare ticked (2 to 4)
          </button>
        </div>
      </form>
    </details>
  );
}

/**
 * The dashboard, phone first (issue 14): the latest numbers right under the title, then the
 * folded filters and quick periods, the charts over time, downloads, the glossary, the privacy
 * assessment and the access log. Every value is printed (bars, legend, tables), none only on
 * hover.
 */
export function DashboardPage(props: DashboardProps) {
  const { site, siteName, data, filter } = props;
  const base = dashboardPath(site);
  const hold: Hold = { k: data.k, exact: !data.noise };
  return (
    <Layout title={`${siteName} audiences`}>
      <PageHeader title={`${siteName}: audiences`} base={base} />
      <main>
        {props.synthetic ? (
          <p class="notice">
            <strong>Synthetic data:</strong> the history before today was generated for the local
            demo; no visitor made it.
          </p>
        ) : null}
        <RespondentsSummary
          respondents={data.respondents}
          hold={hold}
          window={data.window}
          day={data.day}
        />
        <h2 id="current">{`Audiences on ${data.day}`}</h2>
        <p class="lede">
          {`People counted in the ${data.window} days up to ${data.day} (UTC). `}
          <strong>
            {hold.exact
              ? `Below k = ${hold.k}, or where one could be worked out: “held back”.`
              : `Below k = ${hold.k}: held back (“${heldBackText(hold)}”).`}
          </strong>
        </p>
        {data.segments.length === 0 ? (
          <p>No segment matches the filter.</p>
        ) : (
          <div class="pair">
            <figure>
              <TwoLayouts
                wide={
                  <BarChart id="bar" segments={data.segments} hold={hold} window={data.window} />
                }
                narrow={
                  <BarChart
                    id="bar-narrow"
                    segments={data.segments}
                    hold={hold}
                    window={data.window}
                    compact
                  />
                }
              />
              <figcaption>{`As of ${data.day}; each bar's value is printed beside it.`}</figcaption>
            </figure>
            <Scroll label="Audience per segment, table">
              <CurrentTable segments={data.segments} hold={hold} />
            </Scroll>
          </div>
        )}
        <Filters {...props} base={base} />
        <nav aria-label="Quick periods">
          <ul class="links">
            {props.dayChoices.map((d) => (
              <li>
                <a href={`${base}?${quickQuery(d, filter.segments)}`}>{`Last ${d} days`}</a>
              </li>
            ))}
          </ul>
        </nav>
        {data.comparison ? (
          <ComparisonSection comparison={data.comparison} segments={data.segments} hold={hold} />
        ) : null}
        <AnswersSection questions={props.answers} hold={hold} window={data.window} />
        {data.segments.length === 0 ? null : (
          <>
            <h2 id="over-time">Audience over time</h2>
            <figure class="wide">
              <TwoLayouts
                wide={<LineChart id="line" segments={data.segments} hold={hold} />}
                narrow={<LineChart id="line-narrow" segments={data.segments} hold={hold} compact />}
              />
              <figcaption>
                The dashed line is k: days below it are held back. The legend prints each line's
                last value; the table below has every day's.
              </figcaption>
              <Legend segments={data.segments} hold={hold} />
            </figure>
            <SeriesTable segments={data.segments} hold={hold} />
          </>
        )}
        <h2 id="about">About these counts</h2>
        <p>
          {`An audience is the number of people counted in a segment in the ${data.window} days up to each day (UTC). The period ends on ${data.day}. `}
          <strong>{`Audiences below k = ${data.k} are never shown as a number: they read “${heldBackText(hold)}”${hold.exact ? ", as do those that would let one be worked out" : ""}.`}</strong>
          {data.noise
            ? " Counts carry random noise (differential privacy), drawn once per day and kept: every read shows the same numbers, and today is shown once it is over."
            : " Counts are exact (the site chose no noise), today included."}
          {props.budget ? ` Privacy budget: ${props.budget}.` : ""}
        </p>
        <ul class="links">
          <li>
            <a
              href={`${base}/segments.csv?${filterQuery(filter)}`}
              download={`${site}-segments.csv`}
            >
              Download CSV
            </a>
          </li>
          <li>
            <a href={`/v1/sites/${site}/privacy?format=html`}>Privacy record</a>
          </li>
          <li>
            <a href={`/v1/sites/${site}/changes`}>Change log</a>
          </li>
          <li>
            <a href={`${base}/access.csv`} download={`${site}-access-log.csv`}>
              Access log (CSV)
            </a>
          </li>
          <li>
            <a href="/openapi.json">API description (OpenAPI)</a>
          </li>
        </ul>
        <Glossary hold={hold} window={data.window} />
        <h2 id="assessment">Privacy assessment</h2>
        <p class="muted">Computed from the site config; fix "high" findings before going live.</p>
        <FindingsList findings={props.findings} />
        <h2 id="access">Access log</h2>
        <p class="muted">
          Every marketer read of this site's counts, kept 90 days: when, what, and a short
          fingerprint of the token (never an IP address or a browser).
        </p>
        <AccessTable entries={props.access} />
      </main>
      <footer class="muted">Preferably: aggregate counts only, never a row about a person.</footer>
    </Layout>
  );
}
