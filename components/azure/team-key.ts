/**
 * A team's key to its Azure OpenAI deployments: an API Management product for the team whose
 * `llm-token-limit` policy gives each deployment a tokens-per-minute rate and a monthly token
 * quota derived from its ceiling and the catalog price (and refuses any other deployment), and a
 * subscription whose keys are Pulumi secrets. The accounts have local auth disabled, so API
 * Management (with its managed identity) is the only way in with a key.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  listSubscriptionSecretsOutput,
  Product,
  ProductApiLink,
  ProductPolicy,
  Subscription,
} from "@pulumi/azure-native/apimanagement";
import { z } from "zod";
import {
  APIM_TOKEN_METRIC,
  deploymentTokenLimit,
  llmTokenLimitPolicyXml,
  OUTCOME_ID_PATTERN,
  type DeploymentTokenLimit,
} from "../../domain";
import {
  CeilingUsdSchema,
  classify,
  governanceOf,
  GovernanceOptionsShape,
  ModelSchema,
  parseArgs,
  pulumiInput,
  TeamSchema,
  type ArgProblem,
} from "../args";
import { DeploymentNameSchema } from "../schemas";

export const AZURE_TEAM_KEY_TYPE = "outcomeguard:azure:TeamKey";

export const AzureTeamKeyEndpointSchema = z
  .object({
    deploymentName: DeploymentNameSchema,
    model: ModelSchema,
    monthlyCeilingUsd: CeilingUsdSchema,
    /** The outcome the deployment serves: the `outcome` dimension of its token metrics. */
    outcome: z
      .string()
      .regex(OUTCOME_ID_PATTERN, { message: "must be an outcome id (a slug)" })
      .optional(),
  })
  .strict();

export const AzureTeamKeyArgsSchema = z
  .object({
    team: TeamSchema,
    apiManagement: z
      .object({
        serviceName: pulumiInput(z.string().min(1, { message: "must name the APIM service" })),
        resourceGroupName: pulumiInput(
          z.string().min(1, { message: "must name the APIM service's resource group" }),
        ),
      })
      .strict(),
    /**
     * The deployments the key may call, each with its ceiling. Pass `endpoint.deploymentName`,
     * `endpoint.model.input` and `endpoint.monthlyCeilingUsd` of each AzureOpenAiGatedEndpoint.
     */
    endpoints: z
      .array(AzureTeamKeyEndpointSchema)
      .min(1, { message: "must list at least one deployment; a key to nothing is no key" }),
    /** APIM API resource ids to put in the team's product (the APIs fronting the accounts). */
    apiIds: z
      .array(pulumiInput(z.string().min(1, { message: "must be an API resource id" })))
      .optional(),
    catalogOverrides: GovernanceOptionsShape.catalogOverrides,
    /**
     * Emit each call's token counts (`llm-emit-token-metric`, namespace `outcomeguard`) with the
     * team, outcome, key and deployment as dimensions (default true). API Management must send
     * metrics to Application Insights (a logger and a diagnostic with metrics on) for them to land.
     */
    metering: z.boolean().optional(),
  })
  .strict();

export type AzureTeamKeyArgs = z.input<typeof AzureTeamKeyArgsSchema>;

/** Validate an Azure team key's arguments (throws {@link InvalidArgumentsError}); no side effects. */
export function validateAzureTeamKey(
  name: string,
  args: unknown,
): { args: z.output<typeof AzureTeamKeyArgsSchema>; limits: DeploymentTokenLimit[] } {
  let limits: DeploymentTokenLimit[] = [];
  const parsed = parseArgs(AZURE_TEAM_KEY_TYPE, name, AzureTeamKeyArgsSchema, args, (p) => {
    const problems: ArgProblem[] = [];
    const gov = governanceOf(p);
    // Each duplicate is reported once, at the later entry, naming the first one with that name.
    const first = new Map<string, number>();
    p.endpoints.forEach((e, i) => {
      const twin = first.get(e.deploymentName);
      if (twin !== undefined) {
        problems.push({
          path: `endpoints[${i}].deploymentName`,
          message: `"${e.deploymentName}" is also the deployment name of endpoints[${twin}].deploymentName; each deployment gets its own quota, so names must differ`,
        });
      } else first.set(e.deploymentName, i);
    });
    limits = p.endpoints.map((e) =>
      deploymentTokenLimit(
        e.deploymentName,
        classify(e.model, gov),
        e.monthlyCeilingUsd,
        e.outcome,
      ),
    );
    return problems;
  });
  return { args: parsed, limits };
}

/**
 * `outcomeguard:azure:TeamKey`: an API Management product with per-deployment token quotas and a
 * subscription key for one team.
 */
export class AzureTeamKey extends pulumi.ComponentResource {
  readonly product: Product;
  readonly productPolicy: ProductPolicy;
  readonly subscription: Subscription;
  readonly productId: string;
  /** The product policy XML. */
  readonly policyXml: string;
  /** Per deployment: the rate and monthly quota that keep it under its ceiling. */
  readonly tokenLimits: readonly DeploymentTokenLimit[];
  /** Subscription keys (secret). */
  readonly primaryKey: pulumi.Output<string>;
  readonly secondaryKey: pulumi.Output<string>;
  readonly team: string;

  constructor(name: string, args: AzureTeamKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, limits } = validateAzureTeamKey(name, args);
    super(AZURE_TEAM_KEY_TYPE, name, {}, opts);
    this.team = a.team;
    this.tokenLimits = limits;
    this.policyXml = llmTokenLimitPolicyXml(
      limits,
      a.metering === false ? undefined : { namespace: APIM_TOKEN_METRIC.namespace, team: a.team },
    );
    this.productId = `outcomeguard-${a.team}`.slice(0, 80);
    const apim = a.apiManagement;

    this.product = new Product(
      `${name}-product`,
      {
        productId: this.productId,
        displayName: `OutcomeGuard ${a.team}`,
        description: `AI endpoints of team ${a.team}, each with a monthly token quota that keeps it under its cost ceiling`,
        resourceGroupName: apim.resourceGroupName,
        serviceName: apim.serviceName,
        subscriptionRequired: true,
        approvalRequired: false,
        subscriptionsLimit: 1,
        state: "published",
      },
      { parent: this },
    );
    this.productPolicy = new ProductPolicy(
      `${name}-token-limit`,
      {
        productId: this.product.name,
        resourceGroupName: apim.resourceGroupName,
        serviceName: apim.serviceName,
        policyId: "policy",
        format: "xml",
        value: this.policyXml,
      },
      { parent: this },
    );
    (a.apiIds ?? []).forEach(
      (apiId, i) =>
        new ProductApiLink(
          `${name}-api-${i}`,
          {
            apiId,
            productId: this.product.name,
            resourceGroupName: apim.resourceGroupName,
            serviceName: apim.serviceName,
          },
          { parent: this },
        ),
    );
    const sid = `outcomeguard-${a.team}-key`.slice(0, 80);
    this.subscription = new Subscription(
      `${name}-subscription`,
      {
        sid,
        displayName: `OutcomeGuard key for ${a.team}`,
        scope: pulumi.interpolate`/products/${this.product.name}`,
        resourceGroupName: apim.resourceGroupName,
        serviceName: apim.serviceName,
        state: "active",
        allowTracing: false,
      },
      { parent: this, additionalSecretOutputs: ["primaryKey", "secondaryKey"] },
    );
    const secrets = listSubscriptionSecretsOutput(
      {
        resourceGroupName: apim.resourceGroupName,
        serviceName: apim.serviceName,
        sid: this.subscription.name,
      },
      { parent: this },
    );
    this.primaryKey = pulumi.secret(secrets.apply((s) => s.primaryKey ?? ""));
    this.secondaryKey = pulumi.secret(secrets.apply((s) => s.secondaryKey ?? ""));

    this.registerOutputs({
      productId: this.productId,
      subscriptionId: this.subscription.id,
      tokenLimits: this.tokenLimits,
      primaryKey: this.primaryKey,
      secondaryKey: this.secondaryKey,
    });
  }
}
