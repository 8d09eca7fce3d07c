/**
 * Budget alarms as data: what an outcome's or a team's budget filters on, and when it notifies.
 * The components build cloud resources from these; the policy pack reads a declared budget back
 * ({@link describeBudget}) and matches it by the same filters.
 */
import { normalizeType, RESOURCE_TYPES } from "./registry/tokens";
import { asList, bagOf, describeType, type StackResource } from "./finding";
import { formatUsd, roundCents } from "./money";
import type { Cloud, TagCloud, TagKeys } from "./tags";
import { isUnknown, unknownsIn, type Unknown } from "./unknown";

/** AWS Budgets cost filter value for a cost-allocation tag: `user:<key>$<value>`. */
export function awsTagFilterValue(key: string, value: string): string {
  return `user:${key}$${value}`;
}

/** The tag a budget's cost filter names. */
export interface FilterTag {
  readonly key: string;
  readonly value: string;
}

const AWS_TAG_FILTER = /^(?:user|aws):([^$]+)\$([\s\S]*)$/;

/**
 * The tag an AWS Budgets cost filter value names (`user:<key>$<value>`, or `aws:` for AWS's own
 * tags): the inverse of {@link awsTagFilterValue}, or undefined when the value is not one.
 */
export function parseAwsTagFilterValue(filter: string): FilterTag | undefined {
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
  return String(roundCents(usd));
}

/** The first day of the month `date` falls in, as Azure budgets want a start date: YYYY-MM-01. */
export function firstOfMonth(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

// ---- a declared budget, read back ---------------------------------------------------------------

/** One tag filter of a budget. */
export interface BudgetTagFilter extends FilterTag {
  /** How the filter is written, for messages: `cost filter "user:ai-outcome$x"`. */
  readonly label: string;
  /** Whether the filter selects spend carrying the tag (an Azure `In` filter; every AWS one). */
  readonly selects: boolean;
}

/** A budget's tag filters, each read once for every rule that needs them. */
export interface BudgetTagFilters {
  readonly filters: readonly BudgetTagFilter[];
  /** Filter entries that name no tag as the cloud expects (the budget would filter nothing). */
  readonly malformed: readonly string[];
  /** Unknowns in the filters: the budget may filter on more than `filters` says. */
  readonly unknowns: readonly Unknown[];
}

function awsTagFilters(bag: Readonly<Record<string, unknown>>): BudgetTagFilters {
  const filters: BudgetTagFilter[] = [];
  const malformed: string[] = [];
  const unknowns: Unknown[] = [];
  if (isUnknown(bag.costFilters)) unknowns.push(bag.costFilters);
  for (const f of asList(bag.costFilters)) {
    if (isUnknown(f)) {
      unknowns.push(f);
      continue;
    }
    const filter = bagOf(f);
    if (isUnknown(filter.name)) unknowns.push(filter.name);
    else if (filter.name === "TagKeyValue") {
      if (isUnknown(filter.values)) unknowns.push(filter.values);
      else
        for (const v of asList(filter.values)) {
          if (isUnknown(v)) unknowns.push(v);
          else if (typeof v !== "string") {
            malformed.push(`cost filter value is ${describeType(v)}, not text`);
          } else {
            const tag = parseAwsTagFilterValue(v);
            if (tag) filters.push({ ...tag, label: `cost filter "${v}"`, selects: true });
            else {
              malformed.push(
                `cost filter value "${v}" is not user:<tag key>$<value>; the budget would filter nothing`,
              );
            }
          }
        }
    }
  }
  // The newer filterExpression form: {tags: {key, values}} at the top or inside `ands`.
  const expression = bag.filterExpression;
  if (isUnknown(expression)) unknowns.push(expression);
  for (const e of [bagOf(expression), ...asList(bagOf(expression).ands).map(bagOf)]) {
    const tags = e.tags;
    if (isUnknown(tags)) {
      unknowns.push(tags);
      continue;
    }
    const t = bagOf(tags);
    if (isUnknown(t.key)) unknowns.push(t.key);
    else if (typeof t.key === "string") {
      if (isUnknown(t.values)) unknowns.push(t.values);
      else
        for (const v of asList(t.values)) {
          if (isUnknown(v)) unknowns.push(v);
          else if (typeof v === "string") {
            filters.push({
              key: t.key,
              value: v,
              label: `filterExpression tag ${t.key}="${v}"`,
              selects: true,
            });
          }
        }
    }
  }
  return { filters, malformed, unknowns };
}

function azureTagFilters(bag: Readonly<Record<string, unknown>>): BudgetTagFilters {
  const filters: BudgetTagFilter[] = [];
  const unknowns: Unknown[] = [];
  const filter = bag.filter;
  if (isUnknown(filter)) unknowns.push(filter);
  const f = bagOf(filter);
  for (const expr of [f.tags, ...asList(f.and).map((a) => (isUnknown(a) ? a : bagOf(a).tags))]) {
    if (isUnknown(expr)) {
      unknowns.push(expr);
      continue;
    }
    const e = bagOf(expr);
    if (isUnknown(e.name)) unknowns.push(e.name);
    else if (isUnknown(e.operator)) unknowns.push(e.operator);
    else if (typeof e.name === "string") {
      const selects = e.operator === undefined || e.operator === "In";
      for (const v of asList(e.values)) {
        if (isUnknown(v)) unknowns.push(v);
        else if (typeof v === "string") {
          filters.push({ key: e.name, value: v, label: `tag filter ${e.name}="${v}"`, selects });
        }
      }
    }
  }
  return { filters, malformed: [], unknowns };
}

/** The tag filters of a budget resource, or undefined when the type is not a budget. */
export function budgetTagFilters(type: string, props: unknown): BudgetTagFilters | undefined {
  const token = normalizeType(type);
  if (token === RESOURCE_TYPES.awsBudget) return awsTagFilters(bagOf(props));
  if (token === RESOURCE_TYPES.azureBudget) return azureTagFilters(bagOf(props));
  return undefined;
}

interface NotificationFacts {
  readonly kind: "actual" | "forecasted" | "other";
  /** Threshold as a percentage of the budget, when it can be computed. */
  readonly percent: number | undefined;
  /** The threshold is an absolute amount and the budget's amount is not known yet. */
  readonly percentPending?: boolean;
  /** Enabled, and fires when spend rises above the threshold. */
  readonly alarms: boolean;
  readonly subscribers: number;
}

export interface BudgetFacts {
  readonly resource: StackResource;
  readonly cloud: Cloud;
  /** The filters that select spend (see {@link BudgetTagFilter.selects}). */
  readonly filters: readonly BudgetTagFilter[];
  /** Unknowns in the filters: the budget may filter on more than `filters` says. */
  readonly filterUnknowns: readonly Unknown[];
  readonly amountUsd: number | undefined;
  /** How many months the amount covers (1 for monthly), undefined when the period is not one. */
  readonly months: number | undefined;
  readonly period: string;
  readonly currencyProblem?: string;
  readonly notifications: readonly NotificationFacts[];
  /** Unknowns in the amount, period or notifications. */
  readonly unknowns: readonly Unknown[];
}

const count = (...lists: unknown[]): number =>
  lists.reduce<number>(
    (n, l) => n + asList(l).filter((x) => typeof x === "string" && x.trim() !== "").length,
    0,
  );
const num = (v: unknown): number | undefined => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

const AWS_PERIOD_MONTHS: Readonly<Record<string, number>> = {
  MONTHLY: 1,
  QUARTERLY: 3,
  ANNUALLY: 12,
};
const AZURE_PERIOD_MONTHS: Readonly<Record<string, number>> = {
  Monthly: 1,
  BillingMonth: 1,
  Quarterly: 3,
  BillingQuarter: 3,
  Annually: 12,
  BillingAnnual: 12,
};

const amountOf = (v: unknown): number | undefined => (isUnknown(v) ? undefined : num(v));

/** What one cloud's budget says, in the terms every budget's facts are written in. */
interface BudgetInputs {
  readonly amountUsd: number | undefined;
  /** The period as the cloud spells it, and how many months each of its periods covers. */
  readonly period: unknown;
  readonly periodMonths: Readonly<Record<string, number>>;
  readonly filters: BudgetTagFilters;
  readonly notifications: readonly NotificationFacts[];
  readonly currencyProblem?: string | undefined;
  /** The inputs behind the amount, period and notifications, for their unknowns. */
  readonly inputs: readonly unknown[];
}

function budgetFacts(resource: StackResource, cloud: Cloud, b: BudgetInputs): BudgetFacts {
  const period = typeof b.period === "string" ? b.period : "not set";
  return {
    resource,
    cloud,
    filters: b.filters.filters.filter((x) => x.selects),
    filterUnknowns: b.filters.unknowns,
    amountUsd: b.amountUsd,
    months: b.periodMonths[period],
    period,
    ...(b.currencyProblem ? { currencyProblem: b.currencyProblem } : {}),
    notifications: b.notifications,
    unknowns: unknownsIn(b.inputs),
  };
}

function awsBudget(r: StackResource): BudgetFacts {
  const bag = bagOf(r.props);
  const amountUsd = amountOf(bag.limitAmount);
  const amountPending = isUnknown(bag.limitAmount);
  const notifications: NotificationFacts[] = [];
  for (const n of asList(bag.notifications)) {
    const b = bagOf(n);
    const threshold = num(b.threshold);
    const percent =
      threshold === undefined
        ? undefined
        : b.thresholdType === "ABSOLUTE_VALUE"
          ? amountUsd !== undefined && amountUsd > 0
            ? (threshold / amountUsd) * 100
            : undefined
          : threshold;
    notifications.push({
      kind:
        b.notificationType === "ACTUAL"
          ? "actual"
          : b.notificationType === "FORECASTED"
            ? "forecasted"
            : "other",
      percent,
      ...(b.thresholdType === "ABSOLUTE_VALUE" && amountPending ? { percentPending: true } : {}),
      alarms: b.comparisonOperator === "GREATER_THAN" || b.comparisonOperator === "EQUAL_TO",
      subscribers: count(b.subscriberEmailAddresses, b.subscriberSnsTopicArns),
    });
  }
  const unit = bag.limitUnit;
  return budgetFacts(r, "aws", {
    amountUsd,
    period: bag.timeUnit,
    periodMonths: AWS_PERIOD_MONTHS,
    filters: awsTagFilters(bag),
    notifications,
    currencyProblem:
      typeof unit === "string" && unit !== "USD"
        ? `limitUnit is ${unit}; ceilings are in USD`
        : undefined,
    inputs: [bag.limitAmount, bag.limitUnit, bag.timeUnit, bag.notifications],
  });
}

function azureBudget(r: StackResource): BudgetFacts {
  const bag = bagOf(r.props);
  const notifications: NotificationFacts[] = [];
  const map = bag.notifications;
  for (const n of map && typeof map === "object" && !isUnknown(map) ? Object.values(map) : []) {
    const b = bagOf(n);
    const type = b.thresholdType ?? "Actual";
    notifications.push({
      kind: type === "Actual" ? "actual" : type === "Forecasted" ? "forecasted" : "other",
      percent: num(b.threshold),
      alarms:
        b.enabled !== false &&
        (b.operator === "GreaterThan" ||
          b.operator === "GreaterThanOrEqualTo" ||
          b.operator === "EqualTo"),
      subscribers: count(b.contactEmails, b.contactGroups, b.contactRoles),
    });
  }
  return budgetFacts(r, "azure", {
    amountUsd: amountOf(bag.amount),
    period: bag.timeGrain,
    periodMonths: AZURE_PERIOD_MONTHS,
    filters: azureTagFilters(bag),
    notifications,
    inputs: [bag.amount, bag.timeGrain, bag.notifications],
  });
}

/** A budget's filters, amount, period and notifications, or undefined when it is not a budget. */
export function describeBudget(r: StackResource): BudgetFacts | undefined {
  const token = normalizeType(r.type);
  if (token === RESOURCE_TYPES.awsBudget) return awsBudget(r);
  if (token === RESOURCE_TYPES.azureBudget) return azureBudget(r);
  return undefined;
}

/** Every budget of a stack. */
export function stackBudgets(resources: readonly StackResource[]): BudgetFacts[] {
  return resources.map(describeBudget).filter((b): b is BudgetFacts => b !== undefined);
}

/** How a budget filter on a tag is written on a cloud, for messages. */
export const budgetFilterLabel = (cloud: TagCloud, key: string, value: string) =>
  cloud === "aws" ? awsTagFilterValue(key, value) : `tag ${key} = ${value}`;

type Match = "yes" | "maybe" | "no";

/** Whether a filter's tag key is `key` on `cloud` (Azure's tag names ignore case, AWS's do not). */
const sameKey = (cloud: Cloud, filterKey: string, key: string) =>
  cloud === "azure" ? filterKey.toLowerCase() === key.toLowerCase() : filterKey === key;

/** Whether a budget filters on `key` = `value` (on AWS the filter value is `user:<key>$<value>`). */
export function budgetFiltersOn(b: BudgetFacts, key: string, value: string): Match {
  if (b.filters.some((f) => sameKey(b.cloud, f.key, key) && f.value === value)) return "yes";
  return b.filterUnknowns.length > 0 ? "maybe" : "no";
}

/**
 * For one tag key, the budgets that may filter on each of its values: `(cloud, value)` gives, in
 * the budgets' order, every budget on that cloud for which {@link budgetFiltersOn} is not "no",
 * with its answer. Built once per stack, so that a stack of many outcomes and as many budgets is
 * not every budget compared with every outcome.
 */
export function budgetsFilteringOn(
  budgets: readonly BudgetFacts[],
  key: string,
): (cloud: string, value: string) => { b: BudgetFacts; match: "yes" | "maybe" }[] {
  const hits = new Map<string, Set<number>>();
  const maybe = new Map<string, number[]>();
  budgets.forEach((b, i) => {
    for (const f of b.filters) {
      if (!sameKey(b.cloud, f.key, key)) continue;
      const id = `${b.cloud}\u0000${f.value}`;
      hits.set(id, (hits.get(id) ?? new Set<number>()).add(i));
    }
    if (b.filterUnknowns.length === 0) return;
    const list = maybe.get(b.cloud) ?? [];
    list.push(i);
    maybe.set(b.cloud, list);
  });
  return (cloud, value) => {
    const yes = hits.get(`${cloud}\u0000${value}`) ?? new Set<number>();
    const all = [...new Set([...yes, ...(maybe.get(cloud) ?? [])])].sort((x, y) => x - y);
    return all.map((i) => ({ b: budgets[i]!, match: yes.has(i) ? "yes" : "maybe" }));
  };
}

/** Why a budget does not alarm on an outcome's spend, given the sum of its ceilings. */
export function budgetAlarmProblems(b: BudgetFacts, ceilingSumUsd: number | undefined): string[] {
  const problems: string[] = [];
  if (b.currencyProblem) problems.push(b.currencyProblem);
  if (b.months !== 1 && !b.unknowns.some((u) => /timeUnit|timeGrain/.test(u.path))) {
    problems.push(
      `its period is ${b.period}; ceilings are monthly, so use a monthly budget (${b.cloud === "aws" ? "timeUnit MONTHLY" : "timeGrain Monthly"})`,
    );
  }
  if (b.amountUsd === undefined) {
    if (!b.unknowns.some((u) => /limitAmount|amount/.test(u.path))) {
      problems.push("it declares no amount");
    }
  } else if (ceilingSumUsd !== undefined && b.amountUsd > ceilingSumUsd) {
    problems.push(
      `its amount ${formatUsd(b.amountUsd)} is above the ${formatUsd(ceilingSumUsd)} sum of the outcome's ceilings, so it alarms too late`,
    );
  }
  const notificationsKnown = !b.unknowns.some((u) => /notifications/.test(u.path));
  if (notificationsKnown) {
    const actual = b.notifications.some(
      (n) =>
        n.kind === "actual" &&
        n.alarms &&
        n.percent !== undefined &&
        n.percent > 0 &&
        n.percent <= 100 &&
        n.subscribers > 0,
    );
    const forecast = b.notifications.some(
      (n) => n.kind === "forecasted" && n.alarms && n.subscribers > 0,
    );
    const actualPending = b.notifications.some((n) => n.kind === "actual" && n.percentPending);
    if (!actual && !actualPending) {
      problems.push(
        "no ACTUAL notification at or below 100% of the amount, firing when spend goes above it, with a subscriber",
      );
    }
    if (!forecast) {
      problems.push("no FORECASTED notification with a subscriber");
    }
  }
  return problems;
}
