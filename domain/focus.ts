/**
 * FOCUS billing data (FinOps Open Cost and Usage Specification 1.x): which lines are AI spend, and
 * which outcome a line's tags name. Pure decisions; reading the CSV is the CLI's job.
 */
import type { Cloud } from "./tags";

/** Columns a FOCUS export must have for the spend-by-outcome report. */
export const FOCUS_REQUIRED_COLUMNS = [
  "BilledCost",
  "EffectiveCost",
  "BillingCurrency",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "ServiceName",
  "ResourceId",
  "Tags",
] as const;
export type FocusRequiredColumn = (typeof FOCUS_REQUIRED_COLUMNS)[number];

/** The AI services OutcomeGuard recognises in a bill. */
export const AI_SERVICES = [
  "amazon-bedrock",
  "bedrock-marketplace",
  "amazon-sagemaker",
  "azure-openai",
  "azure-ai-services",
  "azure-ai-foundry",
  "azure-machine-learning",
] as const;
export type AiService = (typeof AI_SERVICES)[number];

export interface AiSpendRecognition {
  readonly service: AiService;
  readonly cloud: Cloud;
  /** For Bedrock Marketplace lines, the model named in the service ("Claude 3.5 Sonnet"). */
  readonly model?: string;
  /** Why the line counts as AI spend, for a report's notes. */
  readonly reason: string;
}

/** What identifies a billing line's service and resource. */
export interface BillingLineIdentity {
  readonly serviceName: string;
  readonly resourceId?: string;
  /** FOCUS `x_ServiceCode` (AWS), when the export has it. */
  readonly serviceCode?: string;
}

/** Marketplace models sold through Bedrock: `<model> (Amazon Bedrock Edition)`; group 1 is the model. */
export const MARKETPLACE_BEDROCK = /^(.*?)\s*\(Amazon Bedrock Edition\)\s*$/i;

/** One way a line is recognised as AI spend; the patterns are also valid RE2 (SQL engines). */
export type AiSpendRule = readonly [RegExp, AiService, Cloud];

const BY_SERVICE_NAME: readonly AiSpendRule[] = [
  [/^amazon bedrock\b/i, "amazon-bedrock", "aws"],
  [/^amazon sagemaker\b/i, "amazon-sagemaker", "aws"],
  [/^azure openai\b/i, "azure-openai", "azure"],
  [/^(?:azure )?cognitive services?\b/i, "azure-ai-services", "azure"],
  [/^azure ai services?\b/i, "azure-ai-services", "azure"],
  [/\bfoundry\b/i, "azure-ai-foundry", "azure"],
  [/^azure machine learning\b/i, "azure-machine-learning", "azure"],
];

const BY_SERVICE_CODE: readonly AiSpendRule[] = [
  [/^AmazonBedrock\w*$/, "amazon-bedrock", "aws"],
  [/^AmazonSageMaker$/, "amazon-sagemaker", "aws"],
];

const BY_RESOURCE_ID: readonly AiSpendRule[] = [
  [/^arn:aws[\w-]*:bedrock:/i, "amazon-bedrock", "aws"],
  [/^arn:aws[\w-]*:sagemaker:/i, "amazon-sagemaker", "aws"],
  [/\/providers\/microsoft\.cognitiveservices\//i, "azure-ai-services", "azure"],
  [/\/providers\/microsoft\.machinelearningservices\//i, "azure-machine-learning", "azure"],
];

/**
 * The rules {@link recogniseAiSpend} applies, in order: the Marketplace pattern, then service
 * name, service code and resource id. Exported so a SQL query can apply the very same patterns.
 */
export const AI_SPEND_RULES = {
  serviceName: BY_SERVICE_NAME,
  serviceCode: BY_SERVICE_CODE,
  resourceId: BY_RESOURCE_ID,
} as const;

/**
 * Whether a billing line is AI spend, recognised by its service (Amazon Bedrock, including the
 * Marketplace "(Amazon Bedrock Edition)" model lines; SageMaker; Azure OpenAI, Cognitive
 * Services / AI services, AI Foundry, Azure Machine Learning) or by its resource (a Bedrock or
 * SageMaker ARN, a Cognitive Services or Machine Learning resource id). Anything else is other
 * cloud spend and undefined is returned.
 */
export function recogniseAiSpend(line: BillingLineIdentity): AiSpendRecognition | undefined {
  const service = line.serviceName.trim();
  const marketplace = MARKETPLACE_BEDROCK.exec(service);
  if (marketplace) {
    const model = marketplace[1]?.trim();
    return {
      service: "bedrock-marketplace",
      cloud: "aws",
      ...(model ? { model } : {}),
      reason: `Marketplace model sold through Amazon Bedrock ("${service}")`,
    };
  }
  for (const [pattern, ai, cloud] of BY_SERVICE_NAME) {
    if (pattern.test(service)) return { service: ai, cloud, reason: `service "${service}"` };
  }
  const code = line.serviceCode?.trim();
  if (code) {
    for (const [pattern, ai, cloud] of BY_SERVICE_CODE) {
      if (pattern.test(code)) return { service: ai, cloud, reason: `service code "${code}"` };
    }
  }
  const id = line.resourceId?.trim();
  if (id) {
    for (const [pattern, ai, cloud] of BY_RESOURCE_ID) {
      if (pattern.test(id)) return { service: ai, cloud, reason: `resource "${id}"` };
    }
  }
  return undefined;
}

/**
 * Prefixes billing exports put in front of a resource's own tag keys: AWS writes user-defined
 * cost-allocation tags as `user:<key>` and, in CUR 2.0 style maps, `resourceTags/<key>`.
 * Account tags, cost categories and user attributes are not the resource's tags and are not read.
 */
export const RESOURCE_TAG_PREFIXES = ["", "user:", "resourceTags/", "resourceTags/user:"] as const;

/**
 * A tag of the billed resource, as a billing export spells it: the key as-is, or with the prefix
 * AWS adds to user-defined tags. Keys are compared without regard to case (Azure tag names are
 * case-insensitive and exports do not keep one spelling). Empty values count as absent.
 */
export function billingTag(
  tags: Readonly<Record<string, string>>,
  key: string,
): string | undefined {
  for (const prefix of RESOURCE_TAG_PREFIXES) {
    const v = tags[`${prefix}${key}`];
    if (v !== undefined && v.trim() !== "") return v.trim();
  }
  const wanted = spellings(key);
  for (const [k, v] of Object.entries(tags)) {
    if (wanted.has(k.toLowerCase()) && v.trim() !== "") return v.trim();
  }
  return undefined;
}

const SPELLINGS = new Map<string, ReadonlySet<string>>();
/** The lower-case spellings of a key with each resource-tag prefix. */
function spellings(key: string): ReadonlySet<string> {
  let set = SPELLINGS.get(key);
  if (!set) {
    set = new Set(RESOURCE_TAG_PREFIXES.map((p) => `${p}${key}`.toLowerCase()));
    SPELLINGS.set(key, set);
  }
  return set;
}

/** A FOCUS date-time: ISO 8601, date with optional time and zone (`2026-11-01T00:00:00Z`). */
export const FOCUS_DATETIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch for a FOCUS date-time (UTC when no zone), or undefined. */
export function parseFocusDateTime(value: string): number | undefined {
  const v = value.trim();
  if (!FOCUS_DATETIME_PATTERN.test(v)) return undefined;
  let iso = v.replace(" ", "T");
  if (!/T/.test(iso)) iso += "T00:00:00";
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += "Z";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The calendar month (UTC, `YYYY-MM`) a charge period starting at `ms` is billed in. */
export function chargeMonth(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export const MONTH_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2])$/;
