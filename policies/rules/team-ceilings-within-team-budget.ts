import { BUDGET_TYPES, isEndpointType } from "../../domain/endpoints";
import { teamBudgetRule } from "../../domain/stack-rules";
import { stackPolicy, type PolicyMeta } from "../adapter";

export const remediation =
  "Lower the ceilings (ai-cost-ceiling-usd) of the team's endpoints, move an endpoint to the team that pays for it (ai-team), or raise the team budget. A team budget is an AWS budget filtered on user:ai-team$<team> or an Azure consumption budget filtered on the ai-team tag.";

export const meta: PolicyMeta = {
  name: "team-ceilings-within-team-budget",
  description:
    "The monthly ceilings of a team's endpoints must add up to no more than the team's budget.",
  enforcementLevel: "mandatory",
  remediation,
  checks:
    "A stack policy. Where a team has a team budget (an AWS budget filtered on user:ai-team$<team>, or an Azure consumption budget filtered on the ai-team tag), the ceilings of the team's endpoints on that cloud must add up to no more than the budget's monthly amount (quarterly and annual amounts are divided by 3 and 12). Teams without a team budget are not checked.",
};

export const teamCeilingsWithinTeamBudget = stackPolicy(meta, {
  relevant: (type) => isEndpointType(type) || BUDGET_TYPES.includes(type),
  evaluate: teamBudgetRule,
});
