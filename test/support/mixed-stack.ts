/**
 * A seeded, reproducible mix of what a real stack holds, built from the other fixtures here: model
 * endpoints on both clouds (governed, half-governed and shadow), Azure AI accounts, budgets, IAM,
 * and resources no OutcomeGuard policy is about, shaped as the engine sends them in Analyze. The
 * bench's throughput and AnalyzeStack workload, and test/policies/sdk-compat.test.ts's.
 */
import type { AnalyzerResource } from "../../cli/analyzer/client";
import { governanceTags, tagKeys, type TagKeys } from "../../domain";
import { RESOURCE_TYPES as T } from "../../domain/registry/tokens";
import {
  AWS_GATE,
  AZURE_GATE,
  awsBudget,
  azureAccount,
  azureBudget,
  azureDeployment,
  bedrockProfile,
  NOTIFY,
  provisionedThroughput,
  sagemakerEndpoint,
} from "./policy-fixtures";
import { urnOf, type TestResource } from "./policy-harness";
import { OTHER_FIXTURES } from "./registry-fixtures";
import { Random } from "./random";
import { CONTENT_VELOCITY, TICKET_DEFLECTION } from "./component-fixtures";

type Category = "endpoint" | "ai-account" | "budget" | "iam" | "unrelated";

/** Share of each category in the mix. */
const MIX: readonly (readonly [number, Category])[] = [
  [30, "endpoint"],
  [5, "ai-account"],
  [10, "budget"],
  [20, "iam"],
  [35, "unrelated"],
];

const STACK_URN = urnOf("pulumi:pulumi:Stack", "outcomeguard-bench");

const BEDROCK_MODELS = [
  "anthropic.claude-opus-4-1-20250805-v1:0",
  "anthropic.claude-sonnet-4-5-20250929-v1:0",
  "anthropic.claude-haiku-4-5-20251001-v1:0",
  "amazon.nova-lite-v1:0",
  "amazon.nova-pro-v1:0",
];
const AZURE_MODELS = ["gpt-5", "gpt-4.1", "gpt-4o", "gpt-4o-mini", "o3", "gpt-5-mini"];
const TEAMS = ["support", "search", "growth", "platform", "legal"];
const OUTCOMES = [TICKET_DEFLECTION, CONTENT_VELOCITY];

/** Governance tags; one endpoint in five is half-governed (a tag missing or malformed). */
function endpointTags(rng: Random, keys: TagKeys): Record<string, string> {
  const tags = governanceTags(keys, {
    team: rng.pick(TEAMS),
    costCenter: `CC-${rng.int(1000, 9999)}`,
    outcome: { ...rng.pick(OUTCOMES), reviewBy: rng.chance(0.9) ? "2027-06-30" : "2025-01-31" },
    ceilingUsd: rng.pick([500, 2_000, 5_000, 20_000, 60_000]),
    taskClass: rng.pick(["extraction", "summarization", "reasoning", "agentic"] as const),
  });
  const flaw = rng.next();
  if (flaw < 0.1) delete tags[keys.outcomeStatement];
  else if (flaw < 0.15) tags[keys.costCeilingUsd] = "five thousand";
  else if (flaw < 0.2) delete tags[keys.team];
  return { ...tags, environment: "production" };
}

function endpoint(rng: Random, keys: TagKeys, name: string): TestResource {
  const tags = endpointTags(rng, keys);
  const model = `arn:aws:bedrock:us-east-1::foundation-model/${rng.pick(BEDROCK_MODELS)}`;
  const variant = (instanceType: string) => [
    { variantName: "primary", modelName: `llama-${name}`, instanceType, initialInstanceCount: 1 },
  ];
  const sku = () => ({ name: rng.pick(["GlobalStandard", "Standard"]), capacity: 50 });
  return rng.weighted<() => TestResource>([
    [40, () => bedrockProfile(model, tags, { name })],
    [10, () => provisionedThroughput(model, rng.int(1, 4), tags)],
    [10, () => sagemakerEndpoint(variant(rng.pick(["ml.g5.2xlarge", "ml.p4d.24xlarge"])), tags)],
    [40, () => azureDeployment(rng.pick(AZURE_MODELS), sku(), tags, { name })],
  ])();
}

const notifications = [50, 80, 100].map((threshold) => ({ ...NOTIFY.actual, threshold }));

function budget(rng: Random, keys: TagKeys, name: string): TestResource {
  const outcome = rng.pick(OUTCOMES).id;
  const team = rng.pick(TEAMS);
  if (rng.chance(0.5)) {
    return awsBudget({
      name,
      filter: rng.chance(0.5) ? `user:${keys.outcome}$${outcome}` : `user:${keys.team}$${team}`,
      amount: String(rng.pick([1_000, 5_000, 25_000])),
      notifications: [...notifications, NOTIFY.forecast],
      tags: { [keys.team]: team },
    });
  }
  return azureBudget({ name, tag: keys.outcome, value: outcome, amount: 5_000 });
}

/** IAM as the registry's fixtures declare it, half of it granting more than it should. */
function iam(rng: Random, name: string): TestResource {
  const type = rng.weighted([
    [40, T.iamPolicy],
    [30, T.iamRole],
    [30, T.iamRolePolicyAttachment],
  ]);
  const fixture = OTHER_FIXTURES[type];
  const props = (rng.chance(0.5) ? fixture?.fail : fixture?.pass) ?? {};
  return { type, name, props: { name, ...props } };
}

function unrelated(rng: Random, name: string): TestResource {
  const [type, props] = rng.pick<[string, Record<string, unknown>]>([
    ["aws:s3/bucket:Bucket", { bucket: name, acl: "private", versioning: { enabled: true } }],
    [
      "aws:ec2/instance:Instance",
      { ami: "ami-0abc", instanceType: "t3.micro", tags: { Name: name } },
    ],
    ["aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true }],
    [
      "aws:ec2/securityGroup:SecurityGroup",
      { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] },
    ],
    [
      "aws:lambda/function:Function",
      { runtime: "nodejs20.x", handler: "index.handler", memorySize: 256 },
    ],
    ["aws:dynamodb/table:Table", { hashKey: "id", attributes: [{ name: "id", type: "S" }] }],
    [
      "azure-native:resources:ResourceGroup",
      { resourceGroupName: name, location: "swedencentral" },
    ],
  ]);
  return { type, name, props };
}

/**
 * A reproducible mixed stack of `count` resources, two of them the OutcomeGuard component parents
 * most endpoints live under (the rest are shadow endpoints, parented by the stack).
 */
export function mixedResources(count: number, seed = 7): AnalyzerResource[] {
  const rng = new Random(seed);
  const keys = tagKeys();
  const sent = (r: TestResource, parent = STACK_URN, parentType?: string): AnalyzerResource => {
    const [type, name] = [r.type, r.name ?? ""];
    return { urn: urnOf(type, name, parentType), type, name, properties: { ...r.props }, parent };
  };
  const components = [AWS_GATE, AZURE_GATE].map((type, i) =>
    sent({ type, name: `component-${i}`, props: {} }),
  );
  const out = components.slice(0, count);
  for (let i = out.length; i < count; i++) {
    const category = rng.weighted(MIX);
    const name = `${category}-${i}`;
    const r = {
      endpoint: () => endpoint(rng, keys, name),
      "ai-account": () =>
        azureAccount({
          accountName: name,
          kind: rng.pick(["OpenAI", "AIServices", "TextAnalytics"]),
          properties: { disableLocalAuth: rng.chance(0.7), publicNetworkAccess: "Enabled" },
          tags: { [keys.team]: rng.pick(TEAMS) },
        }),
      budget: () => budget(rng, keys, name),
      iam: () => iam(rng, name),
      unrelated: () => unrelated(rng, name),
    }[category]();
    const component =
      category === "endpoint" && rng.chance(0.8)
        ? components[r.type.startsWith("azure") ? 1 : 0]
        : undefined;
    // Fixtures name some resources alike: the bench's name keeps every URN unique.
    out.push(sent({ ...r, name }, component?.urn, component?.type));
  }
  return out;
}
