/**
 * CSV: one row per endpoint, plus one per billed resource no endpoint can take (untagged spend
 * among them), so summing a money column never double counts. Totals are left to the
 * spreadsheet. The existing columns keep their names and order; newer ones follow them.
 * `kpi_actual`, `kpi_direction` and the `outcome_*` columns are the row's outcome's figures,
 * repeated on each of its rows; `cost_per_kpi_unit_usd` is the row's share, so an outcome's rows
 * add up to its cost per unit.
 */
import type { AllocationRow } from "../../domain/spend-model";
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
/** After the columns above: every report. */
export const CSV_STACK_HEADER = ["cost_center", "stack"] as const;
/** After those, with a bill. */
export const CSV_FINANCE_HEADER = [
  "outcome_forecast_usd",
  "outcome_forecast_above_ceiling",
  "outcome_anomaly_days",
  "kpi_actual",
  "cost_per_kpi_unit_usd",
  "kpi_direction",
] as const;

/** RFC 4180 quoting; text that a spreadsheet would run as a formula is prefixed with `'`. */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const money = (n: number | undefined) => (n === undefined ? "" : n.toFixed(2));

function row(r: AllocationRow, report: Report): string {
  const withSpend = report.billing !== undefined;
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
  cells.push(csvText(r.costCenter ?? ""), csvText(r.stack ?? ""));
  const f = report.finance;
  if (f) {
    const forecast = f.forecasts.find((x) => x.team === r.team && x.outcome === r.outcome);
    const anomalies = f.anomalies.filter((a) => a.team === r.team && a.outcome === r.outcome);
    const kpi = r.untagged ? undefined : f.kpi.find((k) => k.outcome === r.outcome);
    cells.push(
      money(forecast?.forecastUsd),
      forecast ? (forecast.overCeiling ? "yes" : "no") : "",
      String(anomalies.length),
      kpi ? String(kpi.kpiActual) : "",
      kpi && kpi.kpiActual > 0 ? money((r.actualUsd ?? 0) / kpi.kpiActual) : "",
      kpi?.direction ? `${kpi.direction} is better` : "",
    );
  }
  return cells.join(",");
}

export function renderCsv(report: Report): string {
  const header = [
    ...CSV_HEADER,
    ...(report.billing ? CSV_SPEND_HEADER : []),
    ...CSV_STACK_HEADER,
    ...(report.finance ? CSV_FINANCE_HEADER : []),
  ].join(",");
  return [header, ...report.allocation.rows.map((r) => row(r, report))].join("\n") + "\n";
}
