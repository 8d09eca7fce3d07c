/**
 * cost-ceiling-has-budget-alarm: every outcome with a gated endpoint has, on each cloud it runs
 * on, a monthly budget alarm filtered on its outcome tag that fits the sum of its ceilings.
 */
import {
  budgetAlarmProblems,
  budgetFilterLabel,
  budgetsFilteringOn,
  stackBudgets,
} from "../budgets";
import { ceilingSum, endpointEntries, entryNames, groupByTag, subjectOf } from "../endpoint-view";
import { isBudgetType, isBudgetedEndpointType } from "../endpoints";
import type { StackFinding, StackResource, StackRule } from "../finding";
import type { GovernanceSettings } from "../governance";
import { formatUsd } from "../money";
import { describeUnknowns, unknownsIn } from "../unknown";

/**
 * Rule 4: every outcome with a gated endpoint has, on each cloud it runs on, a monthly budget
 * filtered on its outcome tag whose amount is no more than the sum of the outcome's ceilings, with
 * an ACTUAL notification at or below 100% and a FORECASTED one, each with a subscriber.
 */
function budgetCoverageRule(
  resources: readonly StackResource[],
  s: GovernanceSettings,
): StackFinding[] {
  const entries = endpointEntries(resources, s);
  const budgetsOn = budgetsFilteringOn(stackBudgets(resources), s.keys.outcome);
  const { groups, unknown } = groupByTag(entries, s.keys.outcome);
  const out: StackFinding[] = [];
  for (const { entry, unknown: u } of unknown) {
    if (entry.gate === "not-gated") continue;
    out.push({
      urn: entry.resource.urn,
      subjects: [subjectOf(entry.resource)],
      violations: [],
      undecided: [
        `${s.keys.outcome} is not known until the update (${u.path}); its budget alarm is checked then`,
      ],
    });
  }
  for (const g of groups) {
    const gated = g.entries.filter((e) => e.gate !== "not-gated");
    // An endpoint whose outcome is unknown may belong to this outcome and add to its ceilings.
    const asideCeilings = unknown
      .filter((u) => u.entry.facts.cloud === g.cloud && u.entry.ceiling !== undefined)
      .map((u) => u.unknown);
    if (gated.length === 0) continue;
    const allMaybe = gated.every((e) => e.gate === "maybe");
    const sum = ceilingSum(g.entries);
    const sumKnown = sum.known > 0 ? sum.known : undefined;
    const label = budgetFilterLabel(g.cloud, s.keys.outcome, g.value);
    const candidates = budgetsOn(g.cloud, g.value);
    const endpointSubjects = gated.map((e) => subjectOf(e.resource));
    const first = gated[0]!.resource;
    const who = `outcome "${g.value}" (${gated.length} gated endpoint${gated.length === 1 ? "" : "s"} on ${g.cloud}: ${entryNames(gated)})`;
    const verdicts = candidates.map(({ b, match }) => {
      const problems = budgetAlarmProblems(b, sumKnown);
      // Unknown ceilings only add to the sum, so an amount above the known sum is undecided.
      const amountPending =
        sum.unknown.length + asideCeilings.length > 0 &&
        problems.some((p) => p.startsWith("its amount"));
      const decided = problems.filter((p) => !(amountPending && p.startsWith("its amount")));
      const pending = match === "maybe" || amountPending || b.unknowns.length > 0;
      return { b, match, problems: decided, pending };
    });
    if (verdicts.some((v) => v.match === "yes" && v.problems.length === 0 && !v.pending)) continue;
    const subjects = [...endpointSubjects, ...verdicts.map((v) => subjectOf(v.b.resource))];
    // A budget with no decided problem but an unknown value may still turn out to fit.
    const mayFit = verdicts.filter((v) => v.pending && v.problems.length === 0);
    const matched = verdicts.filter((v) => v.match === "yes" && v.problems.length > 0);
    const problemText =
      matched.length > 0
        ? matched.map((v) => `budget ${v.b.resource.name}: ${v.problems.join("; ")}`).join("; ")
        : `no budget filtered on ${label}`;
    if (mayFit.length > 0 || allMaybe) {
      const notes = mayFit.map((v) => {
        const what = unknownsIn([v.b.filterUnknowns, v.b.unknowns, sum.unknown, asideCeilings]);
        return `budget ${v.b.resource.name} may cover ${who}, but ${describeUnknowns(what)} ${what.length === 1 ? "is" : "are"} not known until the update; checked then`;
      });
      if (allMaybe && mayFit.length === 0) {
        notes.push(
          `the models of ${entryNames(gated)} are not known until the update; if one is gated, ${who}: ${problemText}`,
        );
      }
      out.push({
        urn: (mayFit[0]?.b.resource ?? first).urn,
        subjects,
        violations: [],
        undecided: notes,
      });
      continue;
    }
    if (matched.length === 0) {
      out.push({
        urn: first.urn,
        subjects,
        violations: [
          `${who} has no budget filtered on ${label}: add a monthly budget of at most ${sumKnown !== undefined ? formatUsd(sumKnown) : "the sum of its ceilings"} with an ACTUAL notification at 100% and a FORECASTED one, each with a subscriber`,
        ],
        undecided: [],
      });
      continue;
    }
    for (const v of matched) {
      out.push({
        urn: v.b.resource.urn,
        subjects,
        violations: [`budget ${v.b.resource.name} for ${who}: ${v.problems.join("; ")}`],
        undecided: [],
      });
    }
  }
  return out;
}

/** The policy's rule: over the stack's endpoints and budgets. */
export const rule: StackRule = {
  relevant: (type) => isBudgetedEndpointType(type) || isBudgetType(type),
  evaluate: budgetCoverageRule,
};
