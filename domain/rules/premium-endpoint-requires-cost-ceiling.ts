/**
 * premium-endpoint-requires-cost-ceiling: a gated endpoint declares a monthly ceiling in digits,
 * within its tier's maximum.
 */
import { describeEndpoint, isEndpointType, type EndpointFacts } from "../endpoints";
import * as ev from "../endpoint-view";
import { finding, PASS, type Finding, type ResourceRule } from "../finding";
import { ceilingProblems, type GovernanceSettings } from "../governance";
import { readTagValue, tagMapOf, viewTags } from "../tag-view";

/** Rule 2: a gated endpoint declares a monthly ceiling in digits, within its tier's maximum. */
function ceilingRule(e: EndpointFacts, s: GovernanceSettings): Finding {
  const tier = ev.endpointTier(e, s.catalog);
  const gate = ev.gateOf(tier, s);
  if (gate === "not-gated") return PASS;
  const view = viewTags(e.tags);
  const ceiling = readTagValue(view, s.keys.costCeilingUsd);
  if (!ceiling.known) {
    return finding(
      [],
      [
        `${s.keys.costCeilingUsd} is not known until the update (${ceiling.unknown.path}); checked then`,
      ],
    );
  }
  const tagless = ev.taglessProblem(e);
  if (tier.decided) {
    return finding(
      [
        ...(tagless ? [tagless] : []),
        ...ceilingProblems(tagMapOf(view), s.keys, tier.tier, s.maxCeilingUsd),
      ],
      [],
      ev.tierContext(tier),
    );
  }
  const problems = new Set<string>(tagless ? [tagless] : []);
  for (const t of s.gatedTiers) {
    for (const p of ceilingProblems(tagMapOf(view), s.keys, t, s.maxCeilingUsd)) problems.add(p);
  }
  if (problems.size === 0) return PASS;
  return finding([], [`${ev.modelUnknownNote(tier, s)}: ${[...problems].join("; ")}`]);
}

/** The policy's rule: every model endpoint, judged by what it declares. */
export const rule: ResourceRule = {
  appliesTo: isEndpointType,
  evaluate: (r, { settings }) => {
    const endpoint = describeEndpoint(r.type, r.props());
    return endpoint ? ceilingRule(endpoint, settings) : PASS;
  },
};
