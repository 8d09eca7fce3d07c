/**
 * What the spend report is made of: the endpoints a stack declares and the billed spend, as the
 * allocation reads them; the rows, outcome and team summaries and totals it returns; and the
 * per-resource decisions those need (tag completeness, percent of ceiling). Pure, no I/O.
 */
import { TIERS, type Classification, type Tier } from "./catalog";
import type { DailySpend, UntaggedSource } from "./finance";
import type { AiService } from "./focus";
import { tierLabelProblem, type HardStop } from "./governance";
import { findKpi } from "./kpis";
import { isIsoDate, OUTCOME_ID_PATTERN } from "./outcome";
import type { NoProjection, SpendProjection } from "./projection";
import {
  COST_ALLOCATION_FIELDS,
  parseCeilingTag,
  validateTags,
  type Cloud,
  type TagKeys,
} from "./tags";

/** The outcome id spend without an outcome tag is reported under: the shadow AI spend. */
export const UNTAGGED = "untagged";

export type TriState = "yes" | "no" | "unknown";
/** How much of an outcome's endpoints something covers. */
export type Coverage = "yes" | "partial" | "no" | "unknown";

/** Tags as read from a resource: known values, plus what a preview cannot know yet. */
export interface ObservedTags {
  readonly values: Readonly<Record<string, string>>;
  /** Keys whose value is computed at deploy time. */
  readonly unknownKeys: readonly string[];
  /** The whole tag map is computed (one computed value makes the map unknown in a preview). */
  readonly wholeMapUnknown: boolean;
}

export interface TagCompleteness {
  readonly complete: TriState;
  /** One line per missing or malformed cost-allocation tag. */
  readonly problems: readonly string[];
}

/**
 * Whether an endpoint carries every cost-allocation tag finance groups the bill by, each well
 * formed: team, outcome (a slug), outcome statement, KPI (from the catalog), monthly ceiling (a
 * positive number), model tier (matching the catalog), cost center and review date (YYYY-MM-DD),
 * and the whole set valid on the cloud.
 */
export function tagCompleteness(
  tags: ObservedTags,
  keys: TagKeys,
  cloud: Cloud,
  model: Classification,
): TagCompleteness {
  if (tags.wholeMapUnknown) {
    return {
      complete: "unknown",
      problems: ["the tags are computed at deploy time, so a preview cannot check them"],
    };
  }
  const problems: string[] = [];
  let unknown = false;
  const unknownKeys = new Set(tags.unknownKeys);
  for (const field of COST_ALLOCATION_FIELDS) {
    const key = keys[field];
    if (unknownKeys.has(key)) {
      unknown = true;
      continue;
    }
    const value = tags.values[key];
    if (value === undefined || value.trim() === "") {
      problems.push(`missing ${key}`);
      continue;
    }
    switch (field) {
      case "outcome":
        if (!OUTCOME_ID_PATTERN.test(value))
          problems.push(`${key} "${value}" is not a slug (lowercase letters, digits, hyphens)`);
        break;
      case "kpi":
        if (findKpi(value) === undefined)
          problems.push(`${key} "${value}" is not a KPI from the catalog`);
        break;
      case "costCeilingUsd":
        if (parseCeilingTag(value) === undefined)
          problems.push(`${key} "${value}" is not a positive number in digits (e.g. 5000)`);
        break;
      case "reviewBy":
        if (!isIsoDate(value)) problems.push(`${key} "${value}" is not a date written YYYY-MM-DD`);
        break;
      case "modelTier": {
        if (!(TIERS as readonly string[]).includes(value)) {
          problems.push(`${key} "${value}" is not one of ${TIERS.join(", ")}`);
        } else {
          const mismatch = tierLabelProblem(tags.values, keys, model);
          if (mismatch) problems.push(mismatch);
        }
        break;
      }
      default:
        break;
    }
  }
  for (const issue of validateTags(cloud, tags.values)) {
    problems.push(`${issue.key === "*" ? "tags" : issue.key}: ${issue.problem}`);
  }
  return {
    complete: problems.length > 0 ? "no" : unknown ? "unknown" : "yes",
    problems,
  };
}

/** An AI endpoint a stack declares, with what the report needs to know about it. */
export interface ReportEndpoint {
  readonly urn: string;
  /** The resource's logical name. */
  readonly resource: string;
  readonly resourceType: string;
  readonly cloud: Cloud;
  readonly team?: string;
  /** The `ai-outcome` tag; undefined when the endpoint has none (untagged). */
  readonly outcome?: string;
  readonly kpi?: string;
  /** The model identifier as declared ("" when none is). */
  readonly model: string;
  /** The catalog's name for the model, or the identifier when it is not in the catalog. */
  readonly modelName: string;
  readonly tier: Tier;
  readonly ceilingUsd?: number;
  readonly projectedMax: SpendProjection | NoProjection;
  readonly budgetAlarm: TriState;
  readonly hardStop?: HardStop;
  readonly tags: TagCompleteness;
  /** Identifiers a bill may use for this endpoint (ARNs, resource ids), any case. */
  readonly billingIds: readonly string[];
  /** The `ai-cost-center` tag. */
  readonly costCenter?: string;
  /** The stack that declares the endpoint, when a report reads several. */
  readonly stack?: string;
}

/** One AI line of a bill, already recognised and read. */
export interface SpendLine {
  /** Where the line is in its file, for messages. */
  readonly line: number;
  readonly cloud: Cloud;
  readonly service: AiService;
  readonly serviceName: string;
  /** The model, when the bill names it (Bedrock Marketplace lines). */
  readonly model?: string;
  readonly resourceId?: string;
  /** The line's `ai-outcome` tag; undefined when it has none. */
  readonly outcome?: string;
  readonly team?: string;
  readonly costCenter?: string;
  /** FOCUS SubAccountId (AWS account, Azure subscription) and RegionId, when the bill has them. */
  readonly account?: string;
  readonly region?: string;
  /** The charge day (UTC, `YYYY-MM-DD`), for daily and monthly views. */
  readonly day?: string;
  /** How many billing lines this line stands for (a bill aggregated per day); default 1. */
  readonly count?: number;
  /** FOCUS EffectiveCost: what the line costs after discounts and amortisation, USD. */
  readonly effectiveCostUsd: number;
  /** FOCUS BilledCost, USD. */
  readonly billedCostUsd: number;
}

export interface SpendInput {
  readonly lines: readonly SpendLine[];
  /** The calendar months (`YYYY-MM`) the bill covers; the monthly ceiling is multiplied by their count. */
  readonly months: readonly string[];
}

/** One line of the detailed report: an endpoint, or billed spend no endpoint can take. */
export interface AllocationRow {
  readonly kind: "endpoint" | "billed";
  readonly team: string;
  readonly outcome: string;
  readonly untagged: boolean;
  readonly kpi: string;
  /** Endpoint: its logical name. Billed: the bill's ResourceId, or the service when there is none. */
  readonly resource: string;
  readonly urn?: string;
  readonly cloud: Cloud;
  readonly model: string;
  readonly modelName: string;
  /** Billed rows: the bill's ServiceName. */
  readonly service?: string;
  readonly tier?: Tier;
  readonly ceilingUsd?: number;
  readonly projectedMaxUsd?: number;
  /** Why there is no projected maximum, or the assumptions behind it. */
  readonly projectedMaxBasis: readonly string[];
  readonly budgetAlarm?: TriState;
  readonly hardStop?: HardStop;
  readonly tagsComplete?: TriState;
  readonly tagProblems: readonly string[];
  readonly costCenter?: string;
  readonly stack?: string;
  /** Only when spend was given. */
  readonly actualUsd?: number;
  readonly billedUsd?: number;
  readonly pctOfCeiling?: number;
  readonly billingLines: number;
}

export interface Totals {
  readonly outcomes: number;
  readonly endpoints: number;
  /** Sum of the declared monthly ceilings. */
  readonly ceilingUsd: number;
  readonly endpointsWithoutCeiling: number;
  /** Sum of the projected maximums that can be computed. */
  readonly projectedMaxUsd: number;
  /** Endpoints with no projected maximum (on-demand, or no price): their spend has no upper bound. */
  readonly uncappedEndpoints: number;
  readonly actualUsd?: number;
  readonly untaggedActualUsd?: number;
  readonly pctOfCeiling?: number;
}

export interface OutcomeSummary {
  readonly team: string;
  readonly outcome: string;
  readonly untagged: boolean;
  /** Whether the stack declares endpoints for this outcome (false: seen only in the bill). */
  readonly inStack: boolean;
  readonly kpi: string;
  readonly endpoints: ReadonlyArray<{
    readonly resource: string;
    readonly cloud: Cloud;
    readonly model: string;
    readonly modelName: string;
    readonly tier: Tier;
  }>;
  readonly budgetAlarm: Coverage;
  readonly hardStop: Coverage;
  readonly hardStopKinds: readonly HardStop[];
  readonly tagsComplete: Coverage;
  readonly totals: Totals;
}

/** A team's line of the summary: its name and totals, as an outcome's are. */
export type TeamSummary = Pick<OutcomeSummary, "team" | "totals">;

export interface Allocation {
  readonly rows: readonly AllocationRow[];
  readonly outcomes: readonly OutcomeSummary[];
  readonly teams: readonly TeamSummary[];
  readonly total: Totals;
  /** Months the ceilings are multiplied by when compared with actual spend; undefined without spend. */
  readonly months?: readonly string[];
  /** Allocated spend per team, outcome and charge day (lines that name their day). */
  readonly daily: readonly DailySpend[];
  /** Untagged spend by service, account and region. */
  readonly untaggedSources: readonly UntaggedSource[];
  readonly notes: readonly string[];
}

/** Percent of a monthly ceiling spent over `months` months, to one decimal; undefined with no ceiling. */
export function percentOfCeiling(
  actualUsd: number,
  ceilingUsd: number | undefined,
  months: number,
): number | undefined {
  if (ceilingUsd === undefined || !(ceilingUsd > 0) || months < 1) return undefined;
  return Math.round((actualUsd / (ceilingUsd * months)) * 1000) / 10;
}

/** How much of an outcome's endpoints a yes/no/unknown property covers. */
export function coverage(values: readonly TriState[]): Coverage {
  if (values.length === 0) return "no";
  const yes = values.filter((v) => v === "yes").length;
  if (yes === values.length) return "yes";
  if (values.some((v) => v === "unknown") && !values.some((v) => v === "no")) return "unknown";
  return yes > 0 ? "partial" : values.some((v) => v === "unknown") ? "unknown" : "no";
}
