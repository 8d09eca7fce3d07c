/**
 * An endpoint as the rules judge it: its tier from the catalog (the dearest model it serves),
 * whether that tier is gated, the most it can spend at its declared capacity, and, over a stack,
 * the endpoints grouped by a tag (outcome, team) with their ceilings. Three-valued: a model or
 * value unknown at preview leaves the answer open instead of guessing.
 */
import { classifyModel, type Catalog, type Classification, type Tier } from "./catalog";
import { describeEndpoint, type EndpointFacts } from "./endpoints";
import { endpointSpecOf } from "./registry";
import { isUnpriced } from "./registry/read";
import type { StackResource } from "./finding";
import { isGated, type GovernanceSettings } from "./governance";
import { roundCents } from "./money";
import { projectMaxSpend, type NoProjection, type SpendProjection } from "./projection";
import { readTagValue, viewTags } from "./tag-view";
import { parseCeilingTag, type TagCloud } from "./tags";
import { describeUnknowns, isUnknown, type Unknown } from "./unknown";

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

/**
 * Why a gated endpoint of a type that takes no tags cannot pass, or undefined when it takes tags:
 * its outcome and ceiling have nowhere to be declared.
 */
export function taglessProblem(e: EndpointFacts): string | undefined {
  if (endpointSpecOf(e.type)?.tags !== "none") return undefined;
  return `${e.type} takes no tags, so it cannot declare its outcome and ceiling; serve the model through a type that does (see the pack's resource types), or waive it with a reason and an expiry date`;
}

/** "the model is not known until the update (...); if it is a premium model", for messages. */
export function modelUnknownNote(tier: TierView, settings: GovernanceSettings): string {
  const unknown = tier.decided ? [] : tier.unknown;
  return `the model is not known until the update (${describeUnknowns(unknown)}); if it is a ${settings.gatedTiers.join(" or ")} model`;
}

/** How the tier was decided ("Claude Opus 4.1 is premium in the catalog"), for a finding's context. */
export function tierContext(tier: TierView): string | undefined {
  return tier.decided ? tier.model.reason : undefined;
}

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
  return { usd: roundCents(total), basis: "maximum", assumptions };
}

/**
 * Whether the endpoint is paid per token (a Bedrock application inference profile, an Azure
 * Standard-family deployment), so its spend has no bound but its usage; undefined while its
 * capacity is not known. Provisioned throughput and instances bound their own spend.
 */
export function isOnDemand(e: EndpointFacts): boolean | undefined {
  if (e.kind === "bedrock-application-profile") return true;
  if (e.kind !== "azure-deployment") return false;
  const c = e.capacity[0];
  if (c === undefined) return true;
  if (isUnknown(c)) return undefined;
  return !isUnpriced(c) && c.kind === "azure-standard";
}

// ---- endpoints of a stack, grouped by a tag ---------------------------------------------------

export interface EndpointEntry {
  readonly resource: StackResource;
  readonly facts: EndpointFacts;
  readonly gate: Gate;
  readonly ceiling: number | Unknown | undefined;
}

/** Every endpoint of a stack with its gate and declared ceiling. */
export function endpointEntries(
  resources: readonly StackResource[],
  s: GovernanceSettings,
): EndpointEntry[] {
  const out: EndpointEntry[] = [];
  for (const r of resources) {
    const facts = describeEndpoint(r.type, r.props);
    if (!facts) continue;
    const gate = gateOf(endpointTier(facts, s.catalog), s);
    const c = readTagValue(viewTags(facts.tags), s.keys.costCeilingUsd);
    out.push({
      resource: r,
      facts,
      gate,
      ceiling: c.known ? parseCeilingTag(c.value) : c.unknown,
    });
  }
  return out;
}

export interface EndpointGroup {
  readonly cloud: TagCloud;
  readonly value: string;
  readonly entries: EndpointEntry[];
}

/**
 * Endpoints grouped by cloud and the value of one tag, sorted by value; endpoints whose value is
 * unknown are listed aside.
 */
export function groupByTag(
  entries: readonly EndpointEntry[],
  key: string,
): {
  groups: EndpointGroup[];
  unknown: { entry: EndpointEntry; unknown: Unknown }[];
} {
  const groups = new Map<string, EndpointGroup>();
  const unknown: { entry: EndpointEntry; unknown: Unknown }[] = [];
  for (const entry of entries) {
    const v = readTagValue(viewTags(entry.facts.tags), key);
    if (!v.known) {
      unknown.push({ entry, unknown: v.unknown });
      continue;
    }
    if (typeof v.value !== "string" || v.value.trim() === "") continue;
    const id = `${entry.facts.cloud}\u0000${v.value}`;
    const g = groups.get(id) ?? { cloud: entry.facts.cloud, value: v.value, entries: [] };
    g.entries.push(entry);
    groups.set(id, g);
  }
  // Ordered by UTF-16 code units ("Ops" before "data", where the locale's order puts it after):
  // as deterministic, without the start-up of ICU's collator (about 8 ms at every pack start).
  const byValue = (a: EndpointGroup, b: EndpointGroup) =>
    a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  return { groups: [...groups.values()].sort(byValue), unknown };
}

/** The sum of the known ceilings of some endpoints, and the unknown ones. */
export function ceilingSum(entries: readonly EndpointEntry[]): {
  known: number;
  unknown: Unknown[];
} {
  let known = 0;
  const unknown: Unknown[] = [];
  for (const e of entries) {
    if (isUnknown(e.ceiling)) unknown.push(e.ceiling);
    else if (e.ceiling !== undefined) known += e.ceiling;
  }
  return { known: roundCents(known), unknown };
}

/** A resource as a finding's subject (what a waiver matches). */
export const subjectOf = (r: StackResource) => ({ name: r.name, urn: r.urn });

/** "a, b, c": the endpoints' names, for messages. */
export const entryNames = (entries: readonly EndpointEntry[]) =>
  entries.map((e) => e.resource.name).join(", ");
