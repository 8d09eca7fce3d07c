/**
 * Values that are not known yet. At `pulumi preview` an input computed from another resource's
 * output (an ARN, a generated name, a tag built from one) has no value; a decision that needs it is
 * undecided, which is neither a pass nor a violation. The policy pack turns the engine's unknowns
 * into {@link Unknown} markers so the rules here can tell "missing" from "not known until update".
 */

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
