/**
 * A gated Azure OpenAI endpoint: a Cognitive Services account (kind OpenAI, local keys disabled so
 * every call goes through Entra ID or the team's API Management key; tagged, since Azure bills at
 * the account) and one model deployment with its SKU and capacity, tagged too.
 */
import * as pulumi from "@pulumi/pulumi";
import { Account, Deployment } from "@pulumi/azure-native/cognitiveservices";
import { z } from "zod";
import {
  AZURE_CAPACITY,
  DEPLOYMENT_NAME_PATTERN,
  isProvisionedSku,
  modelServingProblem,
  projectedSpendProblem,
  projectExpectedSpend,
  projectMaxSpend,
  type Capacity,
  type Classification,
  type NoProjection,
  type SpendProjection,
} from "../../domain";
import {
  classify,
  endpointGovernanceProblems,
  EndpointGovernanceShape,
  endpointPartialChecks,
  governanceOf,
  parseArgs,
  pulumiInput,
  type ArgProblem,
} from "../args";
import { AzureSkuSchema } from "../schemas";
import * as endpoint from "../endpoint";

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
    deploymentName: z
      .string()
      .regex(DEPLOYMENT_NAME_PATTERN, {
        message: "must be 1-64 letters, digits, _ . or -, starting with a letter or digit",
      })
      .optional(),
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

interface Decided extends endpoint.DecidedEndpoint {
  readonly args: Parsed;
  readonly capacity: Capacity;
  readonly accountName: string;
  readonly deploymentName: string;
}

export function decideAzureEndpoint(name: string, raw: unknown): Decided {
  let decided: Decided | undefined;
  parseArgs(
    AZURE_GATED_ENDPOINT_TYPE,
    name,
    AzureOpenAiGatedEndpointArgsSchema,
    raw,
    (a) => {
      const problems: ArgProblem[] = [];
      const gov = governanceOf(a);
      const model = classify(a.model, gov);
      const serving = modelServingProblem("azure", a.model, gov.catalog);
      if (serving) problems.push({ path: "model", message: serving });
      const hardStop = endpoint.hardStopProblem(a.hardStop, {
        name: "Azure",
        hardStop: "token-quota",
        how: "an API Management llm-token-limit quota on the team key",
      });
      if (hardStop) problems.push(hardStop);
      const sku = a.capacity.sku;
      let capacity: Capacity | undefined;
      if (!isProvisionedSku(sku)) {
        if (a.capacity.reserved !== undefined) {
          problems.push({
            path: "capacity.reserved",
            message: `${a.capacity.sku} is pay-per-token; a reservation applies only to provisioned SKUs (ProvisionedManaged, GlobalProvisionedManaged, DataZoneProvisionedManaged)`,
          });
        }
        capacity = { kind: "azure-standard", sku, capacity: a.capacity.units };
      } else if (a.capacity.units < AZURE_CAPACITY.minimumPtu) {
        problems.push({
          path: "capacity.units",
          message: `${a.capacity.units} PTU is below the ${AZURE_CAPACITY.minimumPtu} PTU minimum of ${a.capacity.sku}; allowed: ${AZURE_CAPACITY.minimumPtu} or more`,
        });
      } else {
        capacity = {
          kind: "azure-provisioned",
          sku,
          ptu: a.capacity.units,
          ...(a.capacity.reserved ? { reserved: true } : {}),
        };
      }
      problems.push(...endpointGovernanceProblems(a, model, gov));
      const projection: { expected?: SpendProjection; maximum?: SpendProjection | NoProjection } =
        {};
      if (a.expectedTokens) {
        projection.expected = projectExpectedSpend(model, a.expectedTokens);
        const expected = endpoint.expectedSpendProblem(projection.expected, a);
        if (expected) problems.push(expected);
      }
      if (capacity) {
        projection.maximum = projectMaxSpend(model, capacity);
        const over = projectedSpendProblem(projection.maximum, a.monthlyCeilingUsd, a.hardStop);
        if (over) problems.push({ path: "capacity.units", message: over });
      }
      const advisories = endpoint.endpointAdvisories(a.taskClass, model.tier, {
        onDemand: !isProvisionedSku(sku),
        hardStop: a.hardStop,
        runawayAlarm: a.runawayAlarm === true,
      });
      const tags = endpoint.endpointTags("azure", gov, a, model.tier, problems);
      if (problems.length === 0 && tags && capacity) {
        decided = {
          args: a,
          model,
          capacity,
          tags,
          projection,
          accountName: a.accountName ?? defaultAccountName(name),
          deploymentName: a.deploymentName ?? defaultDeploymentName(a.outcome.id, model),
          advisories,
        };
      }
      return problems;
    },
    endpointPartialChecks("azure", modelServingProblem),
  );
  if (!decided) throw new Error(`internal: ${name} validated but not decided`);
  return decided;
}

/**
 * `outcomeguard:azure:GatedEndpoint`: an Azure OpenAI account with local auth disabled and one
 * deployment, both tagged with the team, outcome, ceiling and catalog tier.
 */
export class AzureOpenAiGatedEndpoint extends endpoint.GatedEndpointResource {
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
    const d = decideAzureEndpoint(name, args);
    super(AZURE_GATED_ENDPOINT_TYPE, name, d, opts);
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

    this.registerOutputs({
      accountId: this.accountId,
      deploymentId: this.deploymentId,
      endpointUrl: this.endpointUrl,
      deploymentName: this.deploymentName,
      tags: this.tags,
      tier: this.tier,
      projection: this.projection,
    });
  }
}
