/**
 * Readers the registry's entries share: values at a path (through lists), model identifiers,
 * capacity figures and tag sets, read from a property bag that may be malformed or hold
 * {@link Unknown} values. Never throw.
 */
import { asBag, describeType } from "../finding";
import {
  isProvisionedSku,
  isStandardSku,
  type AzureProvisionedSku,
  type AzureStandardSku,
  type Capacity,
} from "../projection";
import { isUnknown, Unknown } from "../unknown";

export type Bag = Readonly<Record<string, unknown>>;

/** A model identifier as declared: text, {@link Unknown} where computed, undefined where absent. */
export type ModelRead = string | Unknown | undefined;

/** A capacity figure that cannot be priced, and why. */
export interface UnpricedCapacity {
  readonly unpriced: string;
}
export type CapacityFact = Capacity | Unknown | UnpricedCapacity;

export function isUnpriced(c: CapacityFact): c is UnpricedCapacity {
  return typeof (c as UnpricedCapacity).unpriced === "string";
}

/** Tags a resource declares in a shape no tag map can be read from (e.g. a bad `{key, value}` list). */
export class MalformedTags {
  constructor(readonly got: string) {}
}

/**
 * The values at a dotted path, descending into every element of a list on the way (providers
 * write nested blocks as objects or one-element lists). An unknown on the way is returned as is.
 */
export function valuesAt(bag: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [bag];
  for (const key of path) {
    const next: unknown[] = [];
    for (const v of current) {
      if (isUnknown(v)) next.push(v);
      else if (Array.isArray(v)) {
        for (const item of v) next.push(isUnknown(item) ? item : asBag(item)?.[key]);
      } else next.push(asBag(v)?.[key]);
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

export function modelValue(value: unknown): ModelRead {
  if (isUnknown(value)) return value;
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The models at each path: every declared value (absent ones dropped), or one `undefined`. */
export function modelsAt(bag: unknown, ...paths: readonly (readonly string[])[]): ModelRead[] {
  const found = paths
    .flatMap((p) => valuesAt(bag, p))
    .map(modelValue)
    .filter((m) => m !== undefined);
  return found.length > 0 ? found : [undefined];
}

/** Every value under a key named `key` anywhere inside a value (a flow's nodes), depth-bounded. */
export function modelsUnderKey(value: unknown, key: string): ModelRead[] {
  if (isUnknown(value)) return [value];
  const found: ModelRead[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 24 || v === null || typeof v !== "object") return;
    if (isUnknown(v)) {
      found.push(v);
      return;
    }
    for (const [k, child] of Object.entries(v as Bag)) {
      if (k === key && (typeof child === "string" || isUnknown(child))) {
        const m = modelValue(child);
        if (m !== undefined) found.push(m);
      } else visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return found.length > 0 ? found : [undefined];
}

/** A count as a positive number: numbers, or digit strings; Unknown passes through. */
export function positiveCount(value: unknown, what: string): number | Unknown | UnpricedCapacity {
  if (isUnknown(value)) return value;
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d+(?:\.\d+)?$/.test(value.trim())
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) {
    return { unpriced: `${what} is ${JSON.stringify(value) ?? "missing"}, not a positive number` };
  }
  return n;
}

export function bedrockProvisionedCapacity(props: Bag): CapacityFact[] {
  const units = positiveCount(props.modelUnits, "modelUnits");
  if (typeof units !== "number") return [units];
  const commitment = props.commitmentDuration;
  if (isUnknown(commitment)) return [commitment];
  return [
    {
      kind: "bedrock-provisioned",
      modelUnits: units,
      ...(typeof commitment === "string" && commitment ? { commitment } : {}),
    },
  ];
}

/**
 * An Azure deployment's capacity from its SKU block: `sku` (`name`, `capacity`) on azure-native and
 * the classic provider's v6, or `scale` (`type`, `capacity`) on the classic provider's v5.
 */
export function azureSkuCapacity(props: Bag, key = "sku", nameKey = "name"): CapacityFact[] {
  const sku = props[key];
  if (sku === undefined || sku === null) return [];
  if (isUnknown(sku)) return [sku];
  const bag = asBag(sku);
  if (!bag)
    return [
      { unpriced: `${key} is ${JSON.stringify(sku)}, not an object with ${nameKey} and capacity` },
    ];
  const name = bag[nameKey];
  if (isUnknown(name)) return [name];
  if (bag.capacity === undefined) return [];
  const capacity = positiveCount(bag.capacity, `${key}.capacity`);
  if (typeof capacity !== "number") return [capacity];
  if (typeof name !== "string") {
    return [
      { unpriced: `${key}.${nameKey} is ${JSON.stringify(name) ?? "missing"}, not a SKU name` },
    ];
  }
  if (isProvisionedSku(name)) {
    return [{ kind: "azure-provisioned", sku: name as AzureProvisionedSku, ptu: capacity }];
  }
  if (isStandardSku(name)) {
    return [{ kind: "azure-standard", sku: name as AzureStandardSku, capacity }];
  }
  return [{ unpriced: `sku "${name}" has no capacity price model in the catalog` }];
}

export function sagemakerVariants(props: Bag): { models: ModelRead[]; capacity: CapacityFact[] } {
  const variants = props.productionVariants;
  if (isUnknown(variants)) return { models: [variants], capacity: [variants] };
  if (!Array.isArray(variants) || variants.length === 0)
    return { models: [undefined], capacity: [] };
  const models: ModelRead[] = [];
  const capacity: CapacityFact[] = [];
  for (const v of variants as unknown[]) {
    if (isUnknown(v)) {
      models.push(v);
      capacity.push(v);
      continue;
    }
    const bag = asBag(v);
    models.push(modelValue(bag?.modelName));
    if (!bag || bag.serverlessConfig !== undefined) continue;
    const instanceType = bag.instanceType;
    if (instanceType === undefined) continue;
    if (isUnknown(instanceType)) {
      capacity.push(instanceType);
      continue;
    }
    const count = positiveCount(bag.initialInstanceCount ?? 1, "initialInstanceCount");
    if (typeof count !== "number") {
      capacity.push(count);
      continue;
    }
    if (typeof instanceType !== "string") {
      capacity.push({ unpriced: `instanceType is ${JSON.stringify(instanceType)}, not a name` });
      continue;
    }
    capacity.push({ kind: "sagemaker", instanceType, instanceCount: count });
  }
  return { models, capacity };
}

/**
 * Tags written as a list of `{key, value}` (AWS Cloud Control) as a map. A map is taken as is. An
 * unknown list, entry or key leaves the whole set unknown (any key may be the one a rule reads);
 * an unknown value stays unknown under its key. An entry that is not a pair makes the set malformed.
 */
export function tagListAsMap(tags: unknown, path = "tags"): unknown {
  if (tags === undefined || tags === null || isUnknown(tags)) return tags;
  if (!Array.isArray(tags)) return tags;
  const map: Record<string, unknown> = {};
  for (const [i, entry] of tags.entries()) {
    if (isUnknown(entry)) return new Unknown(entry.path || `${path}[${i}]`);
    const bag = asBag(entry);
    const key = bag?.key ?? bag?.Key;
    const value = bag?.value ?? bag?.Value;
    if (isUnknown(key)) return new Unknown(key.path || `${path}[${i}].key`);
    if (typeof key !== "string") {
      return new MalformedTags(
        `a list whose entry ${i} is ${bag ? "a pair without a text key" : describeType(entry)}`,
      );
    }
    map[key] = value;
  }
  return map;
}
