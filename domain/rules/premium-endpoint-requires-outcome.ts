/**
 * premium-endpoint-requires-outcome: a gated endpoint names its team and outcome, and states the
 * outcome in one measurable sentence; a tier label that disagrees with the catalog is reported too.
 */
import { describeEndpoint, isEndpointType, type EndpointFacts } from "../endpoints";
import {
  endpointTier,
  gateOf,
  modelUnknownNote,
  taglessProblem,
  tierContext,
} from "../endpoint-view";
import { finding, PASS, type Finding, type ResourceRule } from "../finding";
import { outcomeTagIssues, tierLabelProblem, type GovernanceSettings } from "../governance";
import { readTagValue, tagMapOf, viewTags } from "../tag-view";

/** Rule 1: a gated endpoint names its team, outcome and a measurable outcome statement. */
export function outcomeRule(e: EndpointFacts, s: GovernanceSettings): Finding {
  const tier = endpointTier(e, s.catalog);
  const gate = gateOf(tier, s);
  if (gate === "not-gated") return PASS;
  const keys = s.keys;
  const view = viewTags(e.tags);
  const violations: string[] = [];
  const undecided: string[] = [];
  if (view.state === "unknown") {
    undecided.push(
      `the tags are not known until the update (${view.unknown.path}); ${keys.team}, ${keys.outcome} and ${keys.outcomeStatement} are checked then`,
    );
  } else {
    const tagless = taglessProblem(e);
    if (tagless) violations.push(tagless);
    if (view.state === "malformed") {
      violations.push(`tags is ${view.got}, not a map of tag names to values`);
    }
    const ruleKeys = [keys.team, keys.outcome, keys.outcomeStatement, keys.kpi];
    const pending = view.state === "map" ? ruleKeys.filter((k) => view.unknownKeys.has(k)) : [];
    for (const issue of outcomeTagIssues(tagMapOf(view), keys)) {
      if (!pending.includes(issue.key)) violations.push(issue.problem);
    }
    if (pending.length > 0) {
      undecided.push(`${pending.join(", ")} not known until the update; checked then`);
    }
    if (tier.decided) {
      const label = readTagValue(view, keys.modelTier);
      if (label.known) {
        const mislabel = tierLabelProblem(tagMapOf(view), keys, tier.model);
        if (mislabel) violations.push(mislabel);
      }
    }
  }
  if (gate === "maybe") {
    if (violations.length === 0 && undecided.length === 0) return PASS;
    return finding(
      [],
      [`${modelUnknownNote(tier, s)}: ${[...violations, ...undecided].join("; ")}`],
    );
  }
  return finding(violations, undecided, tierContext(tier));
}

/** The policy's rule: every model endpoint, judged by what it declares. */
export const rule: ResourceRule = {
  appliesTo: isEndpointType,
  evaluate: (r, { settings }) => {
    const endpoint = describeEndpoint(r.type, r.props());
    return endpoint ? outcomeRule(endpoint, settings) : PASS;
  },
};
