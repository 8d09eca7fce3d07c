/**
 * The stack configuration: teams, outcomes, endpoints, budgets and keys declared in a stack's YAML
 * (namespace `outcomeguard:`), plus the `unmanaged` section that models shadow AI created around
 * the components. Validated with zod at the start of the program, and before it by the
 * `outcomeguard` CLI; a bad config fails with every problem named by its config path.
 *
 * Pure: no Pulumi import (the schema pieces it shares with the components come from the
 * Pulumi-free `components/schemas.ts`), so the CLI can check a config without loading the runtime.
 */
import { z } from "zod";
import {
  ApplicationInsightsIdSchema,
  AzureSkuSchema as AzureSku,
  SLUG_PATTERN as SLUG,
  TagPrefixSchema,
  TaskClassArgSchema as TaskClass,
} from "../components/schemas";
import {
  apiKeyAgeProblem,
  DEFAULT_RUNAWAY_DAYS,
  KPI_IDS,
  OUTCOME_ID_PATTERN,
  OutcomeSchema,
  runawayDaysProblem,
  type Cloud,
  type Outcome,
} from "../domain";
import { formatPath, zodProblems } from "../domain/zod-problems";

/** The config namespace: the project name in `Pulumi.yaml`. */
export const CONFIG_NAMESPACE = "outcomeguard";

export interface ConfigProblem {
  /** Where, as a config path: `outcomeguard:endpoints[1].team`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Every problem with a stack's configuration, named by path. */
export class StackConfigError extends Error {
  override readonly name = "StackConfigError";
  constructor(
    readonly problems: readonly ConfigProblem[],
    readonly source = "stack config",
  ) {
    super(
      `invalid ${source} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n"),
    );
  }
}

const slug = (what: string, example: string) =>
  z.string({ message: `must be ${what}: a slug such as ${example}` }).regex(SLUG, {
    message: `must be ${what}: lowercase letters, digits and hyphens, 1-63 characters (e.g. ${example})`,
  });

/** A reference to a declared team or outcome (checked against the declarations afterwards). */
const reference = (what: string) =>
  z.string({ message: `is required: the id of ${what}` }).min(1, { message: `names no ${what}` });

const email = z.email({ message: "must be an email address (e.g. finops@example.com)" });

/**
 * Money as a number of US dollars in digits. YAML numbers and digit strings ("5000") are accepted;
 * words ("five thousand") are not: finance reads these figures, and so does the policy pack.
 */
const usd = (what: string) =>
  z.unknown().transform((v, ctx) => {
    const n =
      typeof v === "number"
        ? v
        : typeof v === "string" && /^\d+(?:\.\d{1,2})?$/.test(v.trim())
          ? Number(v)
          : undefined;
    if (n === undefined) {
      ctx.addIssue({
        code: "custom",
        message:
          v === undefined
            ? `is required: ${what}, a number of US dollars in digits (e.g. 5000)`
            : `must be ${what} as a number of US dollars in digits (e.g. 5000), not ${JSON.stringify(v)}`,
      });
      return z.NEVER;
    }
    if (!Number.isFinite(n) || n <= 0) {
      ctx.addIssue({
        code: "custom",
        message: `must be more than 0 US dollars (got ${n}); a ceiling of 0 gates nothing`,
      });
      return z.NEVER;
    }
    if (Math.round(n * 100) !== n * 100) {
      ctx.addIssue({ code: "custom", message: `must have at most two decimals (got ${n})` });
      return z.NEVER;
    }
    return n;
  });

const wholeNumber = (what: string, min: number) =>
  z
    .number({ message: `must be ${what}, a whole number` })
    .int({ message: `must be ${what}, a whole number` })
    .min(min, { message: `must be at least ${min}` });

const tagMap = z.record(
  z.string().min(1, { message: "tag keys must not be empty" }),
  z.string({ message: "tag values must be strings (quote numbers and dates)" }),
  { message: "must be a map of tag keys to string values" },
);

const ExpectedTokens = z
  .object({
    inputTokensPerMonth: wholeNumber("input tokens per month", 0),
    outputTokensPerMonth: wholeNumber("output tokens per month", 0),
  })
  .strict();

/** A team's monthly AI budget: one figure, or one per cloud when the team uses both. */
const TeamBudget = z.union([
  usd("the team's monthly AI budget"),
  z
    .object({
      aws: usd("the team's monthly AI budget on AWS").optional(),
      azure: usd("the team's monthly AI budget on Azure").optional(),
    })
    .strict(),
]);

const TeamConfigSchema = z
  .object({
    /** Display name, e.g. "Customer Support". */
    name: z.string().trim().min(1).optional(),
    /** Becomes the cost-center tag. */
    costCenter: z
      .string({
        message: "is required: the cost center finance bills the team's AI to (e.g. CC-4100)",
      })
      .trim()
      .min(1, { message: "must not be empty" })
      .regex(/^[\p{L}\p{N}\p{Zs}+\-=._:/@]*$/u, {
        message: "may contain only letters, digits, spaces and + - = . _ : / @ (it becomes a tag)",
      }),
    /**
     * The team's monthly AI budget (a budget alarm on the team tag). Each outcome also gets a
     * budget alarm, derived from its endpoints' ceilings by the components.
     */
    monthlyBudgetUsd: TeamBudget,
    /** Who hears the team's budget alarms. */
    notify: z.array(email, { message: "must be a list of email addresses" }).min(1, {
      message: "must list at least one email address: a budget nobody hears is no alarm",
    }),
  })
  .strict();

const OutcomeConfigSchema = OutcomeSchema.omit({ id: true });

const endpointCommon = {
  /** Resource name of the endpoint; unique in the stack. */
  name: slug("the endpoint's name", "support-triage"),
  team: reference("a team declared under outcomeguard:teams"),
  outcome: reference("an outcome declared under outcomeguard:outcomes"),
  model: z
    .string({
      message:
        "is required: the model (a Bedrock model id, profile id or ARN, or an Azure OpenAI model name)",
    })
    .trim()
    .min(1, { message: "must name the model" }),
  monthlyCeilingUsd: usd("the monthly cost ceiling"),
  taskClass: TaskClass,
  expectedTokens: ExpectedTokens.optional(),
};

const AwsEndpointConfigSchema = z
  .object({
    ...endpointCommon,
    cloud: z.literal("aws"),
    /** Provisioned throughput; omit for on-demand. */
    capacity: z
      .object({
        provisionedModelUnits: wholeNumber("a number of model units", 1),
        commitment: z
          .enum(["OneMonth", "SixMonths"], { message: "must be OneMonth or SixMonths" })
          .optional(),
      })
      .strict()
      .optional(),
    /**
     * `budget-action`: at 100% of the outcome's budget, a budget action denies the team key
     * (applies to every AWS endpoint of the outcome; needs the team's AWS key).
     */
    hardStop: z
      .literal("budget-action", {
        message: "must be budget-action on AWS (a budget action that denies the team key at 100%)",
      })
      .optional(),
    /** Region of the model, when not the stack's `aws:region`. */
    region: z.string().min(1).optional(),
  })
  .strict();

const AzureEndpointConfigSchema = z
  .object({
    ...endpointCommon,
    cloud: z.literal("azure"),
    capacity: z
      .object({
        sku: AzureSku,
        units: wholeNumber("capacity units (thousands of tokens per minute, or PTU)", 1),
        reserved: z.boolean().optional(),
      })
      .strict(),
    /**
     * `token-quota`: the team key's API Management quota stops the deployment at its ceiling.
     * Every Azure endpoint of a team with an Azure key has it.
     */
    hardStop: z
      .literal("token-quota", {
        message: "must be token-quota on Azure (the team key's API Management token quota)",
      })
      .optional(),
    modelVersion: z.string().min(1).optional(),
    deploymentName: z.string().min(1).optional(),
    accountName: z.string().min(2).optional(),
  })
  .strict();

const CLOUD_MESSAGE = 'must be "aws" or "azure"';
const EndpointConfigSchema = z.discriminatedUnion(
  "cloud",
  [AwsEndpointConfigSchema, AzureEndpointConfigSchema],
  { message: CLOUD_MESSAGE },
);

/** A team key on one cloud: AWS an IAM identity and Bedrock API key; Azure an APIM subscription. */
const KeyConfigSchema = z
  .object({
    team: reference("a team declared under outcomeguard:teams"),
    cloud: z.enum(["aws", "azure"], { message: CLOUD_MESSAGE }),
    /** AWS: age limit of the Bedrock API key in days (default 90, at most 365); false for no API key. */
    apiKeyMaxAgeDays: z
      .union([z.literal(false), z.unknown()])
      .superRefine((v, ctx) => {
        if (v === false) return;
        const problem = apiKeyAgeProblem(v);
        if (problem)
          ctx.addIssue({ code: "custom", message: `${problem}, or false for no API key` });
      })
      .transform((v) => v as number | false)
      .optional(),
  })
  .strict();

/** Shadow AI: resources created around the components, with raw provider resources. */
const UnmanagedConfigSchema = z.discriminatedUnion(
  "kind",
  [
    z
      .object({
        kind: z.literal("azure-openai-deployment"),
        name: slug("the resource name", "shadow-gpt"),
        accountName: z.string().min(2).optional(),
        model: z.string().min(1),
        modelVersion: z.string().min(1).optional(),
        sku: AzureSku,
        capacity: wholeNumber("capacity units", 1),
        /** Shared-key (local) auth on the account; Azure's default is on. */
        localAuth: z.boolean().default(true),
        tags: tagMap.optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("bedrock-iam-policy"),
        name: slug("the resource name", "bedrock-invoke-all"),
        actions: z.array(z.string().min(1)).min(1).default(["bedrock:InvokeModel*"]),
        resources: z.array(z.string().min(1)).min(1).default(["*"]),
        tags: tagMap.optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("bedrock-inference-profile"),
        name: slug("the resource name", "opus-profile"),
        /** Foundation-model or system inference-profile ARN to copy. */
        model: z.string().regex(/^arn:aws[\w-]*:bedrock:/, {
          message: "must be a Bedrock foundation-model or inference-profile ARN",
        }),
        tags: tagMap.optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("bedrock-provisioned-throughput"),
        name: slug("the resource name", "opus-throughput"),
        model: z.string().regex(/^arn:aws[\w-]*:bedrock:/, {
          message: "must be a Bedrock foundation-model ARN",
        }),
        modelUnits: wholeNumber("a number of model units", 1),
        commitment: z
          .enum(["OneMonth", "SixMonths"], { message: "must be OneMonth or SixMonths" })
          .optional(),
        tags: tagMap.optional(),
      })
      .strict(),
  ],
  {
    message:
      "must be one of: azure-openai-deployment, bedrock-iam-policy, bedrock-inference-profile, bedrock-provisioned-throughput",
  },
);

const AzureSettingsSchema = z
  .object({
    resourceGroupName: z
      .string({ message: "is required: the resource group of the AI accounts" })
      .min(1),
    /** Default: the stack's `azure-native:location`. */
    location: z.string().min(1).optional(),
    /** Create the resource group (default true); false to use an existing one. */
    createResourceGroup: z.boolean().default(true),
    /** Subscription the budgets watch (default: the one Pulumi deploys to). */
    subscriptionId: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
        message: "must be a subscription id (a GUID)",
      })
      .optional(),
    /** The API Management service that fronts the endpoints (needed for Azure team keys). */
    apiManagement: z
      .object({
        serviceName: z.string().min(1),
        /** Default: `resourceGroupName`. */
        resourceGroupName: z.string().min(1).optional(),
        /**
         * The Application Insights component the service sends metrics to: with it, the team keys
         * meter tokens per outcome and each outcome budget gets a runaway alert on them.
         */
        applicationInsightsId: ApplicationInsightsIdSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const AwsSettingsSchema = z
  .object({
    /** Account id, for ARNs of cross-region profiles given by id (e.g. us.anthropic...). */
    accountId: z
      .string({ message: "must be a 12-digit AWS account id in quotes" })
      .regex(/^\d{12}$/, { message: "must be a 12-digit AWS account id (quote it in YAML)" })
      .optional(),
  })
  .strict();

/**
 * Runaway alarms (AWS: a CloudWatch alarm per on-demand endpoint; Azure: a metric alert per
 * outcome, with metering): they fire when spend runs at a rate that would use the monthly ceiling
 * in `days` days.
 */
export const RunawayConfigSchema = z
  .object({
    /** N (default 7): alarm at the rate that would use the ceiling in this many days. */
    days: z
      .unknown()
      .superRefine((v, ctx) => {
        const problem = typeof v === "number" ? runawayDaysProblem(v) : runawayDaysProblem(NaN);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .transform((v) => v as number)
      .default(DEFAULT_RUNAWAY_DAYS),
    /** false: no runaway alarms (premium on-demand endpoints without a hard stop get an advisory). */
    enabled: z.boolean().default(true),
  })
  .strict();

export const StackConfigSchema = z
  .object({
    tagPrefix: TagPrefixSchema.optional(),
    runaway: RunawayConfigSchema.optional(),
    aws: AwsSettingsSchema.optional(),
    azure: AzureSettingsSchema.optional(),
    teams: z.record(slug("a team id", "customer-support"), TeamConfigSchema, {
      message: "must be a map of team ids to teams",
    }),
    outcomes: z
      .record(
        z.string().regex(OUTCOME_ID_PATTERN, {
          message:
            "outcome ids must be slugs: lowercase letters, digits and hyphens (e.g. support-ticket-deflection)",
        }),
        OutcomeConfigSchema,
        { message: "must be a map of outcome ids to outcomes" },
      )
      .default({}),
    endpoints: z
      .array(EndpointConfigSchema, { message: "must be a list of endpoints" })
      .default([]),
    keys: z.array(KeyConfigSchema, { message: "must be a list of team keys" }).default([]),
    unmanaged: z
      .array(UnmanagedConfigSchema, { message: "must be a list of unmanaged resources" })
      .default([]),
  })
  .strict();

export type StackConfig = z.output<typeof StackConfigSchema>;
export type TeamConfig = z.output<typeof TeamConfigSchema>;
export type EndpointConfig = z.output<typeof EndpointConfigSchema>;
export type KeyConfig = z.output<typeof KeyConfigSchema>;
export type UnmanagedConfig = z.output<typeof UnmanagedConfigSchema>;
export type RunawayConfig = z.output<typeof RunawayConfigSchema>;
export type { Cloud };

/** Settings from other namespaces the program needs. */
export interface ProviderSettings {
  readonly awsRegion?: string;
  readonly azureLocation?: string;
}

export interface ParsedStackConfig {
  readonly config: StackConfig;
  readonly providers: ProviderSettings;
}

const KEYS = Object.keys(StackConfigSchema.shape);
/** Keys whose value is a plain string; all others are structured (JSON). */
const STRING_KEYS = new Set(["tagPrefix"]);

const pathOf = (key: string, path: readonly PropertyKey[]): string =>
  formatPath(path, `${CONFIG_NAMESPACE}:${key}`);

/**
 * Parse the flat configuration a Pulumi program receives (`outcomeguard:teams` -> JSON text) into
 * a checked stack config, or throw {@link StackConfigError} naming every problem.
 */
export function parseStackConfig(
  flat: Readonly<Record<string, string>>,
  source?: string,
): ParsedStackConfig {
  const problems: ConfigProblem[] = [];
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(flat)) {
    if (!fullKey.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
    const key = fullKey.slice(CONFIG_NAMESPACE.length + 1);
    if (!KEYS.includes(key)) {
      problems.push({
        path: fullKey,
        message: `is not an OutcomeGuard setting; allowed: ${KEYS.map((k) => `${CONFIG_NAMESPACE}:${k}`).join(", ")}`,
      });
      continue;
    }
    if (STRING_KEYS.has(key)) {
      raw[key] = text;
      continue;
    }
    try {
      raw[key] = JSON.parse(text);
    } catch {
      problems.push({
        path: fullKey,
        message: `must be structured YAML (a map or a list), not the text ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)}`,
      });
    }
  }
  const unreadable = new Set(problems.map((p) => p.path.slice(CONFIG_NAMESPACE.length + 1)));

  const parsed = StackConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const p of zodProblems(StackConfigSchema, parsed.error, raw)) {
      const [key, ...rest] = p.path;
      if (key !== undefined && unreadable.has(String(key))) continue;
      if (p.kind === "unknown-key" && rest.length === 0) {
        problems.push({
          path: `${CONFIG_NAMESPACE}:${String(key)}`,
          message: "is not an OutcomeGuard setting",
        });
        continue;
      }
      if (key === undefined) {
        problems.push({ path: `${CONFIG_NAMESPACE}:*`, message: p.message });
        continue;
      }
      if (p.kind === "unknown-key") {
        problems.push({
          path: pathOf(String(key), rest),
          message: `is not a setting here${p.allowed?.length ? `; allowed: ${p.allowed.join(", ")}` : ""}`,
        });
        continue;
      }
      let message = p.message;
      if (String(rest[rest.length - 1]) === "kpi" && !/KPI|catalog/.test(message)) {
        message = `${message}; KPIs: ${KPI_IDS.join(", ")}`;
      }
      if (key === "teams" && rest.length === 0 && p.code === "invalid_type") {
        message = `is required: declare the teams that pay for AI (a map of team ids to {costCenter, monthlyBudgetUsd, notify})`;
      }
      problems.push({ path: pathOf(String(key), rest), message });
    }
  }
  if (!parsed.success) {
    problems.push(...rawReferenceProblems(raw));
    throw new StackConfigError(problems, source);
  }
  if (problems.length > 0) throw new StackConfigError(problems, source);

  const config = parsed.data;
  problems.push(...crossReferenceProblems(config, flat));
  if (problems.length > 0) throw new StackConfigError(problems, source);

  return {
    config,
    providers: {
      ...(flat["aws:region"] ? { awsRegion: flat["aws:region"] } : {}),
      ...(flat["azure-native:location"] ? { azureLocation: flat["azure-native:location"] } : {}),
    },
  };
}

/**
 * Unknown teams and outcomes in a config that failed its schema, so one run names every problem:
 * only references whose value is a string and whose section is a map are checked.
 */
function rawReferenceProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const mapKeys = (v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.keys(v) : undefined;
  const teams = mapKeys(raw.teams);
  const outcomes = mapKeys(raw.outcomes ?? {});
  const problems: ConfigProblem[] = [];
  const check = (section: string, field: "team" | "outcome", known: string[] | undefined) => {
    const list = raw[section];
    if (!known || !Array.isArray(list)) return;
    list.forEach((item: unknown, i) => {
      const ref =
        item !== null && typeof item === "object"
          ? (item as Record<string, unknown>)[field]
          : undefined;
      if (typeof ref === "string" && ref !== "" && !known.includes(ref)) {
        problems.push({
          path: `${CONFIG_NAMESPACE}:${section}[${i}].${field}`,
          message: `unknown ${field} "${ref}"; declared ${field}s: ${listOr(known, `none (declare them under ${CONFIG_NAMESPACE}:${field}s)`)}`,
        });
      }
    });
  };
  check("endpoints", "team", teams);
  check("endpoints", "outcome", outcomes);
  check("keys", "team", teams);
  return problems;
}

function listOr(ids: readonly string[], none: string): string {
  return ids.length ? ids.join(", ") : none;
}

/** The team's budget on one cloud, or undefined when none is declared for it. */
export function teamBudgetOn(team: TeamConfig, cloud: Cloud): number | undefined {
  return typeof team.monthlyBudgetUsd === "number"
    ? team.monthlyBudgetUsd
    : team.monthlyBudgetUsd[cloud];
}

/** Teams with endpoints on a cloud, in declaration order. */
export function teamsOn(c: StackConfig, cloud: Cloud): string[] {
  return [...new Set(c.endpoints.filter((e) => e.cloud === cloud).map((e) => e.team))];
}

/** The key declared for a team on a cloud, if any. */
export function keyOf(c: StackConfig, team: string, cloud: Cloud): KeyConfig | undefined {
  return c.keys.find((k) => k.team === team && k.cloud === cloud);
}

/** References between sections and what the components need: checked before anything is built. */
function crossReferenceProblems(
  c: StackConfig,
  flat: Readonly<Record<string, string>> = {},
): ConfigProblem[] {
  const ns = CONFIG_NAMESPACE;
  const problems: ConfigProblem[] = [];
  const teams = Object.keys(c.teams);
  const outcomes = Object.keys(c.outcomes);
  const teamRef = (path: string, team: string) => {
    if (!c.teams[team])
      problems.push({
        path,
        message: `unknown team "${team}"; declared teams: ${listOr(teams, `none (declare them under ${ns}:teams)`)}`,
      });
  };
  const outcomeRef = (path: string, outcome: string) => {
    if (!c.outcomes[outcome])
      problems.push({
        path,
        message: `unknown outcome "${outcome}"; declared outcomes: ${listOr(outcomes, `none (declare them under ${ns}:outcomes)`)}`,
      });
  };
  const names = new Map<string, string>();
  const unique = (path: string, name: string) => {
    const prior = names.get(name);
    if (prior) problems.push({ path, message: `name "${name}" is already used by ${prior}` });
    else names.set(name, path);
  };
  c.endpoints.forEach((e, i) => {
    const p = `${ns}:endpoints[${i}]`;
    teamRef(`${p}.team`, e.team);
    outcomeRef(`${p}.outcome`, e.outcome);
    unique(`${p}.name`, e.name);
    if (e.cloud === "azure" && !c.azure) {
      problems.push({
        path: `${ns}:azure`,
        message: `is required for Azure endpoints: {resourceGroupName, location}`,
      });
    }
    if (e.cloud === "aws" && !flat["aws:region"] && !e.region) {
      problems.push({
        path: "aws:region",
        message: `is required for AWS endpoints (e.g. us-east-1)`,
      });
    }
    if (e.hardStop === "budget-action" && c.teams[e.team] && !keyOf(c, e.team, "aws")) {
      problems.push({
        path: `${p}.hardStop`,
        message: `the budget-action hard stop denies the team key at 100%; declare an AWS key for team "${e.team}" under ${ns}:keys`,
      });
    }
    if (e.hardStop === "token-quota" && c.teams[e.team] && !keyOf(c, e.team, "azure")) {
      problems.push({
        path: `${p}.hardStop`,
        message: `the token-quota hard stop is the team key's quota; declare an Azure key for team "${e.team}" under ${ns}:keys`,
      });
    }
  });
  // Endpoints of one outcome on AWS share its budget, so they share its hard stop.
  for (const team of teamsOn(c, "aws")) {
    for (const outcome of outcomes) {
      const own = c.endpoints
        .map((e, i) => ({ e, i }))
        .filter(({ e }) => e.cloud === "aws" && e.team === team && e.outcome === outcome);
      const stops = new Set(own.map(({ e }) => e.hardStop ?? "none"));
      if (stops.size > 1) {
        problems.push({
          path: `${ns}:endpoints[${own.map(({ i }) => i).join(", ")}].hardStop`,
          message: `the AWS endpoints of team "${team}" for outcome "${outcome}" share one budget, so they share its hard stop: set hardStop: budget-action on all of them or none`,
        });
      }
    }
  }
  for (const [id, team] of Object.entries(c.teams)) {
    const path = `${ns}:teams.${id}.monthlyBudgetUsd`;
    const onBoth = teamsOn(c, "aws").includes(id) && teamsOn(c, "azure").includes(id);
    if (typeof team.monthlyBudgetUsd === "number" && onBoth) {
      problems.push({
        path,
        message: `team "${id}" has endpoints on AWS and Azure; give a budget per cloud: {aws: ..., azure: ...}`,
      });
      continue;
    }
    for (const cloud of ["aws", "azure"] as const) {
      const own = c.endpoints.filter((e) => e.team === id && e.cloud === cloud);
      if (own.length === 0) continue;
      const budget = teamBudgetOn(team, cloud);
      if (budget === undefined) {
        problems.push({
          path,
          message: `team "${id}" has ${cloud} endpoints but no ${cloud} budget; give monthlyBudgetUsd.${cloud}`,
        });
        continue;
      }
      const total = own.reduce((sum, e) => sum + e.monthlyCeilingUsd, 0);
      if (total > budget) {
        problems.push({
          path: typeof team.monthlyBudgetUsd === "number" ? path : `${path}.${cloud}`,
          message: `the ceilings of team "${id}"'s ${cloud} endpoints add up to ${total} USD per month, more than its ${budget} USD budget; raise the budget or lower the ceilings`,
        });
      }
    }
  }
  c.keys.forEach((k, i) => {
    const p = `${ns}:keys[${i}]`;
    teamRef(`${p}.team`, k.team);
    if (c.teams[k.team] && !c.endpoints.some((e) => e.team === k.team && e.cloud === k.cloud)) {
      problems.push({
        path: p,
        message: `team "${k.team}" has no ${k.cloud} endpoint; a key to nothing is no key`,
      });
    }
    if (c.keys.findIndex((o) => o.team === k.team && o.cloud === k.cloud) !== i) {
      problems.push({ path: p, message: `team "${k.team}" already has a ${k.cloud} key` });
    }
    if (k.cloud === "azure" && !c.azure?.apiManagement) {
      problems.push({
        path: `${ns}:azure.apiManagement`,
        message: `is required for Azure team keys: {serviceName, resourceGroupName?} of the API Management service that fronts the endpoints`,
      });
    }
    if (k.cloud === "azure" && k.apiKeyMaxAgeDays !== undefined) {
      problems.push({
        path: `${p}.apiKeyMaxAgeDays`,
        message:
          "applies to AWS keys only (Bedrock API keys); an Azure key is an API Management subscription",
      });
    }
  });
  c.unmanaged.forEach((u, i) => {
    unique(`${ns}:unmanaged[${i}].name`, u.name);
    if (u.kind === "azure-openai-deployment" && !c.azure) {
      problems.push({
        path: `${ns}:azure`,
        message: `is required for the Azure deployment "${u.name}": {resourceGroupName, location}`,
      });
    }
  });
  // One message per path is enough.
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path}\n${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The domain model's outcome for a declared id. */
export function outcomeOf(c: StackConfig, id: string): Outcome {
  const o = c.outcomes[id];
  if (!o) throw new Error(`internal: outcome "${id}" was validated but is missing`);
  return { id, ...o };
}
