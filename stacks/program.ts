/**
 * The stack program: what a stack's configuration declares, built with OutcomeGuard's components
 * (a team convenience per team and cloud: gated endpoints, outcome and team budgets, team key),
 * plus the `unmanaged` section's shadow AI built with raw provider resources, so the policy pack
 * has something real to block.
 */
import * as pulumi from "@pulumi/pulumi";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { Account, Deployment } from "@pulumi/azure-native/cognitiveservices";
import { ResourceGroup } from "@pulumi/azure-native/resources";
import { InferenceProfile, ProvisionedModelThroughput } from "@pulumi/aws/bedrock";
import { Policy } from "@pulumi/aws/iam";
import {
  AwsAccount,
  AwsAiTeam,
  AzureAiTeam,
  InvalidArgumentsError,
  legacyTeamTagOwner,
  planAwsTeam,
  planAzureTeam,
  type AwsAiTeamArgs,
  type AzureAiTeamArgs,
} from "../components";
import { DEFAULT_RUNAWAY_DAYS } from "../domain";
import {
  CONFIG_NAMESPACE,
  keyOf,
  outcomeOf,
  parseStackConfig,
  StackConfigError,
  teamBudgetOn,
  teamsOn,
  type Cloud,
  type ConfigProblem,
  type EndpointConfig,
  type StackConfig,
  type UnmanagedConfig,
} from "./config";

const ns = CONFIG_NAMESPACE;

/** The resource name of the stack's AwsAccount (one per stack, so one per account). */
export const AWS_ACCOUNT_NAME = "aws-account";

/** Where each argument of a team component came from in the stack config. */
interface TeamOrigin {
  readonly team: string;
  readonly cloud: "aws" | "azure";
  /** Team endpoint index -> config endpoint index. */
  readonly endpoints: readonly number[];
  /** Team outcome index -> outcome id. */
  readonly outcomes: readonly string[];
  /** Config key index, if the team has a key on this cloud. */
  readonly key?: number;
}

/** A component argument path, as the config path the user wrote. */
function configPathOf(origin: TeamOrigin, path: string): string {
  const m = /^(endpoints|outcomes)\[(\d+)\](.*)$/.exec(path);
  if (m) {
    const [, section, index, rest = ""] = m;
    if (section === "endpoints") {
      const i = origin.endpoints[Number(index)];
      if (i !== undefined) return `${ns}:endpoints[${i}]${rest}`;
    } else {
      const id = origin.outcomes[Number(index)];
      if (id !== undefined) {
        // An AWS outcome's hard stop is declared on its endpoints.
        if (rest === ".hardStop")
          return `${ns}:endpoints (team ${origin.team}, outcome ${id}).hardStop`;
        return `${ns}:outcomes.${id}${rest}`;
      }
    }
  }
  const team = `${ns}:teams.${origin.team}`;
  if (path === "team") return team;
  if (path === "costCenter") return `${team}.costCenter`;
  if (path === "monthlyBudgetUsd") return `${team}.monthlyBudgetUsd`;
  if (path.startsWith("budgetSubscribers.emails"))
    return `${team}.notify${path.slice("budgetSubscribers.emails".length)}`;
  if (path.startsWith("budgetSubscribers")) return `${team}.notify`;
  if (path.startsWith("key")) {
    const rest = path.slice(3).replace(/^\.apiKey(?:\.maxAgeDays)?/, ".apiKeyMaxAgeDays");
    return origin.key !== undefined ? `${ns}:keys[${origin.key}]${rest}` : `${ns}:keys`;
  }
  if (path === "region") return "aws:region";
  if (path === "accountId") return `${ns}:aws.accountId`;
  if (path === "tagPrefix") return `${ns}:tagPrefix`;
  if (path.startsWith("runawayAlarm")) return `${ns}:runaway${path.slice("runawayAlarm".length)}`;
  if (path === "metering.metricsScope") return `${ns}:azure.apiManagement.applicationInsightsId`;
  if (path.startsWith("metering")) return `${ns}:runaway${path.slice("metering".length)}`;
  if (path === "budgetScope") return `${ns}:azure.subscriptionId`;
  if (path === "resourceGroupName" || path === "location") return `${ns}:azure.${path}`;
  return `${team} (${origin.cloud} team) ${path}`;
}

/**
 * A component's problem message with the team endpoints it names (`endpoints[1].deploymentName`,
 * e.g. the other endpoint of a duplicate) written as config paths, like the problem's own path.
 */
function configMessageOf(origin: TeamOrigin, message: string): string {
  return message.replace(
    /(?<![\w:.])endpoints\[(\d+)\](?:\.[A-Za-z]\w*)*/g,
    (ref, index: string) =>
      origin.endpoints[Number(index)] !== undefined ? configPathOf(origin, ref) : ref,
  );
}

/** Build a team component; its argument errors come back as stack config errors, by config path. */
function asConfigProblems<T>(origin: TeamOrigin, build: () => T): T | ConfigProblem[] {
  try {
    return build();
  } catch (e) {
    if (e instanceof InvalidArgumentsError) {
      return e.problems.map((p) => ({
        path: configPathOf(origin, p.path),
        message: configMessageOf(origin, p.message),
      }));
    }
    throw e;
  }
}

/** A team's endpoints on one cloud, each with its index in the config. */
function ownEndpoints<C extends Cloud>(
  c: StackConfig,
  team: string,
  cloud: C,
): { e: Extract<EndpointConfig, { cloud: C }>; i: number }[] {
  return c.endpoints
    .map((e, i) => ({ e, i }))
    .filter(
      (x): x is { e: Extract<EndpointConfig, { cloud: C }>; i: number } =>
        x.e.cloud === cloud && x.e.team === team,
    );
}

/** What every team component takes from the config, whatever the cloud, and where it came from. */
function teamBase(
  c: StackConfig,
  team: string,
  cloud: Cloud,
  own: readonly { e: EndpointConfig; i: number }[],
) {
  const t = c.teams[team]!;
  const outcomeIds = [...new Set(own.map(({ e }) => e.outcome))];
  const keyIndex = c.keys.findIndex((k) => k.team === team && k.cloud === cloud);
  const origin: TeamOrigin = {
    team,
    cloud,
    endpoints: own.map(({ i }) => i),
    outcomes: outcomeIds,
    ...(keyIndex >= 0 ? { key: keyIndex } : {}),
  };
  const args = {
    team,
    costCenter: t.costCenter,
    monthlyBudgetUsd: teamBudgetOn(t, cloud)!,
    budgetSubscribers: { emails: t.notify },
  };
  const endpoint = (e: EndpointConfig) => ({
    name: e.name,
    outcome: e.outcome,
    model: e.model,
    monthlyCeilingUsd: e.monthlyCeilingUsd,
    taskClass: e.taskClass,
    ...(e.expectedTokens ? { expectedTokens: e.expectedTokens } : {}),
  });
  const tagPrefix = c.tagPrefix ? { tagPrefix: c.tagPrefix } : {};
  return { args, origin, outcomeIds, keyIndex, endpoint, tagPrefix };
}

function awsTeamArgs(
  c: StackConfig,
  team: string,
  region: string | undefined,
): { args: AwsAiTeamArgs; origin: TeamOrigin } {
  const own = ownEndpoints(c, team, "aws");
  const base = teamBase(c, team, "aws", own);
  const key = keyOf(c, team, "aws");
  const args: AwsAiTeamArgs = {
    ...base.args,
    ...(region ? { region } : {}),
    ...(c.aws?.accountId ? { accountId: c.aws.accountId } : {}),
    outcomes: base.outcomeIds.map((id) => ({
      ...outcomeOf(c, id),
      ...(own.some(({ e }) => e.outcome === id && e.hardStop === "budget-action")
        ? { hardStop: true }
        : {}),
    })),
    endpoints: own.map(({ e }) => ({
      ...base.endpoint(e),
      ...(e.capacity ? { capacity: e.capacity } : {}),
      ...(e.region ? { region: e.region } : {}),
    })),
    key: key
      ? key.apiKeyMaxAgeDays === false
        ? { apiKey: false }
        : key.apiKeyMaxAgeDays !== undefined
          ? { apiKey: { maxAgeDays: key.apiKeyMaxAgeDays } }
          : {}
      : false,
    runawayAlarm:
      c.runaway?.enabled === false ? false : { days: c.runaway?.days ?? DEFAULT_RUNAWAY_DAYS },
    ...base.tagPrefix,
  };
  return { args, origin: base.origin };
}

function azureTeamArgs(
  c: StackConfig,
  team: string,
  resourceGroupName: pulumi.Input<string>,
  location: string | undefined,
  budgetScope: pulumi.Input<string>,
): { args: AzureAiTeamArgs; origin: TeamOrigin } {
  const az = c.azure!;
  const own = ownEndpoints(c, team, "azure");
  const base = teamBase(c, team, "azure", own);
  const apim = az.apiManagement;
  const args: AzureAiTeamArgs = {
    ...base.args,
    budgetScope,
    resourceGroupName,
    ...(location ? { location } : {}),
    outcomes: base.outcomeIds.map((id) => outcomeOf(c, id)),
    endpoints: own.map(({ e }) => ({
      ...base.endpoint(e),
      capacity: e.capacity,
      ...(e.modelVersion ? { modelVersion: e.modelVersion } : {}),
      ...(e.deploymentName ? { deploymentName: e.deploymentName } : {}),
      ...(e.accountName ? { accountName: e.accountName } : {}),
    })),
    key:
      base.keyIndex >= 0 && apim
        ? {
            apiManagement: {
              serviceName: apim.serviceName,
              resourceGroupName: apim.resourceGroupName ?? az.resourceGroupName,
            },
          }
        : false,
    ...(base.keyIndex >= 0 && apim?.applicationInsightsId && c.runaway?.enabled !== false
      ? {
          metering: {
            metricsScope: apim.applicationInsightsId,
            days: c.runaway?.days ?? DEFAULT_RUNAWAY_DAYS,
          },
        }
      : {}),
    ...base.tagPrefix,
  };
  return { args, origin: base.origin };
}

/** Shadow AI: what teams create when they go around the components. */
function buildUnmanaged(
  u: UnmanagedConfig,
  azure: { resourceGroupName: pulumi.Input<string>; location?: string } | undefined,
): pulumi.Resource[] {
  switch (u.kind) {
    case "azure-openai-deployment": {
      if (!azure) throw new Error(`internal: ${u.name} needs the azure settings`);
      const accountName = u.accountName ?? u.name;
      const account = new Account(`${u.name}-account`, {
        accountName,
        resourceGroupName: azure.resourceGroupName,
        ...(azure.location ? { location: azure.location } : {}),
        kind: "OpenAI",
        sku: { name: "S0" },
        properties: {
          customSubDomainName: accountName,
          ...(u.localAuth ? {} : { disableLocalAuth: true }),
        },
        ...(u.tags ? { tags: u.tags } : {}),
      });
      const deployment = new Deployment(u.name, {
        accountName: account.name,
        resourceGroupName: azure.resourceGroupName,
        deploymentName: u.name,
        properties: {
          model: {
            format: "OpenAI",
            name: u.model,
            ...(u.modelVersion ? { version: u.modelVersion } : {}),
          },
        },
        sku: { name: u.sku, capacity: u.capacity },
        ...(u.tags ? { tags: u.tags } : {}),
      });
      return [account, deployment];
    }
    case "bedrock-iam-policy":
      return [
        new Policy(u.name, {
          description: "Bedrock access created outside OutcomeGuard",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: u.actions.length === 1 ? u.actions[0] : u.actions,
                Resource: u.resources.length === 1 ? u.resources[0] : u.resources,
              },
            ],
          }),
          ...(u.tags ? { tags: u.tags } : {}),
        }),
      ];
    case "bedrock-inference-profile":
      return [
        new InferenceProfile(u.name, {
          name: u.name,
          modelSource: { copyFrom: u.model },
          ...(u.tags ? { tags: u.tags } : {}),
        }),
      ];
    case "bedrock-provisioned-throughput":
      return [
        new ProvisionedModelThroughput(u.name, {
          provisionedModelName: u.name,
          modelArn: u.model,
          modelUnits: u.modelUnits,
          ...(u.commitment ? { commitmentDuration: u.commitment } : {}),
          ...(u.tags ? { tags: u.tags } : {}),
        }),
      ];
  }
}

/** The stack's outputs: each gated endpoint's identifier, by team. */
export interface StackOutputs {
  readonly endpoints: Record<string, pulumi.Output<string>>;
}

/**
 * Build the stack from its flat configuration (what `pulumi.runtime.allConfig()` returns).
 * Throws {@link StackConfigError} naming every problem, before any resource is registered.
 */
export function buildStack(flat: Readonly<Record<string, string>>): StackOutputs {
  const { config: c, providers } = parseStackConfig(flat);

  // Validate every team before registering anything, so one run names every problem.
  const awsTeams = teamsOn(c, "aws").map((team) => awsTeamArgs(c, team, providers.awsRegion));
  const az = c.azure;
  const location = az?.location ?? providers.azureLocation;
  const usesAzure =
    teamsOn(c, "azure").length > 0 || c.unmanaged.some((u) => u.kind === "azure-openai-deployment");
  const problems: ConfigProblem[] = [];

  // Plain-value checks first (the components validate without registering anything).
  const placeholderScope = "/subscriptions/00000000-0000-0000-0000-000000000000";
  for (const { args, origin } of awsTeams) {
    const r = asConfigProblems(origin, () => planAwsTeam(args.team, args));
    if (Array.isArray(r)) problems.push(...r);
  }
  const azureTeamNames = teamsOn(c, "azure");
  for (const team of az ? azureTeamNames : []) {
    const { args, origin } = azureTeamArgs(
      c,
      team,
      az!.resourceGroupName,
      location,
      placeholderScope,
    );
    const r = asConfigProblems(origin, () => planAzureTeam(team, args));
    if (Array.isArray(r)) problems.push(...r);
  }
  if (problems.length > 0) throw new StackConfigError(problems);

  let resourceGroupName: pulumi.Input<string> | undefined;
  if (usesAzure && az) {
    resourceGroupName = az.createResourceGroup
      ? new ResourceGroup(az.resourceGroupName, {
          resourceGroupName: az.resourceGroupName,
          ...(location ? { location } : {}),
        }).name
      : az.resourceGroupName;
  }
  const endpoints: Record<string, pulumi.Output<string>> = {};
  if (awsTeams.length > 0) {
    // The account's cost-allocation tags, whatever the teams' order; stacks that activated them
    // under their first team's budget (before AwsAccount) keep them through aliases.
    new AwsAccount(AWS_ACCOUNT_NAME, {
      ...(c.tagPrefix ? { tagPrefix: c.tagPrefix } : {}),
      previousOwners: awsTeams.map(({ args }) => legacyTeamTagOwner(args.team)),
    });
  }
  for (const { args } of awsTeams) {
    const team = new AwsAiTeam(args.team, args);
    for (const [name, e] of Object.entries(team.endpoints)) endpoints[name] = e.arn;
  }
  if (azureTeamNames.length > 0 && az && resourceGroupName !== undefined) {
    const subscriptionId = az.subscriptionId
      ? pulumi.output(az.subscriptionId)
      : getClientConfigOutput().subscriptionId;
    const budgetScope = pulumi.interpolate`/subscriptions/${subscriptionId}`;
    for (const team of azureTeamNames) {
      const { args } = azureTeamArgs(c, team, resourceGroupName, location, budgetScope);
      const built = new AzureAiTeam(team, args);
      for (const [name, e] of Object.entries(built.endpoints)) {
        endpoints[name] = pulumi.output(e.deploymentName);
      }
    }
  }
  for (const u of c.unmanaged) {
    buildUnmanaged(
      u,
      resourceGroupName !== undefined
        ? { resourceGroupName, ...(location ? { location } : {}) }
        : undefined,
    );
  }
  return { endpoints };
}
