/**
 * The pack's stack rules as pure decisions over every resource in a stack: each outcome with a
 * gated endpoint has a budget alarm that fits its ceilings, and a team's ceilings fit the team's
 * budget. Budgets are matched by the same tag filters the components write (see ./budgets).
 * Three-valued like ./resource-rules: a value unknown at preview makes a check undecided.
 */
import { awsTagFilterValue, parseAwsTagFilterValue } from "./budgets";
import { describeEndpoint, RESOURCE_TYPES, type EndpointFacts } from "./endpoints";
import type { GovernanceSettings } from "./governance";
import { formatUsd } from "./projection";
import { asList, endpointTier, gateOf, readTagValue, viewTags, type Gate } from "./resource-rules";
import { parseCeilingTag, type Cloud, type TagKeys } from "./tags";
import { describeUnknowns, isUnknown, Unknown, unknownsIn } from "./unknown";

export interface StackResource {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  /** Properties as plain data, {@link Unknown} where not known yet. */
  readonly props: unknown;
}

export interface StackFinding {
  /** The resource the diagnostic is reported on. */
  readonly urn: string;
  /** Every resource the finding is about (a waiver matching any of them applies). */
  readonly subjects: readonly { readonly name: string; readonly urn: string }[];
  readonly violations: readonly string[];
  readonly undecided: readonly string[];
}

// ---- budgets ----------------------------------------------------------------------------------

interface TagFilter {
  readonly key: string;
  readonly value: string;
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
  readonly filters: readonly TagFilter[];
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

const bagOf = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !isUnknown(v)
    ? (v as Record<string, unknown>)
    : {};
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

function awsBudget(r: StackResource): BudgetFacts {
  const bag = bagOf(r.props);
  const filters: TagFilter[] = [];
  const filterUnknowns: Unknown[] = [];
  const addTagValue = (v: unknown) => {
    if (isUnknown(v)) filterUnknowns.push(v);
    else if (typeof v === "string") {
      const tag = parseAwsTagFilterValue(v);
      if (tag) filters.push(tag);
    }
  };
  if (isUnknown(bag.costFilters)) filterUnknowns.push(bag.costFilters);
  for (const f of asList(bag.costFilters)) {
    if (isUnknown(f)) {
      filterUnknowns.push(f);
      continue;
    }
    const filter = bagOf(f);
    if (isUnknown(filter.name)) filterUnknowns.push(filter.name);
    else if (filter.name === "TagKeyValue") {
      if (isUnknown(filter.values)) filterUnknowns.push(filter.values);
      else for (const v of asList(filter.values)) addTagValue(v);
    }
  }
  // The newer filterExpression form: {tags: {key, values}} at the top or inside `ands`.
  const expression = bag.filterExpression;
  if (isUnknown(expression)) filterUnknowns.push(expression);
  const exprs = [bagOf(expression), ...asList(bagOf(expression).ands).map(bagOf)];
  for (const e of exprs) {
    const tags = e.tags;
    if (isUnknown(tags)) {
      filterUnknowns.push(tags);
      continue;
    }
    const t = bagOf(tags);
    if (isUnknown(t.key)) filterUnknowns.push(t.key);
    else if (typeof t.key === "string") {
      for (const v of asList(t.values)) {
        if (isUnknown(v)) filterUnknowns.push(v);
        else if (typeof v === "string") filters.push({ key: t.key, value: v });
      }
    }
  }
  const amountUsd = isUnknown(bag.limitAmount) ? undefined : num(bag.limitAmount);
  const amountPending = isUnknown(bag.limitAmount);
  const period = typeof bag.timeUnit === "string" ? bag.timeUnit : "not set";
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
  return {
    resource: r,
    cloud: "aws",
    filters,
    filterUnknowns,
    amountUsd,
    months: AWS_PERIOD_MONTHS[period],
    period,
    ...(typeof unit === "string" && unit !== "USD"
      ? { currencyProblem: `limitUnit is ${unit}; ceilings are in USD` }
      : {}),
    notifications,
    unknowns: unknownsIn([bag.limitAmount, bag.limitUnit, bag.timeUnit, bag.notifications]),
  };
}

function azureBudget(r: StackResource): BudgetFacts {
  const bag = bagOf(r.props);
  const filters: TagFilter[] = [];
  const filterUnknowns: Unknown[] = [];
  const filter = bag.filter;
  if (isUnknown(filter)) filterUnknowns.push(filter);
  const f = bagOf(filter);
  for (const expr of [f.tags, ...asList(f.and).map((a) => (isUnknown(a) ? a : bagOf(a).tags))]) {
    if (isUnknown(expr)) {
      filterUnknowns.push(expr);
      continue;
    }
    const e = bagOf(expr);
    if (isUnknown(e.name)) filterUnknowns.push(e.name);
    else if (isUnknown(e.operator)) filterUnknowns.push(e.operator);
    else if (typeof e.name === "string" && (e.operator === undefined || e.operator === "In")) {
      for (const v of asList(e.values)) {
        if (isUnknown(v)) filterUnknowns.push(v);
        else if (typeof v === "string") filters.push({ key: e.name, value: v });
      }
    }
  }
  const amountUsd = isUnknown(bag.amount) ? undefined : num(bag.amount);
  const period = typeof bag.timeGrain === "string" ? bag.timeGrain : "not set";
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
  return {
    resource: r,
    cloud: "azure",
    filters,
    filterUnknowns,
    amountUsd,
    months: AZURE_PERIOD_MONTHS[period],
    period,
    notifications,
    unknowns: unknownsIn([bag.amount, bag.timeGrain, bag.notifications]),
  };
}

/** A budget's filters, amount, period and notifications, or undefined when it is not a budget. */
export function describeBudget(r: StackResource): BudgetFacts | undefined {
  if (r.type === RESOURCE_TYPES.awsBudget) return awsBudget(r);
  if (r.type === RESOURCE_TYPES.azureBudget) return azureBudget(r);
  return undefined;
}

type Match = "yes" | "maybe" | "no";

/** Whether a budget filters on `key` = `value` (on AWS the filter value is `user:<key>$<value>`). */
export function budgetFiltersOn(b: BudgetFacts, key: string, value: string): Match {
  const hit = (f: TagFilter) =>
    b.cloud === "azure"
      ? f.key.toLowerCase() === key.toLowerCase() && f.value === value
      : f.key === key && f.value === value;
  if (b.filters.some(hit)) return "yes";
  return b.filterUnknowns.length > 0 ? "maybe" : "no";
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

// ---- endpoints by outcome and team ------------------------------------------------------------

interface EndpointEntry {
  readonly resource: StackResource;
  readonly facts: EndpointFacts;
  readonly gate: Gate;
  readonly ceiling: number | Unknown | undefined;
}

function endpointEntries(resources: readonly StackResource[], s: GovernanceSettings) {
  const out: EndpointEntry[] = [];
  for (const r of resources) {
    const facts = describeEndpoint(r.type, r.props);
    if (!facts) continue;
    const gate = gateOf(endpointTier(facts, s.catalog), s);
    const c = readTagValue(viewTags(facts.tags), s.keys.costCeilingUsd);
    out.push({
      resource: r,
      facts,
      gate,
      ceiling: c.known ? parseCeilingTag(c.value) : c.unknown,
    });
  }
  return out;
}

/** Group endpoints by cloud and the value of one tag; unknown values are reported aside. */
function groupBy(
  entries: readonly EndpointEntry[],
  key: string,
): {
  groups: Map<string, { cloud: Cloud; value: string; entries: EndpointEntry[] }>;
  unknown: { entry: EndpointEntry; unknown: Unknown }[];
} {
  const groups = new Map<string, { cloud: Cloud; value: string; entries: EndpointEntry[] }>();
  const unknown: { entry: EndpointEntry; unknown: Unknown }[] = [];
  for (const entry of entries) {
    const v = readTagValue(viewTags(entry.facts.tags), key);
    if (!v.known) {
      unknown.push({ entry, unknown: v.unknown });
      continue;
    }
    if (typeof v.value !== "string" || v.value.trim() === "") continue;
    const id = `${entry.facts.cloud}\u0000${v.value}`;
    const g = groups.get(id) ?? { cloud: entry.facts.cloud, value: v.value, entries: [] };
    g.entries.push(entry);
    groups.set(id, g);
  }
  return { groups, unknown };
}

function ceilingSum(entries: readonly EndpointEntry[]): { known: number; unknown: Unknown[] } {
  let known = 0;
  const unknown: Unknown[] = [];
  for (const e of entries) {
    if (isUnknown(e.ceiling)) unknown.push(e.ceiling);
    else if (e.ceiling !== undefined) known += e.ceiling;
  }
  return { known: Math.round(known * 100) / 100, unknown };
}

const subject = (r: StackResource) => ({ name: r.name, urn: r.urn });
const names = (entries: readonly EndpointEntry[]) => entries.map((e) => e.resource.name).join(", ");
const filterLabel = (cloud: Cloud, key: string, value: string) =>
  cloud === "aws" ? awsTagFilterValue(key, value) : `tag ${key} = ${value}`;

// ---- cost-ceiling-has-budget-alarm -------------------------------------------------------------

/**
 * Rule 4: every outcome with a gated endpoint has, on each cloud it runs on, a monthly budget
 * filtered on its outcome tag whose amount is no more than the sum of the outcome's ceilings, with
 * an ACTUAL notification at or below 100% and a FORECASTED one, each with a subscriber.
 */
export function budgetCoverageRule(
  resources: readonly StackResource[],
  s: GovernanceSettings,
): StackFinding[] {
  const entries = endpointEntries(resources, s);
  const budgets = resources.map(describeBudget).filter((b): b is BudgetFacts => b !== undefined);
  const { groups, unknown } = groupBy(entries, s.keys.outcome);
  const out: StackFinding[] = [];
  for (const { entry, unknown: u } of unknown) {
    if (entry.gate === "not-gated") continue;
    out.push({
      urn: entry.resource.urn,
      subjects: [subject(entry.resource)],
      violations: [],
      undecided: [
        `${s.keys.outcome} is not known until the update (${u.path}); its budget alarm is checked then`,
      ],
    });
  }
  for (const g of [...groups.values()].sort((a, b) => a.value.localeCompare(b.value))) {
    const gated = g.entries.filter((e) => e.gate !== "not-gated");
    // An endpoint whose outcome is unknown may belong to this outcome and add to its ceilings.
    const asideCeilings = unknown
      .filter((u) => u.entry.facts.cloud === g.cloud && u.entry.ceiling !== undefined)
      .map((u) => u.unknown);
    if (gated.length === 0) continue;
    const allMaybe = gated.every((e) => e.gate === "maybe");
    const sum = ceilingSum(g.entries);
    const sumKnown = sum.known > 0 ? sum.known : undefined;
    const label = filterLabel(g.cloud, s.keys.outcome, g.value);
    const candidates = budgets
      .filter((b) => b.cloud === g.cloud)
      .map((b) => ({ b, match: budgetFiltersOn(b, s.keys.outcome, g.value) }))
      .filter((c) => c.match !== "no");
    const endpointSubjects = gated.map((e) => subject(e.resource));
    const first = gated[0]!.resource;
    const who = `outcome "${g.value}" (${gated.length} gated endpoint${gated.length === 1 ? "" : "s"} on ${g.cloud}: ${names(gated)})`;
    const verdicts = candidates.map(({ b, match }) => {
      const problems = budgetAlarmProblems(b, sumKnown);
      // Unknown ceilings only add to the sum, so an amount above the known sum is undecided.
      const amountPending =
        sum.unknown.length + asideCeilings.length > 0 &&
        problems.some((p) => p.startsWith("its amount"));
      const decided = problems.filter((p) => !(amountPending && p.startsWith("its amount")));
      const pending = match === "maybe" || amountPending || b.unknowns.length > 0;
      return { b, match, problems: decided, pending };
    });
    if (verdicts.some((v) => v.match === "yes" && v.problems.length === 0 && !v.pending)) continue;
    const subjects = [...endpointSubjects, ...verdicts.map((v) => subject(v.b.resource))];
    // A budget with no decided problem but an unknown value may still turn out to fit.
    const mayFit = verdicts.filter((v) => v.pending && v.problems.length === 0);
    const matched = verdicts.filter((v) => v.match === "yes" && v.problems.length > 0);
    const problemText =
      matched.length > 0
        ? matched.map((v) => `budget ${v.b.resource.name}: ${v.problems.join("; ")}`).join("; ")
        : `no budget filtered on ${label}`;
    if (mayFit.length > 0 || allMaybe) {
      const notes = mayFit.map((v) => {
        const what = unknownsIn([v.b.filterUnknowns, v.b.unknowns, sum.unknown, asideCeilings]);
        return `budget ${v.b.resource.name} may cover ${who}, but ${describeUnknowns(what)} ${what.length === 1 ? "is" : "are"} not known until the update; checked then`;
      });
      if (allMaybe && mayFit.length === 0) {
        notes.push(
          `the models of ${names(gated)} are not known until the update; if one is gated, ${who}: ${problemText}`,
        );
      }
      out.push({
        urn: (mayFit[0]?.b.resource ?? first).urn,
        subjects,
        violations: [],
        undecided: notes,
      });
      continue;
    }
    if (matched.length === 0) {
      out.push({
        urn: first.urn,
        subjects,
        violations: [
          `${who} has no budget filtered on ${label}: add a monthly budget of at most ${sumKnown !== undefined ? formatUsd(sumKnown) : "the sum of its ceilings"} with an ACTUAL notification at 100% and a FORECASTED one, each with a subscriber`,
        ],
        undecided: [],
      });
      continue;
    }
    for (const v of matched) {
      out.push({
        urn: v.b.resource.urn,
        subjects,
        violations: [`budget ${v.b.resource.name} for ${who}: ${v.problems.join("; ")}`],
        undecided: [],
      });
    }
  }
  return out;
}

// ---- team-ceilings-within-team-budget ----------------------------------------------------------

/**
 * Rule: where a team has a team budget (filtered on its team tag), the monthly ceilings of the
 * team's endpoints on that cloud add up to no more than the budget's monthly amount.
 */
export function teamBudgetRule(
  resources: readonly StackResource[],
  s: GovernanceSettings,
): StackFinding[] {
  const entries = endpointEntries(resources, s);
  const budgets = resources.map(describeBudget).filter((b): b is BudgetFacts => b !== undefined);
  const { groups, unknown } = groupBy(entries, s.keys.team);
  const out: StackFinding[] = [];
  const keys: TagKeys = s.keys;
  for (const g of [...groups.values()].sort((a, b) => a.value.localeCompare(b.value))) {
    const sum = ceilingSum(g.entries);
    const teamUnknown = unknown.filter((u) => u.entry.facts.cloud === g.cloud);
    for (const b of budgets.filter((x) => x.cloud === g.cloud)) {
      const match = budgetFiltersOn(b, keys.team, g.value);
      if (match === "no") continue;
      const subjects = [subject(b.resource), ...g.entries.map((e) => subject(e.resource))];
      const monthly =
        b.amountUsd !== undefined && b.months !== undefined ? b.amountUsd / b.months : undefined;
      const over = monthly !== undefined && sum.known > monthly;
      const label = `team "${g.value}"'s endpoints on ${g.cloud} (${names(g.entries)}) declare ceilings totalling ${formatUsd(sum.known)} per month`;
      if (match === "yes" && over) {
        out.push({
          urn: b.resource.urn,
          subjects,
          violations: [
            `${label}, above the ${formatUsd(monthly)} monthly amount of team budget ${b.resource.name}${b.months !== 1 ? ` (${formatUsd(b.amountUsd ?? 0)} ${b.period})` : ""}: lower the endpoints' ceilings or raise the team budget`,
          ],
          undecided: [],
        });
        continue;
      }
      const pending = unknownsIn([
        match === "maybe" ? b.filterUnknowns : [],
        monthly === undefined ? b.unknowns : [],
        over ? [] : sum.unknown,
        over ? [] : teamUnknown.map((u) => u.unknown),
      ]);
      if (pending.length > 0) {
        out.push({
          urn: b.resource.urn,
          subjects,
          violations: [],
          undecided: [
            `team budget ${b.resource.name}${monthly !== undefined ? ` (${formatUsd(monthly)} a month)` : ""} against the ceilings of team "${g.value}"'s endpoints on ${g.cloud} (${names(g.entries)}), of which the known ones total ${formatUsd(sum.known)}: ${describeUnknowns(pending)} ${pending.length === 1 ? "is" : "are"} not known until the update; checked then`,
          ],
        });
      }
    }
  }
  return out;
}
