import { awsTeamFilterValue } from "../../domain/budgets";
import { rule } from "../../domain/rules/team-ceilings-within-team-budget";
import { stackPolicy } from "../adapter";
import { K } from "../text";

const AWS_FILTER = awsTeamFilterValue(K, "<team>");

export default stackPolicy(
  {
    name: "team-ceilings-within-team-budget",
    description:
      "The monthly ceilings of a team's endpoints must add up to no more than the team's budget.",
    enforcementLevel: "mandatory",
    remediation: `Lower the ceilings (${K.costCeilingUsd}) of the team's endpoints, move an endpoint to the team that pays for it (${K.team}), or raise the team budget. A team budget is an AWS budget filtered on ${AWS_FILTER} or an Azure consumption budget filtered on the ${K.team} tag.`,
    checks: `A stack policy. Where a team has a team budget (an AWS budget filtered on ${AWS_FILTER}, or an Azure consumption budget filtered on the ${K.team} tag), the ceilings of the team's endpoints on that cloud must add up to no more than the budget's monthly amount (quarterly and annual amounts are divided by 3 and 12). Teams without a team budget are not checked.`,
    settings: ["tagPrefix", "waivers"],
  },
  rule,
);
