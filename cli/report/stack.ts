/**
 * What a stack declares, as the report needs it: its AI endpoints (model, tier, ceiling, projected
 * maximum, tags) and, per outcome and cloud, whether a budget alarm and a hard stop exist. This
 * adapter walks resources and their component tree; reading an endpoint, a budget or a token
 * policy is the domain's (the same readers the policy pack uses), so the report and the pack agree.
 */
import { parseLlmTokenLimits } from "../../domain/apim";
import {
  tagCompleteness,
  type ObservedTags,
  type ReportEndpoint,
  type TriState,
} from "../../domain/spend-model";
import { classifyModel, DEFAULT_CATALOG, type Catalog } from "../../domain/catalog";
import { describeEndpoint, type EndpointFacts } from "../../domain/endpoints";
import { normalizeType, RESOURCE_TYPES } from "../../domain/registry/tokens";
import { declaredHardStop, type HardStop } from "../../domain/governance";
import type { NoProjection, SpendProjection } from "../../domain/projection";
import { endpointTier, projectEndpointMaxSpend } from "../../domain/endpoint-view";
import { describeBudget } from "../../domain/budgets";
import { parseCeilingTag, readTag, type Cloud, type TagKeys } from "../../domain/tags";
import { describeUnknowns, unknownsIn } from "../../domain/unknown";
import { baseType, isRecord, isUnknown, prop, type ReportResource } from "./resource";

/** Type tokens the report reads besides those the domain knows (RESOURCE_TYPES). */
export const REPORT_TYPES = {
  awsBudgetAction: "aws:budgets/budgetAction:BudgetAction",
  apimProductPolicy: "azure-native:apimanagement:ProductPolicy",
  apimApiPolicy: "azure-native:apimanagement:ApiPolicy",
  stack: "pulumi:pulumi:Stack",
} as const;

export interface StackAnalysis {
  readonly endpoints: readonly ReportEndpoint[];
  readonly notes: readonly string[];
}

type Ambiguous = { readonly ambiguous: readonly string[] };

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v : undefined;

/** The tags a resource carries: inputs, then outputs `tags` and `tagsAll` (what the cloud has). */
export function observeTags(r: ReportResource, cloud: Cloud, keys: TagKeys): ObservedTags {
  const ours = new Map(Object.values(keys).map((k) => [k.toLowerCase(), k]));
  // Azure tag names are case-insensitive: `AI-Outcome` is our `ai-outcome`.
  const canonical = (k: string) => (cloud === "azure" ? (ours.get(k.toLowerCase()) ?? k) : k);
  const values: Record<string, string> = {};
  const unknownKeys = new Set<string>();
  let sawUnknownMap = false;
  let sawKnownMap = false;
  for (const source of [r.inputs.tags, r.outputs?.tags, r.outputs?.tagsAll]) {
    if (isUnknown(source)) {
      sawUnknownMap = true;
      continue;
    }
    if (!isRecord(source)) continue;
    sawKnownMap = true;
    for (const [k, v] of Object.entries(source)) {
      const key = canonical(k);
      if (isUnknown(v)) {
        if (values[key] === undefined) unknownKeys.add(key);
      } else if (typeof v === "string") {
        values[key] = v;
        unknownKeys.delete(key);
      }
    }
  }
  return {
    values,
    unknownKeys: [...unknownKeys],
    wholeMapUnknown: sawUnknownMap && !sawKnownMap,
  };
}

function mergeTags(base: ObservedTags, over: ObservedTags): ObservedTags {
  const values = { ...base.values, ...over.values };
  const unknownKeys = new Set([...base.unknownKeys, ...over.unknownKeys]);
  for (const k of Object.keys(over.values)) unknownKeys.delete(k);
  return {
    values,
    unknownKeys: [...unknownKeys],
    wholeMapUnknown: base.wholeMapUnknown && over.wholeMapUnknown,
  };
}

/** The most an endpoint can cost in a month, or why nothing says. */
function projection(
  e: EndpointFacts,
  model: ReturnType<typeof classifyModel>,
): SpendProjection | NoProjection {
  const p = projectEndpointMaxSpend(e, model);
  if (p) return p;
  const unknown = unknownsIn(e.capacity);
  const reason =
    unknown.length > 0
      ? `the capacity (${describeUnknowns(unknown)}) is computed at deploy time`
      : e.kind === "bedrock-application-profile"
        ? "on-demand Bedrock has no capacity limit, so nothing but a hard stop caps its monthly spend"
        : e.kind === "sagemaker-endpoint"
          ? "no instance capacity declared (a serverless endpoint has no fixed maximum)"
          : "no capacity declared, so nothing but a hard stop caps its monthly spend";
  return { usd: undefined, basis: "maximum", reason, assumptions: [] };
}

const better = (a: TriState | undefined, b: TriState): TriState =>
  a === "yes" || b === "yes" ? "yes" : a === "unknown" || b === "unknown" ? "unknown" : "no";

/** Analyse a stack's resources: its endpoints, each with its outcome's alarm and hard stop. */
export function analyseStack(
  resources: readonly ReportResource[],
  keys: TagKeys,
  catalog: Catalog = DEFAULT_CATALOG,
): StackAnalysis {
  const notes: string[] = [];
  const typed = resources.map((r) => ({ r, type: baseType(r.type) }));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const ancestors = (r: ReportResource): ReportResource[] => {
    const out: ReportResource[] = [];
    const seen = new Set<string>([r.urn]);
    let p = r.parent ? byUrn.get(r.parent) : undefined;
    while (p && !seen.has(p.urn)) {
      seen.add(p.urn);
      if (p.type !== REPORT_TYPES.stack) out.push(p);
      p = p.parent ? byUrn.get(p.parent) : undefined;
    }
    return out;
  };

  // Azure accounts, by name and by the components they sit in.
  const accounts = typed
    .filter((t) => normalizeType(t.type) === RESOURCE_TYPES.azureAccount)
    .map((t) => t.r);
  const accountName = (a: ReportResource) =>
    str(prop(a, "accountName")) ?? str(a.outputs?.name) ?? a.name;
  const accountsUnder = new Map<string, ReportResource[]>();
  for (const a of accounts) {
    for (const anc of ancestors(a)) {
      accountsUnder.set(anc.urn, [...(accountsUnder.get(anc.urn) ?? []), a]);
    }
  }
  const accountOf = (dep: ReportResource): ReportResource | undefined => {
    const name = str(prop(dep, "accountName"));
    const group = str(prop(dep, "resourceGroupName"));
    if (name) {
      const named = accounts.filter((a) => {
        const g = str(prop(a, "resourceGroupName"));
        return accountName(a) === name && (group === undefined || g === undefined || g === group);
      });
      if (named.length === 1) return named[0];
      if (named.length > 1) return undefined;
    }
    for (const anc of ancestors(dep)) {
      const under = accountsUnder.get(anc.urn);
      if (under && under.length > 0) return under.length === 1 ? under[0] : undefined;
    }
    return undefined;
  };

  // Endpoints.
  interface Draft {
    r: ReportResource;
    facts: EndpointFacts & { readonly cloud: Cloud };
    tags: ObservedTags;
    account?: ReportResource;
  }
  const drafts: Draft[] = [];
  for (const { r, type } of typed) {
    const described = describeEndpoint(type, r.inputs);
    // The report reads AWS and Azure bills; GCP endpoints are judged by the pack only.
    if (!described || described.cloud === "gcp") continue;
    const facts = { ...described, cloud: described.cloud };
    let tags = observeTags(r, facts.cloud, keys);
    let account: ReportResource | undefined;
    if (normalizeType(type) === RESOURCE_TYPES.azureDeployment) {
      account = accountOf(r);
      if (account) tags = mergeTags(observeTags(account, "azure", keys), tags);
    }
    drafts.push({ r, facts, tags, ...(account ? { account } : {}) });
  }
  const outcomeOf = (tags: ObservedTags) => readTag(tags.values, keys.outcome)?.trim() || undefined;

  // Which outcomes live under each component, per cloud: how budgets and hard stops that carry
  // no outcome of their own are tied to one.
  const outcomesUnder = new Map<string, Map<Cloud, Set<string>>>();
  for (const d of drafts) {
    const outcome = outcomeOf(d.tags);
    if (!outcome) continue;
    for (const anc of ancestors(d.r)) {
      const perCloud = outcomesUnder.get(anc.urn) ?? new Map<Cloud, Set<string>>();
      const set = perCloud.get(d.facts.cloud) ?? new Set<string>();
      set.add(outcome);
      perCloud.set(d.facts.cloud, set);
      outcomesUnder.set(anc.urn, perCloud);
    }
  }
  const treeOutcome = (r: ReportResource, cloud: Cloud): string | Ambiguous | undefined => {
    for (const anc of ancestors(r)) {
      const set = outcomesUnder.get(anc.urn)?.get(cloud);
      if (set && set.size > 0) return set.size === 1 ? [...set][0] : { ambiguous: [...set] };
    }
    return undefined;
  };
  const ownOutcome = (r: ReportResource, cloud: Cloud): string | undefined =>
    outcomeOf(observeTags(r, cloud, keys));

  // Budget alarms and hard stops per outcome and cloud.
  const alarms = new Map<string, TriState>();
  const stops = new Map<string, HardStop>();
  const k = (outcome: string, cloud: Cloud) => `${outcome}\u0000${cloud}`;
  const budgetsByName = new Map<string, string[]>();

  for (const { r, type } of typed) {
    const budget = describeBudget({ urn: r.urn, name: r.name, type, props: r.inputs });
    if (!budget) continue;
    const cloud = budget.cloud;
    const sameKey = (key: string) =>
      cloud === "azure" ? key.toLowerCase() === keys.outcome.toLowerCase() : key === keys.outcome;
    let outcomes = budget.filters.filter((f) => sameKey(f.key) && f.value).map((f) => f.value);
    if (outcomes.length === 0 && budget.filterUnknowns.length > 0) {
      // The filter is computed at deploy time: tie the budget to its component's outcome.
      const t = ownOutcome(r, cloud) ?? treeOutcome(r, cloud);
      if (typeof t === "string") outcomes = [t];
      else if (t) {
        notes.push(
          `budget ${r.name}: its filter is computed at deploy time and its component holds several outcomes (${t.ambiguous.join(", ")}), so it is not counted for any`,
        );
      }
    }
    const alarm: TriState = budget.notifications.some((n) => n.alarms && n.subscribers > 0)
      ? "yes"
      : budget.unknowns.length > 0
        ? "unknown"
        : "no";
    for (const o of outcomes) alarms.set(k(o, cloud), better(alarms.get(k(o, cloud)), alarm));
    if (cloud === "aws") {
      for (const name of [str(prop(r, "name")), str(r.outputs?.id), r.id, r.name]) {
        if (name) budgetsByName.set(name, outcomes);
      }
    }
  }
  for (const { r, type } of typed) {
    if (type === REPORT_TYPES.awsBudgetAction) {
      const approval = prop(r, "approvalModel");
      const budgetName = str(prop(r, "budgetName"));
      let outcomes = budgetName ? budgetsByName.get(budgetName) : undefined;
      if (!outcomes || outcomes.length === 0) {
        const t = ownOutcome(r, "aws") ?? treeOutcome(r, "aws");
        outcomes = typeof t === "string" ? [t] : [];
      }
      if (approval === "MANUAL") {
        notes.push(
          `budget action ${r.name} waits for manual approval, so it is not a hard stop${outcomes.length ? ` for ${outcomes.join(", ")}` : ""}; set approvalModel to AUTOMATIC`,
        );
        continue;
      }
      for (const o of outcomes) stops.set(k(o, "aws"), "budget-action");
    } else if (type === REPORT_TYPES.apimProductPolicy || type === REPORT_TYPES.apimApiPolicy) {
      const limits = parseLlmTokenLimits(prop(r, "value"));
      if (!limits.some((l) => l.tokenQuota !== undefined)) continue;
      const t = ownOutcome(r, "azure") ?? treeOutcome(r, "azure");
      if (typeof t === "string") stops.set(k(t, "azure"), "token-quota");
      else if (t) {
        notes.push(
          `token quota ${r.name} sits in a component with several outcomes (${t.ambiguous.join(", ")}), so it is not counted as a hard stop for any`,
        );
      }
    }
  }

  // Azure bills at the account: one account serving several outcomes cannot be split in the bill.
  const outcomesByAccount = new Map<ReportResource, Set<string>>();
  for (const d of drafts) {
    const o = outcomeOf(d.tags);
    if (d.account && o) {
      const set = outcomesByAccount.get(d.account) ?? new Set<string>();
      set.add(o);
      outcomesByAccount.set(d.account, set);
    }
  }
  for (const [account, set] of outcomesByAccount) {
    if (set.size > 1) {
      notes.push(
        `Azure bills at the account, and account ${account.name} serves several outcomes (${[...set].sort().join(", ")}): the bill cannot split them; give each outcome its own account`,
      );
    }
  }

  const endpoints: ReportEndpoint[] = drafts.map((d) => {
    const { r, facts, tags } = d;
    const modelIds = facts.models.filter((m): m is string => typeof m === "string");
    const classifications = facts.models.map((m) => classifyModel(m, catalog));
    // The pack's tier: the dearest model of the endpoint; a model not known yet is premium.
    const tier = endpointTier(facts, catalog);
    const model = tier.decided ? tier.model : classifyModel(undefined, catalog);
    const outcome = outcomeOf(tags);
    let completeness = tagCompleteness(tags, keys, facts.cloud, model);
    if (d.account && outcome) {
      const accountTags = observeTags(d.account, "azure", keys);
      if (!accountTags.wholeMapUnknown && !readTag(accountTags.values, keys.outcome)) {
        completeness = {
          complete: "no",
          problems: [
            ...completeness.problems,
            `the account ${d.account.name}, which Azure bills, has no ${keys.outcome} tag: the bill will not show this outcome`,
          ],
        };
      }
    }
    const stop = outcome ? stops.get(k(outcome, facts.cloud)) : undefined;
    const declared = declaredHardStop(tags.values, keys);
    if (declared && !stop) {
      notes.push(
        `${r.name} declares ${keys.hardStop}=${declared}, but no ${declared === "budget-action" ? "automatic AWS budget action" : "APIM token quota"} for ${outcome ? `outcome "${outcome}"` : "it"} was found in the stack`,
      );
    }
    const team = readTag(tags.values, keys.team)?.trim();
    const kpi = readTag(tags.values, keys.kpi)?.trim();
    const costCenter = readTag(tags.values, keys.costCenter)?.trim();
    const ceiling = parseCeilingTag(readTag(tags.values, keys.costCeilingUsd));
    const billingIds = [r.id, str(r.outputs?.arn), str(r.outputs?.id)].filter(
      (x): x is string => !!x,
    );
    const names = classifications.map((c, i) => {
      const m = facts.models[i];
      return (
        c.entry?.name ??
        (typeof m === "string" ? m : isUnknown(m) ? "(computed at deploy time)" : "(none declared)")
      );
    });
    return {
      urn: r.urn,
      resource: r.name,
      resourceType: r.type,
      cloud: facts.cloud,
      ...(team ? { team } : {}),
      ...(outcome ? { outcome } : {}),
      ...(kpi ? { kpi } : {}),
      model: modelIds.join(", "),
      modelName: [...new Set(names)].join(", ") || "(none declared)",
      tier: model.tier,
      ...(ceiling !== undefined ? { ceilingUsd: ceiling } : {}),
      projectedMax: projection(facts, model),
      budgetAlarm: outcome ? (alarms.get(k(outcome, facts.cloud)) ?? "no") : "no",
      ...(stop ? { hardStop: stop } : {}),
      tags: completeness,
      billingIds: [...new Set(billingIds)],
      ...(costCenter ? { costCenter } : {}),
    };
  });
  return { endpoints, notes };
}
