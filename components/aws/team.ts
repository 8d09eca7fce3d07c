/**
 * A team's AI on AWS from one plain config object: its outcomes, a gated endpoint per model, a
 * budget per outcome (limit = the sum of that outcome's ceilings, optional hard stop), a runaway
 * alarm per on-demand endpoint, a team budget, and the team key. Cost-allocation tags are the
 * account's (`AwsAccount`), not a team's. Every problem in the whole config is reported at once, by path, before
 * anything is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { OutcomeSchema, type Outcome } from "../../domain";
import {
  collectProblems,
  EmailSchema,
  ExpectedTokensSchema,
  GovernanceOptionsShape,
  pulumiInput,
  pulumiInputList,
} from "../args";
import { RunawayDaysSchema } from "../schemas";
import {
  byName,
  governanceArgs,
  outcomeLimits,
  planTeam,
  planTeamEndpoints,
  TeamBudgetShape,
  teamEndpointPath,
  teamEndpointShape,
  teamEndpointsSchema,
  teamOutcomesSchema,
} from "../team-plan";
import {
  AwsBudgetAlarm,
  MovedToAccountSchema,
  validateAwsBudgetAlarm,
  type AwsBudgetAlarmArgs,
} from "./budget-alarm";
import {
  BedrockCapacitySchema,
  BedrockGatedEndpoint,
  decideBedrockEndpoint,
  type BedrockGatedEndpointArgs,
} from "./gated-endpoint";
import { AwsRunawayAlarm } from "./runaway-alarm";
import { AwsTeamKey, validateAwsTeamKey, type AwsTeamKeyArgs } from "./team-key";

export const AWS_TEAM_TYPE = "outcomeguard:aws:Team";

export const AwsTeamOutcomeSchema = OutcomeSchema.extend({
  /** Stop the outcome's endpoints at 100% of its budget (a budget action denying the team key). */
  hardStop: z.boolean().optional(),
}).strict();

export const AwsTeamEndpointSchema = z
  .object({
    ...teamEndpointShape("code-review"),
    expectedTokens: ExpectedTokensSchema.optional(),
    capacity: BedrockCapacitySchema.optional(),
    /** Overrides the team's region for this endpoint. */
    region: z.string().optional(),
    profileName: z.string().optional(),
  })
  .strict();

export const AwsAiTeamArgsSchema = z
  .object({
    ...TeamBudgetShape,
    budgetSubscribers: z
      .object({
        emails: z.array(EmailSchema).max(10).optional(),
        snsTopicArn: pulumiInput(z.string().min(1)).optional(),
      })
      .strict(),
    /** Default region of the team's endpoints. */
    region: z.string().optional(),
    /** Needed when a model is a system inference-profile id (e.g. us.anthropic...). */
    accountId: z.string().optional(),
    outcomes: teamOutcomesSchema(AwsTeamOutcomeSchema),
    endpoints: teamEndpointsSchema(AwsTeamEndpointSchema),
    /** The team key (IAM identity, invoke policy, Bedrock API key); `false` for none. */
    key: z
      .union([
        z.literal(false),
        z
          .object({
            apiKey: z
              .union([z.literal(false), z.object({ maxAgeDays: z.number() }).strict()])
              .optional(),
            role: z
              .object({ trustedPrincipalArns: pulumiInputList(z.string()) })
              .strict()
              .optional(),
          })
          .strict(),
      ])
      .optional(),
    /**
     * A runaway alarm on each on-demand endpoint (default on): it notifies the outcome budget's
     * topic when the endpoint spends at a rate that would use its ceiling in `days` (default 7).
     */
    runawayAlarm: z
      .union([z.literal(false), z.object({ days: RunawayDaysSchema.optional() }).strict()])
      .optional(),
    /** Moved to {@link AwsAccount} (once per account); only `false` is accepted. */
    activateCostAllocationTags: MovedToAccountSchema.optional(),
    ...GovernanceOptionsShape,
  })
  .strict();

export type AwsAiTeamArgs = z.input<typeof AwsAiTeamArgsSchema>;
type Parsed = z.output<typeof AwsAiTeamArgsSchema>;

interface Plan {
  readonly args: Parsed;
  readonly endpoints: { name: string; outcome: string; args: BedrockGatedEndpointArgs }[];
  readonly outcomeBudgets: {
    outcome: Outcome;
    hardStop: boolean;
    args: Omit<AwsBudgetAlarmArgs, "hardStop">;
  }[];
  readonly teamBudget: AwsBudgetAlarmArgs;
  readonly key?: Omit<AwsTeamKeyArgs, "grants">;
}

const PLACEHOLDER_ARN = "arn:aws:bedrock:us-east-1:000000000000:application-inference-profile/x";

function stripHardStop(o: z.output<typeof AwsTeamOutcomeSchema>): Outcome {
  const { hardStop: _hardStop, ...outcome } = o;
  return outcome;
}

/** Validate the whole team and plan its children; throws one error naming every problem. */
export function planAwsTeam(name: string, raw: unknown): Plan {
  return planTeam(AWS_TEAM_TYPE, name, AwsAiTeamArgsSchema, raw, (a, problems): Plan => {
    const governance = governanceArgs(a);
    const endpoints = planTeamEndpoints(a, problems, (ctx) => {
      const { endpoint: e, outcome: o, outcomeIndex: oi } = ctx;
      if (o.hardStop && a.key === false) {
        problems.push({
          path: `outcomes[${oi}].hardStop`,
          message:
            "a hard stop denies the team key's identities at 100%; it needs the team key (remove key: false)",
        });
      }
      const region = e.region ?? a.region;
      const endpointArgs: BedrockGatedEndpointArgs = {
        team: a.team,
        outcome: stripHardStop(o),
        model: e.model,
        monthlyCeilingUsd: e.monthlyCeilingUsd,
        taskClass: e.taskClass,
        costCenter: a.costCenter,
        ...(e.expectedTokens ? { expectedTokens: e.expectedTokens } : {}),
        ...(e.capacity ? { capacity: e.capacity } : {}),
        ...(o.hardStop ? { hardStop: "budget-action" as const } : {}),
        ...(region !== undefined ? { region } : {}),
        ...(a.accountId !== undefined ? { accountId: a.accountId } : {}),
        ...(e.profileName !== undefined ? { profileName: e.profileName } : {}),
        ...(a.runawayAlarm !== false && !e.capacity ? { runawayAlarm: true } : {}),
        ...governance,
      };
      ctx.report(
        collectProblems(
          () => decideBedrockEndpoint(`${name}-${e.name}`, endpointArgs),
          teamEndpointPath(
            ctx,
            (path) =>
              path === "team" ||
              path === "costCenter" ||
              path === "tagPrefix" ||
              (path === "region" && e.region === undefined) ||
              path === "accountId",
          ),
        ),
      );
      return { name: e.name, outcome: e.outcome, args: endpointArgs };
    });

    const subscribers = {
      ...(a.budgetSubscribers.emails ? { emails: a.budgetSubscribers.emails } : {}),
      ...(a.budgetSubscribers.snsTopicArn !== undefined
        ? { snsTopicArn: a.budgetSubscribers.snsTopicArn }
        : {}),
    };
    const prefix = a.tagPrefix !== undefined ? { tagPrefix: a.tagPrefix } : {};
    const outcomeBudgets: Plan["outcomeBudgets"] = outcomeLimits(a).map(
      ({ outcome: o, monthlyLimitUsd }) => ({
        outcome: stripHardStop(o),
        hardStop: o.hardStop === true,
        args: {
          team: a.team,
          outcome: stripHardStop(o),
          monthlyLimitUsd,
          subscribers,
          costCenter: a.costCenter,
          ...prefix,
        },
      }),
    );
    const teamBudget: AwsBudgetAlarmArgs = {
      team: a.team,
      monthlyLimitUsd: a.monthlyBudgetUsd,
      subscribers,
      costCenter: a.costCenter,
      ...prefix,
    };
    problems.push(
      ...collectProblems(
        () => validateAwsBudgetAlarm(`${name}-team-budget`, teamBudget),
        (path) => (path.startsWith("subscribers") ? `budgetSubscribers${path.slice(11)}` : path),
      ),
    );
    let key: Plan["key"];
    if (a.key !== false) {
      const k = a.key ?? {};
      key = {
        team: a.team,
        costCenter: a.costCenter,
        ...(k.apiKey !== undefined ? { apiKey: k.apiKey } : {}),
        ...(k.role ? { role: k.role } : {}),
        ...prefix,
      };
      const keyArgs = key;
      problems.push(
        ...collectProblems(
          () =>
            validateAwsTeamKey(`${name}-key`, { ...keyArgs, grants: [{ arn: PLACEHOLDER_ARN }] }),
          (path) => (path === "team" || path === "costCenter" ? path : `key.${path}`),
        ),
      );
    }
    return { args: a, endpoints, outcomeBudgets, teamBudget, ...(key ? { key } : {}) };
  });
}

/** `outcomeguard:aws:Team`: endpoints, budgets and key of one team on AWS. */
export class AwsAiTeam extends pulumi.ComponentResource {
  readonly endpoints: Readonly<Record<string, BedrockGatedEndpoint>>;
  readonly outcomeBudgets: Readonly<Record<string, AwsBudgetAlarm>>;
  readonly teamBudget: AwsBudgetAlarm;
  /** Runaway alarms by endpoint name (on-demand endpoints only). */
  readonly runawayAlarms: Readonly<Record<string, AwsRunawayAlarm>>;
  readonly key?: AwsTeamKey;
  readonly team: string;

  constructor(name: string, args: AwsAiTeamArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = planAwsTeam(name, args);
    super(AWS_TEAM_TYPE, name, {}, opts);
    this.team = plan.args.team;

    const endpoints = byName(
      plan.endpoints,
      (e) => new BedrockGatedEndpoint(`${name}-${e.name}`, e.args, { parent: this }),
    );
    this.endpoints = endpoints;
    const all = Object.values(endpoints);

    if (plan.key) {
      this.key = new AwsTeamKey(
        `${name}-key`,
        {
          ...plan.key,
          grants: pulumi.all(all.map((e) => e.grants)).apply((gs) => gs.flat()),
        },
        { parent: this },
      );
    }

    const budgets: Record<string, AwsBudgetAlarm> = {};
    for (const b of plan.outcomeBudgets) {
      const own = plan.endpoints
        .filter((e) => e.outcome === b.outcome.id)
        .map((e) => endpoints[e.name])
        .filter((e): e is BedrockGatedEndpoint => e !== undefined);
      const key = this.key;
      budgets[b.outcome.id] = new AwsBudgetAlarm(
        `${name}-${b.outcome.id}-budget`,
        {
          ...b.args,
          ...(b.hardStop && key
            ? {
                hardStop: {
                  endpointArns: pulumi.all(own.map((e) => e.endpointArns)).apply((a) => a.flat()),
                  principalArns: key.principalArns,
                },
              }
            : {}),
        },
        { parent: this },
      );
    }
    this.outcomeBudgets = budgets;

    // A runaway alarm per on-demand endpoint, under the endpoint, to its outcome budget's topic.
    const runaway = plan.args.runawayAlarm;
    const alarms: Record<string, AwsRunawayAlarm> = {};
    if (runaway !== false) {
      for (const e of plan.endpoints) {
        const endpoint = endpoints[e.name];
        const budget = budgets[e.outcome];
        if (!endpoint?.profile || !budget) continue;
        const ea = e.args;
        alarms[e.name] = new AwsRunawayAlarm(
          `${name}-${e.name}-runaway`,
          {
            team: ea.team,
            outcome: ea.outcome,
            model: ea.model,
            monthlyCeilingUsd: ea.monthlyCeilingUsd,
            profileArn: endpoint.arn,
            snsTopicArns: [budget.topicArn],
            ...(runaway?.days !== undefined ? { days: runaway.days } : {}),
            ...(ea.region !== undefined ? { region: ea.region } : {}),
            ...(ea.costCenter !== undefined ? { costCenter: ea.costCenter } : {}),
            ...(ea.tagPrefix !== undefined ? { tagPrefix: ea.tagPrefix } : {}),
            ...(ea.catalogOverrides !== undefined ? { catalogOverrides: ea.catalogOverrides } : {}),
          },
          { parent: endpoint },
        );
      }
    }
    this.runawayAlarms = alarms;
    this.teamBudget = new AwsBudgetAlarm(`${name}-team-budget`, plan.teamBudget, {
      parent: this,
    });

    this.registerOutputs({
      team: this.team,
      endpoints: Object.fromEntries(
        Object.entries(endpoints).map(([k, e]) => [k, { arn: e.arn, tier: e.tier, tags: e.tags }]),
      ),
      userArn: this.key?.userArn,
      apiKeySecretArn: this.key?.apiKeySecretArn,
    });
  }
}
