/** How figures read in the table and the HTML page. */
import { formatUsd } from "../../domain/money";
import type { Coverage, OutcomeSummary, Totals } from "../../domain/spend-model";
import type { Report } from "./build";

export const NO_TEAM = "(no team)";

export function money(n: number | undefined): string {
  if (n === undefined) return "";
  return formatUsd(n, "plain");
}

export function pct(n: number | undefined): string {
  return n === undefined
    ? ""
    : `${n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

/** A projected maximum over several endpoints: "uncapped" when none has one, "≥ x" when some lack one. */
export function projectedTotal(t: Totals): string {
  if (t.endpoints === 0) return "";
  if (t.uncappedEndpoints === t.endpoints) return "uncapped";
  return t.uncappedEndpoints > 0 ? `≥ ${money(t.projectedMaxUsd)}` : money(t.projectedMaxUsd);
}

export function ceilingTotal(t: Totals): string {
  if (t.endpoints === 0) return "";
  if (t.endpointsWithoutCeiling === t.endpoints) return "none";
  return t.endpointsWithoutCeiling > 0 ? `${money(t.ceilingUsd)} *` : money(t.ceilingUsd);
}

export function coverage(c: Coverage, inStack: boolean): string {
  return inStack ? c : "n/a";
}

export function hardStopText(o: OutcomeSummary): string {
  if (!o.inStack) return "n/a";
  if (o.hardStop === "no") return "no";
  const kinds = o.hardStopKinds.join("+");
  return o.hardStop === "yes" ? kinds : `${o.hardStop} (${kinds || "?"})`;
}

export function sourceLine(report: Report): string {
  const src =
    report.source.kind === "state"
      ? `stack export ${report.source.name}`
      : `offline preview of stack ${report.source.name}`;
  if (!report.billing)
    return `Source: ${src} · no billing data (add --focus FILE for actual spend)`;
  const b = report.billing;
  const months = b.months.length > 0 ? b.months.join(", ") : (b.month ?? "no charge periods");
  return `Source: ${src} · billing: ${b.file}, ${months} (${b.months.length || 1} month${b.months.length > 1 ? "s" : ""}), ${b.currency}`;
}

export function teamName(team: string): string {
  return team === "" ? NO_TEAM : team;
}

/** An outcome's governance and spend cells, as the table and markdown formats show them. */
export function outcomeFigures(o: OutcomeSummary, withSpend: boolean): string[] {
  return [
    ceilingTotal(o.totals),
    projectedTotal(o.totals),
    coverage(o.budgetAlarm, o.inStack),
    hardStopText(o),
    coverage(o.tagsComplete, o.inStack),
    ...(withSpend ? [money(o.totals.actualUsd), pct(o.totals.pctOfCeiling)] : []),
  ];
}

/** A team's or the grand total's cells: ceiling and projected maximum, no coverage, then spend. */
export function totalFigures(t: Totals, withSpend: boolean): string[] {
  return [
    ceilingTotal(t),
    projectedTotal(t),
    "",
    "",
    "",
    ...(withSpend ? [money(t.actualUsd), pct(t.pctOfCeiling)] : []),
  ];
}
