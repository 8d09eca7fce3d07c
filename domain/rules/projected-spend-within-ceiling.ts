/**
 * projected-spend-within-ceiling: where capacity is declared, the most a gated endpoint can spend
 * in a month fits its ceiling unless a hard stop caps it.
 */
import { describeEndpoint, isEndpointType, type EndpointFacts } from "../endpoints";
import {
  endpointTier,
  gateOf,
  modelUnknownNote,
  projectEndpointMaxSpend,
  tierContext,
} from "../endpoint-view";
import { finding, PASS, type Finding, type ResourceRule } from "../finding";
import { declaredHardStop, projectedSpendProblem, type GovernanceSettings } from "../governance";
import { formatUsd } from "../money";
import { readTagValue, tagMapOf, viewTags } from "../tag-view";
import { parseCeilingTag } from "../tags";
import { describeUnknowns, isUnknown } from "../unknown";

/**
 * Rule 3: where capacity is declared, the maximum possible monthly spend stays within the ceiling
 * unless the endpoint declares a hard stop. The message states the figure and its assumptions.
 */
function projectedSpendRule(e: EndpointFacts, s: GovernanceSettings): Finding {
  if (e.capacity.length === 0) return PASS;
  const tier = endpointTier(e, s.catalog);
  const gate = gateOf(tier, s);
  if (gate === "not-gated") return PASS;
  const view = viewTags(e.tags);
  if (declaredHardStop(tagMapOf(view), s.keys)) return PASS;
  const stop = readTagValue(view, s.keys.hardStop);
  if (!tier.decided) {
    return finding([], [`${modelUnknownNote(tier, s)}, its maximum spend is checked then`]);
  }
  const capacityUnknown = e.capacity.filter(isUnknown);
  if (capacityUnknown.length > 0) {
    return finding(
      [],
      [
        `the capacity is not known until the update (${describeUnknowns(capacityUnknown)}); the maximum spend is checked then`,
      ],
    );
  }
  const projection = projectEndpointMaxSpend(e, tier.model);
  if (!projection) return PASS;
  const ceiling = readTagValue(view, s.keys.costCeilingUsd);
  if (!ceiling.known && projection.usd !== undefined) {
    return finding(
      [],
      [
        `${s.keys.costCeilingUsd} is not known until the update (${ceiling.unknown.path}); projected maximum ${formatUsd(projection.usd)} per month (${projection.assumptions.join("; ")})`,
      ],
    );
  }
  const problem = projectedSpendProblem(
    projection,
    ceiling.known ? parseCeilingTag(ceiling.value) : undefined,
    undefined,
  );
  if (!problem) return PASS;
  const missing = projection.assumptions.filter((a) => !problem.includes(a));
  const detail = missing.length > 0 ? `${problem} (${missing.join("; ")})` : problem;
  if (!stop.known) {
    return finding(
      [],
      [
        `${s.keys.hardStop} is not known until the update (${stop.unknown.path}); without a hard stop: ${detail}`,
      ],
    );
  }
  return finding([detail], [], tierContext(tier));
}

/** The policy's rule: every model endpoint, judged by what it declares. */
export const rule: ResourceRule = {
  appliesTo: isEndpointType,
  evaluate: (r, { settings }) => {
    const endpoint = describeEndpoint(r.type, r.props());
    return endpoint ? projectedSpendRule(endpoint, settings) : PASS;
  },
};
