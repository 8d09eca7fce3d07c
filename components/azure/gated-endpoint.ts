/**
 * A gated Azure OpenAI endpoint: a Cognitive Services account (kind OpenAI, local keys disabled so
 * every call goes through Entra ID or the team's API Management key; tagged, since Azure bills at
 * the account) and one model deployment with its SKU and capacity, tagged too.
 */
import * as pulumi from "@pulumi/pulumi";
import { Account, Deployment } from "@pulumi/azure-native/cognitiveservices";
import { z } from "zod";
import { AZURE_CAPACITY, isProvisionedSku, type Capacity, type Classification } from "../../domain";
import { EndpointGovernanceShape, pulumiInput, type ArgProblem } from "../args";
import { AzureSkuSchema, DeploymentNameSchema } from "../schemas";
import { decideGatedEndpoint, GatedEndpointResource, type EndpointDecision } from "../endpoint";

export const AZURE_GATED_ENDPOINT_TYPE = "outcomeguard:azure:GatedEndpoint";

export const ACCOUNT_NAME_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,62}[a-zA-Z0-9])?$/;

export const AzureCapacitySchema = z
  .object({
    sku: AzureSkuSchema,
    /**
     * Standard family (pay per token): thousands of tokens per minute (1 = 1,000 TPM).
     * Provisioned family: provisioned throughput units (PTU), at least 15.
     */
    units: z
      .number({ message: "must be a whole number of capacity units" })
      .int({ message: "must be a whole number of capacity units" })
      .min(1, { message: "must be at least 1" }),
    /** Provisioned only: PTU bought as a monthly reservation. */
    reserved: z.boolean().optional(),
  })
  .strict();

export const AzureOpenAiGatedEndpointArgsSchema = z
  .object({
    ...EndpointGovernanceShape,
    resourceGroupName: pulumiInput(z.string().min(1, { message: "must name a resource group" })),
    location: pulumiInput(z.string().min(1, { message: "must be an Azure region" })).optional(),
    /** Account name and custom subdomain (global); default: the resource name. */
    accountName: z
      .string()
      .regex(ACCOUNT_NAME_PATTERN, {
        message:
          "must be 2-64 letters, digits and hyphens, starting and ending with a letter or digit",
      })
      .optional(),
    /** Deployment name (what callers put in the URL); default: `<outcome>-<model>`. */
    deploymentName: DeploymentNameSchema.optional(),
    modelVersion: z.string().min(1).optional(),
    capacity: AzureCapacitySchema,
    raiPolicyName: z.string().min(1).optional(),
    /**
     * A runaway alert watches this endpoint's tokens (the outcome's Azure Monitor metric alert,
     * which `AzureAiTeam` creates with metering). Without it or a hard stop, a premium
     * pay-per-token endpoint is logged as an advisory.
     */
    runawayAlarm: z.boolean().optional(),
  })
  .strict();

export type AzureOpenAiGatedEndpointArgs = z.input<typeof AzureOpenAiGatedEndpointArgsSchema>;
type Parsed = z.output<typeof AzureOpenAiGatedEndpointArgsSchema>;

/** A name safe for an account and subdomain, from a resource name. */
export function defaultAccountName(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return s.length >= 2 ? s : `og-${s}`;
}

/** `<outcome>-<model>`, cut to 64 characters. */
export function defaultDeploymentName(outcomeId: string, model: Classification): string {
  const m = (model.normalized || model.input).replace(/[^a-zA-Z0-9_.-]+/g, "-");
  return `${outcomeId}-${m}`.slice(0, 64).replace(/[-_.]+$/, "");
}

/**
 * `<base>-<suffix>` within 64 characters: the base is cut, never the suffix, so names that differ
 * in their suffix (e.g. a team's endpoint names) still differ.
 */
export function suffixedDeploymentName(base: string, suffix: string): string {
  const s = suffix.replace(/[^a-zA-Z0-9_.-]+/g, "-").slice(0, 62);
  const b = base.slice(0, 63 - s.length).replace(/[-_.]+$/, "");
  return b === "" ? s : `${b}-${s}`;
}

/** What the endpoint's capacity is, as the domain prices it; undefined with the problems pushed. */
function azureCapacity(c: Parsed["capacity"], problems: ArgProblem[]): Capacity | undefined {
  if (!isProvisionedSku(c.sku)) {
    if (c.reserved !== undefined) {
      problems.push({
        path: "capacity.reserved",
        message: `${c.sku} is pay-per-token; a reservation applies only to provisioned SKUs (ProvisionedManaged, GlobalProvisionedManaged, DataZoneProvisionedManaged)`,
      });
    }
    return { kind: "azure-standard", sku: c.sku, capacity: c.units };
  }
  if (c.units < AZURE_CAPACITY.minimumPtu) {
    problems.push({
      path: "capacity.units",
      message: `${c.units} PTU is below the ${AZURE_CAPACITY.minimumPtu} PTU minimum of ${c.sku}; allowed: ${AZURE_CAPACITY.minimumPtu} or more`,
    });
    return undefined;
  }
  return {
    kind: "azure-provisioned",
    sku: c.sku,
    ptu: c.units,
    ...(c.reserved ? { reserved: true } : {}),
  };
}

/** What an Azure OpenAI endpoint's arguments decide. */
export type AzureEndpointDecision = EndpointDecision<
  Parsed,
  { readonly capacity: Capacity; readonly accountName: string; readonly deploymentName: string }
>;

/** Validate and decide everything the endpoint will be, before anything is registered. */
export function decideAzureEndpoint(name: string, raw: unknown): AzureEndpointDecision {
  return decideGatedEndpoint(
    AZURE_GATED_ENDPOINT_TYPE,
    {
      cloud: "azure",
      name: "Azure",
      hardStop: "token-quota",
      how: "an API Management llm-token-limit quota on the team key",
    },
    name,
    AzureOpenAiGatedEndpointArgsSchema,
    raw,
    (a, { model, problems }) => {
      const capacity = azureCapacity(a.capacity, problems);
      return {
        capacity,
        capacityPath: "capacity.units",
        onDemand: !isProvisionedSku(a.capacity.sku),
        own: capacity && {
          capacity,
          accountName: a.accountName ?? defaultAccountName(name),
          deploymentName: a.deploymentName ?? defaultDeploymentName(a.outcome.id, model),
        },
      };
    },
  );
}

/**
 * `outcomeguard:azure:GatedEndpoint`: an Azure OpenAI account with local auth disabled and one
 * deployment, both tagged with the team, outcome, ceiling and catalog tier.
 */
export class AzureOpenAiGatedEndpoint extends GatedEndpointResource<AzureEndpointDecision> {
  readonly account: Account;
  readonly deployment: Deployment;
  /** The account's resource id. */
  readonly accountId: pulumi.Output<string>;
  /** The deployment's resource id. */
  readonly deploymentId: pulumi.Output<string>;
  /** The account's endpoint URL (https://<subdomain>.openai.azure.com/). */
  readonly endpointUrl: pulumi.Output<string>;
  readonly accountName: string;
  readonly deploymentName: string;

  constructor(
    name: string,
    args: AzureOpenAiGatedEndpointArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(AZURE_GATED_ENDPOINT_TYPE, decideAzureEndpoint, name, args, opts);
    const d = this.decision;
    const a = d.args;
    this.accountName = d.accountName;
    this.deploymentName = d.deploymentName;

    this.account = new Account(
      `${name}-account`,
      {
        accountName: d.accountName,
        resourceGroupName: a.resourceGroupName,
        ...(a.location !== undefined ? { location: a.location } : {}),
        kind: "OpenAI",
        sku: { name: "S0" },
        properties: {
          customSubDomainName: d.accountName,
          disableLocalAuth: true,
          publicNetworkAccess: "Enabled",
        },
        tags: d.tags,
      },
      { parent: this },
    );

    const capacity = d.capacity;
    this.deployment = new Deployment(
      `${name}-deployment`,
      {
        accountName: this.account.name,
        resourceGroupName: a.resourceGroupName,
        deploymentName: d.deploymentName,
        properties: {
          model: {
            format: "OpenAI",
            name: a.model,
            ...(a.modelVersion ? { version: a.modelVersion } : {}),
          },
          ...(a.raiPolicyName ? { raiPolicyName: a.raiPolicyName } : {}),
        },
        sku: {
          name: a.capacity.sku,
          capacity: capacity.kind === "azure-provisioned" ? capacity.ptu : a.capacity.units,
        },
        tags: d.tags,
      },
      { parent: this },
    );
    this.accountId = this.account.id;
    this.deploymentId = this.deployment.id;
    this.endpointUrl = pulumi.output(`https://${d.accountName}.openai.azure.com/`);

    this.registerEndpointOutputs({
      accountId: this.accountId,
      deploymentId: this.deploymentId,
      endpointUrl: this.endpointUrl,
      deploymentName: this.deploymentName,
    });
  }
}
