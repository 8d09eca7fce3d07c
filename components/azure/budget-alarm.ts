/**
 * An Azure budget alarm for one outcome (filter tag `ai-outcome` = id) or one team (`ai-team`):
 * a monthly consumption budget with Actual notifications at 50/80/100% and a Forecasted one at
 * 100%, to email contacts and an action group; for an outcome, optionally a runaway alert on the
 * outcome's tokens that acts in minutes (an Azure Monitor metric alert to the same action group).
 */
import * as pulumi from "@pulumi/pulumi";
import { Budget } from "@pulumi/azure-native/consumption";
import { ActionGroup, MetricAlert } from "@pulumi/azure-native/monitor";
import type { consumption } from "@pulumi/azure-native/types/input";
import { z } from "zod";
import {
  APIM_TOKEN_METRIC,
  AZURE_RUNAWAY_EVALUATION,
  azureRunawayThreshold,
  BUDGET_NOTIFICATIONS,
  DEFAULT_RUNAWAY_DAYS,
  firstOfMonth,
  formatCeilingTag,
  isIsoDate,
  OutcomeSchema,
  priceOf,
  type AzureRunawayThreshold,
  type Outcome,
} from "../../domain";
import {
  CeilingUsdSchema,
  classify,
  CostCenterSchema,
  EmailSchema,
  governanceOf,
  GovernanceOptionsShape,
  ModelSchema,
  parseTaggedArgs,
  pulumiInput,
  TeamSchema,
  type ArgProblem,
} from "../args";
import { ApplicationInsightsIdSchema, RunawayDaysSchema } from "../schemas";

export const AZURE_BUDGET_ALARM_TYPE = "outcomeguard:azure:BudgetAlarm";

const SCOPE = /^\/subscriptions\/[0-9a-fA-F-]{36}(?:\/resourceGroups\/[\w.()-]+)?$/;

export const AzureBudgetAlarmArgsSchema = z
  .object({
    team: TeamSchema,
    /** The outcome this budget watches; omit for the team's budget. */
    outcome: OutcomeSchema.optional(),
    monthlyLimitUsd: CeilingUsdSchema,
    /** Budget scope: `/subscriptions/<id>` or `/subscriptions/<id>/resourceGroups/<name>`. */
    scope: pulumiInput(
      z.string().regex(SCOPE, {
        message: "must be /subscriptions/<subscription id> or .../resourceGroups/<name>",
      }),
    ),
    /** Resource group for the action group. */
    resourceGroupName: pulumiInput(z.string().min(1, { message: "must name a resource group" })),
    emails: z
      .array(EmailSchema)
      .min(1, { message: "a budget nobody hears is no alarm: give at least one email" })
      .max(50, { message: "at most 50 emails" }),
    /** First day of the first budgeted month, YYYY-MM-01 (default: this month, then left alone). */
    startDate: z
      .string()
      .refine((d) => isIsoDate(d) && d.endsWith("-01"), {
        message: "must be the first day of a month, written YYYY-MM-01",
      })
      .optional(),
    costCenter: CostCenterSchema.optional(),
    tagPrefix: GovernanceOptionsShape.tagPrefix,
    /**
     * A runaway alert on the outcome's tokens (outcome budgets only): an Azure Monitor metric alert
     * on the `Total Tokens` metric the team key's API Management gateway emits with the outcome as
     * a dimension, firing when the outcome uses tokens at a rate that would spend the budget in
     * `days` (default 7), every token at the dearest output price of `models`. To the action group.
     */
    runawayAlert: z
      .object({
        /** Resource id of the Application Insights component API Management sends metrics to. */
        metricsScope: pulumiInput(ApplicationInsightsIdSchema),
        /** The models of the outcome's deployments (their dearest output price prices the tokens). */
        models: z.array(ModelSchema).min(1, { message: "must name the outcome's models" }),
        days: RunawayDaysSchema.optional(),
      })
      .strict()
      .optional(),
    catalogOverrides: GovernanceOptionsShape.catalogOverrides,
  })
  .strict();

export type AzureBudgetAlarmArgs = z.input<typeof AzureBudgetAlarmArgsSchema>;

/** An action group short name (at most 12 characters). */
export function actionGroupShortName(team: string): string {
  return `og-${team}`.slice(0, 12).replace(/-+$/, "");
}

/** Validate an Azure budget alarm's arguments (throws {@link InvalidArgumentsError}); no side effects. */
export function validateAzureBudgetAlarm(
  name: string,
  args: unknown,
): { args: z.output<typeof AzureBudgetAlarmArgsSchema>; tags: Record<string, string> } {
  return parseTaggedArgs(
    "azure",
    AZURE_BUDGET_ALARM_TYPE,
    name,
    AzureBudgetAlarmArgsSchema,
    args,
    (p): ArgProblem[] =>
      p.runawayAlert && !p.outcome
        ? [
            {
              path: "runawayAlert",
              message:
                "a runaway alert watches one outcome's tokens; it applies to an outcome's budget (give outcome)",
            },
          ]
        : [],
  );
}

/** The alert's threshold: the outcome's budget at the dearest output price of its models. */
export function azureRunawayAlertThreshold(
  a: Pick<z.output<typeof AzureBudgetAlarmArgsSchema>, "monthlyLimitUsd" | "catalogOverrides"> & {
    readonly runawayAlert: {
      readonly models: readonly string[];
      readonly days?: number | undefined;
    };
  },
): AzureRunawayThreshold {
  const gov = governanceOf(a);
  const dearest = Math.max(
    ...a.runawayAlert.models.map((m) => priceOf(classify(m, gov)).outputPer1M),
  );
  return azureRunawayThreshold({
    ceilingUsd: a.monthlyLimitUsd,
    outputPer1M: dearest,
    days: a.runawayAlert.days ?? DEFAULT_RUNAWAY_DAYS,
  });
}

/**
 * `outcomeguard:azure:BudgetAlarm`: a consumption budget filtered on the outcome's (or team's) tag,
 * with its notifications and action group.
 */
export class AzureBudgetAlarm extends pulumi.ComponentResource {
  readonly budget: Budget;
  readonly actionGroup: ActionGroup;
  /** The tag the budget filters on: name and value. */
  readonly filterTag: { readonly name: string; readonly value: string };
  readonly amount: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly team: string;
  readonly outcome?: Outcome;
  /** The runaway alert on the outcome's tokens, with `runawayAlert`. */
  readonly runawayAlert?: MetricAlert;
  readonly runawayThreshold?: AzureRunawayThreshold;

  constructor(name: string, args: AzureBudgetAlarmArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, tags } = validateAzureBudgetAlarm(name, args);
    // The start date is fixed once written: a default of "this month" must not move every month.
    const explicitStart = a.startDate !== undefined;
    super(AZURE_BUDGET_ALARM_TYPE, name, {}, opts);
    const keys = governanceOf(a).keys;
    this.tags = tags;
    this.team = a.team;
    if (a.outcome) this.outcome = a.outcome;
    this.amount = a.monthlyLimitUsd;
    this.filterTag = a.outcome
      ? { name: keys.outcome, value: a.outcome.id }
      : { name: keys.team, value: a.team };

    this.actionGroup = new ActionGroup(
      `${name}-actions`,
      {
        resourceGroupName: a.resourceGroupName,
        location: "Global",
        enabled: true,
        groupShortName: actionGroupShortName(a.team),
        emailReceivers: a.emails.map((email, i) => ({
          name: `email-${i + 1}`,
          emailAddress: email,
          useCommonAlertSchema: true,
        })),
        tags: this.tags,
      },
      { parent: this },
    );

    const notifications: Record<string, consumption.NotificationArgs> = {};
    for (const n of BUDGET_NOTIFICATIONS) {
      notifications[`${n.kind}${n.thresholdPercent}`] = {
        enabled: true,
        operator: n.kind === "actual" ? "GreaterThanOrEqualTo" : "GreaterThan",
        threshold: n.thresholdPercent,
        thresholdType: n.kind === "actual" ? "Actual" : "Forecasted",
        contactEmails: a.emails,
        contactGroups: [this.actionGroup.id],
      };
    }

    this.budget = new Budget(
      `${name}-budget`,
      {
        scope: a.scope,
        amount: a.monthlyLimitUsd,
        category: "Cost",
        timeGrain: "Monthly",
        timePeriod: { startDate: `${a.startDate ?? firstOfMonth(new Date())}T00:00:00Z` },
        filter: {
          tags: { name: this.filterTag.name, operator: "In", values: [this.filterTag.value] },
        },
        notifications,
      },
      { parent: this, ...(explicitStart ? {} : { ignoreChanges: ["timePeriod"] }) },
    );

    const alert = a.runawayAlert;
    if (alert && a.outcome) {
      const threshold = azureRunawayAlertThreshold({ ...a, runawayAlert: alert });
      this.runawayThreshold = threshold;
      const days = alert.days ?? DEFAULT_RUNAWAY_DAYS;
      this.runawayAlert = new MetricAlert(
        `${name}-runaway`,
        {
          resourceGroupName: a.resourceGroupName,
          location: "global",
          description: `OutcomeGuard runaway alert for ${a.team} / ${a.outcome.id}: more than ${threshold.tokensPerWindow} tokens in ${threshold.windowMinutes} minutes would use the ${a.monthlyLimitUsd} USD monthly budget in ${days} days`,
          enabled: true,
          severity: 2,
          scopes: [alert.metricsScope],
          evaluationFrequency: AZURE_RUNAWAY_EVALUATION.evaluationFrequency,
          windowSize: AZURE_RUNAWAY_EVALUATION.windowSize,
          autoMitigate: true,
          criteria: {
            odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            allOf: [
              {
                criterionType: "StaticThresholdCriterion",
                name: "outcome-tokens",
                metricNamespace: APIM_TOKEN_METRIC.namespace,
                metricName: APIM_TOKEN_METRIC.totalTokens,
                dimensions: [{ name: "outcome", operator: "Include", values: [a.outcome.id] }],
                operator: "GreaterThan",
                threshold: threshold.tokensPerWindow,
                timeAggregation: "Total",
                // The metric exists once the gateway has emitted it; the alert may come first.
                skipMetricValidation: true,
              },
            ],
          },
          actions: [{ actionGroupId: this.actionGroup.id }],
          // The ceiling it guards: the outcome's budget, the sum of its endpoints' ceilings.
          tags: { ...this.tags, [keys.costCeilingUsd]: formatCeilingTag(a.monthlyLimitUsd) },
        },
        { parent: this },
      );
    }

    this.registerOutputs({
      budgetId: this.budget.id,
      actionGroupId: this.actionGroup.id,
      filterTag: this.filterTag,
      amount: this.amount,
      tags: this.tags,
    });
  }
}
