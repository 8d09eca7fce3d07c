/**
 * `--kpi-actuals FILE`: measured KPI values per outcome and month, a CSV with the header
 * `outcome,period,kpi,value` (e.g. `support-ticket-deflection,2026-11,support.ticket-deflection-rate,800`).
 * Each row is checked with zod; every bad field is named by line and column.
 */
import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { KpiActual } from "../../domain/finance";
import { MONTH_PATTERN } from "../../domain/focus";
import { OUTCOME_ID_PATTERN } from "../../domain/outcome";
import { MAX_LISTED_PROBLEMS, ReportInputError, type InputProblem } from "./errors";

export const KPI_ACTUALS_HEADER = ["outcome", "period", "kpi", "value"] as const;

const Row = z.object({
  outcome: z.string().regex(OUTCOME_ID_PATTERN, {
    error: "must be an outcome id (lowercase letters, digits, hyphens), as the ai-outcome tag",
  }),
  period: z.string().regex(MONTH_PATTERN, { error: "must be a month written YYYY-MM" }),
  kpi: z.string().min(1, { error: "must name the KPI, e.g. support.ticket-deflection-rate" }),
  value: z
    .string()
    .regex(/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/, {
      error: "must be a number, such as 800 or 12.5",
    })
    .transform(Number)
    .pipe(z.number().nonnegative({ error: "must not be negative" })),
});

/** The KPI actuals in a CSV text; throws {@link ReportInputError} naming every bad field. */
export function readKpiActuals(text: string, file: string): KpiActual[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\ufeff/, ""), {
      skip_empty_lines: true,
      relax_column_count: false,
    }) as string[][];
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new ReportInputError(file, [
      {
        ...(typeof err.lines === "number" ? { line: err.lines } : {}),
        message: `not a valid CSV file: ${err.message.replace(/^[A-Za-z ]+: /, "")}`,
      },
    ]);
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  if (KPI_ACTUALS_HEADER.join(",") !== header.join(",")) {
    throw new ReportInputError(file, [
      {
        line: 1,
        column: 1,
        where: "header",
        message: `must be exactly ${KPI_ACTUALS_HEADER.join(",")} (found: ${header.join(",") || "nothing"})`,
      },
    ]);
  }
  const problems: InputProblem[] = [];
  let more = 0;
  const actuals: KpiActual[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r] ?? [];
    const raw = Object.fromEntries(KPI_ACTUALS_HEADER.map((k, i) => [k, (rec[i] ?? "").trim()]));
    const parsed = Row.safeParse(raw);
    if (parsed.success) {
      actuals.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (problems.length >= MAX_LISTED_PROBLEMS) {
        more++;
        continue;
      }
      problems.push({
        line: r + 1,
        where: field,
        message: `"${raw[field] ?? ""}" ${issue.message}`,
      });
    }
  }
  if (problems.length > 0) throw new ReportInputError(file, problems, more);
  return actuals;
}
