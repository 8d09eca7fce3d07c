/**
 * A team's AI on Azure from one plain config object: its outcomes, a gated endpoint (account +
 * deployment) per model, a budget per outcome (amount = the sum of that outcome's ceilings), a team
 * budget, and the team key (an API Management product whose token quotas are the endpoints' hard
 * stop). Every problem in the whole config is reported at once, by path, before anything is
 * registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { OutcomeSchema, type Outcome, type Tier } from "../../domain";
import {
  CeilingUsdSchema,
  collectProblems,
  CostCenterSchema,
  EmailSchema,
  ExpectedTokensSchema,
  GovernanceOptionsShape,
  ModelSchema,
  parseArgs,
  pulumiInput,
  SLUG_PATTERN,
  TaskClassArgSchema,
  TeamSchema,
  type ArgProblem,
  type EndpointProjection,
} from "../args";
import {
  AzureBudgetAlarm,
  validateAzureBudgetAlarm,
  type AzureBudgetAlarmArgs,
} from "./budget-alarm";
import {
  AzureCapacitySchema,
  AzureOpenAiGatedEndpoint,
  decideAzureEndpoint,
  type AzureOpenAiGatedEndpointArgs,
} from "./gated-endpoint";
import { AzureTeamKey, validateAzureTeamKey, type AzureTeamKeyArgs } from "./team-key";

export const AZURE_TEAM_TYPE = "outcomeguard:azure:Team";

const NameSchema = z.string().regex(SLUG_PATTERN, {
  message: "must be a slug: lowercase letters, digits and hyphens (e.g. sales-research)",
});

export const AzureTeamEndpointSchema = z
  .object({
    /** Unique within the team; names the endpoint's resources (and its account by default). */
    name: NameSchema,
    /** The id of one of the team's outcomes. */
    outcome: z.string().min(1, { message: "must be the id of one of the team's outcomes" }),
    model: ModelSchema,
    monthlyCeilingUsd: CeilingUsdSchema,
    taskClass: TaskClassArgSchema,
    capacity: AzureCapacitySchema,
    expectedTokens: ExpectedTokensSchema.optional(),
    modelVersion: z.string().optional(),
    deploymentName: z.string().optional(),
    accountName: z.string().optional(),
  })
  .strict();

export const AzureAiTeamArgsSchema = z
  .object({
    team: TeamSchema,
    costCenter: CostCenterSchema,
    /** The team's monthly AI budget; the sum of its endpoints' ceilings must fit in it. */
    monthlyBudgetUsd: CeilingUsdSchema,
    budgetSubscribers: z.object({ emails: z.array(EmailSchema) }).strict(),
    /** Scope of the budgets: `/subscriptions/<id>` (or a resource group under it). */
    budgetScope: pulumiInput(z.string()),
    budgetStartDate: z.string().optional(),
    resourceGroupName: pulumiInput(z.string().min(1, { message: "must name a resource group" })),
    location: pulumiInput(z.string().min(1)).optional(),
    outcomes: z
      .array(OutcomeSchema)
      .min(1, { message: "a team needs at least one outcome: what its AI spend must change" }),
    endpoints: z.array(AzureTeamEndpointSchema).min(1, {
      message: "a team needs at least one endpoint (or it needs no OutcomeGuard team)",
    }),
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
    ...GovernanceOptionsShape,
  })
  .strict();

export type AzureAiTeamArgs = z.input<typeof AzureAiTeamArgsSchema>;
type Parsed = z.output<typeof AzureAiTeamArgsSchema>;

interface Plan {
  readonly args: Parsed;
  readonly endpoints: { name: string; outcome: string; args: AzureOpenAiGatedEndpointArgs }[];
  readonly outcomeBudgets: { outcome: Outcome; args: AzureBudgetAlarmArgs }[];
  readonly teamBudget: AzureBudgetAlarmArgs;
  readonly key?: AzureTeamKeyArgs;
}

export function planAzureTeam(name: string, raw: unknown): Plan {
  let plan: Plan | undefined;
  parseArgs(AZURE_TEAM_TYPE, name, AzureAiTeamArgsSchema, raw, (a) => {
    const problems: ArgProblem[] = [];
    const outcomeIndex = new Map<string, number>();
    a.outcomes.forEach((o, i) => {
      if (outcomeIndex.has(o.id)) {
        problems.push({ path: `outcomes[${i}].id`, message: `"${o.id}" is declared twice` });
      } else outcomeIndex.set(o.id, i);
    });
    const governance = {
      ...(a.tagPrefix !== undefined ? { tagPrefix: a.tagPrefix } : {}),
      ...(a.catalogOverrides !== undefined ? { catalogOverrides: a.catalogOverrides } : {}),
      ...(a.maxCeilingUsd !== undefined ? { maxCeilingUsd: a.maxCeilingUsd } : {}),
      ...(a.gatedTiers !== undefined ? { gatedTiers: a.gatedTiers } : {}),
    };
    const withKey = a.key !== undefined && a.key !== false;
    const names = new Set<string>();
    const used = new Set<string>();
    const seenMessages = new Set<string>();
    const endpoints: Plan["endpoints"] = [];
    const deployments: { name: string; model: string; ceiling: number; index: number }[] = [];
    a.endpoints.forEach((e, i) => {
      if (names.has(e.name)) {
        problems.push({ path: `endpoints[${i}].name`, message: `"${e.name}" is used twice` });
      }
      names.add(e.name);
      const oi = outcomeIndex.get(e.outcome);
      const o = oi === undefined ? undefined : a.outcomes[oi];
      if (oi === undefined || !o) {
        problems.push({
          path: `endpoints[${i}].outcome`,
          message: `"${e.outcome}" is not one of the team's outcomes; allowed: ${[...outcomeIndex.keys()].join(", ")}`,
        });
        return;
      }
      used.add(e.outcome);
      const endpointArgs: AzureOpenAiGatedEndpointArgs = {
        team: a.team,
        outcome: o,
        model: e.model,
        monthlyCeilingUsd: e.monthlyCeilingUsd,
        taskClass: e.taskClass,
        costCenter: a.costCenter,
        capacity: e.capacity,
        resourceGroupName: a.resourceGroupName,
        ...(a.location !== undefined ? { location: a.location } : {}),
        ...(e.expectedTokens ? { expectedTokens: e.expectedTokens } : {}),
        ...(e.modelVersion !== undefined ? { modelVersion: e.modelVersion } : {}),
        ...(e.deploymentName !== undefined ? { deploymentName: e.deploymentName } : {}),
        ...(e.accountName !== undefined ? { accountName: e.accountName } : {}),
        ...(withKey ? { hardStop: "token-quota" as const } : {}),
        ...governance,
      };
      let deploymentName: string | undefined;
      for (const p of collectProblems(
        () => {
          deploymentName = decideAzureEndpoint(`${name}-${e.name}`, endpointArgs).deploymentName;
        },
        (path) =>
          path.startsWith("outcome.")
            ? `outcomes[${oi}].${path.slice("outcome.".length)}`
            : ["team", "costCenter", "tagPrefix", "resourceGroupName", "location"].includes(path)
              ? path
              : `endpoints[${i}].${path}`,
      )) {
        const key = `${p.path}\u0000${p.message}`;
        if (!seenMessages.has(key)) {
          seenMessages.add(key);
          problems.push(p);
        }
      }
      if (deploymentName !== undefined) {
        deployments.push({
          name: deploymentName,
          model: e.model,
          ceiling: e.monthlyCeilingUsd,
          index: i,
        });
      }
      endpoints.push({ name: e.name, outcome: e.outcome, args: endpointArgs });
    });
    a.outcomes.forEach((o, i) => {
      if (!used.has(o.id) && outcomeIndex.get(o.id) === i) {
        problems.push({
          path: `outcomes[${i}]`,
          message: `outcome "${o.id}" has no endpoint; add one or remove the outcome`,
        });
      }
    });
    const total = a.endpoints.reduce((sum, e) => sum + e.monthlyCeilingUsd, 0);
    if (total > a.monthlyBudgetUsd) {
      problems.push({
        path: "monthlyBudgetUsd",
        message: `the team's endpoint ceilings add up to ${total} USD per month, more than its ${a.monthlyBudgetUsd} USD budget; raise the budget or lower ceilings`,
      });
    }

    const common = {
      team: a.team,
      scope: a.budgetScope,
      resourceGroupName: a.resourceGroupName,
      emails: a.budgetSubscribers.emails,
      costCenter: a.costCenter,
      ...(a.budgetStartDate !== undefined ? { startDate: a.budgetStartDate } : {}),
      ...(a.tagPrefix !== undefined ? { tagPrefix: a.tagPrefix } : {}),
    };
    const outcomeBudgets: Plan["outcomeBudgets"] = [];
    for (const o of a.outcomes) {
      const limit = a.endpoints
        .filter((e) => e.outcome === o.id)
        .reduce((sum, e) => sum + e.monthlyCeilingUsd, 0);
      if (limit > 0) {
        outcomeBudgets.push({
          outcome: o,
          args: { ...common, outcome: o, monthlyLimitUsd: Math.round(limit * 100) / 100 },
        });
      }
    }
    const teamBudget: AzureBudgetAlarmArgs = { ...common, monthlyLimitUsd: a.monthlyBudgetUsd };
    problems.push(
      ...collectProblems(
        () => validateAzureBudgetAlarm(`${name}-team-budget`, teamBudget),
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
      key = {
        team: a.team,
        apiManagement: a.key.apiManagement,
        endpoints: deployments.map((d) => ({
          deploymentName: d.name,
          model: d.model,
          monthlyCeilingUsd: d.ceiling,
        })),
        ...(a.key.apiIds ? { apiIds: a.key.apiIds } : {}),
        ...(a.catalogOverrides ? { catalogOverrides: a.catalogOverrides } : {}),
      };
      const keyArgs = key;
      problems.push(
        ...collectProblems(
          () => validateAzureTeamKey(`${name}-key`, keyArgs),
          (path) => {
            const m = /^endpoints\[(\d+)\]\.(.*)$/.exec(path);
            const d = m ? deployments[Number(m[1])] : undefined;
            return m && d ? `endpoints[${d.index}].${m[2]}` : `key.${path}`;
          },
        ),
      );
    }
    if (problems.length === 0) {
      plan = { args: a, endpoints, outcomeBudgets, teamBudget, ...(key ? { key } : {}) };
    }
    return problems;
  });
  if (!plan) throw new Error(`internal: team ${name} validated but not planned`);
  return plan;
}

export interface AzureTeamEndpointSummary {
  readonly deploymentName: string;
  readonly outcome: string;
  readonly tier: Tier;
  readonly tags: Readonly<Record<string, string>>;
  readonly projection: EndpointProjection;
}

/** `outcomeguard:azure:Team`: endpoints, budgets and key of one team on Azure. */
export class AzureAiTeam extends pulumi.ComponentResource {
  readonly endpoints: Readonly<Record<string, AzureOpenAiGatedEndpoint>>;
  readonly outcomeBudgets: Readonly<Record<string, AzureBudgetAlarm>>;
  readonly teamBudget: AzureBudgetAlarm;
  readonly key?: AzureTeamKey;
  readonly team: string;

  constructor(name: string, args: AzureAiTeamArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = planAzureTeam(name, args);
    super(AZURE_TEAM_TYPE, name, {}, opts);
    this.team = plan.args.team;
    const endpoints: Record<string, AzureOpenAiGatedEndpoint> = {};
    for (const e of plan.endpoints) {
      endpoints[e.name] = new AzureOpenAiGatedEndpoint(`${name}-${e.name}`, e.args, {
        parent: this,
      });
    }
    this.endpoints = endpoints;
    if (plan.key) this.key = new AzureTeamKey(`${name}-key`, plan.key, { parent: this });
    const budgets: Record<string, AzureBudgetAlarm> = {};
    for (const b of plan.outcomeBudgets) {
      budgets[b.outcome.id] = new AzureBudgetAlarm(`${name}-${b.outcome.id}-budget`, b.args, {
        parent: this,
      });
    }
    this.outcomeBudgets = budgets;
    this.teamBudget = new AzureBudgetAlarm(`${name}-team-budget`, plan.teamBudget, {
      parent: this,
    });
    this.registerOutputs({
      team: this.team,
      endpoints: Object.fromEntries(
        Object.entries(endpoints).map(([k, e]) => [
          k,
          { deploymentName: e.deploymentName, tier: e.tier, tags: e.tags },
        ]),
      ),
      productId: this.key?.productId,
    });
  }
}
