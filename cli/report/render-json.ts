/** JSON: the whole report model, for tools and dashboards. */
import type { Report } from "./build";

export const REPORT_JSON_SCHEMA = "outcomeguard.report/v1";

export function renderJson(report: Report): string {
  const a = report.allocation;
  return (
    JSON.stringify(
      {
        schema: REPORT_JSON_SCHEMA,
        currency: "USD",
        source: report.source,
        tagPrefix: report.tagPrefix,
        ...(report.billing ? { billing: report.billing } : {}),
        total: a.total,
        teams: a.teams,
        outcomes: a.outcomes,
        rows: a.rows,
        notes: report.notes,
      },
      null,
      2,
    ) + "\n"
  );
}
