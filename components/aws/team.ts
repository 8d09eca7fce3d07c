/**
 * A team's AI on AWS from one plain config object: its outcomes, a gated endpoint per model, a
 * budget per outcome (limit = the sum of that outcome's ceilings, optional hard stop), a team
 * budget, and the team key. Every problem in the whole config is reported at once, by path, before
 * anything is registered.
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
  pulumiInputList,
  SLUG_PATTERN,
  TaskClassArgSchema,
  TeamSchema,
  type ArgProblem,
  type EndpointProjection,
} from "../args";
import { AwsBudgetAlarm, validateAwsBudgetAlarm, type AwsBudgetAlarmArgs } from "./budget-alarm";
import {
  BedrockCapacitySchema,
  BedrockGatedEndpoint,
  decideBedrockEndpoint,
  type BedrockGatedEndpointArgs,
} from "./gated-endpoint";
import { AwsTeamKey, validateAwsTeamKey, type AwsTeamKeyArgs } from "./team-key";

export const AWS_TEAM_TYPE = "outcomeguard:aws:Team";

const NameSchema = z.string().regex(SLUG_PATTERN, {
  message: "must be a slug: lowercase letters, digits and hyphens (e.g. code-review)",
});

export const AwsTeamOutcomeSchema = OutcomeSchema.extend({
  /** Stop the outcome's endpoints at 100% of its budget (a budget action denying the team key). */
  hardStop: z.boolean().optional(),
}).strict();

export const AwsTeamEndpointSchema = z
  .object({
    /** Unique within the team; names the endpoint's resources. */
    name: NameSchema,
    /** The id of one of the team's outcomes. */
    outcome: z.string().min(1, { message: "must be the id of one of the team's outcomes" }),
    model: ModelSchema,
    monthlyCeilingUsd: CeilingUsdSchema,
    taskClass: TaskClassArgSchema,
    expectedTokens: ExpectedTokensSchema.optional(),
    capacity: BedrockCapacitySchema.optional(),
    /** Overrides the team's region for this endpoint. */
    region: z.string().optional(),
    profileName: z.string().optional(),
  })
  .strict();

export const AwsAiTeamArgsSchema = z
  .object({
    team: TeamSchema,
    costCenter: CostCenterSchema,
    /** The team's monthly AI budget; the sum of its endpoints' ceilings must fit in it. */
    monthlyBudgetUsd: CeilingUsdSchema,
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
    outcomes: z
      .array(AwsTeamOutcomeSchema)
      .min(1, { message: "a team needs at least one outcome: what its AI spend must change" }),
    endpoints: z.array(AwsTeamEndpointSchema).min(1, {
      message: "a team needs at least one endpoint (or it needs no OutcomeGuard team)",
    }),
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
    /** Activate the cost-allocation tag keys (default true; set false on all teams but one per account). */
    activateCostAllocationTags: z.boolean().optional(),
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
  let plan: Plan | undefined;
  parseArgs(AWS_TEAM_TYPE, name, AwsAiTeamArgsSchema, raw, (a) => {
    const problems: ArgProblem[] = [];
    const outcomeIndex = new Map<string, number>();
    a.outcomes.forEach((o, i) => {
      if (outcomeIndex.has(o.id)) {
        problems.push({ path: `outcomes[${i}].id`, message: `"${o.id}" is declared twice` });
      } else outcomeIndex.set(o.id, i);
    });
    const names = new Set<string>();
    const used = new Set<string>();
    const governance = {
      ...(a.tagPrefix !== undefined ? { tagPrefix: a.tagPrefix } : {}),
      ...(a.catalogOverrides !== undefined ? { catalogOverrides: a.catalogOverrides } : {}),
      ...(a.maxCeilingUsd !== undefined ? { maxCeilingUsd: a.maxCeilingUsd } : {}),
      ...(a.gatedTiers !== undefined ? { gatedTiers: a.gatedTiers } : {}),
    };
    const endpoints: Plan["endpoints"] = [];
    const seenMessages = new Set<string>();
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
        ...governance,
      };
      for (const p of collectProblems(
        () => decideBedrockEndpoint(`${name}-${e.name}`, endpointArgs),
        (path) =>
          path.startsWith("outcome.")
            ? `outcomes[${oi}].${path.slice("outcome.".length)}`
            : path === "team" || path === "costCenter" || path === "tagPrefix"
              ? path
              : path === "region" && e.region === undefined
                ? "region"
                : path === "accountId"
                  ? "accountId"
                  : `endpoints[${i}].${path}`,
      )) {
        const key = `${p.path}\u0000${p.message}`;
        if (!seenMessages.has(key)) {
          seenMessages.add(key);
          problems.push(p);
        }
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

    const subscribers = {
      ...(a.budgetSubscribers.emails ? { emails: a.budgetSubscribers.emails } : {}),
      ...(a.budgetSubscribers.snsTopicArn !== undefined
        ? { snsTopicArn: a.budgetSubscribers.snsTopicArn }
        : {}),
    };
    const prefix = a.tagPrefix !== undefined ? { tagPrefix: a.tagPrefix } : {};
    const outcomeBudgets: Plan["outcomeBudgets"] = [];
    for (const o of a.outcomes) {
      const limit = a.endpoints
        .filter((e) => e.outcome === o.id)
        .reduce((sum, e) => sum + e.monthlyCeilingUsd, 0);
      if (limit <= 0) continue;
      outcomeBudgets.push({
        outcome: stripHardStop(o),
        hardStop: o.hardStop === true,
        args: {
          team: a.team,
          outcome: stripHardStop(o),
          monthlyLimitUsd: Math.round(limit * 100) / 100,
          subscribers,
          costCenter: a.costCenter,
          activateCostAllocationTags: false,
          ...prefix,
        },
      });
    }
    const teamBudget: AwsBudgetAlarmArgs = {
      team: a.team,
      monthlyLimitUsd: a.monthlyBudgetUsd,
      subscribers,
      costCenter: a.costCenter,
      activateCostAllocationTags: a.activateCostAllocationTags ?? true,
      ...prefix,
    };
    for (const p of collectProblems(
      () => validateAwsBudgetAlarm(`${name}-team-budget`, teamBudget),
      (path) => (path.startsWith("subscribers") ? `budgetSubscribers${path.slice(11)}` : path),
    )) {
      problems.push(p);
    }
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
    if (problems.length === 0) {
      plan = { args: a, endpoints, outcomeBudgets, teamBudget, ...(key ? { key } : {}) };
    }
    return problems;
  });
  if (!plan) throw new Error(`internal: team ${name} validated but not planned`);
  return plan;
}

export interface AwsTeamEndpointSummary {
  readonly arn: pulumi.Output<string>;
  readonly outcome: string;
  readonly tier: Tier;
  readonly tags: Readonly<Record<string, string>>;
  readonly projection: EndpointProjection;
}

/** `outcomeguard:aws:Team`: endpoints, budgets and key of one team on AWS. */
export class AwsAiTeam extends pulumi.ComponentResource {
  readonly endpoints: Readonly<Record<string, BedrockGatedEndpoint>>;
  readonly outcomeBudgets: Readonly<Record<string, AwsBudgetAlarm>>;
  readonly teamBudget: AwsBudgetAlarm;
  readonly key?: AwsTeamKey;
  readonly team: string;

  constructor(name: string, args: AwsAiTeamArgs, opts?: pulumi.ComponentResourceOptions) {
    const plan = planAwsTeam(name, args);
    super(AWS_TEAM_TYPE, name, {}, opts);
    this.team = plan.args.team;

    const endpoints: Record<string, BedrockGatedEndpoint> = {};
    for (const e of plan.endpoints) {
      endpoints[e.name] = new BedrockGatedEndpoint(`${name}-${e.name}`, e.args, { parent: this });
    }
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
