/**
 * An AWS budget alarm for one outcome (filtered on `user:ai-outcome$<id>`) or one team (filtered on
 * `user:ai-team$<team>`): COST, MONTHLY, ACTUAL notifications at 50/80/100% and FORECASTED at 100%,
 * to an SNS topic (which the emails subscribe to, and runaway alarms publish to) and email
 * subscribers; and an optional hard stop, a budget action that attaches a deny policy to the team's identities at 100%.
 */
import * as pulumi from "@pulumi/pulumi";
import { Budget, BudgetAction } from "@pulumi/aws/budgets";
import { Policy, Role, RolePolicy } from "@pulumi/aws/iam";
import { Topic, TopicPolicy, TopicSubscription } from "@pulumi/aws/sns";
import { z } from "zod";
import {
  assumeRolePolicy,
  awsLimitAmount,
  awsOutcomeFilterValue,
  awsTeamFilterValue,
  BUDGET_NOTIFICATIONS,
  budgetActionExecutionPolicy,
  denyInvokePolicy,
  OutcomeSchema,
  type Outcome,
} from "../../domain";
import {
  CeilingUsdSchema,
  CostCenterSchema,
  EmailSchema,
  governanceOf,
  GovernanceOptionsShape,
  parseTaggedArgs,
  pulumiInput,
  pulumiInputList,
  TeamSchema,
  type ArgProblem,
} from "../args";

export const AWS_BUDGET_ALARM_TYPE = "outcomeguard:aws:BudgetAlarm";

const SNS_TOPIC_ARN = /^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/;
const IAM_PRINCIPAL_ARN = /^arn:aws[\w-]*:iam::\d{12}:(user|role)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const BEDROCK_ENDPOINT_ARN =
  /^arn:aws[\w-]*:bedrock:[a-z0-9-]+:\d{12}:(?:application-inference-profile|provisioned-model)\/[a-z0-9]+$/;

/**
 * `activateCostAllocationTags` used to hang the account's tag activations off a team's budget;
 * they belong to `AwsAccount` now. `false` (what a stack with several teams passed) still means
 * nothing to activate here; `true` is refused with where the activations went.
 */
export const MovedToAccountSchema = z.literal(false, {
  message:
    "cost-allocation tags are activated once per account by AwsAccount now (not by a team or budget); remove this and create an AwsAccount, with previousOwners to keep existing activations",
});

export const AwsBudgetHardStopSchema = z
  .object({
    /** The gated endpoints to deny (application inference profile / provisioned-model ARNs). */
    endpointArns: pulumiInputList(
      z.string().regex(BEDROCK_ENDPOINT_ARN, {
        message: "must be an application inference profile or provisioned-model ARN",
      }),
    ),
    /** The team's IAM users and roles the deny policy is attached to. */
    principalArns: pulumiInputList(
      z.string().regex(IAM_PRINCIPAL_ARN, { message: "must be an IAM user or role ARN" }),
    ),
    /** AUTOMATIC (default) applies the deny at 100%; MANUAL waits for approval. */
    approvalModel: z
      .enum(["AUTOMATIC", "MANUAL"], { message: "must be AUTOMATIC or MANUAL" })
      .optional(),
  })
  .strict();

export const AwsBudgetAlarmArgsSchema = z
  .object({
    team: TeamSchema,
    /** The outcome this budget watches; omit for the team's budget. */
    outcome: OutcomeSchema.optional(),
    monthlyLimitUsd: CeilingUsdSchema,
    subscribers: z
      .object({
        emails: z
          .array(EmailSchema)
          .max(10, { message: "AWS Budgets allows at most 10 email subscribers" })
          .optional(),
        /** An existing SNS topic to notify; by default the component creates one. */
        snsTopicArn: pulumiInput(
          z.string().regex(SNS_TOPIC_ARN, { message: "must be an SNS topic ARN" }),
        ).optional(),
      })
      .strict(),
    costCenter: CostCenterSchema.optional(),
    /** Moved: the account's {@link AwsAccount} activates the tag keys; only `false` is accepted. */
    activateCostAllocationTags: MovedToAccountSchema.optional(),
    hardStop: AwsBudgetHardStopSchema.optional(),
    tagPrefix: GovernanceOptionsShape.tagPrefix,
  })
  .strict();

export type AwsBudgetAlarmArgs = z.input<typeof AwsBudgetAlarmArgsSchema>;

/** A principal's name and kind from its ARN (`arn:aws:iam::1:user/path/name` → user, name). */
export function principalOf(arn: string): { kind: "user" | "role"; name: string } {
  const m = IAM_PRINCIPAL_ARN.exec(arn);
  if (!m) throw new Error(`"${arn}" is not an IAM user or role ARN`);
  return { kind: m[1] as "user" | "role", name: arn.slice(arn.lastIndexOf("/") + 1) };
}

/** Validate an AWS budget alarm's arguments (throws {@link InvalidArgumentsError}); no side effects. */
export function validateAwsBudgetAlarm(
  name: string,
  args: unknown,
): { args: z.output<typeof AwsBudgetAlarmArgsSchema>; tags: Record<string, string> } {
  return parseTaggedArgs(
    "aws",
    AWS_BUDGET_ALARM_TYPE,
    name,
    AwsBudgetAlarmArgsSchema,
    args,
    (p) => {
      const problems: ArgProblem[] = [];
      if ((p.subscribers.emails ?? []).length === 0 && p.subscribers.snsTopicArn === undefined) {
        problems.push({
          path: "subscribers",
          message:
            "a budget nobody hears is no alarm: give at least one email, or an existing SNS topic whose subscribers you manage",
        });
      }
      if (p.hardStop) {
        for (const field of ["endpointArns", "principalArns"] as const) {
          const list = p.hardStop[field];
          if (Array.isArray(list) && list.length === 0) {
            problems.push({
              path: `hardStop.${field}`,
              message:
                field === "endpointArns"
                  ? "a hard stop must name the endpoints it stops"
                  : "a hard stop must name the team's IAM users or roles the deny policy is attached to",
            });
          }
        }
      }
      return problems;
    },
  );
}

/**
 * `outcomeguard:aws:BudgetAlarm`: a monthly cost budget on an outcome's (or team's) tag, its
 * notifications, tag activation and optional hard stop.
 */
export class AwsBudgetAlarm extends pulumi.ComponentResource {
  readonly budget: Budget;
  readonly budgetName: pulumi.Output<string>;
  readonly topicArn: pulumi.Output<string>;
  /** The cost filter value, e.g. `user:ai-outcome$support-deflection`. */
  readonly filterValue: string;
  readonly limitAmount: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly team: string;
  readonly outcome?: Outcome;
  readonly hardStopAction?: BudgetAction;
  readonly denyPolicyArn?: pulumi.Output<string>;

  constructor(name: string, args: AwsBudgetAlarmArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, tags } = validateAwsBudgetAlarm(name, args);
    super(AWS_BUDGET_ALARM_TYPE, name, {}, opts);
    const keys = governanceOf(a).keys;
    this.tags = tags;
    this.team = a.team;
    if (a.outcome) this.outcome = a.outcome;
    this.filterValue = a.outcome
      ? awsOutcomeFilterValue(keys, a.outcome.id)
      : awsTeamFilterValue(keys, a.team);
    this.limitAmount = awsLimitAmount(a.monthlyLimitUsd);
    const emails = a.subscribers.emails ?? [];

    let topicArn: pulumi.Output<string>;
    if (a.subscribers.snsTopicArn !== undefined) {
      topicArn = pulumi.output(a.subscribers.snsTopicArn);
    } else {
      const topic = new Topic(`${name}-alerts`, { tags: this.tags }, { parent: this });
      new TopicPolicy(
        `${name}-alerts-policy`,
        {
          arn: topic.arn,
          policy: topic.arn.apply((arn) =>
            JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "AwsBudgetsPublish",
                  Effect: "Allow",
                  Principal: { Service: "budgets.amazonaws.com" },
                  Action: "SNS:Publish",
                  Resource: arn,
                },
                {
                  // The outcome's runaway alarms (AwsRunawayAlarm) notify the same topic.
                  Sid: "CloudWatchAlarmsPublish",
                  Effect: "Allow",
                  Principal: { Service: "cloudwatch.amazonaws.com" },
                  Action: "SNS:Publish",
                  Resource: arn,
                  Condition: { StringEquals: { "aws:SourceAccount": arn.split(":")[4] } },
                },
              ],
            }),
          ),
        },
        { parent: this },
      );
      // The emails hear what reaches the topic too (runaway alarms), once they confirm.
      for (const email of emails) {
        new TopicSubscription(
          `${name}-alerts-${email}`,
          { topic: topic.arn, protocol: "email", endpoint: email },
          { parent: this },
        );
      }
      topicArn = topic.arn;
    }
    this.topicArn = topicArn;

    this.budget = new Budget(
      `${name}-budget`,
      {
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: this.limitAmount,
        limitUnit: "USD",
        costFilters: [{ name: "TagKeyValue", values: [this.filterValue] }],
        notifications: BUDGET_NOTIFICATIONS.map((n) => ({
          comparisonOperator: "GREATER_THAN",
          threshold: n.thresholdPercent,
          thresholdType: "PERCENTAGE",
          notificationType: n.kind === "actual" ? "ACTUAL" : "FORECASTED",
          subscriberSnsTopicArns: [topicArn],
          ...(emails.length > 0 ? { subscriberEmailAddresses: emails } : {}),
        })),
        tags: this.tags,
      },
      { parent: this },
    );
    this.budgetName = this.budget.name;

    if (a.hardStop) {
      const hs = a.hardStop;
      const denyDoc = pulumi
        .output(hs.endpointArns)
        .apply((arns) => JSON.stringify(denyInvokePolicy(arns)));
      const deny = new Policy(
        `${name}-hard-stop`,
        {
          description: `OutcomeGuard hard stop for ${a.team}${a.outcome ? ` / ${a.outcome.id}` : ""}: deny invoking at 100% of budget`,
          policy: denyDoc,
          tags: this.tags,
        },
        { parent: this },
      );
      this.denyPolicyArn = deny.arn;
      const principals = pulumi.output(hs.principalArns);
      const role = new Role(
        `${name}-hard-stop-exec`,
        {
          description: "Lets AWS Budgets attach the OutcomeGuard hard-stop policy",
          assumeRolePolicy: JSON.stringify(assumeRolePolicy({ service: "budgets.amazonaws.com" })),
          tags: this.tags,
        },
        { parent: this },
      );
      new RolePolicy(
        `${name}-hard-stop-exec`,
        {
          role: role.name,
          policy: pulumi
            .all([deny.arn, principals])
            .apply(([policyArn, targets]) =>
              JSON.stringify(budgetActionExecutionPolicy(policyArn, targets)),
            ),
        },
        { parent: this },
      );
      const users = principals.apply((arns) =>
        arns
          .map(principalOf)
          .filter((p) => p.kind === "user")
          .map((p) => p.name),
      );
      const roles = principals.apply((arns) =>
        arns
          .map(principalOf)
          .filter((p) => p.kind === "role")
          .map((p) => p.name),
      );
      this.hardStopAction = new BudgetAction(
        `${name}-hard-stop`,
        {
          budgetName: this.budget.name,
          actionType: "APPLY_IAM_POLICY",
          approvalModel: hs.approvalModel ?? "AUTOMATIC",
          notificationType: "ACTUAL",
          actionThreshold: { actionThresholdType: "PERCENTAGE", actionThresholdValue: 100 },
          definition: {
            iamActionDefinition: {
              policyArn: deny.arn,
              users: users.apply((u) => (u.length > 0 ? u : undefined)),
              roles: roles.apply((r) => (r.length > 0 ? r : undefined)),
            },
          },
          executionRoleArn: role.arn,
          subscribers: [
            { address: topicArn, subscriptionType: "SNS" },
            ...emails.map((e) => ({ address: e, subscriptionType: "EMAIL" })),
          ],
          tags: this.tags,
        },
        { parent: this },
      );
    }

    this.registerOutputs({
      budgetName: this.budgetName,
      topicArn: this.topicArn,
      filterValue: this.filterValue,
      limitAmount: this.limitAmount,
      tags: this.tags,
    });
  }
}
