/**
 * The one fake cloud: what AWS, Azure and GCP would hand back for a new resource (an id, an ARN or
 * resource id, the names and computed outputs a program reads) and what their provider functions
 * (invokes) answer, offline and deterministically. The offline preview's mocks, the components'
 * test mocks and the engine suite's test-double providers all mint from here, so a program sees
 * the same cloud under each.
 *
 * Every value derives from the resource's type and a seed (its name or URN), so two runs of one
 * program produce the same plan. Key material always holds {@link FAKE_KEY_PREFIX}, so a test
 * can search state for plaintext keys. Resources of any other provider get their inputs back with
 * a generated id.
 */
import { createHash } from "node:crypto";

export type Inputs = Readonly<Record<string, unknown>>;

/** The accounts, subscriptions and projects of the fake cloud. */
export interface CloudSettings {
  readonly awsRegion: string;
  readonly awsAccountId: string;
  readonly azureSubscriptionId: string;
  readonly azureTenantId: string;
  readonly azureLocation: string;
  readonly gcpProject: string;
  readonly gcpRegion: string;
  /** The IAM user the caller identity names. */
  readonly callerName: string;
}

export const DEFAULT_CLOUD: CloudSettings = {
  awsRegion: "us-east-1",
  awsAccountId: "123456789012",
  azureSubscriptionId: "00000000-0000-4000-8000-000000000000",
  azureTenantId: "11111111-1111-4111-8111-111111111111",
  azureLocation: "eastus2",
  gcpProject: "outcomeguard-preview",
  gcpRegion: "us-central1",
  callerName: "outcomeguard-preview",
};

/** Settings from a stack's flat config (`aws:region`, `azure-native:location`, `gcp:project`, ...). */
export function cloudSettingsFromConfig(
  config: Readonly<Record<string, string>>,
  base: CloudSettings = DEFAULT_CLOUD,
): CloudSettings {
  const pick = (...keys: string[]) => keys.map((k) => config[k]).find((v) => v !== undefined);
  return {
    ...base,
    awsRegion: pick("aws:region", "aws-native:region") ?? base.awsRegion,
    azureLocation: pick("azure-native:location", "azure:location") ?? base.azureLocation,
    azureSubscriptionId:
      pick("azure-native:subscriptionId", "azure:subscriptionId") ?? base.azureSubscriptionId,
    azureTenantId: pick("azure-native:tenantId", "azure:tenantId") ?? base.azureTenantId,
    gcpProject: pick("gcp:project") ?? base.gcpProject,
    gcpRegion: pick("gcp:region") ?? base.gcpRegion,
  };
}

/** Every key the fake cloud hands out (Bedrock API keys, API Management keys) holds this. */
export const FAKE_KEY_PREFIX = "ogfake-key-material-";

const HEX = "0123456789abcdef";
const LOWER = "0123456789abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `length` characters of `alphabet`, derived from `text`. */
export function digest(text: string, length: number, alphabet = HEX): string {
  const bytes = createHash("sha256").update(text).digest();
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i % bytes.length]! % alphabet.length];
  return out;
}

function fakeKey(what: string, seed: string): string {
  return `${FAKE_KEY_PREFIX}${what}-${digest(`${what}:${seed}`, 24)}`;
}

/** The keys of an API Management subscription, by its id (`listSubscriptionSecrets` agrees). */
function apimSubscriptionKeys(sid: string): Record<string, string> {
  return { primaryKey: fakeKey("apim-primary", sid), secondaryKey: fakeKey("apim-secondary", sid) };
}

/** `aws:bedrock/inferenceProfile:InferenceProfile` -> {pkg: aws, module: bedrock, resource: InferenceProfile}. */
export function splitTypeToken(type: string): { pkg: string; module: string; resource: string } {
  const [pkg = "", mod = "", resource = ""] = type.split(":");
  return { pkg, module: mod.split("/")[0] ?? mod, resource };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
function plural(s: string): string {
  if (/(s|x|z|ch|sh)$/.test(s)) return `${s}es`;
  if (/[^aeiou]y$/.test(s)) return `${s.slice(0, -1)}ies`;
  return `${s}s`;
}
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The physical name a provider would give: a declared one, or the logical name plus a suffix. */
function physicalName(inputs: Inputs, keys: readonly string[], seed: string, name: string) {
  for (const k of keys) {
    const v = str(inputs[k]);
    if (v) return v;
  }
  return `${name}-${digest(`name:${seed}`, 7, LOWER)}`;
}

/** What the cloud answers for a new resource: its id, and its outputs (inputs plus computed). */
export interface CreatedResource {
  readonly id: string;
  readonly outputs: Record<string, unknown>;
}

type Mint = (
  s: CloudSettings,
  type: string,
  name: string,
  seed: string,
  inputs: Inputs,
) => {
  id: string;
  computed: Record<string, unknown>;
  /** Computed values that win over an input of the same name. */
  overrides?: Record<string, unknown>;
};

/** AWS services whose ARNs carry no region. */
const GLOBAL_AWS_SERVICES = new Set(["budgets", "costexplorer", "iam", "organizations", "s3"]);

const IAM_ARN_KINDS: Readonly<Record<string, string>> = {
  role: "role",
  user: "user",
  group: "group",
  policy: "policy",
  instanceProfile: "instance-profile",
};

const aws: Mint = (s, type, name, seed, inputs) => {
  const { module, resource } = splitTypeToken(type);
  const region = str(inputs.region) ?? s.awsRegion;
  const acct = s.awsAccountId;
  const physical = physicalName(inputs, ["name"], seed, name);
  const tags = inputs.tags && typeof inputs.tags === "object" ? inputs.tags : undefined;
  const common = { name: physical, tagsAll: tags ?? {}, region };
  switch (type) {
    case "aws:bedrock/inferenceProfile:InferenceProfile": {
      // Bedrock names application profiles by a generated 12-character id; their ARN says
      // `application-inference-profile` (a system profile's says `inference-profile`).
      const id = digest(`profile:${seed}`, 12);
      const arn = `arn:aws:bedrock:${region}:${acct}:application-inference-profile/${id}`;
      return { id, computed: { ...common, arn, status: "ACTIVE", type: "APPLICATION" } };
    }
    case "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput": {
      const arn = `arn:aws:bedrock:${region}:${acct}:provisioned-model/${digest(`pt:${seed}`, 12)}`;
      return { id: arn, computed: { ...common, arn, provisionedModelArn: arn } };
    }
    case "aws:iam/serviceSpecificCredential:ServiceSpecificCredential": {
      const credId = `ACCA${digest(`ssc:${seed}`, 17, UPPER)}`;
      const user = str(inputs.userName) ?? "user";
      return {
        id: `${str(inputs.serviceName) ?? "service"}:${user}:${credId}`,
        computed: {
          serviceSpecificCredentialId: credId,
          serviceUserName: `${user}-at-${acct}`,
          serviceCredentialAlias: `${user}-at-${acct}`,
          // Bedrock API keys start with ABSK.
          serviceCredentialSecret: `ABSK${fakeKey("bedrock-api-key", seed)}`,
          servicePassword: fakeKey("service-password", seed),
          status: "Active",
        },
      };
    }
    case "aws:budgets/budget:Budget":
      return {
        id: `${acct}:${physical}`,
        computed: {
          ...common,
          accountId: acct,
          arn: `arn:aws:budgets::${acct}:budget/${physical}`,
        },
      };
    case "aws:budgets/budgetAction:BudgetAction": {
      const actionId = `${digest(`ba:${seed}`, 8)}-${digest(`ba2:${seed}`, 4)}`;
      const budget = str(inputs.budgetName) ?? physical;
      return {
        id: `${acct}:${actionId}:${budget}`,
        computed: {
          ...common,
          actionId,
          arn: `arn:aws:budgets::${acct}:budget/${budget}/action/${actionId}`,
          status: "STANDBY",
        },
      };
    }
    case "aws:sns/topic:Topic": {
      const arn = `arn:aws:sns:${region}:${acct}:${physical}`;
      return { id: arn, computed: { ...common, arn, owner: acct } };
    }
    case "aws:secretsmanager/secret:Secret": {
      const arn = `arn:aws:secretsmanager:${region}:${acct}:secret:${physical}-${digest(`sm:${seed}`, 6, LOWER)}`;
      return { id: arn, computed: { ...common, arn } };
    }
    case "aws:costexplorer/costAllocationTag:CostAllocationTag":
      return { id: str(inputs.tagKey) ?? physical, computed: { type: "UserDefined" } };
    default:
      break;
  }
  if (module === "iam") {
    const kind = lowerFirst(resource);
    const iamKind = IAM_ARN_KINDS[kind];
    if (iamKind) {
      const arn = `arn:aws:iam::${acct}:${iamKind}${str(inputs.path) ?? "/"}${physical}`;
      return {
        id: kind === "policy" ? arn : physical,
        computed: {
          ...common,
          arn,
          uniqueId: `AID${digest(`uid:${seed}`, 18, UPPER)}`,
          policyId: `ANP${digest(`pid:${seed}`, 18, UPPER)}`,
        },
      };
    }
    return { id: `${physical}-${digest(`iam:${type}:${seed}`, 8, LOWER)}`, computed: common };
  }
  const service = module === "index" || module === "" ? "aws" : module;
  const at = GLOBAL_AWS_SERVICES.has(service) ? "" : region;
  const arn = `arn:aws:${service}:${at}:${acct}:${kebab(lowerFirst(resource))}/${physical}`;
  return { id: physical, computed: { ...common, arn } };
};

/** aws-native (Cloud Control): outputs are named after the resource (`inferenceProfileArn`). */
const awsNative: Mint = (s, type, name, seed, inputs) => {
  const { module, resource } = splitTypeToken(type);
  const acct = s.awsAccountId;
  const id = digest(`native:${type}:${seed}`, 12);
  const kind = kebab(lowerFirst(resource));
  const at = GLOBAL_AWS_SERVICES.has(module) ? "" : s.awsRegion;
  const arn =
    type === "aws-native:bedrock:ApplicationInferenceProfile"
      ? `arn:aws:bedrock:${s.awsRegion}:${acct}:application-inference-profile/${id}`
      : `arn:aws:${module}:${at}:${acct}:${kind}/${str(inputs[`${lowerFirst(resource)}Name`]) ?? `${name}-${id}`}`;
  return {
    id: arn,
    computed: { arn, [`${lowerFirst(resource)}Arn`]: arn, [`${lowerFirst(resource)}Id`]: id },
  };
};

/** Azure resource-provider namespaces for module names that don't just capitalise. */
const AZURE_NAMESPACES: Readonly<Record<string, string>> = {
  apimanagement: "Microsoft.ApiManagement",
  authorization: "Microsoft.Authorization",
  cognitiveservices: "Microsoft.CognitiveServices",
  cognitive: "Microsoft.CognitiveServices",
  consumption: "Microsoft.Consumption",
  costmanagement: "Microsoft.CostManagement",
  insights: "Microsoft.Insights",
  monitor: "Microsoft.Insights",
  monitoring: "Microsoft.Insights",
  keyvault: "Microsoft.KeyVault",
  machinelearningservices: "Microsoft.MachineLearningServices",
  managedidentity: "Microsoft.ManagedIdentity",
  operationalinsights: "Microsoft.OperationalInsights",
  resources: "Microsoft.Resources",
  core: "Microsoft.Resources",
  storage: "Microsoft.Storage",
  web: "Microsoft.Web",
};

/** Child resources: type token (version segment stripped) -> [input naming the parent, collection]. */
const AZURE_PARENTS: Readonly<Record<string, readonly [string, string]>> = {
  "azure-native:cognitiveservices:Deployment": ["accountName", "accounts"],
  "azure-native:cognitiveservices:RaiPolicy": ["accountName", "accounts"],
  "azure-native:cognitiveservices:Project": ["accountName", "accounts"],
  "azure-native:apimanagement:Product": ["serviceName", "service"],
  "azure-native:apimanagement:Subscription": ["serviceName", "service"],
  "azure-native:apimanagement:ProductPolicy": ["serviceName", "service"],
  "azure-native:apimanagement:ProductApi": ["serviceName", "service"],
  "azure-native:machinelearningservices:ServerlessEndpoint": ["workspaceName", "workspaces"],
};

/** `azure-native:cognitiveservices/v20250601:Deployment` -> `azure-native:cognitiveservices:Deployment`. */
const unversioned = (type: string) => type.replace(/\/v\d{8}(?:preview)?:/, ":");

const azure: Mint = (s, type, name, seed, inputs) => {
  const token = unversioned(type);
  const { module, resource } = splitTypeToken(token);
  const physical = physicalName(
    inputs,
    [`${lowerFirst(resource)}Name`, "name", ...(resource === "Subscription" ? ["sid"] : [])],
    seed,
    name,
  );
  const ns =
    AZURE_NAMESPACES[module.toLowerCase()] ??
    `Microsoft.${module[0]?.toUpperCase() ?? "U"}${module.slice(1)}`;
  const subscription = `/subscriptions/${s.azureSubscriptionId}`;
  const rg = str(inputs.resourceGroupName);
  let id: string;
  if (resource === "ResourceGroup") {
    id = `${subscription}/resourceGroups/${rg ?? physical}`;
  } else {
    const scope = str(inputs.scope) ?? (rg ? `${subscription}/resourceGroups/${rg}` : subscription);
    const parent = AZURE_PARENTS[token];
    const parentName = parent ? str(inputs[parent[0]]) : undefined;
    const parentPath = parent && parentName ? `/${parent[1]}/${parentName}` : "";
    id = `${scope.replace(/\/+$/, "")}/providers/${ns}${parentPath}/${plural(lowerFirst(resource))}/${physical}`;
  }
  const computed: Record<string, unknown> = {
    name: physical,
    type: `${ns}/${plural(lowerFirst(resource))}`,
    azureApiVersion: "2024-10-01",
  };
  let overrides: Record<string, unknown> | undefined;
  if (resource === "Account" && module === "cognitiveservices") {
    const props =
      inputs.properties && typeof inputs.properties === "object"
        ? (inputs.properties as Record<string, unknown>)
        : {};
    // Azure computes the endpoint: it wins over an input `properties` without one.
    overrides = {
      properties: {
        ...props,
        endpoint: `https://${str(props.customSubDomainName) ?? physical}.openai.azure.com/`,
        provisioningState: "Succeeded",
      },
    };
  }
  if (token === "azure-native:apimanagement:Subscription") {
    // Like the real resource, reading the subscription returns no keys: they come from
    // `listSubscriptionSecrets`.
    computed.state = "active";
  }
  return { id, computed, ...(overrides ? { overrides } : {}) };
};

const gcp: Mint = (s, type, name, seed, inputs) => {
  const { module, resource } = splitTypeToken(type);
  const project = str(inputs.project) ?? s.gcpProject;
  const region = str(inputs.region) ?? str(inputs.location) ?? s.gcpRegion;
  const physical = physicalName(inputs, ["name"], seed, name);
  if (module === "projects" && resource === "Service") {
    return { id: `${project}/${str(inputs.service) ?? physical}`, computed: { project } };
  }
  const numeric = String(parseInt(digest(`gcp:${type}:${seed}`, 12), 16)).slice(0, 12);
  const collection = plural(lowerFirst(resource.replace(/^Ai/, "")));
  const id = `projects/${project}/locations/${region}/${collection}/${module === "vertex" ? numeric : physical}`;
  return { id, computed: { name: module === "vertex" ? numeric : physical, project, region } };
};

const MINTS: Readonly<Record<string, Mint>> = {
  aws,
  "aws-native": awsNative,
  "azure-native": azure,
  azure,
  gcp,
};

/**
 * A new custom resource: its id and its outputs. Known providers' resources get plausible ids and
 * computed outputs; any other provider's resource gets its inputs back with a generated id.
 */
export function createResource(
  s: CloudSettings,
  type: string,
  name: string,
  inputs: Inputs,
  seed: string = `${type}::${name}`,
): CreatedResource {
  const mint = MINTS[splitTypeToken(type).pkg];
  if (!mint) {
    const id = `${name}-${digest(`${type}:${seed}`, 8, LOWER)}`;
    return { id, outputs: { ...inputs, id } };
  }
  const { id, computed, overrides } = mint(s, type, name, seed, inputs);
  return { id, outputs: { ...computed, ...inputs, ...(overrides ?? {}), id } };
}

/** The outputs the fake cloud computes for a type (what a diff should not compare). */
export function computedKeys(s: CloudSettings, type: string, name: string): string[] {
  const mint = MINTS[splitTypeToken(type).pkg];
  if (!mint) return ["id"];
  // Only what the cloud adds: a computed value that wins over an input of the same name (an
  // account's `properties`) is still the user's input, and a read must keep it.
  return [...Object.keys(mint(s, type, name, `${type}::${name}`, {}).computed), "id"];
}

// ---- provider functions (invokes) -----------------------------------------------------------------

export type InvokeAnswer =
  | { readonly answered: true; readonly outputs: Record<string, unknown> }
  | { readonly answered: false; readonly outputs: Record<string, unknown>; readonly hint: string };

/** `aws.iam.getPolicyDocument` rendered the way AWS writes it (the common fields). */
function policyDocumentJson(inputs: Inputs, minified = false): string {
  const statements = Array.isArray(inputs.statements) ? inputs.statements : [];
  const one = (v: unknown) => (Array.isArray(v) && v.length === 1 ? v[0] : v);
  const doc = {
    Version: str(inputs.version) ?? "2012-10-17",
    Statement: statements.map((raw) => {
      const st = (raw ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      if (str(st.sid)) out.Sid = st.sid;
      out.Effect = str(st.effect) ?? "Allow";
      if (st.actions !== undefined) out.Action = one(st.actions);
      if (st.notActions !== undefined) out.NotAction = one(st.notActions);
      if (st.resources !== undefined) out.Resource = one(st.resources);
      if (st.notResources !== undefined) out.NotResource = one(st.notResources);
      if (Array.isArray(st.principals)) {
        const p: Record<string, unknown> = {};
        for (const pr of st.principals as Record<string, unknown>[])
          p[String(pr.type)] = one(pr.identifiers);
        out.Principal = p;
      }
      if (Array.isArray(st.conditions)) {
        const c: Record<string, Record<string, unknown>> = {};
        for (const cond of st.conditions as Record<string, unknown>[]) {
          const test = String(cond.test);
          c[test] = { ...(c[test] ?? {}), [String(cond.variable)]: one(cond.values) };
        }
        out.Condition = c;
      }
      return out;
    }),
  };
  return minified ? JSON.stringify(doc) : JSON.stringify(doc, null, 2);
}

const CLIENT_ID = "22222222-2222-4222-8222-222222222222";
const OBJECT_ID = "33333333-3333-4333-8333-333333333333";

type Answer = (s: CloudSettings, inputs: Inputs) => Record<string, unknown>;

const awsCaller: Answer = (s) => ({
  accountId: s.awsAccountId,
  arn: `arn:aws:iam::${s.awsAccountId}:user/${s.callerName}`,
  userId: `AIDA${digest(`caller:${s.callerName}`, 17, UPPER)}`,
  id: s.awsAccountId,
});
const awsRegion: Answer = (s) => ({
  name: s.awsRegion,
  region: s.awsRegion,
  id: s.awsRegion,
  endpoint: `ec2.${s.awsRegion}.amazonaws.com`,
});
const awsPartition: Answer = () => ({
  partition: "aws",
  dnsSuffix: "amazonaws.com",
  id: "aws",
  reverseDnsPrefix: "com.amazonaws",
});
const azureClient: Answer = (s) => ({
  subscriptionId: s.azureSubscriptionId,
  tenantId: s.azureTenantId,
  clientId: CLIENT_ID,
  objectId: OBJECT_ID,
});

/** The invokes the fake cloud answers, by token. */
const INVOKES: Readonly<Record<string, Answer>> = {
  "aws:index/getCallerIdentity:getCallerIdentity": awsCaller,
  "aws:index/getRegion:getRegion": awsRegion,
  "aws:index/getPartition:getPartition": awsPartition,
  "aws:index/getAvailabilityZones:getAvailabilityZones": (s) => ({
    names: ["a", "b", "c"].map((z) => `${s.awsRegion}${z}`),
    zoneIds: ["1", "2", "3"].map((z) => `use1-az${z}`),
    id: s.awsRegion,
  }),
  "aws:iam/getPolicyDocument:getPolicyDocument": (_s, inputs) => ({
    ...inputs,
    json: policyDocumentJson(inputs),
    minifiedJson: policyDocumentJson(inputs, true),
  }),
  "aws-native:index:getAccountId": (s) => ({ accountId: s.awsAccountId }),
  "aws-native:index:getRegion": (s) => ({ region: s.awsRegion }),
  "aws-native:index:getPartition": () => ({ partition: "aws" }),
  "aws-native:index:getUrlSuffix": () => ({ urlSuffix: "amazonaws.com" }),
  "azure-native:authorization:getClientConfig": azureClient,
  "azure:core/getClientConfig:getClientConfig": azureClient,
  "azure:core/getSubscription:getSubscription": (s) => ({
    subscriptionId: s.azureSubscriptionId,
    tenantId: s.azureTenantId,
    displayName: "OutcomeGuard preview",
    id: `/subscriptions/${s.azureSubscriptionId}`,
    state: "Enabled",
  }),
  "azure-native:apimanagement:listSubscriptionSecrets": (_s, inputs) =>
    apimSubscriptionKeys(str(inputs.sid) ?? ""),
  "gcp:organizations/getClientConfig:getClientConfig": (s) => ({
    project: s.gcpProject,
    region: s.gcpRegion,
    accessToken: fakeKey("gcp-access-token", s.gcpProject),
    id: s.gcpProject,
  }),
  "gcp:organizations/getProject:getProject": (s, inputs) => ({
    projectId: str(inputs.projectId) ?? s.gcpProject,
    number: String(parseInt(digest(`project:${s.gcpProject}`, 10), 16)).slice(0, 12),
    name: str(inputs.projectId) ?? s.gcpProject,
    id: `projects/${str(inputs.projectId) ?? s.gcpProject}`,
  }),
};

/** The tokens of the invokes the fake cloud answers. */
export const ANSWERED_INVOKES: readonly string[] = Object.keys(INVOKES);

/**
 * What a provider function answers. One the fake cloud does not know gets its arguments back,
 * flagged unanswered with a hint, so a preview can name it instead of failing.
 */
export function invoke(s: CloudSettings, token: string, inputs: Inputs): InvokeAnswer {
  const answer = INVOKES[token];
  if (answer) return { answered: true, outputs: answer(s, inputs) };
  return {
    answered: false,
    outputs: { ...inputs },
    hint: `the offline preview has no answer for ${token}; it returned the call's arguments, so values derived from its result are placeholders. Pass the value through stack config instead, or check this part of the program with \`pulumi preview\``,
  };
}
