/**
 * team-ceilings-within-team-budget: where a team has a team budget, the monthly ceilings of its
 * endpoints on that cloud add up to no more than the budget's monthly amount.
 */
import { budgetsFilteringOn, stackBudgets } from "../budgets";
import { ceilingSum, endpointEntries, entryNames, groupByTag, subjectOf } from "../endpoint-view";
import { isBudgetType, isBudgetedEndpointType } from "../endpoints";
import type { StackFinding, StackResource, StackRule } from "../finding";
import type { GovernanceSettings } from "../governance";
import { formatUsd } from "../money";
import { describeUnknowns, unknownsIn } from "../unknown";

/**
 * Rule: where a team has a team budget (filtered on its team tag), the monthly ceilings of the
 * team's endpoints on that cloud add up to no more than the budget's monthly amount.
 */
function teamBudgetRule(
  resources: readonly StackResource[],
  s: GovernanceSettings,
): StackFinding[] {
  const entries = endpointEntries(resources, s);
  const budgetsOn = budgetsFilteringOn(stackBudgets(resources), s.keys.team);
  const { groups, unknown } = groupByTag(entries, s.keys.team);
  const out: StackFinding[] = [];
  for (const g of groups) {
    const sum = ceilingSum(g.entries);
    const teamUnknown = unknown.filter((u) => u.entry.facts.cloud === g.cloud);
    for (const { b, match } of budgetsOn(g.cloud, g.value)) {
      const subjects = [subjectOf(b.resource), ...g.entries.map((e) => subjectOf(e.resource))];
      const monthly =
        b.amountUsd !== undefined && b.months !== undefined ? b.amountUsd / b.months : undefined;
      const over = monthly !== undefined && sum.known > monthly;
      const label = `team "${g.value}"'s endpoints on ${g.cloud} (${entryNames(g.entries)}) declare ceilings totalling ${formatUsd(sum.known)} per month`;
      if (match === "yes" && over) {
        out.push({
          urn: b.resource.urn,
          subjects,
          violations: [
            `${label}, above the ${formatUsd(monthly)} monthly amount of team budget ${b.resource.name}${b.months !== 1 ? ` (${formatUsd(b.amountUsd ?? 0)} ${b.period})` : ""}: lower the endpoints' ceilings or raise the team budget`,
          ],
          undecided: [],
        });
        continue;
      }
      const pending = unknownsIn([
        match === "maybe" ? b.filterUnknowns : [],
        monthly === undefined ? b.unknowns : [],
        over ? [] : sum.unknown,
        over ? [] : teamUnknown.map((u) => u.unknown),
      ]);
      if (pending.length > 0) {
        out.push({
          urn: b.resource.urn,
          subjects,
          violations: [],
          undecided: [
            `team budget ${b.resource.name}${monthly !== undefined ? ` (${formatUsd(monthly)} a month)` : ""} against the ceilings of team "${g.value}"'s endpoints on ${g.cloud} (${entryNames(g.entries)}), of which the known ones total ${formatUsd(sum.known)}: ${describeUnknowns(pending)} ${pending.length === 1 ? "is" : "are"} not known until the update; checked then`,
          ],
        });
      }
    }
  }
  return out;
}

/** The policy's rule: over the stack's endpoints and budgets. */
export const rule: StackRule = {
  relevant: (type) => isBudgetedEndpointType(type) || isBudgetType(type),
  evaluate: teamBudgetRule,
};
