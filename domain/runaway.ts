/**
 * Runaway guards: alarms that act in minutes, where budgets act in hours. AWS Budgets and Azure
 * Cost Management refresh a few times a day, so a runaway script spends for hours before a budget
 * notices. A runaway alarm watches an endpoint's own usage and fires when it runs at a rate that
 * would use the whole monthly ceiling in N days (default {@link DEFAULT_RUNAWAY_DAYS}).
 *
 * AWS: CloudWatch alarm on a metric-math spend expression over the endpoint's `InputTokenCount`
 * and `OutputTokenCount` (namespace `AWS/Bedrock`, dimension `ModelId` = the application
 * inference profile's id), priced at the catalog price. Azure: Azure Monitor metric alert on the
 * `Total Tokens` metric API Management emits (`llm-emit-token-metric`) per outcome, with every token
 * priced at the dearest output price of the outcome's models (the lowest token count, so the
 * alert fires early rather than late).
 *
 * Also the rule both the components and the policy pack apply: a premium on-demand endpoint needs a
 * hard stop or a runaway alarm ({@link needsRunawayGuard}).
 */
import type { Tier } from "./catalog";
import { isComponentType, parentTypeOf } from "./endpoints";
import { normalizeType, GUARD_TYPES, RESOURCE_TYPES } from "./registry/tokens";
import type { HardStop } from "./governance";
import { readTag, type TagKeys } from "./tags";

/** N: the days in which the alarmed spend rate would use the monthly ceiling. */
export const DEFAULT_RUNAWAY_DAYS = 7;
/** The allowed range of N, in days. */
export const RUNAWAY_DAYS_RANGE = { min: 1, max: 30 } as const;

const SECONDS_PER_DAY = 86_400;
const MINUTES_PER_DAY = 1_440;

/** The Bedrock runtime metrics the AWS alarm reads. */
export const BEDROCK_METRICS = {
  namespace: "AWS/Bedrock",
  dimension: "ModelId",
  inputTokens: "InputTokenCount",
  outputTokens: "OutputTokenCount",
} as const;

/**
 * How the AWS alarm evaluates: 5-minute sums, alarm when 3 periods in a row are above the
 * threshold (a sustained rate, not one burst), so it fires about 15 minutes into a runaway.
 */
export const AWS_RUNAWAY_EVALUATION = {
  periodSeconds: 300,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
} as const;

/** How the Azure alert evaluates: the sum over a 15-minute window, every 5 minutes. */
export const AZURE_RUNAWAY_EVALUATION = {
  windowMinutes: 15,
  windowSize: "PT15M",
  evaluationFrequency: "PT5M",
} as const;

/** The metric API Management emits for an LLM API, and the namespace OutcomeGuard emits it in. */
export const APIM_TOKEN_METRIC = {
  namespace: "outcomeguard",
  totalTokens: "Total Tokens",
} as const;

/** Why N days is not allowed, or undefined when it is. */
export function runawayDaysProblem(days: number): string | undefined {
  const { min, max } = RUNAWAY_DAYS_RANGE;
  if (!Number.isInteger(days) || days < min || days > max) {
    return `must be a whole number of days from ${min} to ${max} (the spend rate that alarms is the one that would use the monthly ceiling in that many days)`;
  }
  return undefined;
}

function checkInputs(ceilingUsd: number, days: number): void {
  if (!(Number.isFinite(ceilingUsd) && ceilingUsd > 0)) {
    throw new RangeError(`a runaway threshold needs a positive ceiling, got ${ceilingUsd}`);
  }
  const problem = runawayDaysProblem(days);
  if (problem) throw new RangeError(`days ${problem}`);
}

/** Round down to 6 decimals: a threshold a hair low alarms a hair early, never late. */
const floor6 = (n: number) => Math.floor(n * 1e6 * (1 + 1e-12)) / 1e6;

export interface AwsRunawayThreshold {
  /** USD per evaluation period above which a period breaches. */
  readonly usdPerPeriod: number;
  readonly periodSeconds: number;
  /** CloudWatch metric math: USD spent in a period, from the two token sums. */
  readonly expression: string;
  /** Ids of the two token metrics inside {@link expression}. */
  readonly inputId: string;
  readonly outputId: string;
  readonly assumptions: readonly string[];
}

/**
 * The AWS runaway threshold: the spend per period (5 minutes) at which the monthly ceiling would be
 * used in `days` days, i.e. `ceiling / (days × 86,400 / period)`, and the metric-math expression
 * that turns the period's token sums into USD at the model's price per 1M tokens.
 */
export function awsRunawayThreshold(input: {
  readonly ceilingUsd: number;
  readonly inputPer1M: number;
  readonly outputPer1M: number;
  readonly days: number;
}): AwsRunawayThreshold {
  checkInputs(input.ceilingUsd, input.days);
  const { periodSeconds } = AWS_RUNAWAY_EVALUATION;
  const periods = (input.days * SECONDS_PER_DAY) / periodSeconds;
  const inputId = "input_tokens";
  const outputId = "output_tokens";
  return {
    usdPerPeriod: floor6(input.ceilingUsd / periods),
    periodSeconds,
    expression: `(${inputId} * ${input.inputPer1M} + ${outputId} * ${input.outputPer1M}) / 1000000`,
    inputId,
    outputId,
    assumptions: [
      `ceiling ${input.ceilingUsd} USD per month used in ${input.days} days = ${periods} periods of ${periodSeconds / 60} minutes`,
      `${input.inputPer1M} USD input / ${input.outputPer1M} USD output per 1M tokens`,
    ],
  };
}

export interface AzureRunawayThreshold {
  /** Tokens per window above which the alert fires. */
  readonly tokensPerWindow: number;
  readonly windowMinutes: number;
  readonly assumptions: readonly string[];
}

/**
 * The Azure runaway threshold for an outcome: the tokens per window (15 minutes) at which its
 * ceiling would be used in `days` days, every token priced at `outputPer1M` (pass the dearest
 * output price of the outcome's models): `ceiling × 1e6 / outputPer1M / (days × 1,440 / window)`,
 * rounded down, at least 1.
 */
export function azureRunawayThreshold(input: {
  readonly ceilingUsd: number;
  readonly outputPer1M: number;
  readonly days: number;
}): AzureRunawayThreshold {
  checkInputs(input.ceilingUsd, input.days);
  if (!(Number.isFinite(input.outputPer1M) && input.outputPer1M > 0)) {
    throw new RangeError(`a token threshold needs a positive price, got ${input.outputPer1M}`);
  }
  const { windowMinutes } = AZURE_RUNAWAY_EVALUATION;
  const windows = (input.days * MINUTES_PER_DAY) / windowMinutes;
  const monthlyTokens = (input.ceilingUsd * 1e6) / input.outputPer1M;
  const tokensPerWindow = Math.max(1, Math.floor((monthlyTokens / windows) * (1 + 1e-12)));
  return {
    tokensPerWindow,
    windowMinutes,
    assumptions: [
      `ceiling ${input.ceilingUsd} USD per month used in ${input.days} days = ${windows} windows of ${windowMinutes} minutes`,
      `every token at ${input.outputPer1M} USD per 1M (the dearest output price of the outcome's models)`,
    ],
  };
}

/** The id CloudWatch uses as the `ModelId` of an application inference profile: its ARN's last segment. */
export function inferenceProfileIdOf(arn: string): string {
  const i = arn.lastIndexOf("/");
  return i >= 0 ? arn.slice(i + 1) : arn;
}

/** What {@link needsRunawayGuard} reads about an endpoint. */
export interface RunawayGuardSubject {
  readonly tier: Tier;
  /** Pay per token (an on-demand profile or a Standard-family deployment), not provisioned. */
  readonly onDemand: boolean;
  readonly hardStop?: HardStop | undefined;
  /** A runaway alarm watches the endpoint's usage. */
  readonly runawayAlarm: boolean;
}

/** The tiers the rule applies to unless configured: premium. */
export const DEFAULT_RUNAWAY_GUARDED_TIERS: readonly Tier[] = ["premium"];

/**
 * Rule: an on-demand endpoint of a guarded tier (premium by default) has a hard stop or a runaway
 * alarm; true when it has neither. Provisioned capacity bounds its own spend, so it needs neither.
 */
export function needsRunawayGuard(
  e: RunawayGuardSubject,
  tiers: readonly Tier[] = DEFAULT_RUNAWAY_GUARDED_TIERS,
): boolean {
  return tiers.includes(e.tier) && e.onDemand && e.hardStop === undefined && !e.runawayAlarm;
}

/** {@link needsRunawayGuard} as an advisory message, or undefined when the endpoint is guarded. */
export function runawayGuardProblem(
  e: RunawayGuardSubject,
  tiers: readonly Tier[] = DEFAULT_RUNAWAY_GUARDED_TIERS,
): string | undefined {
  if (!needsRunawayGuard(e, tiers)) return undefined;
  return `a ${e.tier} on-demand endpoint with neither a hard stop nor a runaway alarm: budgets refresh a few times a day, so a runaway script can spend much of the monthly ceiling before any budget notices; declare a hard stop, or a runaway alarm on its usage`;
}

// ---- which endpoints of a stack a runaway alarm watches -------------------------------------------

/** A stack's resource as a stack rule sees it (its props may hold unknown markers at preview). */
export interface RunawayStackResource {
  readonly type: string;
  readonly urn: string;
  /** The parent's URN, when the resource has one. */
  readonly parent?: string | undefined;
  readonly props: Readonly<Record<string, unknown>>;
}

type Bag = Readonly<Record<string, unknown>>;
const bag = (v: unknown): Bag | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Bag) : undefined;
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** The `ModelId`s a CloudWatch alarm reads Bedrock token counts for (only plain strings). */
function bedrockTokenModelIds(alarm: Bag): { reads: boolean; modelIds: string[] } {
  const tokenMetrics: string[] = [BEDROCK_METRICS.inputTokens, BEDROCK_METRICS.outputTokens];
  const metrics = [
    ...list(alarm.metricQueries).map((q) => bag(bag(q)?.metric)),
    { namespace: alarm.namespace, metricName: alarm.metricName, dimensions: alarm.dimensions },
  ];
  let reads = false;
  const modelIds: string[] = [];
  for (const m of metrics) {
    if (m?.namespace !== BEDROCK_METRICS.namespace) continue;
    if (typeof m.metricName !== "string" || !tokenMetrics.includes(m.metricName)) continue;
    reads = true;
    const id = bag(m.dimensions)?.[BEDROCK_METRICS.dimension];
    if (typeof id === "string") modelIds.push(id);
  }
  return { reads, modelIds };
}

/** The outcome ids an Azure metric alert watches the emitted token metric for. */
function meteredOutcomes(alert: Bag): string[] {
  const outcomes: string[] = [];
  for (const c of list(bag(alert.criteria)?.allOf)) {
    const criterion = bag(c);
    if (criterion?.metricName !== APIM_TOKEN_METRIC.totalTokens) continue;
    if (criterion.metricNamespace !== APIM_TOKEN_METRIC.namespace) continue;
    for (const d of list(criterion.dimensions)) {
      const dim = bag(d);
      if (dim?.name !== "outcome" || dim.operator !== "Include") continue;
      for (const v of list(dim.values)) if (typeof v === "string") outcomes.push(v);
    }
  }
  return outcomes;
}

/**
 * The URNs of the endpoints a runaway alarm watches, for {@link RunawayGuardSubject.runawayAlarm}:
 * - an application inference profile, by a CloudWatch alarm on `AWS/Bedrock` token counts whose
 *   `ModelId` is the profile's id (the last segment of its `arn`), or, while the id is not known
 *   (preview), by such an alarm below the OutcomeGuard component that is the profile's parent (as
 *   `AwsAiTeam` puts one under each endpoint);
 * - an Azure deployment, by an Azure Monitor metric alert on OutcomeGuard's emitted `Total Tokens`
 *   that includes the deployment's outcome (its outcome tag), of the same team when the alert
 *   carries a team tag.
 * Pass every resource of the stack, components included (the parent chain goes through them).
 */
export function runawayAlarmedEndpoints(
  resources: readonly RunawayStackResource[],
  keys: TagKeys,
): ReadonlySet<string> {
  const parentOf = new Map(resources.map((r) => [r.urn, r.parent]));
  const ancestors = (urn: string): Set<string> => {
    const out = new Set<string>();
    for (let p = parentOf.get(urn); p !== undefined && !out.has(p); p = parentOf.get(p)) out.add(p);
    return out;
  };
  const awsAlarms = resources
    .filter((r) => normalizeType(r.type) === GUARD_TYPES.cloudwatchMetricAlarm)
    .map((r) => ({ ...bedrockTokenModelIds(r.props), above: ancestors(r.urn) }))
    .filter((a) => a.reads);
  const azureAlerts = resources
    .filter((r) => normalizeType(r.type) === GUARD_TYPES.azureMetricAlert)
    .map((r) => ({ outcomes: meteredOutcomes(r.props), team: readTag(r.props.tags, keys.team) }));

  const watched = new Set<string>();
  for (const r of resources) {
    if (normalizeType(r.type) === RESOURCE_TYPES.bedrockInferenceProfile) {
      const arn = r.props.arn;
      const id = typeof arn === "string" ? inferenceProfileIdOf(arn) : undefined;
      const parent = r.parent;
      const ownComponent =
        parent !== undefined && isComponentType(parentTypeOf(r.urn, parent)) ? parent : undefined;
      const byId = id !== undefined && awsAlarms.some((a) => a.modelIds.includes(id));
      const byPlace =
        ownComponent !== undefined && awsAlarms.some((a) => a.above.has(ownComponent));
      if (byId || byPlace) watched.add(r.urn);
    } else if (normalizeType(r.type) === RESOURCE_TYPES.azureDeployment) {
      const outcome = readTag(r.props.tags, keys.outcome);
      const team = readTag(r.props.tags, keys.team);
      if (
        outcome !== undefined &&
        azureAlerts.some(
          (a) => a.outcomes.includes(outcome) && (a.team === undefined || a.team === team),
        )
      ) {
        watched.add(r.urn);
      }
    }
  }
  return watched;
}
