/**
 * Pulumi mocks that stand in for the AWS and Azure providers offline: every resource's outputs are
 * its inputs plus what the cloud would add (an id, an ARN or Azure resource id, a name when the
 * program left naming to the provider). Values are derived from the resource's type and name, so
 * two runs of one stack produce the same plan.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { awsCallerIdentity, awsPartition, awsRegion, azureClientConfig } from "./invoke-results";

export interface MockSettings {
  readonly awsRegion: string;
  readonly awsAccountId: string;
  readonly azureSubscriptionId: string;
  readonly azureTenantId: string;
  readonly azureLocation: string;
}

const DEFAULT_MOCK_SETTINGS: MockSettings = {
  awsRegion: "us-east-1",
  awsAccountId: "123456789012",
  azureSubscriptionId: "00000000-0000-4000-8000-000000000000",
  azureTenantId: "11111111-1111-4111-8111-111111111111",
  azureLocation: "eastus2",
};

/** Mock settings from a stack's flat config (`aws:region`, `azure-native:location`, ...). */
export function mockSettingsFromConfig(config: Readonly<Record<string, string>>): MockSettings {
  return {
    ...DEFAULT_MOCK_SETTINGS,
    ...(config["aws:region"] ? { awsRegion: config["aws:region"] } : {}),
    ...(config["azure-native:location"] ? { azureLocation: config["azure-native:location"] } : {}),
    ...(config["azure-native:subscriptionId"]
      ? { azureSubscriptionId: config["azure-native:subscriptionId"] }
      : {}),
    ...(config["azure-native:tenantId"] ? { azureTenantId: config["azure-native:tenantId"] } : {}),
  };
}

function digest(text: string, length: number, alphabet = "0123456789abcdefghijklmnopqrstuvwxyz") {
  const bytes = createHash("sha256").update(text).digest();
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i % bytes.length]! % alphabet.length];
  return out;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** `aws:bedrock/inferenceProfile:InferenceProfile` -> {pkg: aws, module: bedrock, resource: InferenceProfile}. */
function splitTypeToken(type: string): { pkg: string; module: string; resource: string } {
  const [pkg = "", mod = "", resource = ""] = type.split(":");
  return { pkg, module: mod.split("/")[0] ?? mod, resource };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The physical name a provider would give: the declared one, or the logical name plus a suffix. */
function physicalName(inputs: Record<string, unknown>, keys: readonly string[], name: string) {
  for (const k of keys) {
    const v = str(inputs[k]);
    if (v) return v;
  }
  return `${name}-${digest(`name:${name}`, 7)}`;
}

/** A cloud's answer for a new resource: its id, and the outputs the cloud adds to its inputs. */
type CloudOutputs = (
  s: MockSettings,
  type: string,
  name: string,
  inputs: Record<string, unknown>,
) => { id: string; extra: Record<string, unknown> };

const awsOutputs: CloudOutputs = (s, type, name, inputs) => {
  const { module, resource } = splitTypeToken(type);
  const region = str(inputs.region) ?? s.awsRegion;
  const acct = s.awsAccountId;
  const physical = physicalName(inputs, ["name"], name);
  const tags = inputs.tags && typeof inputs.tags === "object" ? inputs.tags : undefined;
  const common = { name: physical, tagsAll: tags ?? {}, region };
  switch (type) {
    case "aws:bedrock/inferenceProfile:InferenceProfile": {
      const id = digest(`profile:${name}`, 12);
      const arn = `arn:aws:bedrock:${region}:${acct}:application-inference-profile/${id}`;
      return { id, extra: { ...common, arn, status: "ACTIVE", type: "APPLICATION" } };
    }
    case "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput": {
      const arn = `arn:aws:bedrock:${region}:${acct}:provisioned-model/${digest(`pt:${name}`, 12)}`;
      return { id: arn, extra: { ...common, provisionedModelArn: arn } };
    }
    case "aws:iam/serviceSpecificCredential:ServiceSpecificCredential": {
      const credId = `ACCA${digest(`ssc:${name}`, 17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
      const user = str(inputs.userName) ?? "user";
      return {
        id: `${str(inputs.serviceName) ?? "service"}:${user}:${credId}`,
        extra: {
          serviceSpecificCredentialId: credId,
          serviceUserName: `${user}-at-${acct}`,
          servicePassword: `mock-${digest(`pw:${name}`, 24)}`,
          serviceCredentialAlias: `${user}-at-${acct}`,
          serviceCredentialSecret: `mock-${digest(`secret:${name}`, 32)}`,
          status: "Active",
        },
      };
    }
    case "aws:budgets/budget:Budget":
      return {
        id: `${acct}:${physical}`,
        extra: { ...common, accountId: acct, arn: `arn:aws:budgets::${acct}:budget/${physical}` },
      };
    case "aws:budgets/budgetAction:BudgetAction": {
      const actionId = `${digest(`ba:${name}`, 8, "0123456789abcdef")}-${digest(`ba2:${name}`, 4, "0123456789abcdef")}`;
      return {
        id: `${acct}:${actionId}:${str(inputs.budgetName) ?? physical}`,
        extra: {
          ...common,
          actionId,
          arn: `arn:aws:budgets::${acct}:budget/${str(inputs.budgetName) ?? physical}/action/${actionId}`,
          status: "STANDBY",
        },
      };
    }
    case "aws:sns/topic:Topic": {
      const arn = `arn:aws:sns:${region}:${acct}:${physical}`;
      return { id: arn, extra: { ...common, arn, owner: acct } };
    }
    case "aws:secretsmanager/secret:Secret": {
      const arn = `arn:aws:secretsmanager:${region}:${acct}:secret:${physical}-${digest(`sm:${name}`, 6, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")}`;
      return { id: arn, extra: { ...common, arn } };
    }
    case "aws:costexplorer/costAllocationTag:CostAllocationTag":
      return { id: str(inputs.tagKey) ?? physical, extra: { type: "UserDefined" } };
    default:
      break;
  }
  if (module === "iam") {
    const kind = lowerFirst(resource);
    const pathPart = str(inputs.path) ?? "/";
    const iamPaths: Record<string, string> = {
      role: "role",
      user: "user",
      group: "group",
      policy: "policy",
      instanceProfile: "instance-profile",
    };
    const iamKind = iamPaths[kind];
    if (iamKind) {
      const arn = `arn:aws:iam::${acct}:${iamKind}${pathPart}${physical}`;
      return {
        id: kind === "policy" ? arn : physical,
        extra: {
          ...common,
          arn,
          uniqueId: `AID${digest(`uid:${name}`, 18, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`,
          policyId: `ANP${digest(`pid:${name}`, 18, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`,
        },
      };
    }
    return { id: `${physical}-${digest(`iam:${type}:${name}`, 8)}`, extra: common };
  }
  const id = `${physical}`;
  const arn = `arn:aws:${module}:${region}:${acct}:${lowerFirst(resource)}/${physical}`;
  return { id, extra: { ...common, arn } };
};

/** Azure-native: the ARM id and the name, from the resource's `<thing>Name` input when given. */
const azureOutputs: CloudOutputs = (s, type, name, inputs) => {
  const { module, resource } = splitTypeToken(type);
  const nameKey = `${lowerFirst(resource)}Name`;
  const physical = physicalName(inputs, [nameKey, "name"], name);
  const rg = str(inputs.resourceGroupName);
  const namespaces: Record<string, string> = {
    cognitiveservices: "Microsoft.CognitiveServices",
    consumption: "Microsoft.Consumption",
    monitor: "Microsoft.Insights",
    apimanagement: "Microsoft.ApiManagement",
    resources: "Microsoft.Resources",
    authorization: "Microsoft.Authorization",
    keyvault: "Microsoft.KeyVault",
    managedidentity: "Microsoft.ManagedIdentity",
  };
  const ns = namespaces[module] ?? `Microsoft.${module.charAt(0).toUpperCase()}${module.slice(1)}`;
  const scope = str(inputs.scope);
  let id: string;
  if (type === "azure-native:resources:ResourceGroup") {
    id = `/subscriptions/${s.azureSubscriptionId}/resourceGroups/${physical}`;
  } else if (type === "azure-native:cognitiveservices:Deployment") {
    id = `/subscriptions/${s.azureSubscriptionId}/resourceGroups/${rg ?? "rg"}/providers/${ns}/accounts/${str(inputs.accountName) ?? "account"}/deployments/${physical}`;
  } else if (scope) {
    id = `${scope.replace(/\/$/, "")}/providers/${ns}/${lowerFirst(resource)}s/${physical}`;
  } else {
    id = `/subscriptions/${s.azureSubscriptionId}${rg ? `/resourceGroups/${rg}` : ""}/providers/${ns}/${lowerFirst(resource)}s/${physical}`;
  }
  const extra: Record<string, unknown> = {
    name: physical,
    type: `${ns}/${lowerFirst(resource)}s`,
    azureApiVersion: "2024-10-01",
  };
  if (type === "azure-native:cognitiveservices:Account") {
    const props =
      inputs.properties && typeof inputs.properties === "object"
        ? (inputs.properties as Record<string, unknown>)
        : {};
    extra.properties = {
      ...props,
      endpoint: `https://${str(props.customSubDomainName) ?? physical}.openai.azure.com/`,
      provisioningState: "Succeeded",
    };
  }
  if (type === "azure-native:apimanagement:Subscription") {
    extra.primaryKey = `mock-${digest(`apim1:${name}`, 32, "0123456789abcdef")}`;
    extra.secondaryKey = `mock-${digest(`apim2:${name}`, 32, "0123456789abcdef")}`;
  }
  return { id, extra };
};

/** Results of provider functions (invokes) the components may call. */
function invokeResult(s: MockSettings, token: string, inputs: Record<string, unknown>) {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return awsCallerIdentity(s.awsAccountId, "outcomeguard-preview", "AIDAOUTCOMEGUARDPREVIEW");
    case "aws:index/getRegion:getRegion":
      return awsRegion(s.awsRegion);
    case "aws:index/getPartition:getPartition":
      return awsPartition();
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return {
        ...inputs,
        json: policyDocumentJson(inputs),
        minifiedJson: policyDocumentJson(inputs, true),
      };
    case "azure-native:authorization:getClientConfig":
      return azureClientConfig({
        subscriptionId: s.azureSubscriptionId,
        tenantId: s.azureTenantId,
        clientId: "22222222-2222-4222-8222-222222222222",
        objectId: "33333333-3333-4333-8333-333333333333",
      });
    default:
      return inputs;
  }
}

/** `aws.iam.getPolicyDocument` rendered the way AWS writes it (the common fields). */
function policyDocumentJson(inputs: Record<string, unknown>, minified = false): string {
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

/** The mocks: inputs become outputs, plus plausible ids, ARNs and names. */
export function outcomeGuardMocks(
  settings: MockSettings = DEFAULT_MOCK_SETTINGS,
): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
      const inputs = (args.inputs ?? {}) as Record<string, unknown>;
      if (!args.custom) return { id: undefined, state: inputs };
      const { pkg } = splitTypeToken(args.type);
      if (pkg === "aws") {
        const { id, extra } = awsOutputs(settings, args.type, args.name, inputs);
        return { id, state: { ...extra, ...inputs, id } };
      }
      if (pkg === "azure-native") {
        const { id, extra } = azureOutputs(settings, args.type, args.name, inputs);
        return { id, state: { ...extra, ...inputs, ...azureOverrides(extra), id } };
      }
      const id = `${args.name}-${digest(`${args.type}:${args.name}`, 8)}`;
      return { id, state: { ...inputs, id } };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
      return invokeResult(settings, args.token, (args.inputs ?? {}) as Record<string, unknown>);
    },
  };
}

/** Outputs Azure computes that win over an input of the same name (`properties` keeps the endpoint). */
function azureOverrides(extra: Record<string, unknown>): Record<string, unknown> {
  return extra.properties !== undefined ? { properties: extra.properties } : {};
}
