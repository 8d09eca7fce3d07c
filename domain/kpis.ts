/**
 * The KPI catalog: the high-signal, per-department metrics an AI outcome must move. Sales, support
 * and marketing come from the two articles OutcomeGuard grew out of; engineering, finance, HR and
 * operations follow the same rule: a business result, never an activity count.
 */

export const DEPARTMENTS = [
  "sales",
  "support",
  "marketing",
  "engineering",
  "finance",
  "hr",
  "operations",
] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface Kpi {
  /** `<department>.<slug>`: what outcomes and the `ai-kpi` tag refer to. */
  readonly id: string;
  readonly department: Department;
  readonly name: string;
  /** Which way is better. */
  readonly better: "higher" | "lower";
  readonly unit: string;
  /** Where the KPI comes from: the source articles, or added here in their spirit. */
  readonly source: "articles" | "outcomeguard";
}

/** One KPI of a department's table: `[slug, name, better, unit]`. */
type KpiRow = readonly [slug: string, name: string, better: Kpi["better"], unit: string];

/** A department's KPIs, all from one source; each id is `<department>.<slug>`. */
const departmentKpis = (
  department: Department,
  source: Kpi["source"],
  rows: readonly KpiRow[],
): Kpi[] =>
  rows.map(([slug, name, better, unit]) => ({
    id: `${department}.${slug}`,
    department,
    name,
    better,
    unit,
    source,
  }));

export const KPI_CATALOG: readonly Kpi[] = [
  ...departmentKpis("sales", "articles", [
    ["productivity-per-rep", "Productivity per rep", "higher", "closed deals per rep per month"],
    ["deal-volume", "Deal volume", "higher", "deals per month"],
    ["closed-won-revenue", "Closed-won revenue", "higher", "USD per quarter"],
  ]),
  ...departmentKpis("support", "articles", [
    ["ticket-deflection-rate", "Ticket deflection rate", "higher", "percent of tickets"],
    ["time-to-resolution", "Time to resolution", "lower", "hours"],
    ["csat", "Customer satisfaction (CSAT)", "higher", "score"],
  ]),
  ...departmentKpis("marketing", "articles", [
    ["agency-spend", "External agency spend", "lower", "USD per month"],
    ["organic-traffic-velocity", "Organic traffic velocity", "higher", "visits per month"],
    ["landing-page-conversion", "Landing-page conversion rate", "higher", "percent"],
    ["content-velocity", "Content velocity", "higher", "hours per asset"],
  ]),
  ...departmentKpis("engineering", "outcomeguard", [
    ["lead-time-for-changes", "Lead time for changes", "lower", "hours"],
    ["change-failure-rate", "Change failure rate", "lower", "percent"],
    ["incident-recovery-time", "Time to restore service", "lower", "minutes"],
    ["escaped-defects", "Defects found in production", "lower", "defects per release"],
  ]),
  ...departmentKpis("finance", "outcomeguard", [
    ["days-to-close", "Days to close the books", "lower", "days"],
    ["invoice-processing-cost", "Cost per invoice processed", "lower", "USD per invoice"],
    ["days-sales-outstanding", "Days sales outstanding", "lower", "days"],
  ]),
  ...departmentKpis("hr", "outcomeguard", [
    ["time-to-hire", "Time to hire", "lower", "days"],
    ["regretted-attrition", "Regretted attrition", "lower", "percent per year"],
    ["onboarding-time-to-productivity", "Onboarding time to productivity", "lower", "days"],
  ]),
  ...departmentKpis("operations", "outcomeguard", [
    ["cycle-time", "Process cycle time", "lower", "hours"],
    ["cost-per-transaction", "Cost per transaction", "lower", "USD"],
    ["manual-hours-saved", "Manual hours removed from a process", "higher", "hours per month"],
  ]),
];

const BY_ID = new Map(KPI_CATALOG.map((k) => [k.id, k]));

export function findKpi(id: string): Kpi | undefined {
  return BY_ID.get(id);
}

export const KPI_IDS: readonly string[] = KPI_CATALOG.map((k) => k.id);
