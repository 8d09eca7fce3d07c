/** The terminal table: teams, their outcomes, each outcome's endpoints, and totals. */
import type { AllocationRow } from "../../domain/spend-model";
import type { Report } from "./build";
import * as f from "./format";
import { financeSections, sectionsText } from "./sections";

const MAX_CELL = 56;

function clip(s: string): string {
  return s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s;
}

function endpointProjected(r: AllocationRow): string {
  return r.projectedMaxUsd === undefined ? "uncapped" : f.money(r.projectedMaxUsd);
}

export function renderTable(report: Report): string {
  const a = report.allocation;
  const withSpend = report.billing !== undefined;
  const several = report.stacks.length > 1;
  const headers = [
    "TEAM / OUTCOME / ENDPOINT",
    "KPI",
    "MODEL (TIER)",
    "CEILING/MO",
    "PROJECTED MAX",
    "ALARM",
    "HARD STOP",
    "TAGS",
    ...(withSpend ? ["ACTUAL", "% CEILING"] : []),
  ];
  const right = new Set([3, 4, 8, 9]);
  const rows: string[][] = [];
  const separators = new Set<number>();

  const rowsOf = new Map<string, AllocationRow[]>();
  for (const r of a.rows) {
    const k = `${r.team}\u0000${r.outcome}`;
    const list = rowsOf.get(k);
    if (list) list.push(r);
    else rowsOf.set(k, [r]);
  }

  for (const team of a.teams) {
    rows.push([f.teamName(team.team), "", "", "", "", "", "", "", ...(withSpend ? ["", ""] : [])]);
    for (const o of a.outcomes.filter((x) => x.team === team.team)) {
      const n = o.endpoints.length;
      rows.push([
        `  ${o.outcome}${o.inStack || o.untagged ? "" : " (not in stack)"}`,
        o.kpi,
        o.inStack ? `${n} endpoint${n === 1 ? "" : "s"}` : "",
        ...f.outcomeFigures(o, withSpend),
      ]);
      for (const r of rowsOf.get(`${o.team}\u0000${o.outcome}`) ?? []) {
        // Untagged billed lines are grouped by service, account and region below.
        if (r.kind === "billed" && r.untagged && report.finance) continue;
        if (r.kind === "endpoint") {
          rows.push([
            clip(`    ${r.resource} (${r.cloud}${several && r.stack ? `, ${r.stack}` : ""})`),
            "",
            clip(`${r.modelName} (${r.tier ?? "?"})`),
            f.money(r.ceilingUsd) || "none",
            endpointProjected(r),
            r.budgetAlarm ?? "",
            r.hardStop ?? "no",
            r.tagsComplete ?? "",
            ...(withSpend ? [f.money(r.actualUsd), f.pct(r.pctOfCeiling)] : []),
          ]);
        } else {
          rows.push([
            clip(`    billed: ${r.resource} (${r.cloud})`),
            "",
            clip(r.modelName || (r.service ?? "")),
            "",
            "",
            "",
            "",
            "",
            ...(withSpend ? [f.money(r.actualUsd), ""] : []),
          ]);
        }
      }
    }
    rows.push([
      `  total ${f.teamName(team.team)}`,
      "",
      "",
      ...f.totalFigures(team.totals, withSpend),
    ]);
    separators.add(rows.length);
  }
  rows.push(["TOTAL", "", `${a.total.endpoints} endpoints`, ...f.totalFigures(a.total, withSpend)]);

  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");

  const out: string[] = [];
  out.push("OutcomeGuard: AI spend by outcome (USD per month)");
  out.push(f.sourceLine(report));
  out.push("");
  out.push(fmt(headers));
  out.push(rule);
  rows.forEach((r, i) => {
    if (i === rows.length - 1) out.push(rule);
    out.push(fmt(r));
    if (separators.has(i + 1) && i + 1 < rows.length - 1) out.push("");
  });
  if (withSpend && a.total.untaggedActualUsd !== undefined) {
    out.push("");
    out.push(
      `Untagged AI spend: ${f.money(a.total.untaggedActualUsd)} USD` +
        (a.total.actualUsd
          ? ` (${f.pct((a.total.untaggedActualUsd / a.total.actualUsd) * 100)} of AI spend)`
          : ""),
    );
  }
  out.push(...sectionsText(financeSections(report)));
  if (a.total.endpointsWithoutCeiling > 0) {
    out.push("* some endpoints declare no ceiling; the total covers those that do");
  }
  if (report.notes.length > 0) {
    out.push("");
    out.push("Notes:");
    for (const n of report.notes) out.push(`  - ${n}`);
  }
  return out.join("\n") + "\n";
}
