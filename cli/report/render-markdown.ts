/**
 * Markdown, for pull-request comments and CI step summaries (GitHub-flavoured tables): the
 * headline, teams and outcomes, then the finance views. Untagged spend is grouped by source;
 * resource ids are left to the csv and json formats.
 */
import type { Report } from "./build";
import * as f from "./format";
import { financeSections, type Section } from "./sections";

/** Table cell text: pipes escaped, no line breaks, nothing Markdown would format. */
export function mdCell(s: string): string {
  return s
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ")
    .replace(/([*_`<>[\]])/g, "\\$1");
}

function table(
  headers: readonly string[],
  numeric: readonly number[],
  rows: ReadonlyArray<readonly string[]>,
): string[] {
  const align = headers.map((_, i) => (numeric.includes(i) ? "---:" : "---"));
  const line = (cells: readonly string[]) => `| ${cells.map(mdCell).join(" | ")} |`;
  return [line(headers), `| ${align.join(" | ")} |`, ...rows.map(line)];
}

function section(s: Section): string[] {
  const out = ["", `### ${s.title}`];
  if (s.lead) out.push("", s.lead);
  out.push("");
  if (s.rows.length === 0) out.push(`_${s.empty ?? "None."}_`);
  else {
    const flagged = new Set(s.flagged ?? []);
    const rows = s.rows.map((r, i) =>
      flagged.has(i) && s.id !== "untagged" ? r.map((c, j) => (j === 0 ? `⚠ ${c}` : c)) : r,
    );
    out.push(
      ...table(
        s.headers.map((h) => h || "FLAG"),
        s.numeric,
        rows,
      ),
    );
  }
  return out;
}

export function renderMarkdown(report: Report): string {
  const a = report.allocation;
  const withSpend = report.billing !== undefined;
  const out: string[] = ["## AI spend by outcome", "", f.sourceLine(report)];
  const t = a.total;
  const h = report.finance?.headline;
  out.push("");
  out.push(
    `- Monthly ceilings: **$${f.money(t.ceilingUsd)}** over ${t.endpoints} endpoints and ${t.outcomes} outcomes`,
  );
  out.push(
    `- Projected maximum: **${f.projectedTotal(t) || "none"}**${t.uncappedEndpoints > 0 ? ` (${t.uncappedEndpoints} endpoint${t.uncappedEndpoints === 1 ? "" : "s"} uncapped: no capacity limit)` : ""}`,
  );
  if (withSpend && h) {
    out.push(`- Actual AI spend: **$${f.money(t.actualUsd)}**`);
    out.push(
      `- Governed spend: **$${f.money(h.governedUsd)}**, ${h.governedPctOfCeiling === undefined ? "no ceilings" : `**${f.pct(h.governedPctOfCeiling)}** of its ceilings`}`,
    );
    out.push(
      `- ${h.untaggedUsd > 0 ? "⚠ " : ""}Untagged AI spend: **$${f.money(h.untaggedUsd)}**; not in the stack: **$${f.money(h.notInStackUsd)}**`,
    );
    const anomalies = report.finance?.anomalies.length ?? 0;
    if (anomalies > 0)
      out.push(`- ⚠ ${anomalies} daily anomal${anomalies === 1 ? "y" : "ies"} (see below)`);
  }
  out.push("", "### By team and outcome", "");
  const headers = [
    "Team",
    "Outcome",
    "KPI",
    "Endpoints",
    "Ceiling / month",
    "Projected max",
    "Alarm",
    "Hard stop",
    "Tags",
    ...(withSpend ? ["Actual", "% of ceiling"] : []),
  ];
  const rows: string[][] = [];
  for (const team of a.teams) {
    for (const o of a.outcomes.filter((x) => x.team === team.team)) {
      rows.push([
        f.teamName(o.team),
        o.untagged ? "⚠ untagged" : `${o.outcome}${o.inStack ? "" : " (not in stack)"}`,
        o.kpi,
        o.endpoints.map((e) => `${e.modelName} (${e.tier})`).join(", "),
        ...f.outcomeFigures(o, withSpend),
      ]);
    }
    rows.push([
      `total ${f.teamName(team.team)}`,
      "",
      "",
      "",
      ...f.totalFigures(team.totals, withSpend),
    ]);
  }
  rows.push(["TOTAL", "", "", `${t.endpoints} endpoints`, ...f.totalFigures(t, withSpend)]);
  out.push(...table(headers, withSpend ? [4, 5, 9, 10] : [4, 5], rows));
  for (const s of financeSections(report)) out.push(...section(s));
  if (report.notes.length > 0) {
    out.push("", "<details><summary>Notes</summary>", "");
    for (const n of report.notes) out.push(`- ${mdCell(n)}`);
    out.push("", "</details>");
  }
  return out.join("\n") + "\n";
}
