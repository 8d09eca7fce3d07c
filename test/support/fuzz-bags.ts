/**
 * Generated property bags for test/policies/fuzz.property.test.ts. Each case has three versions of
 * one resource:
 *
 * - `template`: a well-formed, governed resource of the type;
 * - `concrete`: the template after random mutations (keys dropped, values of the wrong type, odd
 *   tag values, secrets, garbage), every value known;
 * - `preview`: the concrete bag with some values replaced by the engine's unknown sentinels, as
 *   `pulumi preview` sends a value computed from another resource's output.
 *
 * `concrete` is one possible resolution of `preview`'s unknowns; `resolved` (the unknowns filled
 * from `template` where it has a value at that path) is another. Both let the property test prove
 * that a violation reported on `preview` was decided by an unknown value.
 */
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_SENTINELS } from "../../cli/analyzer/protocol";
import { governanceTags, tagKeys, TAG_NAMES, type TagKeys } from "../../domain";
import { RESOURCE_TYPES } from "../../domain/registry/tokens";
import { Random } from "./random";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface FuzzCase {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly parent: string | undefined;
  readonly template: JsonObject;
  readonly concrete: JsonObject;
  readonly preview: JsonObject;
  /** Paths of the values `preview` marks unknown. */
  readonly unknownPaths: readonly string[];
  readonly resolved: JsonObject;
}

const STACK_URN = "urn:pulumi:fuzz::outcomeguard::pulumi:pulumi:Stack::outcomeguard-fuzz";

const PREMIUM_BEDROCK = [
  "anthropic.claude-opus-4-1-20250805-v1:0",
  "us.anthropic.claude-opus-4-1-20250805-v1:0",
  "anthropic.claude-opus-4-5-20251101-v1:0",
];
const OTHER_BEDROCK = [
  "anthropic.claude-sonnet-4-5-20250929-v1:0",
  "anthropic.claude-haiku-4-5-20251001-v1:0",
  "amazon.nova-lite-v1:0",
  "meta.llama3-70b-instruct-v1:0",
  "brand-new-model-2027",
];
const AZURE_MODELS = ["gpt-5", "o3", "gpt-4.1", "gpt-4o", "gpt-4o-mini", "gpt-5-nano", "phi-4"];
const AZURE_SKUS = [
  "GlobalStandard",
  "Standard",
  "DataZoneStandard",
  "ProvisionedManaged",
  "GlobalProvisionedManaged",
  "DeveloperTier",
];
const OUTCOMES = ["support-ticket-deflection", "blog-post-cycle-time", "fraud-review-time"];
const TEAMS = ["support", "search", "growth"];
const STATEMENTS = [
  "Automatically resolve 40% of Tier 1 support tickets by June 2027",
  "Reduce the time to publish a technical blog post from five hours to one hour",
  "Use AI to make better content",
  "Process a billion tokens",
];

/** Strings that break naive code: empty, blank, unicode, huge, numeric-looking, path-like. */
const ODD_STRINGS = [
  "",
  " ",
  "0",
  "-5",
  "1e3",
  "5000.555",
  "99999999999999999999",
  "NaN",
  "Infinity",
  "null",
  "undefined",
  "true",
  "__proto__",
  "constructor",
  "toString",
  "Ω≈ç√∫",
  "🚀🚀",
  "e\u0301",
  "\u0000",
  "a".repeat(300),
  "ai-team",
  "*",
  "arn:aws:bedrock:us-east-1::foundation-model/*",
  "arn:aws:iam::aws:policy/AmazonBedrockFullAccess",
  "2025-02-30",
  "2020-01-01",
  "premium",
  "OneMonth",
  "{}",
  "[",
];

const ODD_KEYS = ["", " ", "__proto__", "constructor", "AI-TEAM", "ai-team ", "ai-", "🚀", "aws:x"];

/** Set an own property, even for keys such as `__proto__`. */
function put(obj: JsonObject, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function randomString(rng: Random): string {
  return rng.chance(0.6) ? rng.pick(ODD_STRINGS) : `s${rng.int(0, 99999)}`;
}

function randomNumber(rng: Random): number {
  return rng.pick([0, -1, 1, 0.5, 15, 1e9, -1e-9, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e308]);
}

/** Any JSON value, nested up to `depth`. */
function randomJson(rng: Random, depth = 2): Json {
  const kind = rng.int(0, depth > 0 ? 6 : 4);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return randomNumber(rng);
    case 3:
    case 4:
      return randomString(rng);
    case 5: {
      const n = rng.int(0, 3);
      return Array.from({ length: n }, () => randomJson(rng, depth - 1));
    }
    default: {
      const o: JsonObject = {};
      for (let i = rng.int(0, 3); i > 0; i--) {
        put(
          o,
          rng.chance(0.3) ? rng.pick(ODD_KEYS) : `k${rng.int(0, 9)}`,
          randomJson(rng, depth - 1),
        );
      }
      return o;
    }
  }
}

function governed(rng: Random, keys: TagKeys): JsonObject {
  const tags: JsonObject = governanceTags(keys, {
    team: rng.pick(TEAMS),
    costCenter: "CC-4100",
    outcome: {
      id: rng.pick(OUTCOMES),
      statement: STATEMENTS[rng.int(0, 1)] as string,
      kpi: "ticket-deflection-rate",
      reviewBy: rng.pick(["2027-06-30", "2026-01-01"]),
    },
    ceilingUsd: rng.pick([500, 5_000, 20_000]),
    taskClass: rng.pick(["extraction", "reasoning", "agentic"] as const),
    ...(rng.chance(0.3) ? { hardStop: rng.pick(["budget-action", "token-quota"] as const) } : {}),
  });
  return tags;
}

const foundationArn = (model: string) => `arn:aws:bedrock:us-east-1::foundation-model/${model}`;

function policyDocument(rng: Random): Json {
  const doc = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: rng.chance(0.5) ? "Invoke" : undefined,
        Effect: rng.pick(["Allow", "Deny"]),
        Action: rng.pick<Json>([
          "bedrock:InvokeModel",
          ["bedrock:InvokeModel", "bedrock:Converse"],
          "bedrock:*",
          "s3:GetObject",
          "*",
        ]),
        Resource: rng.pick<Json>([
          "*",
          "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
          foundationArn(rng.pick(PREMIUM_BEDROCK)),
          ["arn:aws:bedrock:us-east-1:123456789012:*"],
        ]),
        Condition: rng.chance(0.3)
          ? { StringEquals: { "bedrock:InferenceProfileArn": "arn:aws:bedrock:x" } }
          : undefined,
      },
    ],
  };
  const clean = JSON.parse(JSON.stringify(doc)) as Json;
  return rng.chance(0.6) ? JSON.stringify(clean) : clean;
}

/** A well-formed resource of the type, as a governed stack would declare it. */
function template(rng: Random, type: string, keys: TagKeys): JsonObject {
  const T = RESOURCE_TYPES;
  switch (type) {
    case T.bedrockInferenceProfile:
      return {
        name: "profile",
        modelSource: {
          copyFrom: foundationArn(rng.pick(rng.chance(0.7) ? PREMIUM_BEDROCK : OTHER_BEDROCK)),
        },
        tags: governed(rng, keys),
      };
    case T.bedrockProvisionedThroughput:
      return {
        provisionedModelName: "throughput",
        modelArn: foundationArn(rng.pick([...PREMIUM_BEDROCK, ...OTHER_BEDROCK])),
        modelUnits: rng.int(1, 3),
        commitmentDuration: rng.pick(["OneMonth", "SixMonths"]),
        tags: governed(rng, keys),
      };
    case T.sagemakerEndpointConfiguration:
      return {
        productionVariants: [
          {
            variantName: "primary",
            modelName: rng.pick(["llama-3-70b", "claude-opus-4-1", "mistral-7b"]),
            instanceType: rng.pick(["ml.g5.2xlarge", "ml.p4d.24xlarge", "ml.unknown.size"]),
            initialInstanceCount: rng.int(1, 2),
          },
        ],
        tags: governed(rng, keys),
      };
    case T.azureDeployment:
      return {
        accountName: "ai",
        resourceGroupName: "rg",
        properties: {
          model: { format: "OpenAI", name: rng.pick(AZURE_MODELS), version: "2025-08-07" },
        },
        sku: { name: rng.pick(AZURE_SKUS), capacity: rng.pick([1, 15, 50, 300]) },
        tags: governed(rng, keys),
      };
    case T.azureAccount:
      return {
        accountName: "ai",
        kind: rng.pick(["OpenAI", "AIServices", "openai", "TextAnalytics"]),
        sku: { name: "S0" },
        properties: { disableLocalAuth: true },
        tags: { [keys.team]: rng.pick(TEAMS) },
      };
    case T.awsBudget:
      return {
        name: "budget",
        budgetType: "COST",
        limitAmount: String(rng.pick([500, 5_000, 20_000])),
        limitUnit: "USD",
        timeUnit: rng.pick(["MONTHLY", "QUARTERLY", "ANNUALLY"]),
        costFilters: [
          {
            name: "TagKeyValue",
            values: [
              rng.chance(0.5)
                ? `user:${keys.outcome}$${rng.pick(OUTCOMES)}`
                : `user:${keys.team}$${rng.pick(TEAMS)}`,
            ],
          },
        ],
        notifications: [
          {
            comparisonOperator: "GREATER_THAN",
            threshold: 100,
            thresholdType: "PERCENTAGE",
            notificationType: "ACTUAL",
            subscriberEmailAddresses: ["finops@example.com"],
          },
          {
            comparisonOperator: "GREATER_THAN",
            threshold: 100,
            thresholdType: "PERCENTAGE",
            notificationType: "FORECASTED",
            subscriberSnsTopicArns: ["arn:aws:sns:us-east-1:123456789012:alarms"],
          },
        ],
        tags: { [keys.team]: rng.pick(TEAMS) },
      };
    case T.azureBudget:
      return {
        budgetName: "budget",
        scope: "/subscriptions/00000000-0000-0000-0000-000000000000",
        amount: rng.pick([500, 5_000, 20_000]),
        category: "Cost",
        timeGrain: rng.pick(["Monthly", "Quarterly", "Annually"]),
        timePeriod: { startDate: "2026-11-01T00:00:00Z" },
        filter: {
          tags: {
            name: rng.chance(0.5) ? keys.outcome : keys.team,
            operator: "In",
            values: [rng.pick([...OUTCOMES, ...TEAMS])],
          },
        },
        notifications: {
          actual: {
            enabled: true,
            operator: "GreaterThan",
            threshold: 100,
            thresholdType: "Actual",
            contactEmails: ["finops@example.com"],
          },
          forecast: {
            enabled: true,
            operator: "GreaterThan",
            threshold: 100,
            thresholdType: "Forecasted",
            contactGroups: ["/subscriptions/x/actionGroups/finops"],
          },
        },
      };
    case T.iamPolicy:
    case T.iamRolePolicy:
    case T.iamUserPolicy:
    case T.iamGroupPolicy:
      return { name: "policy", policy: policyDocument(rng) };
    case T.iamRole:
      return {
        name: "role",
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
        inlinePolicies: [{ name: "inline", policy: policyDocument(rng) as Json }],
        managedPolicyArns: [
          rng.pick([
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:iam::aws:policy/AmazonBedrockFullAccess",
          ]),
        ],
      };
    case T.iamRolePolicyAttachment:
    case T.iamUserPolicyAttachment:
    case T.iamGroupPolicyAttachment:
    case T.iamPolicyAttachment:
      return {
        role: "role",
        policyArn: rng.pick([
          "arn:aws:iam::aws:policy/ReadOnlyAccess",
          "arn:aws:iam::aws:policy/AmazonBedrockFullAccess",
        ]),
      };
    default:
      return {
        name: "other",
        tags: rng.chance(0.5) ? governed(rng, keys) : { environment: "prod" },
      };
  }
}

/** Types outside the pack's list: unrelated resources, components, odd tokens. */
const OTHER_TYPES = [
  "aws:s3/bucket:Bucket",
  "aws:budgets/budgetAction:BudgetAction",
  "aws:costexplorer/costAllocationTag:CostAllocationTag",
  "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
  "azure-native:apimanagement:ProductPolicy",
  "azure-native:resources:ResourceGroup",
  "outcomeguard:aws:GatedEndpoint",
  "pulumi:providers:aws",
  "",
  "aws:bedrock",
  "azure:cognitive/deployment:Deployment",
];

// ---- paths -----------------------------------------------------------------------------------

type Path = readonly (string | number)[];

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function getAt(root: Json, path: Path): Json | undefined {
  let cur: Json | undefined = root;
  for (const k of path) {
    if (Array.isArray(cur) && typeof k === "number") cur = cur[k];
    else if (isObject(cur) && typeof k === "string")
      cur = Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : undefined;
    else return undefined;
  }
  return cur;
}

function setAt(root: JsonObject, path: Path, value: Json | undefined): void {
  if (path.length === 0) return;
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent) && typeof last === "number") {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (isObject(parent) && typeof last === "string") {
    if (value === undefined) delete parent[last];
    else put(parent, last, value);
  }
}

/** Every path below the root (objects, arrays and leaves), skipping secret signatures. */
function allPaths(root: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(root)) {
    root.forEach((v, i) => {
      out.push([...prefix, i]);
      allPaths(v, [...prefix, i], out);
    });
  } else if (isObject(root)) {
    const secret = isSecretWrapper(root);
    for (const k of Object.keys(root)) {
      // Inside a secret only the value is data; the signature is the engine's.
      if (secret && k !== "value") continue;
      out.push([...prefix, k]);
      allPaths(root[k] as Json, [...prefix, k], out);
    }
  }
  return out;
}

const clone = <T extends Json>(v: T): T => structuredClone(v);

function pathText(path: Path): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
}

// ---- mutation ----------------------------------------------------------------------------------

function mutate(rng: Random, bag: JsonObject, keys: TagKeys): void {
  const paths = allPaths(bag);
  const op = rng.int(0, 7);
  const target = paths.length ? rng.pick(paths) : undefined;
  switch (op) {
    case 0: // drop a value (a secret always has one: replace it instead)
      if (target) {
        const inSecret = isSecretWrapper(getAt(bag, target.slice(0, -1)));
        setAt(bag, target, inSecret ? randomJson(rng) : undefined);
      }
      break;
    case 1: // replace a value with anything
    case 2:
      if (target) setAt(bag, target, randomJson(rng));
      break;
    case 3: {
      // an odd governance tag value, or an odd key
      const tags = bag.tags;
      if (isObject(tags)) {
        const field = rng.pick(Object.keys(TAG_NAMES) as (keyof typeof TAG_NAMES)[]);
        if (rng.chance(0.8))
          put(tags, keys[field], rng.chance(0.7) ? randomString(rng) : randomJson(rng, 1));
        else put(tags, rng.pick(ODD_KEYS), randomString(rng));
      } else {
        bag.tags = randomJson(rng, 1);
      }
      break;
    }
    case 4: // wrong shape for a whole top-level field
      {
        const k = rng.pick([...Object.keys(bag), "tags", "properties", "sku"]);
        setAt(bag, [k], rng.pick<Json>([null, "", 0, [], {}, [{}], "x"]));
      }
      break;
    case 5: // a secret around a value
      if (target) {
        const v = getAt(bag, target);
        if (v !== undefined) setAt(bag, target, { [SECRET_SIG_KEY]: SECRET_SIG, value: v });
      }
      break;
    case 6: // an extra top-level key
      put(bag, rng.chance(0.5) ? rng.pick(ODD_KEYS) : `extra${rng.int(0, 9)}`, randomJson(rng));
      break;
    default: // deeper nesting garbage
      if (target) setAt(bag, target, { nested: [randomJson(rng, 3)] });
  }
}

// ---- unknowns ----------------------------------------------------------------------------------

function sentinelFor(rng: Random, value: Json | undefined): string {
  const s = UNKNOWN_SENTINELS;
  // The engine mostly sends the string sentinel, whatever the type; sometimes the typed one.
  if (rng.chance(0.5)) return s.string;
  if (typeof value === "number") return s.number;
  if (typeof value === "boolean") return s.boolean;
  if (Array.isArray(value)) return s.array;
  if (isObject(value)) return s.object;
  return s.string;
}

function isSecretWrapper(v: Json | undefined): boolean {
  return isObject(v) && v[SECRET_SIG_KEY] === SECRET_SIG;
}

// ---- cases -------------------------------------------------------------------------------------

/** One fuzz case (see the module comment); deterministic for a given generator state. */
export function fuzzCase(rng: Random, index: number): FuzzCase {
  const keys = tagKeys();
  const T = RESOURCE_TYPES;
  const type = rng.weighted<string>([
    [14, T.bedrockInferenceProfile],
    [6, T.bedrockProvisionedThroughput],
    [6, T.sagemakerEndpointConfiguration],
    [14, T.azureDeployment],
    [8, T.azureAccount],
    [7, T.awsBudget],
    [7, T.azureBudget],
    [10, rng.pick([T.iamPolicy, T.iamRolePolicy, T.iamUserPolicy, T.iamGroupPolicy])],
    [6, T.iamRole],
    [
      6,
      rng.pick([
        T.iamRolePolicyAttachment,
        T.iamUserPolicyAttachment,
        T.iamGroupPolicyAttachment,
        T.iamPolicyAttachment,
      ]),
    ],
    [16, rng.pick(OTHER_TYPES)],
  ]);
  const tpl = template(rng, type, keys);
  const concrete = clone(tpl);
  for (
    let n = rng.weighted([
      [25, 0],
      [35, 1],
      [25, 2],
      [15, 4],
    ]);
    n > 0;
    n--
  ) {
    mutate(rng, concrete, keys);
  }
  const preview = clone(concrete);
  const unknownPaths: string[] = [];
  const resolved = clone(concrete);
  if (rng.chance(0.7)) {
    const candidates = allPaths(concrete);
    const picks: Path[] = [];
    // A tags map with one computed value arrives wholly unknown (pulumi/pulumi#7854).
    if (isObject(concrete.tags) && rng.chance(0.3)) picks.push(["tags"]);
    for (let n = rng.int(1, 3); n > 0 && candidates.length; n--) picks.push(rng.pick(candidates));
    for (const p of picks) {
      const current = getAt(preview, p);
      if (current === undefined) continue; // inside a value already made unknown
      setAt(preview, p, sentinelFor(rng, current));
      unknownPaths.push(pathText(p));
      // Another resolution: the template's value where it has one, else the concrete one.
      const fromTemplate = getAt(tpl, p);
      if (fromTemplate !== undefined) setAt(resolved, p, clone(fromTemplate));
    }
  }
  const name = `r${index}`;
  const componentParent = type.includes("bedrock") || type.includes("cognitiveservices:Deployment");
  const parentType =
    componentParent && rng.chance(0.7)
      ? `pulumi:pulumi:Stack$outcomeguard:${type.startsWith("azure") ? "azure" : "aws"}:GatedEndpoint`
      : "pulumi:pulumi:Stack";
  const urn = `urn:pulumi:fuzz::outcomeguard::${parentType}$${type}::${name}`;
  const parent =
    parentType === "pulumi:pulumi:Stack"
      ? STACK_URN
      : `urn:pulumi:fuzz::outcomeguard::${parentType}::component`;
  return { type, name, urn, parent, template: tpl, concrete, preview, unknownPaths, resolved };
}

/** True when the text (a violation message) quotes any of the engine's unknown sentinels. */
export function containsSentinel(text: string): boolean {
  return Object.values(UNKNOWN_SENTINELS).some((x) => text.includes(x));
}
