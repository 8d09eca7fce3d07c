/**
 * The policy pack's resource rules as pure, three-valued decisions over what a resource declares:
 * a rule finds violations where every value it needs is known, and says what it could not decide
 * where a value is {@link Unknown} (at preview), never guessing either way. The pack's policies are
 * thin adapters over these functions.
 */
import { parseAwsTagFilterValue } from "./budgets";
import { classifyModel, TIERS, type Catalog, type Classification, type Tier } from "./catalog";
import {
  AI_ACCOUNT_TYPES,
  BUDGET_TYPES,
  describeEndpoint,
  isComponentType,
  isEndpointType,
  isUnpriced,
  parentTypeOf,
  RESOURCE_TYPES,
  type EndpointFacts,
} from "./endpoints";
import {
  ceilingFormatProblem,
  ceilingProblems,
  declaredHardStop,
  HARD_STOP_VALUES,
  isGated,
  isSimpleTask,
  outcomeTagIssues,
  projectedSpendProblem,
  reviewDateProblem,
  TASK_CLASSES,
  tierFitProblem,
  tierLabelProblem,
  type GovernanceSettings,
} from "./governance";
import { bedrockGrantProblems } from "./iam";
import { formatUsd, projectMaxSpend, type NoProjection, type SpendProjection } from "./projection";
import { parseCeilingTag, validateTags, type Cloud, type TagKeys } from "./tags";
import { describeUnknowns, isUnknown, Unknown, unknownsIn } from "./unknown";

/** What a rule found on one resource. */
export interface Finding {
  /** Problems decided from known values: each is a violation at the policy's level. */
  readonly violations: readonly string[];
  /** Checks that a value unknown at preview keeps from being decided; each names the value. */
  readonly undecided: readonly string[];
  /** How the resource was classified, for the message (e.g. "Claude Opus 4.1 is premium in the catalog"). */
  readonly context?: string;
}

export const PASS: Finding = Object.freeze({ violations: [], undecided: [] });

const finding = (violations: string[], undecided: string[] = [], context?: string): Finding =>
  violations.length === 0 && undecided.length === 0
    ? PASS
    : { violations, undecided, ...(context ? { context } : {}) };

/** A short description of a value's type, for messages about malformed properties. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isUnknown(value)) return "unknown";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

// ---- tags -------------------------------------------------------------------------------------

export type TagView =
  | { readonly state: "unknown"; readonly unknown: Unknown }
  | { readonly state: "absent" }
  | { readonly state: "malformed"; readonly got: string }
  | {
      readonly state: "map";
      readonly values: Readonly<Record<string, unknown>>;
      readonly unknownKeys: ReadonlySet<string>;
    };

/** The `tags` property as a rule sees it: unknown as a whole, absent, malformed, or a map. */
export function viewTags(tags: unknown): TagView {
  if (isUnknown(tags)) return { state: "unknown", unknown: tags };
  if (tags === undefined || tags === null) return { state: "absent" };
  if (typeof tags !== "object" || Array.isArray(tags)) {
    return { state: "malformed", got: describeType(tags) };
  }
  const values = tags as Readonly<Record<string, unknown>>;
  const unknownKeys = new Set<string>();
  for (const [k, v] of Object.entries(values)) if (isUnknown(v)) unknownKeys.add(k);
  return { state: "map", values, unknownKeys };
}

type TagRead =
  | { readonly known: true; readonly value: unknown }
  | { readonly known: false; readonly unknown: Unknown };

/** One tag's value, or why it is not known. Absent and malformed tag sets read as no value. */
export function readTagValue(view: TagView, key: string): TagRead {
  switch (view.state) {
    case "unknown":
      return { known: false, unknown: view.unknown };
    case "map": {
      const v = view.values[key];
      return isUnknown(v) ? { known: false, unknown: v } : { known: true, value: v };
    }
    default:
      return { known: true, value: undefined };
  }
}

/** The tag map a domain rule can read, with no unknowns in the keys it will read. */
const tagsForRule = (view: TagView): unknown => (view.state === "map" ? view.values : undefined);

/** The tag prefix a set of keys was built from (`ai-` for `ai-team`). */
export function tagPrefixOf(keys: TagKeys): string {
  return keys.team.slice(0, keys.team.length - "team".length);
}

// ---- tiers ------------------------------------------------------------------------------------

const TIER_RANK: Readonly<Record<Tier, number>> = { economy: 0, standard: 1, premium: 2 };

export type TierView =
  | {
      readonly decided: true;
      readonly tier: Tier;
      /** The classification that decided the tier (the dearest model the endpoint serves). */
      readonly model: Classification;
    }
  | {
      readonly decided: false;
      readonly unknown: readonly Unknown[];
      readonly known: readonly Classification[];
    };

/** The endpoint's tier from the catalog (the dearest of its models), or why it is not known yet. */
export function endpointTier(e: EndpointFacts, catalog: Catalog): TierView {
  const unknown: Unknown[] = [];
  const known: Classification[] = [];
  for (const m of e.models.length > 0 ? e.models : [undefined]) {
    if (isUnknown(m)) unknown.push(m);
    else known.push(classifyModel(m, catalog));
  }
  let top: Classification | undefined;
  for (const c of known) if (!top || TIER_RANK[c.tier] > TIER_RANK[top.tier]) top = c;
  if (top && (unknown.length === 0 || top.tier === "premium")) {
    return { decided: true, tier: top.tier, model: top };
  }
  return { decided: false, unknown, known };
}

export type Gate = "gated" | "not-gated" | "maybe";

export function gateOf(tier: TierView, settings: Pick<GovernanceSettings, "gatedTiers">): Gate {
  if (tier.decided) return isGated(tier.tier, settings) ? "gated" : "not-gated";
  return settings.gatedTiers.length === 0 ? "not-gated" : "maybe";
}

function modelUnknownNote(tier: TierView, settings: GovernanceSettings): string {
  const unknown = tier.decided ? [] : tier.unknown;
  return `the model is not known until the update (${describeUnknowns(unknown)}); if it is a ${settings.gatedTiers.join(" or ")} model`;
}

function tierContext(tier: TierView): string | undefined {
  return tier.decided ? tier.model.reason : undefined;
}

// ---- premium-endpoint-requires-outcome ---------------------------------------------------------

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
    if (view.state === "malformed") {
      violations.push(`tags is ${view.got}, not a map of tag names to values`);
    }
    const ruleKeys = [keys.team, keys.outcome, keys.outcomeStatement, keys.kpi];
    const pending = view.state === "map" ? ruleKeys.filter((k) => view.unknownKeys.has(k)) : [];
    for (const issue of outcomeTagIssues(tagsForRule(view), keys)) {
      if (!pending.includes(issue.key)) violations.push(issue.problem);
    }
    if (pending.length > 0) {
      undecided.push(`${pending.join(", ")} not known until the update; checked then`);
    }
    if (tier.decided) {
      const label = readTagValue(view, keys.modelTier);
      if (label.known) {
        const mislabel = tierLabelProblem(tagsForRule(view), keys, tier.model);
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

// ---- premium-endpoint-requires-cost-ceiling ----------------------------------------------------

/** Rule 2: a gated endpoint declares a monthly ceiling in digits, within its tier's maximum. */
export function ceilingRule(e: EndpointFacts, s: GovernanceSettings): Finding {
  const tier = endpointTier(e, s.catalog);
  const gate = gateOf(tier, s);
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
  if (tier.decided) {
    return finding(
      ceilingProblems(tagsForRule(view), s.keys, tier.tier, s.maxCeilingUsd),
      [],
      tierContext(tier),
    );
  }
  const problems = new Set<string>();
  for (const t of s.gatedTiers) {
    for (const p of ceilingProblems(tagsForRule(view), s.keys, t, s.maxCeilingUsd)) problems.add(p);
  }
  if (problems.size === 0) return PASS;
  return finding([], [`${modelUnknownNote(tier, s)}: ${[...problems].join("; ")}`]);
}

// ---- projected-spend-within-ceiling ------------------------------------------------------------

/** The most an endpoint can spend at its declared capacity (summed over SageMaker variants). */
export function projectEndpointMaxSpend(
  e: EndpointFacts,
  model: Classification,
): SpendProjection | NoProjection | undefined {
  if (e.capacity.length === 0) return undefined;
  let total = 0;
  const assumptions: string[] = [];
  const reasons: string[] = [];
  for (const c of e.capacity) {
    if (isUnknown(c)) return undefined;
    const p: SpendProjection | NoProjection = isUnpriced(c)
      ? { usd: undefined, basis: "maximum", reason: c.unpriced, assumptions: [] }
      : projectMaxSpend(model, c);
    if (p.usd === undefined) reasons.push(p.reason);
    else total += p.usd;
    assumptions.push(...p.assumptions);
  }
  if (reasons.length > 0) {
    return { usd: undefined, basis: "maximum", reason: reasons.join("; "), assumptions };
  }
  return { usd: Math.round(total * 100) / 100, basis: "maximum", assumptions };
}

/**
 * Rule 3: where capacity is declared, the maximum possible monthly spend stays within the ceiling
 * unless the endpoint declares a hard stop. The message states the figure and its assumptions.
 */
export function projectedSpendRule(e: EndpointFacts, s: GovernanceSettings): Finding {
  if (e.capacity.length === 0) return PASS;
  const tier = endpointTier(e, s.catalog);
  const gate = gateOf(tier, s);
  if (gate === "not-gated") return PASS;
  const view = viewTags(e.tags);
  if (declaredHardStop(tagsForRule(view), s.keys)) return PASS;
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

// ---- model-tier-fits-task (advisory) -----------------------------------------------------------

/** Rule: a premium model for a task declared as extraction or classification is flagged. */
export function tierFitRule(e: EndpointFacts, s: GovernanceSettings): Finding {
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

// ---- outcome-review-date (advisory) ------------------------------------------------------------

/** Rule: a resource whose outcome is past its review date is flagged. */
export function reviewDateRule(tags: unknown, keys: TagKeys, today: string): Finding {
  const view = viewTags(tags);
  const reviewBy = readTagValue(view, keys.reviewBy);
  if (!reviewBy.known) {
    return view.state === "unknown" || view.state === "map"
      ? finding([], [`${keys.reviewBy} is not known until the update (${reviewBy.unknown.path})`])
      : PASS;
  }
  if (reviewBy.value === undefined) return PASS;
  if (typeof reviewBy.value !== "string") {
    return finding([
      `${keys.reviewBy} is ${describeType(reviewBy.value)}; write the date as text, YYYY-MM-DD`,
    ]);
  }
  const problem = reviewDateProblem(tagsForRule(view), keys, today);
  return problem ? finding([problem]) : PASS;
}

// ---- ai-cost-allocation-tags-valid -------------------------------------------------------------

/**
 * An AI resource for the tag rules: a model endpoint, an AI account, a budget, or any resource
 * (a team identity, a key's owner) carrying a tag with the OutcomeGuard prefix.
 */
export function isAiResource(type: string, tags: unknown, keys: TagKeys): boolean {
  if (isEndpointType(type) || AI_ACCOUNT_TYPES.includes(type) || BUDGET_TYPES.includes(type)) {
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
export function tagSetFinding(cloud: Cloud, tags: unknown, keys: TagKeys): Finding {
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

/** A property that may be one value or a list, as a list (none for undefined or null). */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** The tag filters of a budget, as a tag set per filter value, for the cloud's tag rules. */
function budgetFilterFinding(type: string, props: unknown, keys: TagKeys): Finding {
  const bag = (props ?? {}) as Record<string, unknown>;
  const prefix = tagPrefixOf(keys);
  const violations: string[] = [];
  const unknown: Unknown[] = [];
  if (type === RESOURCE_TYPES.awsBudget) {
    for (const f of asList(bag.costFilters)) {
      if (isUnknown(f)) {
        unknown.push(f);
        continue;
      }
      const filter = (f ?? {}) as Record<string, unknown>;
      if (filter.name !== "TagKeyValue") continue;
      for (const v of asList(filter.values)) {
        if (isUnknown(v)) unknown.push(v);
        else if (typeof v !== "string")
          violations.push(`cost filter value is ${describeType(v)}, not text`);
        else {
          const tag = parseAwsTagFilterValue(v);
          if (!tag) {
            violations.push(
              `cost filter value "${v}" is not user:<tag key>$<value>; the budget would filter nothing`,
            );
          } else if (tag.key.startsWith(prefix)) {
            for (const issue of validateTags("aws", { [tag.key]: tag.value })) {
              violations.push(`cost filter "${v}": ${issue.problem}`);
            }
          }
        }
      }
    }
  } else if (type === RESOURCE_TYPES.azureBudget) {
    const filter = bag.filter;
    if (isUnknown(filter)) unknown.push(filter);
    else if (filter && typeof filter === "object") {
      const f = filter as Record<string, unknown>;
      const expressions = [
        f.tags,
        ...asList(f.and).map((a) =>
          isUnknown(a) ? a : (a as Record<string, unknown> | null)?.tags,
        ),
      ];
      for (const expr of expressions) {
        if (isUnknown(expr)) {
          unknown.push(expr);
          continue;
        }
        if (!expr || typeof expr !== "object") continue;
        const e = expr as Record<string, unknown>;
        if (isUnknown(e.name)) {
          unknown.push(e.name);
          continue;
        }
        if (typeof e.name !== "string" || !e.name.startsWith(prefix)) continue;
        for (const v of asList(e.values)) {
          if (isUnknown(v)) unknown.push(v);
          else if (typeof v === "string") {
            for (const issue of validateTags("azure", { [e.name]: v })) {
              violations.push(`tag filter ${e.name}="${v}": ${issue.problem}`);
            }
          }
        }
      }
    }
  }
  return finding(
    violations,
    unknown.length > 0
      ? [`the budget's tag filters are not known until the update (${describeUnknowns(unknown)})`]
      : [],
  );
}

/**
 * Rule: on every AI resource the tags are valid for the cloud (keys, values, lengths, characters,
 * case-insensitive collisions on Azure), the governance tags hold allowed values, an endpoint that
 * is not gated is labelled with its catalog tier and a parseable ceiling, and a budget's tag filters
 * name valid tags.
 */
export function tagsValidRule(
  resource: { readonly type: string; readonly props: unknown },
  s: GovernanceSettings,
): Finding {
  const cloud = resource.type.startsWith("aws:") ? "aws" : "azure";
  const bag = (resource.props ?? {}) as Record<string, unknown>;
  const base = tagSetFinding(cloud, bag.tags, s.keys);
  const violations = [...base.violations];
  const undecided = [...base.undecided];
  let context: string | undefined;
  const endpoint = describeEndpoint(resource.type, resource.props);
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
  if (BUDGET_TYPES.includes(resource.type)) {
    const f = budgetFilterFinding(resource.type, resource.props, s.keys);
    violations.push(...f.violations);
    undecided.push(...f.undecided);
  }
  return finding(violations, undecided, context);
}

// ---- bedrock-invoke-least-privilege ------------------------------------------------------------

export const IAM_DOCUMENT_TYPES: readonly string[] = [
  RESOURCE_TYPES.iamPolicy,
  RESOURCE_TYPES.iamRolePolicy,
  RESOURCE_TYPES.iamUserPolicy,
  RESOURCE_TYPES.iamGroupPolicy,
];
export const IAM_ATTACHMENT_TYPES: readonly string[] = [
  RESOURCE_TYPES.iamRolePolicyAttachment,
  RESOURCE_TYPES.iamUserPolicyAttachment,
  RESOURCE_TYPES.iamGroupPolicyAttachment,
  RESOURCE_TYPES.iamPolicyAttachment,
];
export const LEAST_PRIVILEGE_TYPES: readonly string[] = [
  ...IAM_DOCUMENT_TYPES,
  RESOURCE_TYPES.iamRole,
  ...IAM_ATTACHMENT_TYPES,
];

/** AWS managed policies that allow invoking every Bedrock model directly. */
const BROAD_MANAGED_POLICY = /^arn:aws[\w-]*:iam::aws:policy\/AmazonBedrockFullAccess$/;

function documentFinding(doc: unknown, label: string): Finding {
  if (doc === undefined || doc === null) return PASS;
  const unknown = unknownsIn(doc);
  if (unknown.length > 0) {
    return finding(
      [],
      [
        `${label} is not known until the update (${describeUnknowns(unknown)}); its Bedrock grants are checked then`,
      ],
    );
  }
  const prefix = label === "the policy document" ? "" : `${label}: `;
  return finding(bedrockGrantProblems(doc).map((p) => `${prefix}${p}`));
}

function managedPolicyFinding(arn: unknown, label: string): Finding {
  if (isUnknown(arn)) {
    return finding([], [`${label} is not known until the update (${arn.path})`]);
  }
  if (typeof arn === "string" && BROAD_MANAGED_POLICY.test(arn)) {
    return finding([
      `${label} attaches ${arn}, which allows invoking every Bedrock model directly, around the gate; grant the team's application inference profiles instead`,
    ]);
  }
  return PASS;
}

function merge(findings: readonly Finding[]): Finding {
  return finding(
    findings.flatMap((f) => f.violations),
    findings.flatMap((f) => f.undecided),
  );
}

/**
 * Rule: IAM grants must not let a holder invoke Bedrock models around the gate (`*`, wildcards,
 * foundation models or system profiles without an inference-profile condition, or the
 * AmazonBedrockFullAccess managed policy).
 */
export function leastPrivilegeRule(type: string, props: unknown): Finding {
  const bag = (props ?? {}) as Record<string, unknown>;
  if (IAM_DOCUMENT_TYPES.includes(type)) return documentFinding(bag.policy, "the policy document");
  if (IAM_ATTACHMENT_TYPES.includes(type)) return managedPolicyFinding(bag.policyArn, "policyArn");
  if (type !== RESOURCE_TYPES.iamRole) return PASS;
  const parts: Finding[] = [];
  const inline = bag.inlinePolicies;
  if (isUnknown(inline)) parts.push(documentFinding(inline, "inlinePolicies"));
  else {
    for (const [i, p] of asList(inline).entries()) {
      const entry = (p ?? {}) as Record<string, unknown>;
      const name =
        typeof entry.name === "string" ? `inline policy "${entry.name}"` : `inline policy ${i}`;
      parts.push(isUnknown(p) ? documentFinding(p, name) : documentFinding(entry.policy, name));
    }
  }
  const managed = bag.managedPolicyArns;
  if (isUnknown(managed)) parts.push(managedPolicyFinding(managed, "managedPolicyArns"));
  else
    for (const arn of asList(managed)) parts.push(managedPolicyFinding(arn, "managedPolicyArns"));
  return merge(parts);
}

// ---- azure-ai-local-auth-disabled --------------------------------------------------------------

/** Account kinds that deploy OpenAI and other foundation models. */
export const AI_ACCOUNT_KINDS = ["OpenAI", "AIServices"] as const;

/** Rule: an Azure AI account disables local (shared-key) auth, so every call goes through a team key. */
export function localAuthRule(props: unknown): Finding {
  const bag = (props ?? {}) as Record<string, unknown>;
  const properties = bag.properties;
  const disable = isUnknown(properties)
    ? properties
    : properties && typeof properties === "object"
      ? (properties as Record<string, unknown>).disableLocalAuth
      : undefined;
  if (disable === true) return PASS;
  const kind = bag.kind;
  if (isUnknown(kind)) {
    return finding(
      [],
      [`kind is not known until the update (${kind.path}); local auth is checked then`],
    );
  }
  if (
    typeof kind !== "string" ||
    !(AI_ACCOUNT_KINDS as readonly string[]).some((k) => k.toLowerCase() === kind.toLowerCase())
  ) {
    return PASS;
  }
  if (isUnknown(disable)) {
    return finding([], [`disableLocalAuth is not known until the update (${disable.path})`]);
  }
  const got =
    disable === undefined ? "not set (Azure's default is false)" : `${JSON.stringify(disable)}`;
  return finding([
    `properties.disableLocalAuth is ${got}: the account's shared keys let anyone holding one call every deployment, around per-team keys, quotas and hard stops; set properties.disableLocalAuth to true`,
  ]);
}

// ---- shadow-ai-endpoint (advisory) -------------------------------------------------------------

/** Rule: a model endpoint is created by an OutcomeGuard component (its parent's type is `outcomeguard:`). */
export function shadowEndpointRule(type: string, urn: string, parentUrn?: string): Finding {
  if (!isEndpointType(type)) return PASS;
  const parentType = parentTypeOf(urn, parentUrn);
  if (isComponentType(parentType)) return PASS;
  const where = parentType ? `its parent is a ${parentType}` : "it has no parent component";
  return finding([
    `a model endpoint created outside the OutcomeGuard components (${where}): its spend has no gate, no ceiling and no budget alarm, and nobody owns it on the bill`,
  ]);
}
