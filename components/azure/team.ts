/**
 * A team's AI on Azure from one plain config object: its outcomes, a gated endpoint (account +
 * deployment) per model, a budget per outcome (amount = the sum of that outcome's ceilings), a team
 * budget, and the team key (an API Management product whose token quotas are the endpoints' hard
 * stop). Every problem in the whole config is reported at once, by path, before anything is
 * registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { OutcomeSchema } from "../../domain";
import {
  collectProblems,
  EmailSchema,
  ExpectedTokensSchema,
  GovernanceOptionsShape,
  pulumiInput,
  type ArgProblem,
} from "../args";
import { RunawayDaysSchema } from "../schemas";
import * as teamPlan from "../team-plan";
import {
  AzureBudgetAlarm,
  validateAzureBudgetAlarm,
  type AzureBudgetAlarmArgs,
} from "./budget-alarm";
import {
  AzureCapacitySchema,
  AzureOpenAiGatedEndpoint,
  decideAzureEndpoint,
  suffixedDeploymentName,
  type AzureOpenAiGatedEndpointArgs,
} from "./gated-endpoint";
import { AzureTeamKey, validateAzureTeamKey, type AzureTeamKeyArgs } from "./team-key";

export const AZURE_TEAM_TYPE = "outcomeguard:azure:Team";

export const AzureTeamEndpointSchema = z
  .object({
    // The name also names the endpoint's account by default.
    ...teamPlan.teamEndpointShape("sales-research"),
    capacity: AzureCapacitySchema,
    expectedTokens: ExpectedTokensSchema.optional(),
    modelVersion: z.string().optional(),
    /** Default: `<outcome>-<model>`, or `<outcome>-<model>-<name>` when that is taken in the team. */
    deploymentName: z.string().optional(),
    accountName: z.string().optional(),
  })
  .strict();

export const AzureAiTeamArgsSchema = z
  .object({
    ...teamPlan.TeamBudgetShape,
    budgetSubscribers: z.object({ emails: z.array(EmailSchema) }).strict(),
    /** Scope of the budgets: `/subscriptions/<id>` (or a resource group under it). */
    budgetScope: pulumiInput(z.string()),
    budgetStartDate: z.string().optional(),
    resourceGroupName: pulumiInput(z.string().min(1, { message: "must name a resource group" })),
    location: pulumiInput(z.string().min(1)).optional(),
    outcomes: teamPlan.teamOutcomesSchema(OutcomeSchema),
    endpoints: teamPlan.teamEndpointsSchema(AzureTeamEndpointSchema),
    /**
     * The team key: an API Management product with a token quota per deployment. With it, each
     * endpoint declares the `token-quota` hard stop. `false` for no key.
     */
    key: z
      .union([
        z.literal(false),
        z
          .object({
            apiManagement: z
              .object({
                serviceName: pulumiInput(z.string()),
                resourceGroupName: pulumiInput(z.string()),
              })
              .strict(),
            apiIds: z.array(pulumiInput(z.string())).optional(),
          })
          .strict(),
      ])
      .optional(),
    /**
     * Per-outcome metering: the team key's gateway emits token metrics (team, outcome, key and
     * deployment as dimensions) and each outcome budget gets a runaway alert on them, to its action
     * group. `metricsScope`: the Application Insights component API Management sends metrics to.
     */
    metering: z
      .union([
        z.literal(false),
        z
          .object({
            metricsScope: pulumiInput(z.string().min(1, { message: "must be a resource id" })),
            days: RunawayDaysSchema.optional(),
          })
          .strict(),
      ])
      .optional(),
    ...GovernanceOptionsShape,
  })
  .strict();

export type AzureAiTeamArgs = z.input<typeof AzureAiTeamArgsSchema>;
type Parsed = z.output<typeof AzureAiTeamArgsSchema>;

type Plan = teamPlan.TeamPlan<
  Parsed,
  AzureOpenAiGatedEndpointArgs,
  AzureBudgetAlarmArgs,
  AzureTeamKeyArgs
>;

const TEAM_LEVEL_PATHS = ["team", "costCenter", "tagPrefix", "resourceGroupName", "location"];

/** An endpoint's deployment as the team plans it (`index`: the endpoint's index in the team). */
interface TeamDeployment {
  name: string;
  /** The name was given (`deploymentName`), not the default. */
  readonly explicit: boolean;
  readonly endpoint: string;
  readonly outcome: string;
  readonly model: string;
  readonly ceiling: number;
  readonly index: number;
  readonly args: AzureOpenAiGatedEndpointArgs;
}

/**
 * Make every default deployment name unique in the team: the default `<outcome>-<model>` is the
 * same for two endpoints of one outcome on one model, and the team key's policy tells deployments
 * apart by name alone. The first endpoint (in order) whose default is free keeps it, so adding an
 * endpoint renames none; a default already taken (by a given name or an earlier endpoint) becomes
 * `<outcome>-<model>-<endpoint name>`, passed to the endpoint as its `deploymentName`. Given names
 * are never changed (a duplicate given name is the user's to fix; see {@link grantedDeployments}).
 */
function uniqueDefaultDeploymentNames(deployments: TeamDeployment[]): void {
  const taken = new Set(deployments.filter((d) => d.explicit).map((d) => d.name));
  for (const d of deployments) {
    if (d.explicit) continue;
    if (taken.has(d.name)) {
      d.name = suffixedDeploymentName(d.name, d.endpoint);
      d.args.deploymentName = d.name;
    }
    taken.add(d.name);
  }
}

/**
 * The deployments the team key grants: each name once. A later endpoint with a name already
 * granted is reported once, by its own `deploymentName` path, naming the endpoint that has it.
 */
function grantedDeployments(
  deployments: readonly TeamDeployment[],
  problems: ArgProblem[],
): TeamDeployment[] {
  const first = new Map<string, TeamDeployment>();
  const granted: TeamDeployment[] = [];
  for (const d of deployments) {
    const other = first.get(d.name);
    if (other === undefined) {
      first.set(d.name, d);
      granted.push(d);
      continue;
    }
    const where = other.explicit
      ? `endpoints[${other.index}].deploymentName`
      : `endpoints[${other.index}], its default`;
    problems.push({
      path: `endpoints[${d.index}].deploymentName`,
      message: `"${d.name}" is already the deployment name of endpoint "${other.endpoint}" (${where}); the team key gives each deployment its own token quota, so names must differ (leave deploymentName out for a unique default)`,
    });
  }
  return granted;
}

export function planAzureTeam(name: string, raw: unknown): Plan {
  return teamPlan.planTeam(
    AZURE_TEAM_TYPE,
    name,
    AzureAiTeamArgsSchema,
    raw,
    (a, problems): Plan => {
      const names = teamPlan.teamChildNames(name);
      const withKey = a.key !== undefined && a.key !== false;
      const metering = a.metering !== undefined && a.metering !== false ? a.metering : undefined;
      if (metering && !withKey) {
        problems.push({
          path: "metering",
          message:
            "metering counts tokens at the team key's API Management gateway; it needs the team key (remove key: false, or metering)",
        });
      }
      const deployments: TeamDeployment[] = [];
      const endpoints = teamPlan.planTeamEndpoints(a, problems, (ctx) => {
        const { endpoint: e, outcome: o, index: i } = ctx;
        const endpointArgs: AzureOpenAiGatedEndpointArgs = {
          ...teamPlan.teamEndpointArgs(a, e, o),
          capacity: e.capacity,
          resourceGroupName: a.resourceGroupName,
          ...(a.location !== undefined ? { location: a.location } : {}),
          ...(e.modelVersion !== undefined ? { modelVersion: e.modelVersion } : {}),
          ...(e.deploymentName !== undefined ? { deploymentName: e.deploymentName } : {}),
          ...(e.accountName !== undefined ? { accountName: e.accountName } : {}),
          ...(withKey ? { hardStop: "token-quota" as const } : {}),
          ...(metering && withKey ? { runawayAlarm: true } : {}),
        };
        const decided = ctx.check(
          () => decideAzureEndpoint(names.endpoint(e.name), endpointArgs),
          (path) => TEAM_LEVEL_PATHS.includes(path),
        );
        if (decided !== undefined) {
          deployments.push({
            name: decided.deploymentName,
            explicit: e.deploymentName !== undefined,
            endpoint: e.name,
            outcome: e.outcome,
            model: e.model,
            ceiling: e.monthlyCeilingUsd,
            index: i,
            args: endpointArgs,
          });
        }
        return { name: e.name, outcome: e.outcome, args: endpointArgs };
      });
      uniqueDefaultDeploymentNames(deployments);

      const common = {
        team: a.team,
        scope: a.budgetScope,
        resourceGroupName: a.resourceGroupName,
        emails: a.budgetSubscribers.emails,
        costCenter: a.costCenter,
        ...(a.budgetStartDate !== undefined ? { startDate: a.budgetStartDate } : {}),
        ...(a.tagPrefix !== undefined ? { tagPrefix: a.tagPrefix } : {}),
      };
      const outcomeBudgets: Plan["outcomeBudgets"] = teamPlan
        .outcomeLimits(a)
        .map(({ outcome: o, monthlyLimitUsd }) => ({
          outcome: o,
          args: {
            ...common,
            outcome: o,
            monthlyLimitUsd,
            ...(metering && withKey
              ? {
                  runawayAlert: {
                    metricsScope: metering.metricsScope,
                    models: a.endpoints.filter((e) => e.outcome === o.id).map((e) => e.model),
                    ...(metering.days !== undefined ? { days: metering.days } : {}),
                  },
                }
              : {}),
            ...(a.catalogOverrides ? { catalogOverrides: a.catalogOverrides } : {}),
          },
        }));
      const teamBudget: AzureBudgetAlarmArgs = { ...common, monthlyLimitUsd: a.monthlyBudgetUsd };
      // The metering arguments reach the outcome budgets' alerts: check them once, by their path.
      const metered = outcomeBudgets[0];
      if (metered?.args.runawayAlert) {
        problems.push(
          ...collectProblems(
            () => validateAzureBudgetAlarm(names.outcomeBudget(metered.outcome.id), metered.args),
            (path) => path.replace(/^runawayAlert/, "metering"),
          ).filter((p) => p.path.startsWith("metering")),
        );
      }
      problems.push(
        ...collectProblems(
          () => validateAzureBudgetAlarm(names.teamBudget, teamBudget),
          (path) =>
            path === "scope"
              ? "budgetScope"
              : path === "startDate"
                ? "budgetStartDate"
                : path.startsWith("emails")
                  ? `budgetSubscribers.${path}`
                  : path,
        ),
      );

      let key: AzureTeamKeyArgs | undefined;
      if (a.key !== undefined && a.key !== false) {
        const granted = grantedDeployments(deployments, problems);
        key = {
          team: a.team,
          apiManagement: a.key.apiManagement,
          endpoints: granted.map((d) => ({
            deploymentName: d.name,
            model: d.model,
            monthlyCeilingUsd: d.ceiling,
            outcome: d.outcome,
          })),
          ...(a.key.apiIds ? { apiIds: a.key.apiIds } : {}),
          ...(a.catalogOverrides ? { catalogOverrides: a.catalogOverrides } : {}),
        };
        const keyArgs = key;
        problems.push(
          ...collectProblems(
            () => validateAzureTeamKey(names.key, keyArgs),
            (path) => {
              const m = /^endpoints\[(\d+)\]\.(.*)$/.exec(path);
              const d = m ? granted[Number(m[1])] : undefined;
              return m && d ? `endpoints[${d.index}].${m[2]}` : `key.${path}`;
            },
          ),
        );
      }
      return { args: a, endpoints, outcomeBudgets, teamBudget, ...(key ? { key } : {}) };
    },
  );
}

/** `outcomeguard:azure:Team`: endpoints, budgets and key of one team on Azure. */
export class AzureAiTeam extends teamPlan.AiTeamResource<
  Plan,
  AzureOpenAiGatedEndpoint,
  AzureBudgetAlarm,
  AzureTeamKey,
  AzureTeamKeyArgs
> {
  constructor(name: string, args: AzureAiTeamArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      AZURE_TEAM_TYPE,
      planAzureTeam,
      name,
      args,
      {
        Endpoint: AzureOpenAiGatedEndpoint,
        Budget: AzureBudgetAlarm,
        Key: AzureTeamKey,
        // The plan has every deployment the key grants; the outcome budgets need nothing created.
        keyArgs: (key) => key,
        outcomeBudgetArgs: (b) => b.args,
      },
      opts,
    );
    this.registerTeamOutputs((e) => ({ deploymentName: e.deploymentName }), {
      productId: this.key?.productId,
    });
  }
}
