/**
 * One resource of each registry type, as real programs write it: where its model goes, how its tags
 * are written (map, `{key, value}` list, GCP labels, none) and its other required inputs. Tests
 * build pass, fail, malformed and unknown cases from these, for every type the registry lists.
 */
import { REGISTRY } from "../../domain/registry";
import { RESOURCE_TYPES as T } from "../../domain/registry/tokens";
import { encodeLabelValue } from "../../domain/tags";
import { AWS_GATE, AZURE_GATE, GOOD_TAGS, HAIKU, NOTIFY, OPUS, tagsWith } from "./policy-fixtures";
import { ALL_POLICIES } from "../../policies/registry";
import { runResourcePolicy, type TestResource, type Violation } from "./policy-harness";

const GCP_GATE = "outcomeguard:gcp:GatedEndpoint";
const ROLE = "arn:aws:iam::123456789012:role/ai";

/** GOOD_TAGS as GCP labels: the statement label-encoded (a shorter one fits 63 characters). */
export const GOOD_LABELS: Readonly<Record<string, string>> = tagsWith({
  "ai-outcome-statement": encodeLabelValue("Cut ticket resolution time from 8 hours to 2 hours"),
  "ai-kpi": encodeLabelValue(GOOD_TAGS["ai-kpi"]!),
}) as Record<string, string>;

/** Tags in the form a type takes: the map itself, a `{key, value}` list, or nothing. */
export function tagsInForm(token: string, tags: unknown): Record<string, unknown> {
  const form = REGISTRY.find((s) => s.token === token)?.tags ?? "map";
  if (form === "none") return {};
  if (form === "labels") return { labels: tags };
  if (form === "list" && tags !== null && typeof tags === "object" && !Array.isArray(tags)) {
    return { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) };
  }
  return { tags };
}

export interface EndpointFixture {
  /** A premium model as this type names it (or none, for a type that declares no model). */
  readonly premium: string | undefined;
  /** A model the catalog places below premium, where the type can name one. */
  readonly economy?: string;
  readonly parentType: string;
  readonly props: (model: unknown) => Record<string, unknown>;
  /** Tags a governed one adds (a hard stop, where its capacity's maximum exceeds the ceiling). */
  readonly governedExtra?: Readonly<Record<string, string>>;
}

const anthropicOpusProfile = "global.anthropic.claude-opus-4-5-20251101-v1:0";

/** Every endpoint type of the registry, keyed by token (a test fails if one is missing). */
export const ENDPOINT_FIXTURES: Readonly<Record<string, EndpointFixture>> = {
  [T.bedrockInferenceProfile]: {
    premium: OPUS,
    economy: HAIKU,
    parentType: AWS_GATE,
    props: (m) => ({ name: "p", modelSource: { copyFrom: m } }),
  },
  [T.bedrockProvisionedThroughput]: {
    premium: OPUS,
    economy: HAIKU,
    parentType: AWS_GATE,
    props: (m) => ({
      provisionedModelName: "pt",
      modelArn: m,
      modelUnits: 1,
      commitmentDuration: "OneMonth",
    }),
    governedExtra: { "ai-hard-stop": "budget-action" },
  },
  [T.bedrockAgent]: {
    premium: "us.anthropic.claude-opus-4-1-20250805-v1:0",
    economy: "anthropic.claude-haiku-4-5-20251001-v1:0",
    parentType: AWS_GATE,
    props: (m) => ({
      agentName: "a",
      agentResourceRoleArn: ROLE,
      instruction: "help",
      foundationModel: m,
    }),
  },
  [T.bedrockKnowledgeBase]: {
    premium: "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-image-v1",
    economy: "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0",
    parentType: AWS_GATE,
    props: (m) => ({
      roleArn: ROLE,
      knowledgeBaseConfiguration: {
        type: "VECTOR",
        vectorKnowledgeBaseConfiguration: { embeddingModelArn: m },
      },
    }),
  },
  [T.bedrockCustomModel]: {
    premium: OPUS,
    economy: "amazon.nova-micro-v1:0",
    parentType: AWS_GATE,
    props: (m) => ({ customModelName: "c", jobName: "j", roleArn: ROLE, baseModelIdentifier: m }),
  },
  [T.bedrockFlow]: {
    premium: anthropicOpusProfile,
    economy: HAIKU,
    parentType: AWS_GATE,
    props: (m) => ({
      executionRoleArn: ROLE,
      definition: {
        nodes: [
          { name: "in", type: "Input" },
          {
            name: "p",
            type: "Prompt",
            configuration: {
              prompt: { sourceConfiguration: { inline: { modelId: m, templateType: "TEXT" } } },
            },
          },
        ],
      },
    }),
  },
  [T.bedrockPrompt]: {
    premium: OPUS,
    economy: HAIKU,
    parentType: AWS_GATE,
    props: (m) => ({ name: "p", variants: [{ name: "v", templateType: "TEXT", modelId: m }] }),
  },
  [T.agentcoreHarness]: {
    premium: anthropicOpusProfile,
    economy: HAIKU,
    parentType: AWS_GATE,
    props: (m) => ({
      harnessName: "h",
      executionRoleArn: ROLE,
      systemPrompts: [],
      model: { bedrockModelConfig: { modelId: m } },
    }),
  },
  [T.agentcoreEvaluator]: {
    premium: OPUS,
    economy: HAIKU,
    parentType: AWS_GATE,
    props: (m) => ({
      evaluatorName: "e",
      level: "TRACE",
      evaluatorConfig: {
        llmAsAJudge: {
          instructions: "judge",
          ratingScale: {},
          modelConfig: { bedrockEvaluatorModelConfig: { modelId: m } },
        },
      },
    }),
  },
  [T.sagemakerEndpointConfiguration]: {
    premium: "llama-3-70b",
    economy: "amazon.nova-micro",
    parentType: AWS_GATE,
    props: (m) => ({
      productionVariants: [
        {
          variantName: "main",
          modelName: m,
          instanceType: "ml.g5.xlarge",
          initialInstanceCount: 1,
        },
      ],
    }),
  },
  [T.nativeApplicationInferenceProfile]: {
    premium: OPUS,
    economy: HAIKU,
    parentType: AWS_GATE,
    props: (m) => ({ inferenceProfileName: "p", modelSource: { copyFrom: m } }),
  },
  [T.nativeBedrockAgent]: {
    premium: "global.anthropic.claude-opus-4-5-20251101-v1:0",
    economy: HAIKU,
    parentType: AWS_GATE,
    props: (m) => ({ agentName: "a", instruction: "help", foundationModel: m }),
  },
  [T.azureDeployment]: {
    premium: "gpt-5",
    economy: "gpt-4.1-nano",
    parentType: AZURE_GATE,
    props: (m) => ({
      accountName: "ai",
      resourceGroupName: "rg",
      properties: { model: { format: "OpenAI", name: m, version: "2025-08-07" } },
      sku: { name: "GlobalStandard", capacity: 10 },
    }),
  },
  [T.azureServerlessEndpoint]: {
    premium: "azureml://registries/azureml-xai/models/grok-3",
    economy: "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct",
    parentType: AZURE_GATE,
    props: (m) => ({
      workspaceName: "w",
      resourceGroupName: "rg",
      properties: { authMode: "Key", modelSettings: { modelId: m } },
    }),
  },
  [T.classicDeployment]: {
    premium: "gpt-5",
    economy: "gpt-4.1-nano",
    parentType: AZURE_GATE,
    props: (m) => ({
      cognitiveAccountId: "/subscriptions/x/accounts/ai",
      model: { format: "OpenAI", name: m, version: "1" },
      sku: { name: "GlobalStandard", capacity: 1 },
    }),
  },
  [T.vertexEndpoint]: {
    premium: undefined,
    parentType: GCP_GATE,
    props: () => ({ displayName: "e", location: "us-central1" }),
  },
  [T.vertexModelGardenEndpoint]: {
    premium: "publishers/anthropic/models/claude-opus-4-1@20250805",
    economy: "publishers/meta/models/llama-3.3-70b-instruct-maas",
    parentType: GCP_GATE,
    props: (m) => ({
      location: "us-central1",
      publisherModelName: m,
      modelConfig: { acceptEula: true },
    }),
  },
};

/** The governed tags in the form a type takes (labels on GCP). */
export const goodTagsFor = (token: string): Record<string, string> => ({
  ...(REGISTRY.find((s) => s.token === token)?.tags === "labels" ? GOOD_LABELS : GOOD_TAGS),
  ...ENDPOINT_FIXTURES[token]?.governedExtra,
});

/** An endpoint of a registry type with a model and tags (a map, written in the type's form). */
export function endpointOf(
  token: string,
  model: unknown,
  tags: unknown,
  opts: { type?: string; parentType?: string | null; name?: string } = {},
): TestResource {
  const f = ENDPOINT_FIXTURES[token];
  if (!f) throw new Error(`no fixture for ${token}`);
  const parentType = opts.parentType === null ? undefined : (opts.parentType ?? f.parentType);
  return {
    type: opts.type ?? token,
    name: opts.name ?? "subject",
    props: { ...f.props(model), ...tagsInForm(token, tags) },
    ...(parentType ? { parentType } : {}),
  };
}

/** Pass / fail properties of each non-endpoint registry type, keyed by token. */
export interface OtherFixture {
  /** Properties that pass; absent for a type that is always flagged (an AI API switch). */
  readonly pass?: Record<string, unknown>;
  readonly fail: Record<string, unknown>;
  readonly malformed: Record<string, unknown>;
  readonly unknown: (u: unknown) => Record<string, unknown>;
  /** The policy whose diagnostic the fail case gets. */
  readonly failPolicy: string;
  readonly failLevel: "mandatory" | "advisory";
}

const doc = (resource: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "bedrock:InvokeModel", Resource: resource }],
  });
const profileArn =
  "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456";
const documentFixture = (key: string): OtherFixture => ({
  pass: { [key]: doc(profileArn) },
  fail: { [key]: doc("*") },
  malformed: { [key]: "{not json" },
  unknown: (u) => ({ [key]: u }),
  failPolicy: "bedrock-invoke-least-privilege",
  failLevel: "mandatory",
});
const attachmentFixture: OtherFixture = {
  pass: { role: "r", policyArn: "arn:aws:iam::123456789012:policy/team" },
  fail: { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonBedrockFullAccess" },
  malformed: { role: "r", policyArn: 42 },
  unknown: (u) => ({ role: "r", policyArn: u }),
  failPolicy: "bedrock-invoke-least-privilege",
  failLevel: "mandatory",
};
const identityFixture = (inline: string, docKey: string, nameKey: string): OtherFixture => ({
  pass: { [inline]: [{ [nameKey]: "invoke", [docKey]: doc(profileArn) }] },
  fail: { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"] },
  malformed: { [inline]: "x", managedPolicyArns: 7 },
  unknown: (u) => ({ [inline]: u }),
  failPolicy: "bedrock-invoke-least-privilege",
  failLevel: "mandatory",
});
const accountFixture = (path: readonly string[], off: boolean, kind?: string): OtherFixture => {
  const set = (v: unknown) =>
    path.length === 2 ? { [path[0]!]: { [path[1]!]: v } } : { [path[0]!]: v };
  const k = kind ? { kind } : {};
  return {
    pass: { ...k, ...set(off) },
    fail: { ...k },
    malformed: { ...k, [path[0]!]: "x" },
    unknown: (u) => ({ ...k, ...set(u) }),
    failPolicy: "azure-ai-local-auth-disabled",
    failLevel: "mandatory",
  };
};
const serviceFixture: OtherFixture = {
  pass: { service: "compute.googleapis.com" },
  fail: { service: "aiplatform.googleapis.com" },
  malformed: { service: 42 },
  unknown: (u) => ({ service: u }),
  failPolicy: "shadow-ai-endpoint",
  failLevel: "advisory",
};

export const OTHER_FIXTURES: Readonly<Record<string, OtherFixture>> = {
  [T.awsBudget]: {
    pass: {
      budgetType: "COST",
      limitAmount: "5000",
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilters: [{ name: "TagKeyValue", values: ["user:ai-outcome$support-ticket-resolution"] }],
      notifications: [NOTIFY.actual, NOTIFY.forecast],
    },
    fail: {
      budgetType: "COST",
      limitAmount: "5000",
      timeUnit: "MONTHLY",
      costFilters: [{ name: "TagKeyValue", values: ["user:ai-outcome$bad value%"] }],
    },
    malformed: { costFilters: "x", limitAmount: {} },
    unknown: (u) => ({ costFilters: u }),
    failPolicy: "ai-cost-allocation-tags-valid",
    failLevel: "mandatory",
  },
  [T.azureBudget]: {
    pass: {
      amount: 5000,
      timeGrain: "Monthly",
      filter: {
        tags: { name: "ai-outcome", operator: "In", values: ["support-ticket-resolution"] },
      },
    },
    fail: {
      amount: 5000,
      timeGrain: "Monthly",
      filter: { tags: { name: "ai-outcome?", operator: "In", values: ["x"] } },
    },
    malformed: { filter: "x", amount: "lots" },
    unknown: (u) => ({ filter: u }),
    failPolicy: "ai-cost-allocation-tags-valid",
    failLevel: "mandatory",
  },
  [T.iamPolicy]: documentFixture("policy"),
  [T.iamRolePolicy]: documentFixture("policy"),
  [T.iamUserPolicy]: documentFixture("policy"),
  [T.iamGroupPolicy]: documentFixture("policy"),
  [T.iamRolePolicyAttachment]: attachmentFixture,
  [T.iamUserPolicyAttachment]: attachmentFixture,
  [T.iamGroupPolicyAttachment]: attachmentFixture,
  [T.iamPolicyAttachment]: attachmentFixture,
  [T.iamRole]: identityFixture("inlinePolicies", "policy", "name"),
  [T.nativeIamManagedPolicy]: documentFixture("policyDocument"),
  [T.nativeIamRolePolicy]: documentFixture("policyDocument"),
  [T.nativeIamUserPolicy]: documentFixture("policyDocument"),
  [T.nativeIamGroupPolicy]: documentFixture("policyDocument"),
  [T.nativeIamRole]: identityFixture("policies", "policyDocument", "policyName"),
  [T.nativeIamUser]: identityFixture("policies", "policyDocument", "policyName"),
  [T.nativeIamGroup]: identityFixture("policies", "policyDocument", "policyName"),
  [T.azureAccount]: accountFixture(["properties", "disableLocalAuth"], true, "OpenAI"),
  [T.azureProject]: {
    pass: { accountName: "ai", tags: { "ai-team": "support-platform" } },
    fail: { accountName: "ai", tags: { "ai-team": "support-platform", "ai-model-tier": "gold" } },
    malformed: { accountName: "ai", tags: "ai-team=x" },
    unknown: (u) => ({ accountName: "ai", tags: u }),
    failPolicy: "ai-cost-allocation-tags-valid",
    failLevel: "mandatory",
  },
  [T.classicAccount]: accountFixture(["localAuthEnabled"], false, "OpenAI"),
  [T.classicAiServices]: accountFixture(["localAuthenticationEnabled"], false),
  [T.vertexModelGardenEnable]: {
    fail: { publisherModelName: "publishers/google/models/paligemma@paligemma-224-float32" },
    malformed: { publisherModelName: 42 },
    unknown: (u) => ({ publisherModelName: u }),
    failPolicy: "shadow-ai-endpoint",
    failLevel: "advisory",
  },
  [T.gcpProjectService]: serviceFixture,
};

/** A version-specific module token for an azure-native type, as a generated SDK names it. */
export const versionedToken = (token: string): string =>
  token.replace(/^(azure-native:[^:]+):/, "$1/v20250601:");

/** Every resource policy of the pack on one resource, as the SDK runs them: all they report. */
export async function runEveryResourcePolicy(r: TestResource): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const p of ALL_POLICIES) {
    if ("validateResource" in p) out.push(...(await runResourcePolicy(p, r)));
  }
  return out;
}
