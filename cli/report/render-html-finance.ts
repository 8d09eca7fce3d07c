/**
 * The HTML page's finance views: the sections every format shows (as tables, flagged rows in a
 * warning colour) and, when the bill spans months, a trend chart of spend per outcome and month.
 */
import { formatUsd } from "../../domain/money";
import type { Report } from "./build";
import { money, teamName } from "./format";
import { financeSections } from "./sections";

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
const h = escapeHtml;

/** Text this long or longer may be an id that needs to wrap (ARNs, Azure resource ids). */
const LONG_ID = 24;

/** Escaped text; a long id gets a line-break opportunity after each separator (`/ : . - _ ,`). */
export function wrapIds(s: string): string {
  return s.length < LONG_ID ? h(s) : h(s).replace(/([/:._,-])(?=[^\s])/g, "$1<wbr>");
}

/** Round axis steps: 1, 2 or 5 times a power of ten, about five ticks. */
export function niceStep(max: number): number {
  if (!(max > 0)) return 1;
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

const SERIES = [
  "#4c78a8",
  "#f58518",
  "#54a24b",
  "#b279a2",
  "#9d755d",
  "#72b7b2",
  "#eeca3b",
  "#ff9da6",
];
const usd = (n: number) => formatUsd(n, "whole");

/** Spend per outcome and month as lines over the months (the largest outcomes; the rest summed). */
export function trendChart(report: Report): string {
  const f = report.finance;
  const months = report.billing?.months ?? [];
  if (!f || months.length < 2) return "";
  const byOutcome = new Map<string, number[]>();
  for (const m of f.monthly) {
    const key = `${m.outcome}${m.team ? ` (${teamName(m.team)})` : ""}`;
    const series = byOutcome.get(key) ?? months.map(() => 0);
    const i = months.indexOf(m.month);
    if (i >= 0) series[i] = (series[i] ?? 0) + m.usd;
    byOutcome.set(key, series);
  }
  const ranked = [...byOutcome].sort(
    (a, b) => b[1].reduce((s, x) => s + x, 0) - a[1].reduce((s, x) => s + x, 0),
  );
  const shown = ranked.slice(0, SERIES.length - 1);
  const rest = ranked.slice(shown.length);
  if (rest.length > 0) {
    shown.push([
      `${rest.length} more`,
      months.map((_, i) => rest.reduce((s, [, v]) => s + (v[i] ?? 0), 0)),
    ]);
  }
  const width = 980;
  const height = 260;
  const left = 90;
  const right = 50;
  const top = 20;
  const bottom = 40;
  const step = niceStep(Math.max(1, ...shown.flatMap(([, v]) => v)));
  const max = Math.ceil(Math.max(1, ...shown.flatMap(([, v]) => v)) / step) * step;
  const x = (i: number) => left + (i * (width - left - right)) / Math.max(1, months.length - 1);
  const y = (v: number) => top + (1 - v / max) * (height - top - bottom);
  const parts: string[] = [];
  for (let v = 0; v <= max + step / 2; v += step) {
    parts.push(
      `<line class="grid" x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`,
      `<text class="tick" x="${left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${h(usd(v))}</text>`,
    );
  }
  months.forEach((m, i) =>
    parts.push(
      `<text class="tick" x="${x(i).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle">${h(m)}</text>`,
    ),
  );
  shown.forEach(([name, values], si) => {
    const color = SERIES[si % SERIES.length] ?? "#4c78a8";
    const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    const dots = values
      .map(
        (v, i) =>
          `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"><title>${h(`${name}, ${months[i] ?? ""}: ${usd(v)}`)}</title></circle>`,
      )
      .join("");
    parts.push(
      `<g class="trend-series" data-series="${h(name)}"><polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>${dots}</g>`,
    );
  });
  const legend = shown
    .map(
      ([name], si) =>
        `<span class="key"><span class="swatch" style="background:${SERIES[si % SERIES.length] ?? ""}"></span>${h(name)}</span>`,
    )
    .join("");
  return (
    `<section><h2>Spend by month</h2><div class="legend">${legend}</div>` +
    `<svg class="chart trend" role="img" aria-label="${h(`Line chart: AI spend per outcome over ${months.length} months, USD.`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg></section>`
  );
}

/** Every finance section as a table. */
export function financeHtml(report: Report): string {
  return financeSections(report)
    .filter((s) => s.id !== "headline")
    .map((s) => {
      const flagged = new Set(s.flagged ?? []);
      const head = s.headers
        .map((hd, i) => `<th${s.numeric.includes(i) ? ' class="num"' : ""}>${h(hd)}</th>`)
        .join("");
      const body =
        s.rows.length === 0
          ? `<tr><td colspan="${s.headers.length}" class="empty">${h(s.empty ?? "None.")}</td></tr>`
          : s.rows
              .map(
                (r, ri) =>
                  `<tr${flagged.has(ri) ? ` class="${s.id === "untagged" ? "untagged" : "flagged"}"` : ""}>${r
                    .map(
                      (c, i) =>
                        `<td${s.numeric.includes(i) ? ' class="num"' : ""}>${wrapIds(c)}</td>`,
                    )
                    .join("")}</tr>`,
              )
              .join("");
      return `<section class="finance" id="${h(s.id)}"><h2>${h(s.title)}</h2>${s.lead ? `<p class="lead">${h(s.lead)}</p>` : ""}<table class="finance"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
    })
    .join("\n");
}

/** The headline cards' governed figures (beside the actual total). */
export function governedCards(report: Report): [string, string, string, string][] {
  const f = report.finance;
  if (!f) return [];
  const hd = f.headline;
  return [
    [
      "Governed spend",
      usd(hd.governedUsd),
      hd.governedPctOfCeiling === undefined
        ? "no ceilings declared"
        : `${hd.governedPctOfCeiling.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}% of its $${money(hd.governedCeilingUsd)} ceilings`,
      "",
    ],
    [
      "Not in stack",
      usd(hd.notInStackUsd),
      "tagged with outcomes the stack does not declare",
      hd.notInStackUsd > 0 ? "warn" : "",
    ],
  ];
}
