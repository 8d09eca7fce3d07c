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
  AiTeamResource,
  outcomeLimits,
  planTeam,
  planTeamEndpoints,
  TeamBudgetShape,
  teamChildNames,
  teamEndpointArgs,
  teamEndpointShape,
  teamEndpointsSchema,
  teamOutcomesSchema,
  type TeamPlan,
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

type Plan = TeamPlan<
  Parsed,
  BedrockGatedEndpointArgs,
  AwsBudgetAlarmArgs,
  Omit<AwsTeamKeyArgs, "grants">,
  { readonly hardStop: boolean }
>;

const PLACEHOLDER_ARN = "arn:aws:bedrock:us-east-1:000000000000:application-inference-profile/x";

function stripHardStop(o: z.output<typeof AwsTeamOutcomeSchema>): Outcome {
  const { hardStop: _hardStop, ...outcome } = o;
  return outcome;
}

/** Validate the whole team and plan its children; throws one error naming every problem. */
export function planAwsTeam(name: string, raw: unknown): Plan {
  return planTeam(AWS_TEAM_TYPE, name, AwsAiTeamArgsSchema, raw, (a, problems): Plan => {
    const names = teamChildNames(name);
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
        ...teamEndpointArgs(a, e, stripHardStop(o)),
        ...(e.capacity ? { capacity: e.capacity } : {}),
        ...(o.hardStop ? { hardStop: "budget-action" as const } : {}),
        ...(region !== undefined ? { region } : {}),
        ...(a.accountId !== undefined ? { accountId: a.accountId } : {}),
        ...(e.profileName !== undefined ? { profileName: e.profileName } : {}),
        ...(a.runawayAlarm !== false && !e.capacity ? { runawayAlarm: true } : {}),
      };
      ctx.check(
        () => decideBedrockEndpoint(names.endpoint(e.name), endpointArgs),
        (path) =>
          path === "team" ||
          path === "costCenter" ||
          path === "tagPrefix" ||
          (path === "region" && e.region === undefined) ||
          path === "accountId",
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
        () => validateAwsBudgetAlarm(names.teamBudget, teamBudget),
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
          () => validateAwsTeamKey(names.key, { ...keyArgs, grants: [{ arn: PLACEHOLDER_ARN }] }),
          (path) => (path === "team" || path === "costCenter" ? path : `key.${path}`),
        ),
      );
    }
    return { args: a, endpoints, outcomeBudgets, teamBudget, ...(key ? { key } : {}) };
  });
}

/** `outcomeguard:aws:Team`: endpoints, budgets and key of one team on AWS. */
export class AwsAiTeam extends AiTeamResource<
  Plan,
  BedrockGatedEndpoint,
  AwsBudgetAlarm,
  AwsTeamKey,
  AwsTeamKeyArgs
> {
  /** Runaway alarms by endpoint name (on-demand endpoints only). */
  readonly runawayAlarms: Readonly<Record<string, AwsRunawayAlarm>>;

  constructor(name: string, args: AwsAiTeamArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      AWS_TEAM_TYPE,
      planAwsTeam,
      name,
      args,
      {
        Endpoint: BedrockGatedEndpoint,
        Budget: AwsBudgetAlarm,
        Key: AwsTeamKey,
        // The key may invoke exactly the team's endpoints.
        keyArgs: (key, endpoints) => ({
          ...key,
          grants: pulumi.all(endpoints.map((e) => e.grants)).apply((gs) => gs.flat()),
        }),
        // An outcome that asked for a hard stop denies its own endpoints to the key's identities.
        outcomeBudgetArgs: (b, own, key) => ({
          ...b.args,
          ...(b.hardStop && key
            ? {
                hardStop: {
                  endpointArns: pulumi.all(own.map((e) => e.endpointArns)).apply((a) => a.flat()),
                  principalArns: key.principalArns,
                },
              }
            : {}),
        }),
      },
      opts,
    );

    // A runaway alarm per on-demand endpoint, under the endpoint, to its outcome budget's topic.
    const runaway = this.plan.args.runawayAlarm;
    const alarms: Record<string, AwsRunawayAlarm> = {};
    if (runaway !== false) {
      for (const e of this.plan.endpoints) {
        const endpoint = this.endpoints[e.name];
        const budget = this.outcomeBudgets[e.outcome];
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

    this.registerTeamOutputs((e) => ({ arn: e.arn }), {
      userArn: this.key?.userArn,
      apiKeySecretArn: this.key?.apiKeySecretArn,
    });
  }
}
