/**
 * The resources the throughput and AnalyzeStack benches send: a seeded, reproducible mix of what a
 * real stack holds. Model endpoints on both clouds (governed, half-governed and shadow), Azure AI
 * accounts, budgets, IAM, and resources no OutcomeGuard policy is about (buckets, instances,
 * networks, functions), shaped as the engine sends them in an AnalyzeRequest.
 */
import { governanceTags, tagKeys, type TagKeys } from "../../domain";
import { Random } from "../../test/support/random";

export interface BenchResourceOptions {
  readonly protect: boolean;
  readonly ignoreChanges: string[];
  readonly deleteBeforeReplace: boolean;
  readonly additionalSecretOutputs: string[];
  readonly parent?: string;
}

/** One resource as the engine sends it in Analyze (and, with dependencies, in AnalyzeStack). */
export interface BenchResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly parent?: string;
  readonly options: BenchResourceOptions;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
}

/** What a generator below makes; mixedResources adds the URN, options and (empty) dependencies. */
type Generated = Pick<BenchResource, "type" | "name" | "properties">;

export type ResourceCategory = "endpoint" | "ai-account" | "budget" | "iam" | "unrelated";

/** Share of each category in the mix. */
export const MIX: readonly (readonly [number, ResourceCategory])[] = [
  [30, "endpoint"],
  [5, "ai-account"],
  [10, "budget"],
  [20, "iam"],
  [35, "unrelated"],
];

const STACK = "bench";
const PROJECT = "outcomeguard";
const STACK_TYPE = "pulumi:pulumi:Stack";
const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::${STACK_TYPE}::${PROJECT}-${STACK}`;

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

function urnOf(type: string, name: string, parentType?: string): string {
  const chain = parentType ? `${parentType}$${type}` : type;
  return `urn:pulumi:${STACK}::${PROJECT}::${chain}::${name}`;
}

function options(parent: string | undefined): BenchResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    deleteBeforeReplace: false,
    additionalSecretOutputs: [],
    ...(parent ? { parent } : {}),
  };
}

function endpointTags(rng: Random, keys: TagKeys): Record<string, string> {
  const outcome = rng.pick(OUTCOMES);
  const tags = governanceTags(keys, {
    team: rng.pick(TEAMS),
    costCenter: `CC-${rng.int(1000, 9999)}`,
    outcome: { ...outcome, reviewBy: rng.chance(0.9) ? "2027-06-30" : "2025-01-31" },
    ceilingUsd: rng.pick([500, 2_000, 5_000, 20_000, 60_000]),
    taskClass: rng.pick(["extraction", "summarization", "reasoning", "agentic"] as const),
  });
  // Some endpoints are half-governed: a tag missing or malformed.
  const flaw = rng.next();
  if (flaw < 0.1) delete tags[keys.outcomeStatement];
  else if (flaw < 0.15) tags[keys.costCeilingUsd] = "five thousand";
  else if (flaw < 0.2) delete tags[keys.team];
  tags.environment = "production";
  return tags;
}

function endpoint(rng: Random, keys: TagKeys, i: number): Generated {
  const tags = endpointTags(rng, keys);
  const kind = rng.weighted([
    [40, "profile"],
    [10, "provisioned"],
    [10, "sagemaker"],
    [40, "azure"],
  ] as const);
  switch (kind) {
    case "profile":
      return {
        type: "aws:bedrock/inferenceProfile:InferenceProfile",
        name: `profile-${i}`,
        properties: {
          name: `profile-${i}`,
          description: "Application inference profile",
          modelSource: {
            copyFrom: `arn:aws:bedrock:us-east-1::foundation-model/${rng.pick(BEDROCK_MODELS)}`,
          },
          tags,
        },
      };
    case "provisioned":
      return {
        type: "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput",
        name: `throughput-${i}`,
        properties: {
          provisionedModelName: `throughput-${i}`,
          modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${rng.pick(BEDROCK_MODELS)}`,
          modelUnits: rng.int(1, 4),
          commitmentDuration: rng.pick(["OneMonth", "SixMonths"]),
          tags,
        },
      };
    case "sagemaker":
      return {
        type: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
        name: `sagemaker-${i}`,
        properties: {
          productionVariants: [
            {
              variantName: "primary",
              modelName: `llama-3-70b-${i}`,
              instanceType: rng.pick(["ml.g5.2xlarge", "ml.g5.12xlarge", "ml.p4d.24xlarge"]),
              initialInstanceCount: rng.int(1, 3),
            },
          ],
          tags,
        },
      };
    case "azure":
      return {
        type: "azure-native:cognitiveservices:Deployment",
        name: `deployment-${i}`,
        properties: {
          accountName: "ai-account",
          resourceGroupName: "rg-ai",
          deploymentName: `deployment-${i}`,
          properties: {
            model: { format: "OpenAI", name: rng.pick(AZURE_MODELS), version: "2025-08-07" },
            raiPolicyName: "Microsoft.DefaultV2",
          },
          sku: { name: rng.pick(["GlobalStandard", "Standard", "DataZoneStandard"]), capacity: 50 },
          tags,
        },
      };
  }
}

function aiAccount(rng: Random, keys: TagKeys, i: number): Generated {
  return {
    type: "azure-native:cognitiveservices:Account",
    name: `ai-account-${i}`,
    properties: {
      accountName: `ai-account-${i}`,
      resourceGroupName: "rg-ai",
      kind: rng.pick(["OpenAI", "AIServices", "TextAnalytics"]),
      sku: { name: "S0" },
      properties: { disableLocalAuth: rng.chance(0.7), publicNetworkAccess: "Enabled" },
      tags: { [keys.team]: rng.pick(TEAMS) },
    },
  };
}

function budget(rng: Random, keys: TagKeys, i: number): Generated {
  const outcome = rng.pick(OUTCOMES);
  const team = rng.pick(TEAMS);
  if (rng.chance(0.5)) {
    return {
      type: "aws:budgets/budget:Budget",
      name: `budget-${i}`,
      properties: {
        name: `budget-${i}`,
        budgetType: "COST",
        limitAmount: String(rng.pick([1_000, 5_000, 25_000])),
        limitUnit: "USD",
        timeUnit: "MONTHLY",
        costFilters: [
          {
            name: "TagKeyValue",
            values: [
              rng.chance(0.5) ? `user:${keys.outcome}$${outcome.id}` : `user:${keys.team}$${team}`,
            ],
          },
        ],
        notifications: [50, 80, 100].map((threshold) => ({
          comparisonOperator: "GREATER_THAN",
          threshold,
          thresholdType: "PERCENTAGE",
          notificationType: threshold === 100 ? "FORECASTED" : "ACTUAL",
          subscriberEmailAddresses: ["finops@example.com"],
        })),
        tags: { [keys.team]: team },
      },
    };
  }
  return {
    type: "azure-native:consumption:Budget",
    name: `budget-${i}`,
    properties: {
      budgetName: `budget-${i}`,
      scope: "/subscriptions/00000000-0000-0000-0000-000000000000",
      amount: rng.pick([1_000, 5_000, 25_000]),
      category: "Cost",
      timeGrain: "Monthly",
      timePeriod: { startDate: "2026-11-01T00:00:00Z" },
      filter: { tags: { name: keys.outcome, operator: "In", values: [outcome.id] } },
      notifications: {
        actual80: {
          enabled: true,
          operator: "GreaterThan",
          threshold: 80,
          thresholdType: "Actual",
          contactEmails: ["finops@example.com"],
        },
      },
    },
  };
}

function iam(rng: Random, i: number): Generated {
  const kind = rng.weighted([
    [40, "policy"],
    [30, "role"],
    [30, "attachment"],
  ] as const);
  if (kind === "policy") {
    const resource = rng.pick([
      "*",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
      "arn:aws:s3:::reports/*",
    ]);
    const action = rng.pick(["bedrock:InvokeModel", "s3:GetObject", "bedrock:*"]);
    return {
      type: "aws:iam/policy:Policy",
      name: `policy-${i}`,
      properties: {
        name: `policy-${i}`,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: [action], Resource: [resource] }],
        }),
      },
    };
  }
  if (kind === "role") {
    return {
      type: "aws:iam/role:Role",
      name: `role-${i}`,
      properties: {
        name: `role-${i}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "lambda.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
        managedPolicyArns: rng.chance(0.2)
          ? ["arn:aws:iam::aws:policy/AmazonBedrockFullAccess"]
          : ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
      },
    };
  }
  return {
    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    name: `attachment-${i}`,
    properties: {
      role: `role-${i}`,
      policyArn: rng.pick([
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::aws:policy/AmazonBedrockFullAccess",
      ]),
    },
  };
}

function unrelated(rng: Random, i: number): Generated {
  const kind = rng.pick(["bucket", "instance", "vpc", "sg", "lambda", "table", "rg"] as const);
  switch (kind) {
    case "bucket":
      return {
        type: "aws:s3/bucket:Bucket",
        name: `bucket-${i}`,
        properties: {
          bucket: `bench-bucket-${i}`,
          acl: rng.pick(["private", "public-read"]),
          versioning: { enabled: rng.chance(0.5), mfaDelete: false },
          serverSideEncryptionConfiguration: rng.chance(0.6)
            ? { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } }
            : undefined,
          tags: { environment: "production" },
        },
      };
    case "instance":
      return {
        type: "aws:ec2/instance:Instance",
        name: `instance-${i}`,
        properties: {
          ami: "ami-0abcdef1234567890",
          instanceType: rng.pick(["t3.micro", "m5.large"]),
          associatePublicIpAddress: rng.chance(0.3),
          rootBlockDevice: { encrypted: rng.chance(0.5), volumeSize: 20 },
          ebsBlockDevices: [],
          tags: { Name: `instance-${i}` },
        },
      };
    case "vpc":
      return {
        type: "aws:ec2/vpc:Vpc",
        name: `vpc-${i}`,
        properties: { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true },
      };
    case "sg":
      return {
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: `sg-${i}`,
        properties: {
          description: "web",
          ingress: [
            {
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              cidrBlocks: [rng.pick(["0.0.0.0/0", "10.0.0.0/8"])],
            },
          ],
          egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        },
      };
    case "lambda":
      return {
        type: "aws:lambda/function:Function",
        name: `fn-${i}`,
        properties: {
          runtime: "nodejs20.x",
          handler: "index.handler",
          role: `arn:aws:iam::123456789012:role/role-${i}`,
          memorySize: 256,
          timeout: 30,
          environment: { variables: { STAGE: "prod" } },
        },
      };
    case "table":
      return {
        type: "aws:dynamodb/table:Table",
        name: `table-${i}`,
        properties: {
          attributes: [{ name: "id", type: "S" }],
          hashKey: "id",
          billingMode: "PAY_PER_REQUEST",
          serverSideEncryption: { enabled: rng.chance(0.5) },
        },
      };
    case "rg":
      return {
        type: "azure-native:resources:ResourceGroup",
        name: `rg-${i}`,
        properties: { resourceGroupName: `rg-${i}`, location: "swedencentral" },
      };
  }
}

/** Remove `undefined` values (the engine never sends them; protobuf Structs cannot hold them). */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
    return out;
  }
  return value;
}

/** Component resources the endpoints of a governed stack live under. */
const COMPONENT_TYPES = ["outcomeguard:aws:GatedEndpoint", "outcomeguard:azure:GatedEndpoint"];

/**
 * A reproducible mixed stack of `count` resources, two of them the OutcomeGuard component parents
 * most endpoints live under (the rest are shadow endpoints, parented by the stack).
 */
export function mixedResources(count: number, seed = 7): BenchResource[] {
  const rng = new Random(seed);
  const keys = tagKeys();
  const out: BenchResource[] = [];
  const components: BenchResource[] = COMPONENT_TYPES.map((type, i) => ({
    urn: urnOf(type, `component-${i}`, STACK_TYPE),
    type,
    name: `component-${i}`,
    properties: {},
    parent: STACK_URN,
    options: options(STACK_URN),
    dependencies: [],
    propertyDependencies: {},
  }));
  out.push(...components.slice(0, count));
  for (let i = out.length; i < count; i++) {
    const category = rng.weighted(MIX);
    let r: Generated;
    switch (category) {
      case "endpoint":
        r = endpoint(rng, keys, i);
        break;
      case "ai-account":
        r = aiAccount(rng, keys, i);
        break;
      case "budget":
        r = budget(rng, keys, i);
        break;
      case "iam":
        r = iam(rng, i);
        break;
      case "unrelated":
        r = unrelated(rng, i);
        break;
    }
    const governed = category === "endpoint" && rng.chance(0.8);
    const component = governed
      ? (components[r.type.startsWith("azure") ? 1 : 0] as BenchResource)
      : undefined;
    const parent = component ? component.urn : STACK_URN;
    const parentType = component ? `${STACK_TYPE}$${component.type}` : STACK_TYPE;
    out.push({
      ...r,
      properties: clean(r.properties) as Record<string, unknown>,
      urn: urnOf(r.type, r.name, parentType),
      parent,
      options: options(parent),
      dependencies: [],
      propertyDependencies: {},
    });
  }
  return out;
}
