/**
 * Test-double resource providers for the engine tests: `aws` and `azure-native`.
 *
 * They speak the real provider gRPC protocol (through `@pulumi/pulumi/provider`), so the real Pulumi
 * engine can run programs written against the real `@pulumi/aws` / `@pulumi/azure-native` SDKs
 * without a cloud account:
 *   - check returns the inputs unchanged;
 *   - diff compares the new inputs with the old state (ignoring the outputs this fake computes);
 *   - create returns a plausible id and echoes the inputs as outputs, plus plausible computed outputs
 *     (`arn`, `tagsAll` for AWS; `name`, `type` for Azure) and key material that starts with
 *     `FAKE_KEY_PREFIX`;
 *   - read/update/delete work on the state the engine passes in (the fake keeps no state of its own).
 *
 * Everything here is deterministic (ids derive from the URN), so test expectations can be exact.
 */
import { createHash } from "node:crypto";
import type * as provider from "@pulumi/pulumi/provider";
import {
  awsCallerIdentity,
  awsPartition,
  awsRegion,
  azureClientConfig,
} from "../../../cli/program/invoke-results";

export type Inputs = Record<string, unknown>;
export type PackageName = "aws" | "azure-native";

export const AWS_ACCOUNT_ID = "123456789012";
export const AWS_REGION = "us-east-1";
export const AZURE_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const AZURE_TENANT_ID = "11111111-1111-1111-1111-111111111111";

/** AWS services whose ARNs carry no region. */
const GLOBAL_AWS_SERVICES = new Set([
  "budgets",
  "cloudfront",
  "costexplorer",
  "iam",
  "organizations",
  "route53",
  "s3",
]);

/** Azure resource-provider namespaces for azure-native module names that don't just capitalise. */
const AZURE_NAMESPACES: Record<string, string> = {
  apimanagement: "Microsoft.ApiManagement",
  authorization: "Microsoft.Authorization",
  cognitiveservices: "Microsoft.CognitiveServices",
  consumption: "Microsoft.Consumption",
  costmanagement: "Microsoft.CostManagement",
  insights: "Microsoft.Insights",
  keyvault: "Microsoft.KeyVault",
  machinelearningservices: "Microsoft.MachineLearningServices",
  monitor: "Microsoft.Insights",
  operationalinsights: "Microsoft.OperationalInsights",
  resources: "Microsoft.Resources",
  storage: "Microsoft.Storage",
  web: "Microsoft.Web",
};

/** Parent segments of Azure child resources: type token -> [input holding the parent name, parent collection]. */
const AZURE_PARENTS: Record<string, [string, string]> = {
  "azure-native:cognitiveservices:Deployment": ["accountName", "accounts"],
  "azure-native:cognitiveservices:RaiPolicy": ["accountName", "accounts"],
};

export interface ParsedUrn {
  type: string;
  name: string;
}

/** `urn:pulumi:stack::project::parent$type::name` -> { type, name }. */
export function parseUrn(urn: string): ParsedUrn {
  const parts = urn.split("::");
  const name = parts.length >= 4 ? parts.slice(3).join("::") : (parts[parts.length - 1] ?? "");
  const qualifiedType = parts[2] ?? "";
  const typeChain = qualifiedType.split("$");
  const type = typeChain[typeChain.length - 1] ?? "";
  return { type, name };
}

/** `aws:bedrock/inferenceProfile:InferenceProfile` -> { pkg, module, resource }. */
export function parseTypeToken(type: string): { pkg: string; module: string; resource: string } {
  const [pkg = "", mod = "", resource = ""] = type.split(":");
  return { pkg, module: mod, resource };
}

export function shortHash(text: string, length = 8): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function kebab(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

function lowerFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1);
}

function plural(s: string): string {
  if (/(s|x|z|ch|sh)$/.test(s)) return `${s}es`;
  if (/[^aeiou]y$/.test(s)) return `${s.slice(0, -1)}ies`;
  return `${s}s`;
}

function stringInput(inputs: Inputs, key: string): string | undefined {
  const v = inputs[key];
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** The AWS service of a type token: `aws:bedrock/inferenceProfile:InferenceProfile` -> `bedrock`. */
export function awsService(type: string): string {
  const { module: mod } = parseTypeToken(type);
  const service = mod.split("/")[0] ?? "";
  return service === "index" || service === "" ? "aws" : service;
}

/** The resource part of an ARN: `aws:bedrock/inferenceProfile:InferenceProfile` -> `inference-profile`. */
export function awsResourceKind(type: string): string {
  const { module: mod, resource } = parseTypeToken(type);
  const fromModule = mod.split("/")[1];
  return kebab(fromModule ?? lowerFirst(resource));
}

export function awsArn(type: string, resourceName: string): string {
  const service = awsService(type);
  const region = GLOBAL_AWS_SERVICES.has(service) ? "" : AWS_REGION;
  return `arn:aws:${service}:${region}:${AWS_ACCOUNT_ID}:${awsResourceKind(type)}/${resourceName}`;
}

export function azureNamespace(module: string): string {
  const known = AZURE_NAMESPACES[module.toLowerCase()];
  if (known) return known;
  return `Microsoft.${module.length === 0 ? "Unknown" : module[0]!.toUpperCase() + module.slice(1)}`;
}

/** The Azure resource name: `<resource>Name` input (e.g. `accountName`), else `name`, else URN name + hash. */
export function azureResourceName(type: string, urnName: string, inputs: Inputs): string {
  const { resource } = parseTypeToken(type);
  return (
    stringInput(inputs, `${lowerFirst(resource)}Name`) ??
    stringInput(inputs, "name") ??
    `${urnName}${shortHash(`${type}::${urnName}`, 6)}`
  );
}

export function azureId(type: string, urnName: string, inputs: Inputs): string {
  const { module: mod, resource } = parseTypeToken(type);
  const name = azureResourceName(type, urnName, inputs);
  const subscription = `/subscriptions/${AZURE_SUBSCRIPTION_ID}`;
  if (type === "azure-native:resources:ResourceGroup") {
    return `${subscription}/resourceGroups/${stringInput(inputs, "resourceGroupName") ?? name}`;
  }
  const scope =
    stringInput(inputs, "scope") ??
    (stringInput(inputs, "resourceGroupName")
      ? `${subscription}/resourceGroups/${stringInput(inputs, "resourceGroupName")}`
      : subscription);
  let path = `/providers/${azureNamespace(mod)}`;
  const parent = AZURE_PARENTS[type];
  const parentName = parent ? stringInput(inputs, parent[0]) : undefined;
  if (parent && parentName) {
    path += `/${parent[1]}/${parentName}`;
  }
  path += `/${plural(lowerFirst(resource))}/${name}`;
  return `${scope.replace(/\/+$/, "")}${path}`;
}

export function azureResourceType(type: string): string {
  const { module: mod, resource } = parseTypeToken(type);
  const parent = AZURE_PARENTS[type];
  const parentPart = parent ? `${parent[1]}/` : "";
  return `${azureNamespace(mod)}/${parentPart}${plural(lowerFirst(resource))}`;
}

/**
 * Every key this fake hands out (Bedrock API keys, API Management subscription keys) starts with
 * this, so a test can search state for plaintext key material.
 */
export const FAKE_KEY_PREFIX = "ogfake-key-material-";

function fakeKey(what: string, seed: string): string {
  return `${FAKE_KEY_PREFIX}${what}-${shortHash(`${what}:${seed}`, 24)}`;
}

/** The keys of an API Management subscription, by its name (`listSubscriptionSecrets` agrees). */
function apimSubscriptionKeys(sid: string): Inputs {
  return { primaryKey: fakeKey("apim-primary", sid), secondaryKey: fakeKey("apim-secondary", sid) };
}

export interface Created {
  id: string;
  /** Outputs this fake adds on top of the inputs. */
  computed: Inputs;
}

export function createdFor(pkg: PackageName, urn: string, inputs: Inputs): Created {
  const { type, name: urnName } = parseUrn(urn);
  if (pkg === "aws") {
    const resourceName = stringInput(inputs, "name") ?? `${urnName}-${shortHash(urn, 7)}`;
    const tags = inputs["tags"];
    const tagsAll = tags && typeof tags === "object" ? tags : {};
    // Bedrock names these by a generated 12-character id, not by their name, and an application
    // inference profile's ARN says `application-inference-profile` (a system profile's says
    // `inference-profile`): the components grant team keys only on the former.
    if (type === "aws:bedrock/inferenceProfile:InferenceProfile") {
      const id = shortHash(`profile:${urn}`, 12);
      const arn = `arn:aws:bedrock:${AWS_REGION}:${AWS_ACCOUNT_ID}:application-inference-profile/${id}`;
      return { id, computed: { arn, tagsAll, status: "ACTIVE", type: "APPLICATION" } };
    }
    if (type === "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput") {
      const arn = `arn:aws:bedrock:${AWS_REGION}:${AWS_ACCOUNT_ID}:provisioned-model/${shortHash(`pt:${urn}`, 12)}`;
      return { id: arn, computed: { arn, provisionedModelArn: arn, tagsAll } };
    }
    if (type === "aws:iam/serviceSpecificCredential:ServiceSpecificCredential") {
      const credId = `ACCA${shortHash(`ssc:${urn}`, 17).toUpperCase()}`;
      return {
        id: `${stringInput(inputs, "serviceName") ?? ""}:${stringInput(inputs, "userName") ?? ""}:${credId}`,
        computed: {
          serviceSpecificCredentialId: credId,
          serviceCredentialSecret: fakeKey("bedrock-api-key", urn),
          servicePassword: fakeKey("service-password", urn),
          status: "Active",
        },
      };
    }
    return { id: resourceName, computed: { arn: awsArn(type, resourceName), tagsAll } };
  }
  const id = azureId(type, urnName, inputs);
  const name = azureResourceName(type, urnName, inputs);
  const keys = type === "azure-native:apimanagement:Subscription" ? apimSubscriptionKeys(name) : {};
  return { id, computed: { name, type: azureResourceType(type), ...keys } };
}

/** Keys this fake adds as computed outputs for a resource (ignored by diff unless they are inputs). */
function computedKeys(pkg: PackageName): Set<string> {
  return pkg === "aws"
    ? new Set([
        "arn",
        "tagsAll",
        "id",
        "status",
        "type",
        "provisionedModelArn",
        "serviceSpecificCredentialId",
        "serviceCredentialSecret",
        "servicePassword",
      ])
    : new Set(["name", "type", "id", "primaryKey", "secondaryKey"]);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** Names of the properties whose values differ between old state and new inputs. */
export function changedKeys(pkg: PackageName, olds: Inputs, news: Inputs): string[] {
  const computed = computedKeys(pkg);
  const keys = new Set<string>(Object.keys(news));
  for (const k of Object.keys(olds)) {
    if (!computed.has(k)) keys.add(k);
  }
  const changed: string[] = [];
  for (const k of [...keys].sort()) {
    if (stableJson(olds[k]) !== stableJson(news[k])) changed.push(k);
  }
  return changed;
}

/** Properties whose change forces a replacement (the resource's identity). */
function replaceKeys(pkg: PackageName, type: string): Set<string> {
  if (pkg === "aws") return new Set(["name", "region"]);
  const { resource } = parseTypeToken(type);
  return new Set([
    "resourceGroupName",
    `${lowerFirst(resource)}Name`,
    "location",
    "scope",
    ...(AZURE_PARENTS[type] ? [AZURE_PARENTS[type][0]] : []),
  ]);
}

function asInputs(value: unknown): Inputs {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Inputs) : {};
}

/** Answers for the data-source functions ("invokes") programs commonly call. */
export function invokeResult(pkg: PackageName, token: string, args: Inputs): Inputs | undefined {
  if (pkg === "aws") {
    switch (token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return awsCallerIdentity(AWS_ACCOUNT_ID, "outcomeguard-test", "AIDAOUTCOMEGUARDTEST");
      case "aws:index/getRegion:getRegion":
        return { ...awsRegion(AWS_REGION), description: "US East (N. Virginia)" };
      case "aws:index/getPartition:getPartition":
        return awsPartition();
      default:
        return undefined;
    }
  }
  switch (token) {
    case "azure-native:authorization:getClientConfig":
      return azureClientConfig({
        subscriptionId: AZURE_SUBSCRIPTION_ID,
        tenantId: AZURE_TENANT_ID,
        clientId: "22222222-2222-2222-2222-222222222222",
        objectId: "33333333-3333-3333-3333-333333333333",
      });
    case "azure-native:apimanagement:listSubscriptionSecrets":
      return apimSubscriptionKeys(stringInput(args, "sid") ?? "");
    default:
      return undefined;
  }
}

export function minimalSchema(pkg: PackageName, version: string): string {
  return JSON.stringify({
    name: pkg,
    version,
    description: `OutcomeGuard test double for the ${pkg} provider`,
    resources: {},
    functions: {},
  });
}

/** Builds the provider object for `provider.main`. */
export function makeProvider(pkg: PackageName, version: string): provider.Provider {
  return {
    version,
    schema: minimalSchema(pkg, version),

    async check(_urn: string, _olds: unknown, news: unknown): Promise<provider.CheckResult> {
      return { inputs: asInputs(news) };
    },

    async diff(
      _id: string,
      urn: string,
      olds: unknown,
      news: unknown,
    ): Promise<provider.DiffResult> {
      const changed = changedKeys(pkg, asInputs(olds), asInputs(news));
      const forcing = replaceKeys(pkg, parseUrn(urn).type);
      const replaces = changed.filter((k) => forcing.has(k));
      return { changes: changed.length > 0, replaces };
    },

    async create(urn: string, inputs: unknown): Promise<provider.CreateResult> {
      const ins = asInputs(inputs);
      const { id, computed } = createdFor(pkg, urn, ins);
      return { id, outs: { ...ins, ...computed } };
    },

    async read(id: string, urn: string, props: unknown): Promise<provider.ReadResult> {
      const state = asInputs(props);
      const computed = computedKeys(pkg);
      const inputs: Inputs = {};
      for (const [k, v] of Object.entries(state)) {
        if (!computed.has(k)) inputs[k] = v;
      }
      void urn;
      return { id, props: state, inputs };
    },

    async update(
      _id: string,
      urn: string,
      _olds: unknown,
      news: unknown,
    ): Promise<provider.UpdateResult> {
      const ins = asInputs(news);
      const { computed } = createdFor(pkg, urn, ins);
      return { outs: { ...ins, ...computed } };
    },

    async delete(): Promise<void> {
      // Nothing to do: the fake keeps no state.
    },

    async invoke(token: string, inputs: unknown): Promise<provider.InvokeResult> {
      const outputs = invokeResult(pkg, token, asInputs(inputs));
      if (outputs === undefined) {
        return {
          failures: [
            { property: "", reason: `the ${pkg} test double does not implement ${token}` },
          ],
        };
      }
      return { outputs };
    },
  };
}

/** Version of the real SDK package installed next to this repo (what programs will ask for). */
export function installedSdkVersion(pkg: PackageName, fallback: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manifest: unknown = require(`@pulumi/${pkg}/package.json`);
    const version = asInputs(manifest)["version"];
    return typeof version === "string" ? version : fallback;
  } catch {
    return fallback;
  }
}
