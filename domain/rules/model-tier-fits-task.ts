/**
 * model-tier-fits-task (advisory): a premium model serving a task declared as simple (extraction,
 * classification) is flagged.
 */
import { describeEndpoint, isEndpointType, type EndpointFacts } from "../endpoints";
import { endpointTier, tierContext } from "../endpoint-view";
import { finding, PASS, type Finding, type ResourceRule } from "../finding";
import { isSimpleTask, tierFitProblem, type GovernanceSettings } from "../governance";
import { readTagValue, viewTags } from "../tag-view";
import { describeUnknowns } from "../unknown";

/** Rule: a premium model for a task declared as extraction or classification is flagged. */
function tierFitRule(e: EndpointFacts, s: GovernanceSettings): Finding {
  const view = viewTags(e.tags);
  const task = readTagValue(view, s.keys.taskClass);
  const tier = endpointTier(e, s.catalog);
  if (!task.known) {
    if (tier.decided && tier.tier !== "premium") return PASS;
    return finding(
      [],
      [`${s.keys.taskClass} is not known until the update (${task.unknown.path})`],
    );
  }
  if (!isSimpleTask(task.value)) return PASS;
  if (!tier.decided) {
    return finding(
      [],
      [
        `the model is not known until the update (${describeUnknowns(tier.unknown)}); a premium model for a ${task.value} task would be flagged`,
      ],
    );
  }
  const problem = tierFitProblem(task.value, tier.tier);
  return problem ? finding([problem], [], tierContext(tier)) : PASS;
}

/** The policy's rule: every model endpoint, judged by what it declares. */
export const rule: ResourceRule = {
  appliesTo: isEndpointType,
  evaluate: (r, { settings }) => {
    const endpoint = describeEndpoint(r.type, r.props());
    return endpoint ? tierFitRule(endpoint, settings) : PASS;
  },
};
