/**
 * CSV: one row per endpoint, plus one per billed resource no endpoint can take (untagged spend
 * among them), so summing a column never double counts. Totals are left to the spreadsheet.
 */
import type { AllocationRow } from "../../domain/allocation";
import type { Report } from "./build";

export const CSV_HEADER = [
  "team",
  "outcome",
  "kpi",
  "resource",
  "cloud",
  "model",
  "tier",
  "cost_ceiling_usd",
  "projected_max_usd",
  "budget_alarm",
  "hard_stop",
  "tags_complete",
] as const;
export const CSV_SPEND_HEADER = ["actual_usd", "pct_of_ceiling"] as const;

/** RFC 4180 quoting; text that a spreadsheet would run as a formula is prefixed with `'`. */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const money = (n: number | undefined) => (n === undefined ? "" : n.toFixed(2));

function row(r: AllocationRow, withSpend: boolean): string {
  const cells = [
    csvText(r.team),
    csvText(r.outcome),
    csvText(r.kpi),
    csvText(r.resource),
    r.cloud,
    csvText(r.modelName),
    r.tier ?? "",
    money(r.ceilingUsd),
    money(r.projectedMaxUsd),
    r.budgetAlarm ?? "",
    r.kind === "endpoint" ? (r.hardStop ?? "no") : (r.hardStop ?? ""),
    r.tagsComplete ?? "",
  ];
  if (withSpend) {
    cells.push(money(r.actualUsd), r.pctOfCeiling === undefined ? "" : r.pctOfCeiling.toFixed(1));
  }
  return cells.join(",");
}

export function renderCsv(report: Report): string {
  const withSpend = report.billing !== undefined;
  const header = [...CSV_HEADER, ...(withSpend ? CSV_SPEND_HEADER : [])].join(",");
  return [header, ...report.allocation.rows.map((r) => row(r, withSpend))].join("\n") + "\n";
}
