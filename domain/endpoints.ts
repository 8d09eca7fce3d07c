/**
 * AI resources as the policy pack sees them: which Pulumi type tokens are model endpoints, accounts,
 * budgets and IAM grants, and what an endpoint declares (its model, tags and capacity), read from a
 * property bag that may be malformed or hold {@link Unknown} values. Never throws.
 */
import {
  isProvisionedSku,
  isStandardSku,
  type AzureProvisionedSku,
  type AzureStandardSku,
  type Capacity,
} from "./projection";
import { asBag } from "./finding";
import type { Cloud } from "./tags";
import { isUnknown, Unknown } from "./unknown";

/** Pulumi type tokens the pack reads. Components never need these; policies match on them. */
export const RESOURCE_TYPES = {
  bedrockInferenceProfile: "aws:bedrock/inferenceProfile:InferenceProfile",
  bedrockProvisionedThroughput: "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput",
  sagemakerEndpointConfiguration: "aws:sagemaker/endpointConfiguration:EndpointConfiguration",
  azureDeployment: "azure-native:cognitiveservices:Deployment",
  azureAccount: "azure-native:cognitiveservices:Account",
  awsBudget: "aws:budgets/budget:Budget",
  azureBudget: "azure-native:consumption:Budget",
  iamPolicy: "aws:iam/policy:Policy",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamUserPolicy: "aws:iam/userPolicy:UserPolicy",
  iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  iamRole: "aws:iam/role:Role",
  iamServiceSpecificCredential: "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
  iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  iamUserPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  iamGroupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  iamPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  /** Runaway alarms: CloudWatch on AWS, Azure Monitor metric alerts on Azure. */
  cloudwatchMetricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  azureMetricAlert: "azure-native:monitor:MetricAlert",
} as const;

/** Type tokens of OutcomeGuard's own component resources start with this. */
export const COMPONENT_TYPE_PREFIX = "outcomeguard:";

/** The component that issues a team's Bedrock API key: the one place a bearer-token grant belongs. */
export const AWS_TEAM_KEY_COMPONENT = `${COMPONENT_TYPE_PREFIX}aws:TeamKey`;

export type EndpointKind =
  | "bedrock-application-profile"
  | "bedrock-provisioned-throughput"
  | "sagemaker-endpoint"
  | "azure-deployment";

const ENDPOINT_KINDS: Readonly<Record<string, EndpointKind>> = {
  [RESOURCE_TYPES.bedrockInferenceProfile]: "bedrock-application-profile",
  [RESOURCE_TYPES.bedrockProvisionedThroughput]: "bedrock-provisioned-throughput",
  [RESOURCE_TYPES.sagemakerEndpointConfiguration]: "sagemaker-endpoint",
  [RESOURCE_TYPES.azureDeployment]: "azure-deployment",
};

export function isEndpointType(type: string): boolean {
  return ENDPOINT_KINDS[type] !== undefined;
}

/** Azure account kinds that deploy OpenAI and other foundation models. */
export const AI_ACCOUNT_KINDS = ["OpenAI", "AIServices"] as const;

/** AI resources besides endpoints: accounts that bill for models, and budgets. */
export const AI_ACCOUNT_TYPES: readonly string[] = [RESOURCE_TYPES.azureAccount];
export const BUDGET_TYPES: readonly string[] = [
  RESOURCE_TYPES.awsBudget,
  RESOURCE_TYPES.azureBudget,
];

/** The cloud whose tag rules apply to a resource type, or undefined for a component or other. */
export function cloudOfType(type: string): Cloud | undefined {
  if (type.startsWith("aws:")) return "aws";
  if (type.startsWith("azure-native:") || type.startsWith("azure:")) return "azure";
  return undefined;
}

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<parent$...$type>::<name>`. */
export function parseUrn(
  urn: string,
): { stack: string; project: string; typeChain: string[]; name: string } | undefined {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0]?.startsWith("urn:pulumi:")) return undefined;
  const [head = "", project = "", qualifiedType = "", ...name] = parts;
  return {
    stack: head.slice("urn:pulumi:".length),
    project,
    typeChain: qualifiedType.split("$").filter((t) => t !== ""),
    name: name.join("::"),
  };
}

/**
 * The type of a resource's parent: from the parent's URN when given (its last type), otherwise from
 * the resource's own URN (the type before its own in the chain). Undefined for a top-level resource.
 */
export function parentTypeOf(urn: string, parentUrn?: string): string | undefined {
  if (parentUrn) {
    const parent = parseUrn(parentUrn);
    const last = parent?.typeChain[parent.typeChain.length - 1];
    if (last) return last;
  }
  const chain = parseUrn(urn)?.typeChain ?? [];
  return chain.length >= 2 ? chain[chain.length - 2] : undefined;
}

export function isComponentType(type: string | undefined): boolean {
  return type !== undefined && type.startsWith(COMPONENT_TYPE_PREFIX);
}

/** A capacity figure that cannot be priced, and why. */
export interface UnpricedCapacity {
  readonly unpriced: string;
}
export type CapacityFact = Capacity | Unknown | UnpricedCapacity;

export function isUnpriced(c: CapacityFact): c is UnpricedCapacity {
  return typeof (c as UnpricedCapacity).unpriced === "string";
}

export interface EndpointFacts {
  readonly kind: EndpointKind;
  readonly cloud: Cloud;
  readonly type: string;
  /**
   * The model identifiers the endpoint serves: one, or one per SageMaker variant. `undefined`
   * where none is declared (the catalog then treats it as premium), {@link Unknown} where computed.
   */
  readonly models: readonly (string | Unknown | undefined)[];
  /** The resource's `tags` as declared: a map, or anything else a malformed program gives. */
  readonly tags: unknown;
  /** Declared capacity, one entry per priced unit; empty when the endpoint declares none. */
  readonly capacity: readonly CapacityFact[];
}

type Bag = Readonly<Record<string, unknown>>;

function field(bag: unknown, key: string): unknown {
  if (isUnknown(bag)) return bag;
  return asBag(bag)?.[key];
}

function modelValue(value: unknown): string | Unknown | undefined {
  if (isUnknown(value)) return value;
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** A count as a positive number: numbers, or digit strings; Unknown passes through. */
function positiveCount(value: unknown, what: string): number | Unknown | UnpricedCapacity {
  if (isUnknown(value)) return value;
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d+(?:\.\d+)?$/.test(value.trim())
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) {
    return { unpriced: `${what} is ${JSON.stringify(value) ?? "missing"}, not a positive number` };
  }
  return n;
}

function bedrockProvisionedCapacity(props: Bag): CapacityFact[] {
  const units = positiveCount(props.modelUnits, "modelUnits");
  if (typeof units !== "number") return [units];
  const commitment = props.commitmentDuration;
  if (isUnknown(commitment)) return [commitment];
  return [
    {
      kind: "bedrock-provisioned",
      modelUnits: units,
      ...(typeof commitment === "string" && commitment ? { commitment } : {}),
    },
  ];
}

function azureCapacity(props: Bag): CapacityFact[] {
  const sku = props.sku;
  if (sku === undefined || sku === null) return [];
  if (isUnknown(sku)) return [sku];
  const bag = asBag(sku);
  if (!bag)
    return [{ unpriced: `sku is ${JSON.stringify(sku)}, not an object with name and capacity` }];
  const name = bag.name;
  if (isUnknown(name)) return [name];
  if (bag.capacity === undefined) return [];
  const capacity = positiveCount(bag.capacity, "sku.capacity");
  if (typeof capacity !== "number") return [capacity];
  if (typeof name !== "string") {
    return [{ unpriced: `sku.name is ${JSON.stringify(name) ?? "missing"}, not a SKU name` }];
  }
  if (isProvisionedSku(name)) {
    return [{ kind: "azure-provisioned", sku: name as AzureProvisionedSku, ptu: capacity }];
  }
  if (isStandardSku(name)) {
    return [{ kind: "azure-standard", sku: name as AzureStandardSku, capacity }];
  }
  return [{ unpriced: `sku "${name}" has no capacity price model in the catalog` }];
}

function sagemakerVariants(props: Bag): {
  models: (string | Unknown | undefined)[];
  capacity: CapacityFact[];
} {
  const variants = props.productionVariants;
  if (isUnknown(variants)) return { models: [variants], capacity: [variants] };
  if (!Array.isArray(variants) || variants.length === 0)
    return { models: [undefined], capacity: [] };
  const models: (string | Unknown | undefined)[] = [];
  const capacity: CapacityFact[] = [];
  for (const v of variants as unknown[]) {
    if (isUnknown(v)) {
      models.push(v);
      capacity.push(v);
      continue;
    }
    const bag = asBag(v);
    models.push(modelValue(bag?.modelName));
    if (!bag || bag.serverlessConfig !== undefined) continue;
    const instanceType = bag.instanceType;
    if (instanceType === undefined) continue;
    if (isUnknown(instanceType)) {
      capacity.push(instanceType);
      continue;
    }
    const count = positiveCount(bag.initialInstanceCount ?? 1, "initialInstanceCount");
    if (typeof count !== "number") {
      capacity.push(count);
      continue;
    }
    if (typeof instanceType !== "string") {
      capacity.push({ unpriced: `instanceType is ${JSON.stringify(instanceType)}, not a name` });
      continue;
    }
    capacity.push({ kind: "sagemaker", instanceType, instanceCount: count });
  }
  return { models, capacity };
}

/**
 * What an endpoint declares, or undefined when the type is not a model endpoint. Reads defensively:
 * a missing or malformed field becomes `undefined` (model) or an unpriced capacity, never an error.
 */
export function describeEndpoint(type: string, props: unknown): EndpointFacts | undefined {
  const kind = ENDPOINT_KINDS[type];
  if (kind === undefined) return undefined;
  const bag = asBag(props) ?? {};
  const tags = bag.tags;
  switch (kind) {
    case "bedrock-application-profile":
      return {
        kind,
        cloud: "aws",
        type,
        models: [modelValue(field(bag.modelSource, "copyFrom"))],
        tags,
        capacity: [],
      };
    case "bedrock-provisioned-throughput":
      return {
        kind,
        cloud: "aws",
        type,
        models: [modelValue(bag.modelArn)],
        tags,
        capacity: bedrockProvisionedCapacity(bag),
      };
    case "sagemaker-endpoint": {
      const { models, capacity } = sagemakerVariants(bag);
      return { kind, cloud: "aws", type, models, tags, capacity };
    }
    case "azure-deployment":
      return {
        kind,
        cloud: "azure",
        type,
        models: [modelValue(field(field(bag.properties, "model"), "name"))],
        tags,
        capacity: azureCapacity(bag),
      };
  }
}

/**
 * The tags AWS will put on a resource: its own `tags` over the provider's `defaultTags.tags`
 * (provider inputs may hold the object as JSON text). An unknown `defaultTags` leaves every tag the
 * resource does not set itself unknown, so the whole map is {@link Unknown}.
 */
export function withProviderDefaultTags(tags: unknown, defaultTags: unknown): unknown {
  if (defaultTags === undefined || defaultTags === null) return tags;
  if (isUnknown(defaultTags)) return isUnknown(tags) ? tags : new Unknown("provider defaultTags");
  let value: unknown = defaultTags;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return tags;
    }
  }
  const defaults = asBag(value)?.tags;
  if (isUnknown(defaults)) return isUnknown(tags) ? tags : new Unknown("provider defaultTags.tags");
  const bag = asBag(defaults);
  if (!bag || Object.keys(bag).length === 0) return tags;
  if (tags === undefined || tags === null) return { ...bag };
  const own = asBag(tags);
  return own ? { ...bag, ...own } : tags;
}
