/**
 * The resources the throughput and AnalyzeStack benches send: a seeded, reproducible mix of what a
 * real stack holds, built with the tests' fixtures (test/support/policy-fixtures.ts). Model
 * endpoints on both clouds (governed, half-governed and shadow), Azure AI accounts, budgets, IAM,
 * and resources no OutcomeGuard policy is about, shaped as the engine sends them in Analyze.
 */
import { resourceUrn } from "../../cli/analyzer/protocol";
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
} from "../../test/support/policy-fixtures";
import type { TestResource } from "../../test/support/policy-harness";
import { Random } from "../../test/support/random";

/** One resource as the engine sends it in Analyze (and, with dependencies, in AnalyzeStack). */
export interface BenchResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly parent?: string;
  readonly options: { protect: boolean; ignoreChanges: string[]; parent?: string };
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
}

type Category = "endpoint" | "ai-account" | "budget" | "iam" | "unrelated";

/** Share of each category in the mix. */
const MIX: readonly (readonly [number, Category])[] = [
  [30, "endpoint"],
  [5, "ai-account"],
  [10, "budget"],
  [20, "iam"],
  [35, "unrelated"],
];

const STACK_TYPE = "pulumi:pulumi:Stack";
const urnOf = (type: string, name: string, parentTypes: string[] = []) =>
  resourceUrn({ stack: "bench", project: "outcomeguard", type, name, parentTypes });
const STACK_URN = urnOf(STACK_TYPE, "outcomeguard-bench");

const BEDROCK_MODELS = [
  "anthropic.claude-opus-4-1-20250805-v1:0",
  "anthropic.claude-sonnet-4-5-20250929-v1:0",
  "anthropic.claude-haiku-4-5-20251001-v1:0",
  "amazon.nova-lite-v1:0",
  "amazon.nova-pro-v1:0",
];
const AZURE_MODELS = ["gpt-5", "gpt-4.1", "gpt-4o", "gpt-4o-mini", "o3", "gpt-5-mini"];
const TEAMS = ["support", "search", "growth", "platform", "legal"];
const OUTCOMES = [
  {
    id: "support-ticket-deflection",
    statement: "Automatically resolve 40% of Tier 1 support tickets by June 2027",
    kpi: "ticket-deflection-rate",
  },
  {
    id: "blog-post-cycle-time",
    statement: "Reduce the time to publish a technical blog post from five hours to one hour",
    kpi: "cycle-time",
  },
];

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

const doc = (Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const MANAGED = "arn:aws:iam::aws:policy/";

function iam(rng: Random, name: string): TestResource {
  const kind = rng.weighted([
    [40, "policy"],
    [30, "role"],
    [30, "attachment"],
  ] as const);
  const Resource = rng.pick(["*", "arn:aws:bedrock:us-east-1:123456789012:*", "arn:aws:s3:::r/*"]);
  const Action = rng.pick(["bedrock:InvokeModel", "s3:GetObject", "bedrock:*"]);
  const bedrockFull = rng.chance(0.2);
  const props = {
    policy: { name, policy: doc([{ Effect: "Allow", Action: [Action], Resource: [Resource] }]) },
    role: {
      name,
      assumeRolePolicy: doc([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }]),
      managedPolicyArns: [
        `${MANAGED}${bedrockFull ? "AmazonBedrockFullAccess" : "ReadOnlyAccess"}`,
      ],
    },
    attachment: {
      role: name,
      policyArn: `${MANAGED}${rng.pick(["ReadOnlyAccess", "AmazonBedrockFullAccess"])}`,
    },
  }[kind];
  const type = { policy: T.iamPolicy, role: T.iamRole, attachment: T.iamRolePolicyAttachment };
  return { type: type[kind], name, props };
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
export function mixedResources(count: number, seed = 7): BenchResource[] {
  const rng = new Random(seed);
  const keys = tagKeys();
  const bench = (r: TestResource, parent: string, parentTypes?: string[]): BenchResource => ({
    urn: urnOf(r.type, r.name ?? "", parentTypes),
    type: r.type,
    name: r.name ?? "",
    properties: { ...r.props },
    parent,
    options: { protect: false, ignoreChanges: [], parent },
    dependencies: [],
    propertyDependencies: {},
  });
  const components = [AWS_GATE, AZURE_GATE].map((type, i) =>
    bench({ type, name: `component-${i}`, props: {} }, STACK_URN),
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
    // Fixtures name some resources alike: the bench's name keeps every URN unique.
    const resource = { ...r, name };
    const component =
      category === "endpoint" && rng.chance(0.8)
        ? components[r.type.startsWith("azure") ? 1 : 0]
        : undefined;
    out.push(
      component ? bench(resource, component.urn, [component.type]) : bench(resource, STACK_URN),
    );
  }
  return out;
}
