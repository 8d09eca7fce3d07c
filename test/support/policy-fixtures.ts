/** Resources as OutcomeGuard's components (and a careless program) declare them, for the tests. */
import { RESOURCE_TYPES } from "../../domain/registry/tokens";
import type { TestResource } from "./policy-harness";

export const AWS_GATE = "outcomeguard:aws:GatedEndpoint";
export const AZURE_GATE = "outcomeguard:azure:GatedEndpoint";

export const OPUS =
  "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0";
export const HAIKU =
  "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0";
export const SONNET_PROFILE =
  "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0";

export const STATEMENT = "Reduce the time to resolve a support ticket from 8 hours to 2 hours";

/** Tags a GatedEndpoint writes for a premium endpoint with a $5,000 ceiling. */
export const GOOD_TAGS: Readonly<Record<string, string>> = {
  "ai-team": "support-platform",
  "ai-outcome": "support-ticket-resolution",
  "ai-outcome-statement": STATEMENT,
  "ai-kpi": "support.time-to-resolution",
  "ai-cost-ceiling-usd": "5000",
  "ai-model-tier": "premium",
  "ai-cost-center": "cc-1234",
  "ai-review-by": "2999-12-31",
  "ai-task-class": "reasoning",
};

export function tagsWith(
  changes: Readonly<Record<string, string | undefined | unknown>>,
  base: Readonly<Record<string, unknown>> = GOOD_TAGS,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

export function bedrockProfile(
  model: unknown = OPUS,
  tags: unknown = GOOD_TAGS,
  opts: { name?: string; parentType?: string | null } = {},
): TestResource {
  return {
    type: RESOURCE_TYPES.bedrockInferenceProfile,
    name: opts.name ?? "support-opus",
    props: { name: opts.name ?? "support-opus", modelSource: { copyFrom: model }, tags },
    ...(opts.parentType === null ? {} : { parentType: opts.parentType ?? AWS_GATE }),
  };
}

export function provisionedThroughput(
  model: unknown = OPUS,
  modelUnits: unknown = 1,
  tags: unknown = GOOD_TAGS,
): TestResource {
  return {
    type: RESOURCE_TYPES.bedrockProvisionedThroughput,
    name: "support-opus-pt",
    props: {
      provisionedModelName: "support-opus-pt",
      modelArn: model,
      modelUnits,
      commitmentDuration: "OneMonth",
      tags,
    },
    parentType: AWS_GATE,
  };
}

export function azureDeployment(
  model: unknown = "gpt-5",
  sku: unknown = { name: "GlobalStandard", capacity: 10 },
  tags: unknown = GOOD_TAGS,
  opts: { name?: string; parentType?: string | null } = {},
): TestResource {
  return {
    type: RESOURCE_TYPES.azureDeployment,
    name: opts.name ?? "support-gpt5",
    props: {
      accountName: "ai-account",
      resourceGroupName: "rg-ai",
      deploymentName: opts.name ?? "support-gpt5",
      properties: { model: { format: "OpenAI", name: model, version: "2025-08-07" } },
      sku,
      tags,
    },
    ...(opts.parentType === null ? {} : { parentType: opts.parentType ?? AZURE_GATE }),
  };
}

export function sagemakerEndpoint(
  variants: unknown = [
    {
      variantName: "main",
      modelName: "llama-3-70b",
      instanceType: "ml.g5.12xlarge",
      initialInstanceCount: 1,
    },
  ],
  tags: unknown = GOOD_TAGS,
): TestResource {
  return {
    type: RESOURCE_TYPES.sagemakerEndpointConfiguration,
    name: "llama-endpoint",
    props: { productionVariants: variants, tags },
    parentType: AWS_GATE,
  };
}

export function azureAccount(props: Readonly<Record<string, unknown>>): TestResource {
  return {
    type: RESOURCE_TYPES.azureAccount,
    name: "ai-account",
    props: { resourceGroupName: "rg-ai", sku: { name: "S0" }, ...props },
  };
}

export const NOTIFY = {
  actual: {
    notificationType: "ACTUAL",
    threshold: 100,
    thresholdType: "PERCENTAGE",
    comparisonOperator: "GREATER_THAN",
    subscriberEmailAddresses: ["finops@example.com"],
  },
  forecast: {
    notificationType: "FORECASTED",
    threshold: 100,
    thresholdType: "PERCENTAGE",
    comparisonOperator: "GREATER_THAN",
    subscriberEmailAddresses: ["finops@example.com"],
  },
} as const;

export function awsBudget(opts: {
  name?: string;
  filter: string;
  amount?: unknown;
  timeUnit?: unknown;
  notifications?: unknown;
  tags?: unknown;
}): TestResource {
  const name = opts.name ?? "budget";
  return {
    type: RESOURCE_TYPES.awsBudget,
    name,
    props: {
      name,
      budgetType: "COST",
      limitAmount: opts.amount ?? "5000",
      limitUnit: "USD",
      timeUnit: opts.timeUnit ?? "MONTHLY",
      costFilters: [{ name: "TagKeyValue", values: [opts.filter] }],
      notifications: opts.notifications ?? [NOTIFY.actual, NOTIFY.forecast],
      ...(opts.tags === undefined ? {} : { tags: opts.tags }),
    },
    parentType: "outcomeguard:aws:BudgetAlarm",
  };
}

export function azureBudget(opts: {
  name?: string;
  tag: string;
  value: string;
  amount?: unknown;
  notifications?: unknown;
}): TestResource {
  const name = opts.name ?? "azure-budget";
  return {
    type: RESOURCE_TYPES.azureBudget,
    name,
    props: {
      budgetName: name,
      amount: opts.amount ?? 5000,
      category: "Cost",
      scope: "/subscriptions/00000000-0000-0000-0000-000000000000",
      timeGrain: "Monthly",
      timePeriod: { startDate: "2026-11-01" },
      filter: { tags: { name: opts.tag, operator: "In", values: [opts.value] } },
      notifications: opts.notifications ?? {
        actual100: {
          enabled: true,
          operator: "GreaterThan",
          threshold: 100,
          thresholdType: "Actual",
          contactEmails: ["finops@example.com"],
        },
        forecast100: {
          enabled: true,
          operator: "GreaterThan",
          threshold: 100,
          thresholdType: "Forecasted",
          contactEmails: ["finops@example.com"],
        },
      },
    },
    parentType: "outcomeguard:azure:BudgetAlarm",
  };
}

/** Property bags a malformed program produces, for the robustness cases. */
export const MALFORMED_TAGS: ReadonlyArray<readonly [string, unknown]> = [
  ["a string", "ai-team=support"],
  ["null", null],
  ["a list", [["ai-team", "support"]]],
  ["a number", 42],
  ["numbers where strings belong", { ...GOOD_TAGS, "ai-team": 7, "ai-cost-ceiling-usd": 5000 }],
];
