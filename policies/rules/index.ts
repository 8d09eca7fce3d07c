/** Every policy of the pack, in the order it serves them, with the metadata the docs are made from. */
import type { StackValidationPolicy } from "@pulumi/policy";
import type { PolicyMeta, ResourcePolicy } from "../adapter";
import * as aiCostAllocationTagsValid from "./ai-cost-allocation-tags-valid";
import * as azureAiLocalAuthDisabled from "./azure-ai-local-auth-disabled";
import * as bedrockInvokeLeastPrivilege from "./bedrock-invoke-least-privilege";
import * as costCeilingHasBudgetAlarm from "./cost-ceiling-has-budget-alarm";
import * as modelTierFitsTask from "./model-tier-fits-task";
import * as outcomeReviewDate from "./outcome-review-date";
import * as premiumEndpointRequiresCostCeiling from "./premium-endpoint-requires-cost-ceiling";
import * as premiumEndpointRequiresOutcome from "./premium-endpoint-requires-outcome";
import * as projectedSpendWithinCeiling from "./projected-spend-within-ceiling";
import * as shadowAiEndpoint from "./shadow-ai-endpoint";
import * as teamCeilingsWithinTeamBudget from "./team-ceilings-within-team-budget";

export type Policy = ResourcePolicy | StackValidationPolicy;

export const ALL_RULES: ReadonlyArray<{ readonly meta: PolicyMeta; readonly policy: Policy }> = [
  {
    meta: premiumEndpointRequiresOutcome.meta,
    policy: premiumEndpointRequiresOutcome.premiumEndpointRequiresOutcome,
  },
  {
    meta: premiumEndpointRequiresCostCeiling.meta,
    policy: premiumEndpointRequiresCostCeiling.premiumEndpointRequiresCostCeiling,
  },
  {
    meta: projectedSpendWithinCeiling.meta,
    policy: projectedSpendWithinCeiling.projectedSpendWithinCeiling,
  },
  {
    meta: costCeilingHasBudgetAlarm.meta,
    policy: costCeilingHasBudgetAlarm.costCeilingHasBudgetAlarm,
  },
  {
    meta: aiCostAllocationTagsValid.meta,
    policy: aiCostAllocationTagsValid.aiCostAllocationTagsValid,
  },
  {
    meta: bedrockInvokeLeastPrivilege.meta,
    policy: bedrockInvokeLeastPrivilege.bedrockInvokeLeastPrivilege,
  },
  {
    meta: azureAiLocalAuthDisabled.meta,
    policy: azureAiLocalAuthDisabled.azureAiLocalAuthDisabled,
  },
  { meta: shadowAiEndpoint.meta, policy: shadowAiEndpoint.shadowAiEndpoint },
  { meta: modelTierFitsTask.meta, policy: modelTierFitsTask.modelTierFitsTask },
  { meta: outcomeReviewDate.meta, policy: outcomeReviewDate.outcomeReviewDate },
  {
    meta: teamCeilingsWithinTeamBudget.meta,
    policy: teamCeilingsWithinTeamBudget.teamCeilingsWithinTeamBudget,
  },
];

/** The policies, ordered: what `new PolicyPack("outcomeguard", {policies})` serves. */
export const ALL_POLICIES: readonly Policy[] = ALL_RULES.map((r) => r.policy);
