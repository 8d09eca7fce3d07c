/** JSON: the whole report model, for tools and dashboards. */
import type { Report } from "./build";

export const REPORT_JSON_SCHEMA = "outcomeguard.report/v1";

export function renderJson(report: Report): string {
  const a = report.allocation;
  const f = report.finance;
  return (
    JSON.stringify(
      {
        schema: REPORT_JSON_SCHEMA,
        currency: "USD",
        source: report.source,
        stacks: report.stacks,
        tagPrefix: report.tagPrefix,
        ...(report.billing ? { billing: report.billing } : {}),
        total: a.total,
        teams: a.teams,
        outcomes: a.outcomes,
        rows: a.rows,
        ...(f
          ? {
              headline: f.headline,
              untagged: { ...f.untagged, sources: a.untaggedSources },
              monthly: f.monthly,
              forecasts: f.forecasts,
              teamBudgets: f.teamBudgets,
              anomalyK: f.anomalyK,
              anomalies: f.anomalies,
              kpi: f.kpi,
              daily: a.daily,
            }
          : {}),
        notes: report.notes,
      },
      null,
      2,
    ) + "\n"
  );
}
