import { BUDGET_TYPES, isEndpointType } from "../../domain/endpoints";
import { budgetCoverageRule } from "../../domain/stack-rules";
import { stackPolicy, type PolicyMeta } from "../adapter";

export const remediation =
  'Give each outcome a monthly budget on each cloud it runs on: on AWS an aws.budgets.Budget with costFilters [{name: "TagKeyValue", values: ["user:ai-outcome$<outcome id>"]}] (activate ai-outcome as a cost allocation tag), on Azure a consumption Budget whose filter.tags is {name: "ai-outcome", operator: "In", values: ["<outcome id>"]}. Its amount must not exceed the sum of the outcome\'s ceilings; add an ACTUAL notification at 100% or less and a FORECASTED one, each with at least one subscriber (email, SNS topic or action group). The OutcomeGuard BudgetAlarm component does this.';

export const meta: PolicyMeta = {
  name: "cost-ceiling-has-budget-alarm",
  description:
    "Every outcome with a premium endpoint must have a budget alarm that fits its ceilings.",
  enforcementLevel: "mandatory",
  remediation,
  checks:
    "A stack policy. For each outcome (ai-outcome) with at least one gated endpoint, per cloud: an AWS budget filtered on user:ai-outcome$<id> or an Azure consumption budget filtered on the ai-outcome tag, monthly, whose amount is no more than the sum of the ceilings of the outcome's endpoints on that cloud, with an ACTUAL notification at or below 100% that fires when spend goes above it and a FORECASTED one, each with at least one subscriber.",
};

export const costCeilingHasBudgetAlarm = stackPolicy(meta, {
  relevant: (type) => isEndpointType(type) || BUDGET_TYPES.includes(type),
  evaluate: budgetCoverageRule,
});
