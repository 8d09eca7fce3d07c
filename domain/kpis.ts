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

const kpi = (
  department: Department,
  slug: string,
  name: string,
  better: Kpi["better"],
  unit: string,
  source: Kpi["source"] = "articles",
): Kpi => ({ id: `${department}.${slug}`, department, name, better, unit, source });

export const KPI_CATALOG: readonly Kpi[] = [
  kpi(
    "sales",
    "productivity-per-rep",
    "Productivity per rep",
    "higher",
    "closed deals per rep per month",
  ),
  kpi("sales", "deal-volume", "Deal volume", "higher", "deals per month"),
  kpi("sales", "closed-won-revenue", "Closed-won revenue", "higher", "USD per quarter"),
  kpi(
    "support",
    "ticket-deflection-rate",
    "Ticket deflection rate",
    "higher",
    "percent of tickets",
  ),
  kpi("support", "time-to-resolution", "Time to resolution", "lower", "hours"),
  kpi("support", "csat", "Customer satisfaction (CSAT)", "higher", "score"),
  kpi("marketing", "agency-spend", "External agency spend", "lower", "USD per month"),
  kpi(
    "marketing",
    "organic-traffic-velocity",
    "Organic traffic velocity",
    "higher",
    "visits per month",
  ),
  kpi("marketing", "landing-page-conversion", "Landing-page conversion rate", "higher", "percent"),
  kpi("marketing", "content-velocity", "Content velocity", "higher", "hours per asset", "articles"),
  kpi(
    "engineering",
    "lead-time-for-changes",
    "Lead time for changes",
    "lower",
    "hours",
    "outcomeguard",
  ),
  kpi(
    "engineering",
    "change-failure-rate",
    "Change failure rate",
    "lower",
    "percent",
    "outcomeguard",
  ),
  kpi(
    "engineering",
    "incident-recovery-time",
    "Time to restore service",
    "lower",
    "minutes",
    "outcomeguard",
  ),
  kpi(
    "engineering",
    "escaped-defects",
    "Defects found in production",
    "lower",
    "defects per release",
    "outcomeguard",
  ),
  kpi("finance", "days-to-close", "Days to close the books", "lower", "days", "outcomeguard"),
  kpi(
    "finance",
    "invoice-processing-cost",
    "Cost per invoice processed",
    "lower",
    "USD per invoice",
    "outcomeguard",
  ),
  kpi(
    "finance",
    "days-sales-outstanding",
    "Days sales outstanding",
    "lower",
    "days",
    "outcomeguard",
  ),
  kpi("hr", "time-to-hire", "Time to hire", "lower", "days", "outcomeguard"),
  kpi(
    "hr",
    "regretted-attrition",
    "Regretted attrition",
    "lower",
    "percent per year",
    "outcomeguard",
  ),
  kpi(
    "hr",
    "onboarding-time-to-productivity",
    "Onboarding time to productivity",
    "lower",
    "days",
    "outcomeguard",
  ),
  kpi("operations", "cycle-time", "Process cycle time", "lower", "hours", "outcomeguard"),
  kpi("operations", "cost-per-transaction", "Cost per transaction", "lower", "USD", "outcomeguard"),
  kpi(
    "operations",
    "manual-hours-saved",
    "Manual hours removed from a process",
    "higher",
    "hours per month",
    "outcomeguard",
  ),
];

const BY_ID = new Map(KPI_CATALOG.map((k) => [k.id, k]));

export function findKpi(id: string): Kpi | undefined {
  return BY_ID.get(id);
}

export const KPI_IDS: readonly string[] = KPI_CATALOG.map((k) => k.id);
