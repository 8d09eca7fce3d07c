/**
 * AI resources as the policy pack sees them: which resources are model endpoints, accounts,
 * budgets and IAM grants (from the registry, ./registry), and what an endpoint declares (its
 * model, tags and capacity), read from a property bag that may be malformed or hold
 * {@link Unknown} values. Never throws.
 */
import { asBag, fromJsonText, NOT_JSON } from "./finding";
import { accountSpecOf, budgetSpecOf, endpointSpecOf, REGISTRY, specOf } from "./registry";
import type { TagCloud } from "./tags";
import { tagListAsMap, type CapacityFact, type ModelRead } from "./registry/read";
import { isUnknown, Unknown } from "./unknown";

/** Type tokens of OutcomeGuard's own component resources start with this. */
export const COMPONENT_TYPE_PREFIX = "outcomeguard:";

/** The component that issues a team's Bedrock API key: the one place a bearer-token grant belongs. */
export const AWS_TEAM_KEY_COMPONENT = `${COMPONENT_TYPE_PREFIX}aws:TeamKey`;

/** True for a type that serves or invokes a model (any API version). */
export function isEndpointType(type: string): boolean {
  return endpointSpecOf(type) !== undefined;
}

/** AI resources besides endpoints: accounts that bill for models, and budgets (registry tokens). */
export const AI_ACCOUNT_TYPES: readonly string[] = REGISTRY.filter((s) => s.role === "account").map(
  (s) => s.token,
);
export const BUDGET_TYPES: readonly string[] = REGISTRY.filter((s) => s.role === "budget").map(
  (s) => s.token,
);

/** Clouds the registry knows a budget type on: the budget-alarm rules cover endpoints there. */
const BUDGET_CLOUDS: ReadonlySet<TagCloud> = new Set(
  REGISTRY.filter((s) => s.role === "budget").map((s) => s.cloud),
);

/** An endpoint type on a cloud with a budget type: what the budget-alarm rules read. */
export function isBudgetedEndpointType(type: string): boolean {
  const spec = endpointSpecOf(type);
  return spec !== undefined && BUDGET_CLOUDS.has(spec.cloud);
}

export const isAccountType = (type: string): boolean => accountSpecOf(type) !== undefined;
export const isBudgetType = (type: string): boolean => budgetSpecOf(type) !== undefined;

/**
 * A resource's tags as one map-shaped value, however its type carries them: the `tags` map, a
 * `tags` list of `{key, value}` (converted), GCP `labels`, or nothing for a type that takes none.
 * A type outside the registry is read by its package: `labels` on GCP, `tags` elsewhere.
 */
export function readTags(type: string, read: (key: string) => unknown): unknown {
  const spec = specOf(type);
  const form = spec?.tags ?? (type.startsWith("gcp:") ? "labels" : "map");
  switch (form) {
    case "none":
      return undefined;
    case "labels":
      return read("labels");
    case "list":
      return tagListAsMap(read("tags"));
    case "map":
      return read("tags");
  }
}

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<parent$...$type>::<name>`. */
export function parseUrn(
  urn: string,
): { stack: string; project: string; typeChain: string[]; name: string } | undefined {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0]?.startsWith("urn:pulumi:")) return undefined;
  const [head = "", project = "", qualifiedType = "", ...name] = parts;
  return {
    stack: head.slice("urn:pulumi:".length),
    project,
    typeChain: qualifiedType.split("$").filter((t) => t !== ""),
    name: name.join("::"),
  };
}

/**
 * The type of a resource's parent: from the parent's URN when given (its last type), otherwise from
 * the resource's own URN (the type before its own in the chain). Undefined for a top-level resource.
 */
export function parentTypeOf(urn: string, parentUrn?: string): string | undefined {
  if (parentUrn) {
    const parent = parseUrn(parentUrn);
    const last = parent?.typeChain[parent.typeChain.length - 1];
    if (last) return last;
  }
  const chain = parseUrn(urn)?.typeChain ?? [];
  return chain.length >= 2 ? chain[chain.length - 2] : undefined;
}

export function isComponentType(type: string | undefined): boolean {
  return type !== undefined && type.startsWith(COMPONENT_TYPE_PREFIX);
}

export interface EndpointFacts {
  /** The kind of endpoint, from the registry (`bedrock-agent`, `azure-deployment`, ...). */
  readonly kind: string;
  readonly cloud: TagCloud;
  readonly type: string;
  /**
   * The model identifiers the endpoint serves: one, or one per SageMaker variant or flow node.
   * `undefined` where none is declared (the catalog then treats it as premium), {@link Unknown}
   * where computed.
   */
  readonly models: readonly ModelRead[];
  /** The resource's tags as one map-shaped value (see {@link readTags}), or what a program gave. */
  readonly tags: unknown;
  /** Declared capacity, one entry per priced unit; empty when the endpoint declares none. */
  readonly capacity: readonly CapacityFact[];
}

/**
 * What an endpoint declares, or undefined when the type is not a model endpoint. Reads defensively:
 * a missing or malformed field becomes `undefined` (model) or an unpriced capacity, never an error.
 */
export function describeEndpoint(type: string, props: unknown): EndpointFacts | undefined {
  const spec = endpointSpecOf(type);
  if (spec === undefined) return undefined;
  if (isUnknown(props)) {
    return {
      kind: spec.kind,
      cloud: spec.cloud,
      type,
      models: [props],
      tags: props,
      capacity: [props],
    };
  }
  const frozen = props !== null && typeof props === "object" && Object.isFrozen(props);
  const hit = frozen ? described.get(props) : undefined;
  if (hit?.type === type) return hit;
  const bag = asBag(props) ?? {};
  const facts: EndpointFacts = Object.freeze({
    kind: spec.kind,
    cloud: spec.cloud,
    type,
    models: spec.models(bag),
    tags: readTags(type, (k) => bag[k]),
    capacity: spec.capacity ? spec.capacity(bag) : [],
  });
  if (frozen) described.set(props, facts);
  return facts;
}

/**
 * What frozen properties last described (with the type they were read as): several policies read
 * one request's frozen snapshot (see the pack's adapter), and a frozen object cannot change.
 */
const described = new WeakMap<object, EndpointFacts>();

/**
 * The tags AWS will put on a resource: its own `tags` over the provider's `defaultTags.tags`
 * (provider inputs may hold the object as JSON text). An unknown `defaultTags` leaves every tag the
 * resource does not set itself unknown, so the whole map is {@link Unknown}.
 */
export function withProviderDefaultTags(tags: unknown, defaultTags: unknown): unknown {
  if (defaultTags === undefined || defaultTags === null) return tags;
  if (isUnknown(defaultTags)) return isUnknown(tags) ? tags : new Unknown("provider defaultTags");
  const value = fromJsonText(defaultTags);
  if (value === NOT_JSON) return tags;
  const defaults = asBag(value)?.tags;
  if (isUnknown(defaults)) return isUnknown(tags) ? tags : new Unknown("provider defaultTags.tags");
  const bag = asBag(defaults);
  if (!bag || Object.keys(bag).length === 0) return tags;
  if (tags === undefined || tags === null) return { ...bag };
  const own = asBag(tags);
  return own ? { ...bag, ...own } : tags;
}
