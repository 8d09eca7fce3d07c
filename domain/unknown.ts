/**
 * Values that are not known yet. At `pulumi preview` an input computed from another resource's
 * output (an ARN, a generated name, a tag built from one) has no value; a decision that needs it is
 * undecided, which is neither a pass nor a violation. The policy pack turns the engine's unknowns
 * into {@link Unknown} markers so the rules here can tell "missing" from "not known until update".
 */

/**
 * The engine's sentinels for unknown values, by the type of the value that is not known: part of
 * the Pulumi wire protocol (the same strings @pulumi/policy exports as `unknown*Value`). A property bag from
 * the engine holds one of these strings where a value is not known yet.
 */
export const ENGINE_UNKNOWN_SENTINELS = {
  string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
  asset: "030794c1-ac77-496b-92df-f27374a8bd58",
  archive: "e48ece36-62e2-4504-bad9-02848725956a",
} as const;

/** A value that will only be known when the resource is deployed. */
export class Unknown {
  /** Where the value sits in the resource's properties, e.g. `tags.ai-team` or `sku.capacity`. */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  toString(): string {
    return `${this.path || "value"} (unknown until update)`;
  }
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/** Every {@link Unknown} inside a value (depth-first, at most `limit`). */
export function unknownsIn(value: unknown, limit = 16): Unknown[] {
  const found: Unknown[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (found.length >= limit || depth > 64) return;
    if (v instanceof Unknown) {
      found.push(v);
      return;
    }
    if (v === null || typeof v !== "object") return;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      visit(child, depth + 1);
    }
  };
  visit(value, 0);
  return found;
}

/** `tags.ai-team`, `tags.ai-team and sku.capacity`, `a, b and c`: for messages. */
export function describeUnknowns(unknowns: readonly Unknown[]): string {
  const paths = [...new Set(unknowns.map((u) => u.path || "a value"))];
  if (paths.length <= 1) return paths[0] ?? "a value";
  return `${paths.slice(0, -1).join(", ")} and ${paths[paths.length - 1]}`;
}
