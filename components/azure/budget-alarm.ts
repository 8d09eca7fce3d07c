/**
 * An Azure budget alarm for one outcome (filter tag `ai-outcome` = id) or one team (`ai-team`):
 * a monthly consumption budget with Actual notifications at 50/80/100% and a Forecasted one at
 * 100%, to email contacts and an action group.
 */
import * as pulumi from "@pulumi/pulumi";
import { Budget } from "@pulumi/azure-native/consumption";
import { ActionGroup } from "@pulumi/azure-native/monitor";
import type { consumption } from "@pulumi/azure-native/types/input";
import { z } from "zod";
import {
  BUDGET_NOTIFICATIONS,
  firstOfMonth,
  isIsoDate,
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
  TeamSchema,
} from "../args";

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
  return parseTaggedArgs("azure", AZURE_BUDGET_ALARM_TYPE, name, AzureBudgetAlarmArgsSchema, args);
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

    this.registerOutputs({
      budgetId: this.budget.id,
      actionGroupId: this.actionGroup.id,
      filterTag: this.filterTag,
      amount: this.amount,
      tags: this.tags,
    });
  }
}
