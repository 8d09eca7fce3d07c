import { awsOutcomeFilterValue } from "../../domain/budgets";
import { rule } from "../../domain/rules/cost-ceiling-has-budget-alarm";
import { stackPolicy } from "../adapter";
import { K } from "../text";

const AWS_FILTER = awsOutcomeFilterValue(K, "<outcome id>");

export default stackPolicy(
  {
    name: "cost-ceiling-has-budget-alarm",
    description:
      "Every outcome with a premium endpoint must have a budget alarm that fits its ceilings.",
    enforcementLevel: "mandatory",
    remediation: `Give each outcome a monthly budget on each cloud it runs on: on AWS an aws.budgets.Budget with costFilters [{name: "TagKeyValue", values: ["${AWS_FILTER}"]}] (activate ${K.outcome} as a cost allocation tag), on Azure a consumption Budget whose filter.tags is {name: "${K.outcome}", operator: "In", values: ["<outcome id>"]}. Its amount must not exceed the sum of the outcome's ceilings; add an ACTUAL notification at 100% or less and a FORECASTED one, each with at least one subscriber (email, SNS topic or action group). The OutcomeGuard BudgetAlarm component does this.`,
    checks: `A stack policy. For each outcome (${K.outcome}) with at least one gated endpoint, per cloud: an AWS budget filtered on ${AWS_FILTER} or an Azure consumption budget filtered on the ${K.outcome} tag, monthly, whose amount is no more than the sum of the ceilings of the outcome's endpoints on that cloud, with an ACTUAL notification at or below 100% that fires when spend goes above it and a FORECASTED one, each with at least one subscriber. Endpoints on a cloud the pack knows no budget type for (GCP today) are not checked by this policy.`,
    settings: ["tagPrefix", "gatedTiers", "catalogOverrides", "waivers"],
  },
  rule,
);
