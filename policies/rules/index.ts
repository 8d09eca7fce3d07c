/**
 * Every policy of the pack, in the order it serves them: one file per policy, named after it.
 * The settings registry, the config schema and docs/POLICIES.md are derived from this list.
 */
import type { PackRule } from "../adapter";
import aiCostAllocationTagsValid from "./ai-cost-allocation-tags-valid";
import azureAiLocalAuthDisabled from "./azure-ai-local-auth-disabled";
import bedrockInvokeLeastPrivilege from "./bedrock-invoke-least-privilege";
import costCeilingHasBudgetAlarm from "./cost-ceiling-has-budget-alarm";
import modelInCatalog from "./model-in-catalog";
import modelTierFitsTask from "./model-tier-fits-task";
import outcomeReviewDate from "./outcome-review-date";
import premiumEndpointHasRunawayGuard from "./premium-endpoint-has-runaway-guard";
import premiumEndpointRequiresCostCeiling from "./premium-endpoint-requires-cost-ceiling";
import premiumEndpointRequiresOutcome from "./premium-endpoint-requires-outcome";
import projectedSpendWithinCeiling from "./projected-spend-within-ceiling";
import shadowAiEndpoint from "./shadow-ai-endpoint";
import teamCeilingsWithinTeamBudget from "./team-ceilings-within-team-budget";

export const RULES: readonly PackRule[] = [
  premiumEndpointRequiresOutcome,
  premiumEndpointRequiresCostCeiling,
  projectedSpendWithinCeiling,
  costCeilingHasBudgetAlarm,
  aiCostAllocationTagsValid,
  bedrockInvokeLeastPrivilege,
  azureAiLocalAuthDisabled,
  shadowAiEndpoint,
  modelTierFitsTask,
  modelInCatalog,
  outcomeReviewDate,
  teamCeilingsWithinTeamBudget,
  premiumEndpointHasRunawayGuard,
];
