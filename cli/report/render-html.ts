/**
 * One self-contained HTML page for a finance lead: headline figures, a chart of ceiling vs
 * projected maximum vs actual spend per outcome (inline SVG, no script, no network: a Content
 * Security Policy forbids every fetch), the team and outcome table, the endpoints, and notes.
 */
import { formatUsd } from "../../domain/money";
import type { AllocationRow, OutcomeSummary, Totals } from "../../domain/spend-model";
import { tagKeys } from "../../domain/tags";
import type { Report } from "./build";
import {
  ceilingTotal,
  coverage,
  hardStopText,
  money,
  pct,
  projectedTotal,
  sourceLine,
  teamName,
} from "./format";
import * as finance from "./render-html-finance";

const h = finance.escapeHtml;
const usd = (n: number) => formatUsd(n, "axis");

const COLORS = {
  ceiling: "#4c78a8",
  projected: "#f58518",
  actual: "#2f8f5b",
  over: "#d62728",
};

interface Bar {
  readonly kind: "ceiling" | "projected" | "actual";
  readonly label: string;
  readonly value: number | undefined;
  /** Draw to the chart's edge with a dashed outline: no upper bound. */
  readonly unbounded?: boolean;
  readonly text: string;
  readonly over?: boolean;
}

function barsOf(o: OutcomeSummary, withSpend: boolean): Bar[] {
  const t = o.totals;
  const ceiling: Bar = {
    kind: "ceiling",
    label: "Monthly ceiling",
    value: t.endpoints > 0 && t.endpointsWithoutCeiling < t.endpoints ? t.ceilingUsd : undefined,
    text:
      t.endpoints === 0
        ? "no ceiling"
        : t.endpointsWithoutCeiling === t.endpoints
          ? "no ceiling declared"
          : `${usd(t.ceilingUsd)}${t.endpointsWithoutCeiling > 0 ? " (some endpoints declare none)" : ""}`,
  };
  const uncapped = t.endpoints > 0 && t.uncappedEndpoints === t.endpoints;
  const projected: Bar = {
    kind: "projected",
    label: "Projected maximum",
    value: t.endpoints > 0 && !uncapped ? t.projectedMaxUsd : undefined,
    unbounded: uncapped,
    text:
      t.endpoints === 0
        ? "not in the stack"
        : uncapped
          ? "uncapped: no capacity limit"
          : t.uncappedEndpoints > 0
            ? `at least ${usd(t.projectedMaxUsd)} (${t.uncappedEndpoints} endpoint${t.uncappedEndpoints === 1 ? "" : "s"} uncapped)`
            : usd(t.projectedMaxUsd),
  };
  const bars = [ceiling, projected];
  if (withSpend) {
    const over = t.pctOfCeiling !== undefined && t.pctOfCeiling > 100;
    bars.push({
      kind: "actual",
      label: "Actual spend",
      value: t.actualUsd ?? 0,
      over,
      text: `${usd(t.actualUsd ?? 0)}${t.pctOfCeiling !== undefined ? ` (${pct(t.pctOfCeiling)} of ceiling)` : ""}`,
    });
  }
  return bars;
}

function chart(report: Report): string {
  const a = report.allocation;
  const withSpend = report.billing !== undefined;
  const outcomes = a.outcomes;
  if (outcomes.length === 0) return `<p class="empty">No outcomes to chart.</p>`;
  const groups = outcomes.map((o) => ({ o, bars: barsOf(o, withSpend) }));
  const max = Math.max(
    1,
    ...groups.flatMap((g) => g.bars.map((b) => (b.value === undefined ? 0 : b.value))),
  );
  const step = finance.niceStep(max);
  const axisMax = Math.ceil(max / step) * step;

  const width = 980;
  const labelW = 250;
  const valueW = 250;
  const plotW = width - labelW - valueW;
  const barH = 16;
  const barGap = 4;
  const groupGap = 22;
  const top = 30;
  const groupH = groups[0] ? groups[0].bars.length * (barH + barGap) - barGap : 0;
  const height = top + groups.length * (groupH + groupGap) + 10;
  const x = (v: number) => labelW + (Math.max(0, v) / axisMax) * plotW;

  const parts: string[] = [];
  // Grid and axis.
  for (let v = 0; v <= axisMax + step / 2; v += step) {
    const gx = x(v).toFixed(1);
    parts.push(
      `<line class="grid" x1="${gx}" x2="${gx}" y1="${top - 6}" y2="${height - 10}"/>`,
      `<text class="tick" x="${gx}" y="${top - 12}" text-anchor="middle">${h(usd(v))}</text>`,
    );
  }
  groups.forEach(({ o, bars }, gi) => {
    const gy = top + gi * (groupH + groupGap);
    const name = o.untagged ? "untagged AI spend" : o.outcome;
    const sub = `${teamName(o.team)}${o.kpi ? ` · ${o.kpi}` : ""}`;
    const g: string[] = [];
    g.push(
      `<text class="outcome-label${o.untagged ? " untagged" : ""}" x="${labelW - 10}" y="${gy + barH - 3}" text-anchor="end">${h(clipText(name, 34))}</text>`,
      `<text class="outcome-sub" x="${labelW - 10}" y="${gy + barH + 13}" text-anchor="end">${h(clipText(sub, 40))}</text>`,
    );
    bars.forEach((b, bi) => {
      const by = gy + bi * (barH + barGap);
      const fill =
        b.kind === "actual" && b.over
          ? COLORS.over
          : COLORS[b.kind === "actual" ? "actual" : b.kind];
      // No upper bound is no value: nothing is drawn, the label says "uncapped".
      const w = b.value === undefined ? 0 : x(b.value) - labelW;
      const cls = `bar bar-${b.kind}${b.unbounded ? " unbounded" : ""}${b.over ? " over" : ""}`;
      g.push(
        `<rect class="${cls}" data-value="${b.value ?? ""}" x="${labelW}" y="${by}" width="${w.toFixed(1)}" height="${barH}" ` +
          `fill="${fill}"` +
          `><title>${h(`${name}: ${b.label.toLowerCase()} ${b.text}`)}</title></rect>`,
        `<text class="value${b.unbounded ? " unbounded" : ""}" x="${labelW + w + 6}" y="${by + barH - 4}">${h(b.text)}</text>`,
      );
    });
    parts.push(
      `<g class="outcome-group" data-outcome="${h(o.outcome)}" data-team="${h(o.team)}">${g.join("")}</g>`,
    );
  });

  const legend = [
    ["ceiling", "Monthly ceiling (tags)"],
    ["projected", "Projected maximum (capacity)"],
    ...(withSpend ? [["actual", "Actual spend (bill)"]] : []),
  ]
    .map(
      ([k, label]) =>
        `<span class="key"><span class="swatch" style="background:${COLORS[k as keyof typeof COLORS]}"></span>${h(label ?? "")}</span>`,
    )
    .join("");
  const summary = `Bar chart: for each of ${outcomes.length} outcomes, the monthly ceiling, the projected maximum${withSpend ? " and the actual spend" : ""} in USD.`;
  return (
    `<div class="legend">${legend}${withSpend ? `<span class="key"><span class="swatch" style="background:${COLORS.over}"></span>Actual above ceiling</span>` : ""}</div>` +
    `<svg class="chart" role="img" aria-label="${h(summary)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    parts.join("") +
    `</svg>`
  );
}

function clipText(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function pctClass(p: number | undefined): string {
  if (p === undefined) return "";
  return p > 100 ? "over" : p >= 80 ? "near" : "";
}

function totalsCells(t: Totals, withSpend: boolean): string {
  return (
    `<td class="num">${h(ceilingTotal(t))}</td><td class="num">${h(projectedTotal(t))}</td><td></td><td></td><td></td>` +
    (withSpend
      ? `<td class="num">${h(money(t.actualUsd))}</td><td class="num ${pctClass(t.pctOfCeiling)}">${h(pct(t.pctOfCeiling))}</td>`
      : "")
  );
}

function outcomeTable(report: Report): string {
  const a = report.allocation;
  const withSpend = report.billing !== undefined;
  const head =
    `<tr><th>Team / outcome</th><th>KPI</th><th>Endpoints (model, tier)</th><th class="num">Ceiling / month</th><th class="num">Projected max</th><th>Budget alarm</th><th>Hard stop</th><th>Tags complete</th>` +
    (withSpend ? `<th class="num">Actual</th><th class="num">% of ceiling</th>` : "") +
    `</tr>`;
  const body: string[] = [];
  for (const team of a.teams) {
    body.push(
      `<tr class="team"><th colspan="${withSpend ? 10 : 8}" scope="rowgroup">${h(teamName(team.team))}</th></tr>`,
    );
    for (const o of a.outcomes.filter((x) => x.team === team.team)) {
      const eps = o.endpoints
        .map((e) => `${h(e.modelName)} <span class="tier tier-${e.tier}">${h(e.tier)}</span>`)
        .join("<br>");
      body.push(
        `<tr class="outcome${o.untagged ? " untagged" : ""}"><td>${h(o.untagged ? "untagged" : o.outcome)}${o.inStack || o.untagged ? "" : ' <span class="flag">not in stack</span>'}</td>` +
          `<td>${h(o.kpi)}</td><td>${eps || "&mdash;"}</td>` +
          `<td class="num">${h(ceilingTotal(o.totals))}</td><td class="num">${h(projectedTotal(o.totals))}</td>` +
          `<td class="${o.inStack ? o.budgetAlarm : "na"}">${h(coverage(o.budgetAlarm, o.inStack))}</td><td class="${o.inStack ? o.hardStop : "na"}">${h(hardStopText(o))}</td><td class="${o.inStack ? o.tagsComplete : "na"}">${h(coverage(o.tagsComplete, o.inStack))}</td>` +
          (withSpend
            ? `<td class="num">${h(money(o.totals.actualUsd))}</td><td class="num ${pctClass(o.totals.pctOfCeiling)}">${h(pct(o.totals.pctOfCeiling))}</td>`
            : "") +
          `</tr>`,
      );
    }
    body.push(
      `<tr class="subtotal"><td>Total ${h(teamName(team.team))}</td><td></td><td>${team.totals.endpoints} endpoint${team.totals.endpoints === 1 ? "" : "s"}</td>${totalsCells(team.totals, withSpend)}</tr>`,
    );
  }
  body.push(
    `<tr class="grand-total"><td>Total</td><td></td><td>${a.total.endpoints} endpoint${a.total.endpoints === 1 ? "" : "s"}, ${a.total.outcomes} outcome${a.total.outcomes === 1 ? "" : "s"}</td>${totalsCells(a.total, withSpend)}</tr>`,
  );
  return `<table class="outcomes"><thead>${head}</thead><tbody>${body.join("")}</tbody></table>`;
}

function endpointTable(report: Report): string {
  const withSpend = report.billing !== undefined;
  const several = report.stacks.length > 1;
  // Untagged billed spend is grouped by service, account and region in its own section.
  const rows = report.allocation.rows.filter(
    (r) => !(r.kind === "billed" && r.untagged && report.finance),
  );
  if (rows.length === 0) return `<p class="empty">No endpoints or AI spend.</p>`;
  const head =
    `<tr><th>Team</th><th>Outcome</th>${several ? "<th>Stack</th>" : ""}<th>Resource</th><th>Cloud</th><th>Model</th><th>Tier</th><th class="num">Ceiling</th><th class="num">Projected max</th><th>Alarm</th><th>Hard stop</th><th>Tags</th>` +
    (withSpend ? `<th class="num">Actual</th><th class="num">% of ceiling</th>` : "") +
    `</tr>`;
  const cell = (r: AllocationRow) => {
    const basis = r.projectedMaxBasis.join("; ");
    const projected =
      r.kind === "billed"
        ? ""
        : r.projectedMaxUsd === undefined
          ? `<span title="${h(basis)}">uncapped</span>`
          : `<span title="${h(basis)}">${h(money(r.projectedMaxUsd))}</span>`;
    const tags =
      r.tagsComplete === undefined
        ? ""
        : `<span class="${r.tagsComplete}" title="${h(r.tagProblems.join("; "))}">${h(r.tagsComplete)}</span>`;
    return (
      `<tr class="${r.kind}${r.untagged ? " untagged" : ""}"><td>${h(teamName(r.team))}</td><td>${finance.wrapIds(r.outcome)}</td>` +
      (several ? `<td>${finance.wrapIds(r.stack ?? "")}</td>` : "") +
      `<td class="resource">${r.kind === "billed" ? '<span class="flag">billed</span> ' : ""}${finance.wrapIds(r.resource)}</td><td>${h(r.cloud)}</td>` +
      `<td>${h(r.modelName)}</td><td>${r.tier ? `<span class="tier tier-${r.tier}">${h(r.tier)}</span>` : ""}</td>` +
      `<td class="num">${h(money(r.ceilingUsd))}</td><td class="num">${projected}</td>` +
      `<td>${h(r.budgetAlarm ?? "")}</td><td>${h(r.kind === "endpoint" ? (r.hardStop ?? "no") : (r.hardStop ?? ""))}</td><td>${tags}</td>` +
      (withSpend
        ? `<td class="num">${h(money(r.actualUsd))}</td><td class="num ${pctClass(r.pctOfCeiling)}">${h(pct(r.pctOfCeiling))}</td>`
        : "") +
      `</tr>`
    );
  };
  return `<div class="wide"><table class="rows"><thead>${head}</thead><tbody>${rows.map(cell).join("")}</tbody></table></div>`;
}

function cards(report: Report): string {
  const t = report.allocation.total;
  const items: [string, string, string, string?][] = [
    ["Monthly ceilings", usd(t.ceilingUsd), `${t.endpoints} endpoints, ${t.outcomes} outcomes`],
    [
      "Projected maximum",
      // "uncapped" is no amount: the value slot shows the bound that exists, or none.
      t.uncappedEndpoints === t.endpoints && t.endpoints > 0
        ? "—"
        : `${t.uncappedEndpoints > 0 ? "≥ " : ""}${usd(t.projectedMaxUsd)}`,
      t.uncappedEndpoints > 0
        ? `${t.uncappedEndpoints} endpoint${t.uncappedEndpoints === 1 ? "" : "s"} with no capacity limit`
        : "every endpoint has a capacity limit",
    ],
  ];
  if (report.billing) {
    items.push(
      [
        "Actual AI spend",
        usd(t.actualUsd ?? 0),
        t.pctOfCeiling !== undefined
          ? `${pct(t.pctOfCeiling)} of ceilings`
          : "no ceilings to compare",
      ],
      [
        "Untagged AI spend",
        usd(t.untaggedActualUsd ?? 0),
        t.actualUsd
          ? `${pct(((t.untaggedActualUsd ?? 0) / t.actualUsd) * 100)} of AI spend has no outcome`
          : "no AI spend",
        (t.untaggedActualUsd ?? 0) > 0 ? "warn untagged" : "",
      ],
      ...finance.governedCards(report),
    );
  }
  return items
    .map(
      ([title, value, sub, cls]) =>
        `<div class="card${cls ? ` ${cls}` : ""}"><div class="card-title">${h(title)}</div><div class="card-value">${h(value)}</div><div class="card-sub">${h(sub)}</div></div>`,
    )
    .join("");
}

const CSS = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2933;background:#fff}
body{margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px}
.source{color:#52606d;margin:0}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-top:20px}
.card{flex:1 1 200px;border:1px solid #d9e2ec;border-radius:8px;padding:12px 16px}
.card.warn{border-color:#d62728;background:#fff5f5}
.card-title{font-size:13px;color:#52606d;text-transform:uppercase;letter-spacing:.04em}
.card-value{font-size:26px;font-weight:600;margin:4px 0}.card-sub{font-size:13px;color:#52606d}
.legend{display:flex;gap:18px;flex-wrap:wrap;font-size:13px;margin:4px 0 8px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
svg.chart{max-width:100%;height:auto;font-size:12px}
svg .grid{stroke:#e4e7eb}svg .tick{fill:#7b8794;font-size:11px}
svg .outcome-label{font-weight:600;fill:#1f2933}svg .outcome-label.untagged{fill:#d62728}
svg .outcome-sub{fill:#7b8794;font-size:11px}svg .value{fill:#323f4b;font-size:11px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e4e7eb;padding:6px 8px;text-align:left;vertical-align:top}
thead th{background:#f5f7fa;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.team th{background:#eef2f7;font-size:14px}
tr.subtotal td{font-weight:600;background:#fafbfc}tr.grand-total td{font-weight:700;border-top:2px solid #323f4b}
tr.untagged td:first-child,tr.outcome.untagged td{color:#b42318}
td.resource{overflow-wrap:anywhere;min-width:160px;max-width:300px}
table.rows{font-size:12px}table.rows th,table.rows td{padding:6px 5px}
.wide{overflow-x:auto}

tr.untagged td,tr.flagged td{background:#fff5f5}tr.untagged td,tr.flagged td:first-child{color:#b42318}
.card.warn .card-value{color:#b42318}
svg .value.unbounded{fill:#b7791f;font-style:italic}
p.lead{color:#52606d;font-size:13px;margin:0 0 8px}td.empty{color:#52606d}
.over{color:#d62728;font-weight:700}.near{color:#b7791f;font-weight:600}
td.no,span.no{color:#b42318}td.partial{color:#b7791f}
.tier{border-radius:3px;padding:0 4px;font-size:11px;border:1px solid #cbd2d9}
.tier-premium{background:#fde8e8}.tier-standard{background:#fff4e5}.tier-economy{background:#e6f6ec}
.flag{font-size:11px;background:#fff4e5;border:1px solid #f5c26b;border-radius:3px;padding:0 4px}
.notes li{margin:4px 0}footer{margin-top:32px;font-size:12px;color:#7b8794}
@media print{body{max-width:none;padding:0}.card{break-inside:avoid}svg.chart{break-inside:avoid}}
`;

export function renderHtml(report: Report): string {
  const keys = tagKeys(report.tagPrefix);
  const title = `AI spend by outcome: ${report.source.name}`;
  const notes =
    report.notes.length > 0
      ? `<section><h2>Notes</h2><ul class="notes">${report.notes.map((n) => `<li>${h(n)}</li>`).join("")}</ul></section>`
      : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>AI spend by outcome</h1><p class="source">${h(sourceLine(report))}</p></header>
<section class="cards">${cards(report)}</section>
<section><h2>Ceiling vs projected maximum${report.billing ? " vs actual" : ""}, per outcome (USD per month)</h2>${chart(report)}</section>
${finance.trendChart(report)}
<section><h2>By team and outcome</h2>${outcomeTable(report)}</section>
${finance.financeHtml(report)}
<section><h2>Endpoints and billed resources</h2>${endpointTable(report)}</section>
${notes}
<footer>OutcomeGuard report. Ceiling: the <code>${h(keys.costCeilingUsd)}</code> tags. Projected maximum: what the declared capacity costs running flat out for a month (on-demand endpoints have no such limit). ${report.billing ? "Actual: FOCUS EffectiveCost of AI services, matched to outcomes by the <code>" + h(keys.outcome) + "</code> tag." : ""}</footer>
</body>
</html>
`;
}
