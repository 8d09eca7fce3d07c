/**
 * Budget alarms as data: what an outcome's or a team's budget filters on, and when it notifies.
 * The components build cloud resources from these; the policy pack matches budgets by the same
 * filters.
 */
import type { TagKeys } from "./tags";

/** AWS Budgets cost filter value for a cost-allocation tag: `user:<key>$<value>`. */
export function awsTagFilterValue(key: string, value: string): string {
  return `user:${key}$${value}`;
}

const AWS_TAG_FILTER = /^(?:user|aws):([^$]+)\$([\s\S]*)$/;

/**
 * The tag an AWS Budgets cost filter value names (`user:<key>$<value>`, or `aws:` for AWS's own
 * tags): the inverse of {@link awsTagFilterValue}, or undefined when the value is not one.
 */
export function parseAwsTagFilterValue(
  filter: string,
): { readonly key: string; readonly value: string } | undefined {
  const m = AWS_TAG_FILTER.exec(filter);
  return m ? { key: m[1]!, value: m[2]! } : undefined;
}

/** The filter an outcome's budget uses: `user:ai-outcome$<id>`. */
export function awsOutcomeFilterValue(keys: TagKeys, outcomeId: string): string {
  return awsTagFilterValue(keys.outcome, outcomeId);
}

/** The filter a team's budget uses: `user:ai-team$<team>`. */
export function awsTeamFilterValue(keys: TagKeys, team: string): string {
  return awsTagFilterValue(keys.team, team);
}

export interface BudgetNotificationSpec {
  readonly kind: "actual" | "forecasted";
  /** Percent of the budget. */
  readonly thresholdPercent: number;
}

/** ACTUAL at 50, 80 and 100 percent, and FORECASTED at 100 percent. */
export const BUDGET_NOTIFICATIONS: readonly BudgetNotificationSpec[] = [
  { kind: "actual", thresholdPercent: 50 },
  { kind: "actual", thresholdPercent: 80 },
  { kind: "actual", thresholdPercent: 100 },
  { kind: "forecasted", thresholdPercent: 100 },
];

/** The budget amount as AWS wants it: a decimal string, e.g. `5000` or `1250.5`. */
export function awsLimitAmount(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0)
    throw new RangeError(`a budget must be a positive number, got ${usd}`);
  return String(Math.round(usd * 100) / 100);
}

/** The first day of the month `date` falls in, as Azure budgets want a start date: YYYY-MM-01. */
export function firstOfMonth(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-01`;
}
