/**
 * The governance rules as pure decisions over what a resource declares. The policy pack and the
 * components both call these, so a rule is written once.
 */
import type { Catalog, Classification, Tier } from "./catalog";
import { findKpi } from "./kpis";
import { assessOutcomeStatement, isIsoDate, OUTCOME_ID_PATTERN, reviewOverdue } from "./outcome";
import { formatUsd } from "./money";
import type { NoProjection, SpendProjection } from "./projection";
import { decodeLabelValue, parseCeilingTag, readTag, type TagIssue, type TagKeys } from "./tags";

/** What a team declares an endpoint is for; premium models are not for the simple ones. */
export const TASK_CLASSES = [
  "extraction",
  "classification",
  "summarization",
  "translation",
  "generation",
  "code",
  "research",
  "reasoning",
  "agentic",
] as const;
export type TaskClass = (typeof TASK_CLASSES)[number];

/** Tasks an economy or standard model handles; a premium model for them is spend with no return. */
export const SIMPLE_TASKS: readonly TaskClass[] = ["extraction", "classification"];

/** Highest monthly ceiling (USD) a single endpoint may declare, per tier, unless configured. */
export const DEFAULT_MAX_CEILING_USD: Readonly<Record<Tier, number>> = {
  premium: 25_000,
  standard: 10_000,
  economy: 5_000,
};

/** Tiers gated by default: those that may only run with a declared outcome and ceiling. */
export const DEFAULT_GATED_TIERS: readonly Tier[] = ["premium"];

export const HARD_STOP_VALUES = ["budget-action", "token-quota"] as const;
export type HardStop = (typeof HARD_STOP_VALUES)[number];

/** The value a declared hard stop tag carries, or undefined when none is declared. */
export function declaredHardStop(tags: unknown, keys: TagKeys): HardStop | undefined {
  const v = readTag(tags, keys.hardStop);
  return (HARD_STOP_VALUES as readonly string[]).includes(v ?? "") ? (v as HardStop) : undefined;
}

/** Rule: a gated endpoint names its team, its outcome, and an outcome statement that passes the check. */
export function outcomeTagProblems(tags: unknown, keys: TagKeys): string[] {
  return outcomeTagIssues(tags, keys).map((i) => i.problem);
}

/**
 * {@link outcomeTagProblems} with each problem attributed to the tag key it is about (`*` when
 * there are no tags at all), so a caller can set aside the problems of a key whose value is not
 * known yet.
 */
export function outcomeTagIssues(tags: unknown, keys: TagKeys): TagIssue[] {
  if (tags === null || typeof tags !== "object" || Array.isArray(tags)) {
    return [
      {
        key: "*",
        problem: `no tags: declare ${keys.team}, ${keys.outcome} and ${keys.outcomeStatement}`,
      },
    ];
  }
  const issues: TagIssue[] = [];
  const team = readTag(tags, keys.team);
  if (!team?.trim()) {
    issues.push({
      key: keys.team,
      problem: `missing ${keys.team}: which team pays for this endpoint`,
    });
  }
  const outcome = readTag(tags, keys.outcome);
  if (!outcome) {
    issues.push({
      key: keys.outcome,
      problem: `missing ${keys.outcome}: the outcome id finance groups this spend by`,
    });
  } else if (!OUTCOME_ID_PATTERN.test(outcome)) {
    issues.push({
      key: keys.outcome,
      problem: `${keys.outcome} "${outcome}" is not a slug (lowercase letters, digits and hyphens)`,
    });
  }
  const statement = readTag(tags, keys.outcomeStatement);
  if (statement === undefined) {
    issues.push({
      key: keys.outcomeStatement,
      problem: `missing ${keys.outcomeStatement}: the outcome in one clear, measurable sentence`,
    });
  } else {
    // A GCP label holds the sentence with its words joined by `_`.
    for (const p of assessOutcomeStatement(decodeLabelValue(statement)).problems)
      issues.push({ key: keys.outcomeStatement, problem: `${keys.outcomeStatement}: ${p}` });
  }
  const kpi = readTag(tags, keys.kpi);
  // A GCP label cannot hold the KPI's dot: `support_time-to-resolution` is `support.time-to-resolution`.
  if (kpi !== undefined && (findKpi(kpi) ?? findKpi(kpi.replace("_", "."))) === undefined) {
    issues.push({ key: keys.kpi, problem: `${keys.kpi} "${kpi}" is not a KPI from the catalog` });
  }
  return issues;
}

/** Rule: the tier label on a resource matches the catalog (the catalog decides, never the tag). */
export function tierLabelProblem(
  tags: unknown,
  keys: TagKeys,
  model: Classification,
): string | undefined {
  const label = readTag(tags, keys.modelTier);
  if (label === undefined || label === model.tier) return undefined;
  return `${keys.modelTier} says "${label}" but ${model.reason}; the catalog decides the tier, so fix the tag`;
}

/** The problem with a declared ceiling value that is not a positive number in digits. */
export function ceilingFormatProblem(raw: unknown, keys: TagKeys): string {
  return `${keys.costCeilingUsd} is ${JSON.stringify(raw)}; it must be a positive number in digits (e.g. 5000)`;
}

/** Rule: a gated endpoint declares a monthly cost ceiling, a positive number, within the tier's maximum. */
export function ceilingProblems(
  tags: unknown,
  keys: TagKeys,
  tier: Tier,
  maxCeilingUsd: Readonly<Record<Tier, number>>,
): string[] {
  const raw =
    tags !== null && typeof tags === "object"
      ? (tags as Record<string, unknown>)[keys.costCeilingUsd]
      : undefined;
  if (raw === undefined)
    return [
      `missing ${keys.costCeilingUsd}: the monthly cost ceiling in USD, in digits (e.g. 5000)`,
    ];
  const ceiling = parseCeilingTag(raw);
  if (ceiling === undefined) return [ceilingFormatProblem(raw, keys)];
  const max = maxCeilingUsd[tier];
  if (ceiling > max) {
    return [
      `${keys.costCeilingUsd} ${formatUsd(ceiling)} is above the ${formatUsd(max)} maximum for a ${tier} endpoint`,
    ];
  }
  return [];
}

/** Rule: the most an endpoint can spend stays within its ceiling, unless a hard stop caps it. */
export function projectedSpendProblem(
  projection: SpendProjection | NoProjection,
  ceilingUsd: number | undefined,
  hardStop: HardStop | undefined,
): string | undefined {
  if (hardStop) return undefined;
  if (projection.usd === undefined) {
    return `cannot project the maximum monthly spend: ${projection.reason}; declare a hard stop or make the price known`;
  }
  if (ceilingUsd === undefined) {
    return `projected maximum ${formatUsd(projection.usd)} per month has no ceiling to be checked against`;
  }
  if (projection.usd <= ceilingUsd) return undefined;
  return (
    `projected maximum ${formatUsd(projection.usd)} per month exceeds the ${formatUsd(ceilingUsd)} ceiling ` +
    `(${projection.assumptions.join("; ")}); lower the capacity, raise the ceiling within the tier maximum, or declare a hard stop`
  );
}

/** Whether a declared task class is one of the {@link SIMPLE_TASKS}. */
export function isSimpleTask(taskClass: unknown): taskClass is TaskClass {
  return typeof taskClass === "string" && (SIMPLE_TASKS as readonly string[]).includes(taskClass);
}

/** Rule (advisory): a premium model for a simple task is flagged. */
export function tierFitProblem(taskClass: unknown, tier: Tier): string | undefined {
  if (tier !== "premium" || !isSimpleTask(taskClass)) return undefined;
  return `a premium model for ${/^[aeiou]/.test(taskClass) ? "an" : "a"} ${taskClass} task: an economy model (e.g. Claude Haiku, Nova Lite, GPT-4o mini) handles ${taskClass} at a fraction of the price`;
}

/** Rule (advisory): an outcome past its review date needs to be re-confirmed. */
export function reviewDateProblem(tags: unknown, keys: TagKeys, today: string): string | undefined {
  const reviewBy = readTag(tags, keys.reviewBy);
  if (reviewBy === undefined) return undefined;
  if (!isIsoDate(reviewBy))
    return `${keys.reviewBy} "${reviewBy}" is not a date written YYYY-MM-DD`;
  if (reviewOverdue(reviewBy, today)) {
    return `the outcome was due for review on ${reviewBy}: confirm it is still being met, or retire the endpoint`;
  }
  return undefined;
}

export interface GovernanceSettings {
  readonly keys: TagKeys;
  readonly catalog: Catalog;
  readonly gatedTiers: readonly Tier[];
  readonly maxCeilingUsd: Readonly<Record<Tier, number>>;
}

export function isGated(tier: Tier, settings: Pick<GovernanceSettings, "gatedTiers">): boolean {
  return settings.gatedTiers.includes(tier);
}
