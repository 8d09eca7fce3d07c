/**
 * ai-cost-allocation-tags-valid: on every AI resource the tags are valid for the cloud, the
 * governance tags hold allowed values, and a budget's tag filters name valid tags.
 */
import { cloudOfType } from "../registry";
import { budgetTagFilters, type BudgetTagFilters } from "../budgets";
import { TIERS } from "../catalog";
import { endpointTier, gateOf } from "../endpoint-view";
import {
  describeEndpoint,
  isAccountType,
  isBudgetType,
  isEndpointType,
  readTags,
} from "../endpoints";
import {
  describeType,
  finding,
  PASS,
  type Finding,
  type ResourceRule,
  type RuleResource,
} from "../finding";
import {
  ceilingFormatProblem,
  HARD_STOP_VALUES,
  TASK_CLASSES,
  tierLabelProblem,
  type GovernanceSettings,
} from "../governance";
import { tagPrefixOf, viewTags } from "../tag-view";
import { parseCeilingTag, validateTags, type TagCloud, type TagKeys } from "../tags";
import { describeUnknowns, isUnknown } from "../unknown";

/**
 * An AI resource for the tag rules: a model endpoint, an AI account, a budget, or any resource
 * (a team identity, a key's owner) carrying a tag with the OutcomeGuard prefix.
 */
function isAiResource(type: string, tags: unknown, keys: TagKeys): boolean {
  if (isEndpointType(type) || isAccountType(type) || isBudgetType(type)) {
    return true;
  }
  if (tags === null || typeof tags !== "object" || Array.isArray(tags) || isUnknown(tags)) {
    return false;
  }
  const prefix = tagPrefixOf(keys);
  return Object.keys(tags).some((k) => k.startsWith(prefix));
}

const ENUMERATED_TAGS = (keys: TagKeys): ReadonlyArray<readonly [string, readonly string[]]> => [
  [keys.modelTier, TIERS],
  [keys.taskClass, TASK_CLASSES],
  [keys.hardStop, HARD_STOP_VALUES],
];

/** Tag keys and values valid on the cloud, and the governance tags' values from their lists. */
function tagSetFinding(cloud: TagCloud, tags: unknown, keys: TagKeys): Finding {
  const view = viewTags(tags);
  switch (view.state) {
    case "unknown":
      return finding(
        [],
        [`the tags are not known until the update (${view.unknown.path}); checked then`],
      );
    case "absent":
      return PASS;
    case "malformed":
      return finding([`tags is ${view.got}, not a map of tag names to string values`]);
  }
  const violations: string[] = [];
  const checkable: Record<string, string> = {};
  for (const [k, v] of Object.entries(view.values)) {
    if (view.unknownKeys.has(k)) checkable[k] = "";
    else if (typeof v === "string") checkable[k] = v;
    else violations.push(`tag "${k}" is ${describeType(v)}; tag values are text`);
  }
  for (const issue of validateTags(cloud, checkable)) {
    violations.push(issue.key === "*" ? issue.problem : `tag "${issue.key}": ${issue.problem}`);
  }
  for (const [key, allowed] of ENUMERATED_TAGS(keys)) {
    const v = view.values[key];
    if (typeof v === "string" && !allowed.includes(v)) {
      violations.push(`${key} "${v}" is not one of: ${allowed.join(", ")}`);
    }
  }
  const undecided =
    view.unknownKeys.size > 0
      ? [
          `the values of ${[...view.unknownKeys].join(", ")} are not known until the update; checked then`,
        ]
      : [];
  return finding(violations, undecided);
}

/** The budget's tag filters (read by ../budgets, as the stack rules read them) with valid tags. */
function budgetFilterFinding(filters: BudgetTagFilters, keys: TagKeys, cloud: TagCloud): Finding {
  const prefix = tagPrefixOf(keys);
  const violations = [...filters.malformed];
  for (const f of filters.filters) {
    if (!f.key.startsWith(prefix)) continue;
    for (const issue of validateTags(cloud, { [f.key]: f.value })) {
      violations.push(`${f.label}: ${issue.problem}`);
    }
  }
  return finding(
    violations,
    filters.unknowns.length > 0
      ? [
          `the budget's tag filters are not known until the update (${describeUnknowns(filters.unknowns)})`,
        ]
      : [],
  );
}

/**
 * Rule: on every AI resource the tags are valid for the cloud (keys, values, lengths, characters,
 * case-insensitive collisions on Azure), the governance tags hold allowed values, an endpoint that
 * is not gated is labelled with its catalog tier and a parseable ceiling, and a budget's tag filters
 * name valid tags.
 */
function tagsValidRule(
  resource: Pick<RuleResource, "type" | "field" | "props">,
  s: GovernanceSettings,
): Finding {
  const cloud = cloudOfType(resource.type) ?? "aws";
  const base = tagSetFinding(cloud, readTags(resource.type, resource.field), s.keys);
  // Only an endpoint's or a budget's other properties matter; other resources are read for tags.
  const props =
    isEndpointType(resource.type) || isBudgetType(resource.type) ? resource.props() : undefined;
  const violations = [...base.violations];
  const undecided = [...base.undecided];
  let context: string | undefined;
  const endpoint = describeEndpoint(resource.type, props);
  if (endpoint) {
    const tier = endpointTier(endpoint, s.catalog);
    const view = viewTags(endpoint.tags);
    if (gateOf(tier, s) === "not-gated" && tier.decided && view.state === "map") {
      context = tier.model.reason;
      if (!view.unknownKeys.has(s.keys.modelTier)) {
        const mislabel = tierLabelProblem(view.values, s.keys, tier.model);
        if (mislabel) violations.push(mislabel);
      }
      const ceiling = view.values[s.keys.costCeilingUsd];
      if (ceiling !== undefined && !isUnknown(ceiling) && parseCeilingTag(ceiling) === undefined) {
        violations.push(ceilingFormatProblem(ceiling, s.keys));
      }
    }
  }
  const filters = budgetTagFilters(resource.type, props);
  if (filters) {
    const f = budgetFilterFinding(filters, s.keys, cloud);
    violations.push(...f.violations);
    undecided.push(...f.undecided);
  }
  return finding(violations, undecided, context);
}

/** The policy's rule: every AI resource of a cloud. */
export const rule: ResourceRule = {
  appliesTo: (type) => cloudOfType(type) !== undefined,
  evaluate: (r, { settings }) =>
    isAiResource(r.type, readTags(r.type, r.field), settings.keys)
      ? tagsValidRule(r, settings)
      : PASS,
};
