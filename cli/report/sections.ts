/**
 * The finance views as plain sections (a title, column headers, rows of text), so the terminal
 * table, Markdown and HTML show the same figures in the same order. Only with a bill.
 */
import type { Report } from "./build";
import { money, pct, teamName } from "./format";

export interface Section {
  readonly id: string;
  readonly title: string;
  /** A sentence under the title. */
  readonly lead?: string;
  readonly headers: readonly string[];
  /** Indexes of right-aligned (numeric) columns. */
  readonly numeric: readonly number[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Rows (by index) to flag: above a ceiling, an anomaly, untagged. */
  readonly flagged?: readonly number[];
  /** What to say when there are no rows. */
  readonly empty?: string;
}

const outcomeName = (o: string) => o;

export function financeSections(report: Report): Section[] {
  const f = report.finance;
  const b = report.billing;
  if (!f || !b) return [];
  const sections: Section[] = [];
  const h = f.headline;
  const total = h.governedUsd + h.untaggedUsd + h.notInStackUsd;
  const share = (usd: number) => (total > 0 ? pct((usd / total) * 100) : "");
  sections.push({
    id: "headline",
    title: "Headline",
    lead: "Percent of ceiling is governed spend (outcomes the stack declares) over their ceilings; untagged and not-in-stack spend have no ceiling and are shown apart.",
    headers: ["SPEND", "USD", "SHARE", "CEILINGS", "% OF CEILING"],
    numeric: [1, 2, 3, 4],
    rows: [
      [
        "governed",
        money(h.governedUsd),
        share(h.governedUsd),
        money(h.governedCeilingUsd * Math.max(1, b.months.length)),
        pct(h.governedPctOfCeiling),
      ],
      ["untagged", money(h.untaggedUsd), share(h.untaggedUsd), "", ""],
      ["not in stack", money(h.notInStackUsd), share(h.notInStackUsd), "", ""],
    ],
    flagged: h.untaggedUsd > 0 ? [1] : [],
  });

  const u = f.untagged;
  const untaggedRows = u.top.map((s) => [
    s.service,
    s.account || "(no account)",
    s.region || "(no region)",
    s.lines.toLocaleString("en-US"),
    money(s.usd),
  ]);
  if (u.rest) {
    untaggedRows.push([
      `${u.rest.sources.toLocaleString("en-US")} more source${u.rest.sources === 1 ? "" : "s"}`,
      "",
      "",
      u.rest.lines.toLocaleString("en-US"),
      money(u.rest.usd),
    ]);
  }
  sections.push({
    id: "untagged",
    title: "Untagged AI spend by service, account and region",
    lead: `${money(u.totalUsd)} USD has no outcome tag: tag these resources (resource ids are in the csv and json formats).`,
    headers: ["SERVICE", "ACCOUNT", "REGION", "LINES", "USD"],
    numeric: [3, 4],
    rows: untaggedRows,
    flagged: untaggedRows.map((_, i) => i),
    empty: "No untagged AI spend.",
  });

  if (b.months.length > 1) {
    const keys = [...new Set(f.monthly.map((m) => `${m.team}\u0000${m.outcome}`))];
    sections.push({
      id: "monthly",
      title: "Spend by month",
      headers: ["TEAM", "OUTCOME", ...b.months],
      numeric: b.months.map((_, i) => i + 2),
      rows: keys.map((k) => {
        const [team = "", outcome = ""] = k.split("\u0000");
        return [
          teamName(team),
          outcomeName(outcome),
          ...b.months.map((month) =>
            money(
              f.monthly.find((m) => m.team === team && m.outcome === outcome && m.month === month)
                ?.usd ?? 0,
            ),
          ),
        ];
      }),
    });
  }

  const first = f.forecasts[0];
  if (first) {
    sections.push({
      id: "forecast",
      title: `Burn rate and forecast, ${first.month} (through ${first.throughDate}, day ${first.daysElapsed} of ${first.daysInMonth})`,
      headers: [
        "TEAM",
        "OUTCOME",
        "MONTH TO DATE",
        "PER DAY",
        "FORECAST",
        "CEILING",
        "% OF CEILING",
        "",
      ],
      numeric: [2, 3, 4, 5, 6],
      rows: f.forecasts.map((x) => [
        teamName(x.team),
        outcomeName(x.outcome),
        money(x.monthToDateUsd),
        money(x.burnRateUsdPerDay),
        money(x.forecastUsd),
        x.ceilingUsd === undefined ? "none" : money(x.ceilingUsd),
        pct(x.forecastPctOfCeiling),
        x.overCeiling ? "ABOVE CEILING" : "",
      ]),
      flagged: f.forecasts.flatMap((x, i) => (x.overCeiling ? [i] : [])),
    });
  }

  sections.push({
    id: "teams",
    title: "Team budgets (the team's monthly ceilings)",
    headers: ["TEAM", "COST CENTER", "BUDGET", "ACTUAL", "% OF BUDGET", "FORECAST", ""],
    numeric: [2, 3, 4, 5],
    rows: f.teamBudgets.map((t) => [
      teamName(t.team),
      t.costCenters.join(", "),
      t.budgetUsd > 0 ? money(t.budgetUsd) : "none",
      money(t.actualUsd),
      pct(t.pctOfBudget),
      t.forecast ? money(t.forecast.forecastUsd) : "",
      t.forecast?.overCeiling ? "ABOVE BUDGET" : "",
    ]),
    flagged: f.teamBudgets.flatMap((t, i) => (t.forecast?.overCeiling ? [i] : [])),
  });

  sections.push({
    id: "anomalies",
    title: `Daily anomalies (a day above ${f.anomalyK} x its trailing 7-day median)`,
    headers: ["DATE", "TEAM", "OUTCOME", "USD", "BASELINE", "TIMES"],
    numeric: [3, 4, 5],
    rows: f.anomalies.map((a) => [
      a.date,
      teamName(a.team),
      outcomeName(a.outcome),
      money(a.usd),
      money(a.baselineUsd),
      `${(a.usd / a.baselineUsd).toLocaleString("en-US", { maximumFractionDigits: 1 })}x`,
    ]),
    flagged: f.anomalies.map((_, i) => i),
    empty: "No anomalies.",
  });

  if (f.kpi.length > 0) {
    sections.push({
      id: "kpi",
      title: "Cost per outcome unit (--kpi-actuals)",
      headers: ["OUTCOME", "KPI", "BETTER", "PERIODS", "KPI ACTUAL", "SPEND", "COST PER UNIT"],
      numeric: [4, 5, 6],
      rows: f.kpi.map((k) => {
        const spend = report.allocation.outcomes
          .filter((o) => o.outcome === k.outcome && !o.untagged)
          .reduce((s, o) => s + (o.totals.actualUsd ?? 0), 0);
        return [
          k.outcome,
          k.kpi,
          k.direction ?? "",
          k.periods.join(", "),
          k.kpiActual.toLocaleString("en-US", { maximumFractionDigits: 2 }),
          money(spend),
          k.costPerKpiUnitUsd === undefined ? "" : money(k.costPerKpiUnitUsd),
        ];
      }),
    });
  }
  return sections;
}

/** Sections as aligned plain text, for the terminal. */
export function sectionsText(sections: readonly Section[]): string[] {
  const out: string[] = [];
  for (const s of sections) {
    out.push("", s.title);
    if (s.lead) out.push(s.lead);
    if (s.rows.length === 0) {
      out.push(`  ${s.empty ?? "(none)"}`);
      continue;
    }
    const widths = s.headers.map((hd, i) =>
      Math.max(hd.length, ...s.rows.map((r) => (r[i] ?? "").length)),
    );
    const fmt = (cells: readonly string[]) =>
      "  " +
      cells
        .map((c, i) =>
          s.numeric.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0),
        )
        .join("  ")
        .trimEnd();
    out.push(fmt(s.headers), `  ${widths.map((w) => "-".repeat(w)).join("  ")}`);
    for (const r of s.rows) out.push(fmt(r));
  }
  return out;
}
