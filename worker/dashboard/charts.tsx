/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * The dashboard's charts, drawn as inline SVG on the server: no script, no image request, and
 * nothing a strict CSP blocks (colours are presentation attributes, not style). Each chart has
 * a title and description for assistive tech, values on hover through `<title>`, and a table
 * beside it (worker/dashboard/tables.tsx) that carries the same numbers.
 * A suppressed count is drawn as no bar and no point, and labelled as format.ts heldBackText
 * says.
 */
import type { Child } from "hono/jsx";
import type { SegmentAudience } from "../../shared/schema.ts";
import { axisTicks, countText, type Hold, heldBackRule, heldBackText, shortDay } from "./format.ts";

/** Line colours, distinguishable on white (WCAG 1.4.11: at least 3:1 against the background). */
export const PALETTE = [
  "#0b5cad",
  "#c4470f",
  "#1a7f37",
  "#8250df",
  "#bf3989",
  "#0e7490",
  "#9a6700",
  "#57606a",
  "#cf222e",
  "#116329",
  "#6639ba",
  "#953800",
] as const;

/** The colour of the i-th segment's line. */
export const colourOf = (i: number): string => PALETTE[i % PALETTE.length] ?? "#000000";

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const MUTED = "#57606a";
const GRID = "#d0d7de";
/** viewBox widths: the bar chart shares a row with its table, the line chart has the page. */
const WIDTH = 560;
const LINE_WIDTH = 720;
/**
 * The phone layout's viewBox width: a 390 px screen less the page's padding draws it at about
 * 1:1, so 13-unit text stays 13 px instead of shrinking to 8 (issue 14: charts fit the width).
 */
export const NARROW_WIDTH = 360;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The value axis: ticks up to the largest shown value, never below k (the dashed k line). */
function axisOf(k: number, values: readonly number[]): [ticks: number[], max: number] {
  const ticks = axisTicks(Math.max(k, ...values));
  return [ticks, ticks[ticks.length - 1] ?? 1];
}

/** The frame both charts share: an image named by its title and described by its desc. */
function ChartSvg(p: {
  id: string;
  width: number;
  height: number;
  title: string;
  desc: string;
  children: Child;
}) {
  return (
    <svg
      viewBox={`0 0 ${p.width} ${p.height}`}
      role="img"
      aria-labelledby={`${p.id}-title ${p.id}-desc`}
      font-family={FONT}
      font-size="13"
    >
      <title id={`${p.id}-title`}>{p.title}</title>
      <desc id={`${p.id}-desc`}>{p.desc}</desc>
      {p.children}
    </svg>
  );
}

/** One bar: a segment's or an option's audience on the period's last day. */
export interface Bar {
  id: string;
  label: string;
  audience: number | null;
  suppressed: boolean;
  /** Printed after the count when given (an option's share: "120 · 40 %"). */
  note?: string;
}

interface BarChartProps {
  id: string;
  segments: readonly Bar[];
  hold: Hold;
  window: number;
  /** What the bars are: segments (the default) or the options of one question. */
  of?: { kind: "segment" } | { kind: "option"; question: string };
  /**
   * The phone layout (issue 14: charts fit the width): a narrow viewBox drawn at about its own
   * size on a 390 px screen, each label on its own line above its bar, so text stays 13 px.
   */
  compact?: boolean;
}

/**
 * Horizontal bars of each segment's audience on the period's last day, each value printed at
 * its bar (nothing depends on hover).
 */
export function BarChart({
  id,
  segments,
  hold,
  window,
  compact = false,
  of = { kind: "segment" },
}: BarChartProps) {
  const width = compact ? NARROW_WIDTH : WIDTH;
  // Compact: the label sits above its bar (labelRow), the bar starts at the left edge.
  const labelWidth = compact ? 8 : 150;
  const labelRow = compact ? 16 : 0;
  // Room for the printed value at the longest bar, and for a note after it ("· 40 %").
  const valueWidth = (compact ? 84 : 96) + (segments.some((s) => s.note) ? 56 : 0);
  const rowHeight = 26 + labelRow;
  const barHeight = 16;
  const top = 8;
  const plotWidth = width - labelWidth - valueWidth;
  const axisY = top + segments.length * rowHeight;
  const height = axisY + 44;
  const visible = segments.map((s) => (s.suppressed ? 0 : (s.audience ?? 0)));
  const [ticks, max] = axisOf(hold.k, visible);
  const x = (value: number) => labelWidth + (value / max) * plotWidth;
  return (
    <ChartSvg
      id={id}
      width={width}
      height={height}
      title={
        of.kind === "segment"
          ? "Audience per segment on the last day of the period"
          : `Answers to “${of.question}” on the last day of the period`
      }
      desc={
        of.kind === "segment"
          ? `Bar chart of the people counted in each segment in the ${window} days up to the period's last day. In this chart ${heldBackRule(hold)}. The table beside it has the same numbers.`
          : `Bar chart of the people counted with each answer in the ${window} days up to the period's last day. In this chart ${heldBackRule(hold)}. The table beside it has the same numbers.`
      }
    >
      {ticks.map((t) => (
        <g>
          <line x1={x(t)} x2={x(t)} y1={top - 4} y2={axisY} stroke={GRID} stroke-width="1" />
          <text x={x(t)} y={axisY + 16} text-anchor="middle" fill={MUTED}>
            {t.toLocaleString("en-US")}
          </text>
        </g>
      ))}
      {segments.map((s, i) => {
        const y = top + i * rowHeight + labelRow + (rowHeight - labelRow - barHeight) / 2;
        const mid = y + barHeight / 2;
        const text = countText(s.audience, s.suppressed, hold);
        const shown = s.note ? `${text} · ${s.note}` : text;
        const data = of.kind === "segment" ? { "data-segment": s.id } : { "data-option": s.id };
        return (
          <g class="bar" {...data}>
            <title>{`${s.label}: ${text}`}</title>
            {compact ? (
              <text x={labelWidth} y={y - 5}>
                {truncate(s.label, 40)}
              </text>
            ) : (
              <text x={labelWidth - 8} y={mid} text-anchor="end" dominant-baseline="middle">
                {truncate(s.label, 20)}
              </text>
            )}
            {s.suppressed || s.audience === null ? (
              <text
                x={labelWidth + 4}
                y={mid}
                dominant-baseline="middle"
                fill={MUTED}
                font-style="italic"
              >
                {text}
              </text>
            ) : (
              <>
                <rect
                  x={labelWidth}
                  y={y}
                  width={Math.max(1, x(s.audience) - labelWidth)}
                  height={barHeight}
                  fill={PALETTE[0]}
                />
                <text x={x(s.audience) + 4} y={mid} dominant-baseline="middle">
                  {shown}
                </text>
              </>
            )}
          </g>
        );
      })}
      <line
        x1={labelWidth}
        x2={labelWidth}
        y1={top - 4}
        y2={axisY}
        stroke={MUTED}
        stroke-width="1"
      />
      {/* Compact: from the left edge, so the title is never cut off on a narrow viewBox. */}
      <text
        x={compact ? 0 : labelWidth + plotWidth / 2}
        y={axisY + 36}
        text-anchor={compact ? "start" : "middle"}
        fill={MUTED}
      >
        {`Audience: people counted in the last ${window} days`}
      </text>
    </ChartSvg>
  );
}

interface LineChartProps {
  id: string;
  segments: readonly SegmentAudience[];
  hold: Hold;
  /** The phone layout: a narrow viewBox drawn at about 1:1 on a 390 px screen (see BarChart). */
  compact?: boolean;
}

/** One line per segment over the days of the series; a suppressed day breaks the line. */
export function LineChart({ id, segments, hold, compact = false }: LineChartProps) {
  const width = compact ? NARROW_WIDTH : LINE_WIDTH;
  const height = compact ? 260 : 320;
  const left = 56;
  const right = 16;
  const top = 12;
  const bottom = 52;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const days = segments[0]?.series.map((p) => p.day) ?? [];
  const values = segments.flatMap((s) =>
    s.series.map((p) => (p.suppressed ? 0 : (p.audience ?? 0))),
  );
  const [ticks, max] = axisOf(hold.k, values);
  const x = (i: number) =>
    days.length <= 1 ? left + plotWidth / 2 : left + (i / (days.length - 1)) * plotWidth;
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const dayLabels = [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])].filter(
    (i) => i >= 0,
  );
  return (
    <ChartSvg
      id={id}
      width={width}
      height={height}
      title="Audience per segment over time"
      desc={`Line chart of each segment's audience per day from ${days[0] ?? "-"} to ${days[days.length - 1] ?? "-"} (UTC). Held-back days break the line: ${heldBackRule(hold)}. The table below has the same numbers.`}
    >
      {ticks.map((t) => (
        <g>
          <line
            x1={left}
            x2={left + plotWidth}
            y1={y(t)}
            y2={y(t)}
            stroke={GRID}
            stroke-width="1"
          />
          <text x={left - 6} y={y(t)} text-anchor="end" dominant-baseline="middle" fill={MUTED}>
            {t.toLocaleString("en-US")}
          </text>
        </g>
      ))}
      <line
        x1={left}
        x2={left + plotWidth}
        y1={y(hold.k)}
        y2={y(hold.k)}
        stroke={MUTED}
        stroke-width="1"
        stroke-dasharray="4 4"
      >
        <title>{`k = ${hold.k}: smaller audiences are held back`}</title>
      </line>
      {dayLabels.map((i) => (
        <text
          x={x(i)}
          y={top + plotHeight + 18}
          text-anchor={i === 0 ? "start" : i === days.length - 1 ? "end" : "middle"}
          fill={MUTED}
        >
          {shortDay(days[i] ?? "")}
        </text>
      ))}
      <text x={left + plotWidth / 2} y={height - 8} text-anchor="middle" fill={MUTED}>
        Day (UTC)
      </text>
      <text
        x={14}
        y={top + plotHeight / 2}
        text-anchor="middle"
        fill={MUTED}
        transform={`rotate(-90 14 ${top + plotHeight / 2})`}
      >
        Audience
      </text>
      {segments.map((s, si) => {
        let d = "";
        let penDown = false;
        s.series.forEach((p, i) => {
          if (p.suppressed || p.audience === null) {
            penDown = false;
            return;
          }
          d += `${penDown ? "L" : "M"}${x(i).toFixed(1)} ${y(p.audience).toFixed(1)} `;
          penDown = true;
        });
        const colour = colourOf(si);
        return (
          <g class="line" data-segment={s.id}>
            {d && (
              <path
                d={d.trim()}
                fill="none"
                stroke={colour}
                stroke-width="2"
                stroke-linejoin="round"
              />
            )}
            {s.series.map((p, i) =>
              p.suppressed || p.audience === null ? null : (
                <circle cx={x(i).toFixed(1)} cy={y(p.audience).toFixed(1)} r="3" fill={colour}>
                  <title>{`${s.label}, ${p.day}: ${countText(p.audience, false, hold)}`}</title>
                </circle>
              ),
            )}
          </g>
        );
      })}
      <line x1={left} x2={left} y1={top} y2={top + plotHeight} stroke={MUTED} stroke-width="1" />
      <line
        x1={left}
        x2={left + plotWidth}
        y1={top + plotHeight}
        y2={top + plotHeight}
        stroke={MUTED}
        stroke-width="1"
      />
    </ChartSvg>
  );
}

/**
 * The line chart's legend, as an HTML list (it wraps on a phone, unlike SVG text). Each entry
 * prints the line's last value, so reading the chart needs no hover (issue 14).
 */
export function Legend({ segments, hold }: { segments: readonly SegmentAudience[]; hold: Hold }) {
  return (
    <ul class="legend">
      {segments.map((s, i) => {
        const last = s.series[s.series.length - 1];
        return (
          <li data-segment={s.id}>
            <svg viewBox="0 0 16 10" aria-hidden="true" focusable="false">
              <rect width="16" height="10" fill={colourOf(i)} />
            </svg>
            {s.label}
            {s.series.every((p) => p.suppressed) ? (
              <span class="suppressed">{` (${heldBackText(hold)} on every day)`}</span>
            ) : last ? (
              `: ${countText(last.audience, last.suppressed, hold)} on ${shortDay(last.day)}`
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A chart in two layouts, both server-rendered: the wide one for screens from 40rem, the compact
 * one (a narrow viewBox drawn at about 1:1) below, chosen by CSS alone, so a chart fits a 390 px
 * phone with 13 px text and never scrolls sideways (issue 14). The hidden one is display:none,
 * out of the accessibility tree, so a screen reader meets each chart once.
 */
export function TwoLayouts({ wide, narrow }: { wide: Child; narrow: Child }) {
  return (
    <>
      <div class="only-wide">{wide}</div>
      <div class="only-narrow">{narrow}</div>
    </>
  );
}
