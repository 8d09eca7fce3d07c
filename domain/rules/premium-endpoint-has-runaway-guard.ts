/**
 * premium-endpoint-has-runaway-guard (advisory by default): a gated on-demand endpoint has a hard
 * stop or a runaway alarm on its own usage. Budgets refresh a few times a day; a runaway script
 * spends for hours before one notices, where a runaway alarm acts in minutes (see ../runaway.ts).
 */
import { endpointTier, gateOf, isOnDemand, modelUnknownNote } from "../endpoint-view";
import { COMPONENT_TYPE_PREFIX, describeEndpoint, isEndpointType } from "../endpoints";
import { GUARD_TYPES, normalizeType } from "../registry/tokens";
import { bagOf, type StackFinding, type StackResource, type StackRule } from "../finding";
import { declaredHardStop, type GovernanceSettings } from "../governance";
import { runawayAlarmedEndpoints, runawayGuardProblem } from "../runaway";
import { readTagValue, tagMapOf, viewTags } from "../tag-view";
import { describeUnknowns, isUnknown } from "../unknown";

const ALARM_TYPES: readonly string[] = [
  GUARD_TYPES.cloudwatchMetricAlarm,
  GUARD_TYPES.azureMetricAlert,
];

function runawayGuardRule(
  resources: readonly StackResource[],
  s: GovernanceSettings,
): StackFinding[] {
  const alarmed = runawayAlarmedEndpoints(
    resources.map((r) => ({ type: r.type, urn: r.urn, parent: r.parent, props: bagOf(r.props) })),
    s.keys,
  );
  const out: StackFinding[] = [];
  for (const r of resources) {
    const facts = describeEndpoint(r.type, r.props);
    if (!facts) continue;
    const report = (violations: string[], undecided: string[]) =>
      out.push({ urn: r.urn, subjects: [{ name: r.name, urn: r.urn }], violations, undecided });
    const onDemand = isOnDemand(facts);
    if (onDemand === false || alarmed.has(r.urn)) continue;
    const tier = endpointTier(facts, s.catalog);
    const gate = gateOf(tier, s);
    if (gate === "not-gated") continue;
    const view = viewTags(facts.tags);
    const stop = readTagValue(view, s.keys.hardStop);
    if (!stop.known) {
      report(
        [],
        [`${s.keys.hardStop} is not known until the update (${stop.unknown.path}); checked then`],
      );
      continue;
    }
    if (declaredHardStop(tagMapOf(view), s.keys)) continue;
    if (onDemand === undefined) {
      report(
        [],
        [
          `the capacity is not known until the update (${describeUnknowns(facts.capacity.filter(isUnknown))}); checked then`,
        ],
      );
      continue;
    }
    const problem = runawayGuardProblem(
      {
        tier: tier.decided ? tier.tier : (s.gatedTiers[0] ?? "premium"),
        onDemand: true,
        runawayAlarm: false,
      },
      s.gatedTiers,
    );
    if (!problem) continue;
    if (gate === "maybe") report([], [`${modelUnknownNote(tier, s)}: ${problem}`]);
    else report([problem], []);
  }
  return out;
}

/** The policy's rule: over the stack's endpoints, runaway alarms and the components between. */
export const rule: StackRule = {
  relevant: (type) =>
    isEndpointType(type) ||
    ALARM_TYPES.includes(normalizeType(type)) ||
    type.startsWith(COMPONENT_TYPE_PREFIX),
  evaluate: runawayGuardRule,
};
