/**
 * zod issues as problems a person can act on: each names its field by path, an unknown key says
 * which keys are allowed there, and a missing value says it is required. The component arguments,
 * the stack config and the policy pack's config all report through this module.
 *
 * The allowed keys come from the schema itself; that is the one place OutcomeGuard reads zod's
 * internals (`_zod.def`, verified on zod 4.x). Every read is guarded: on a schema shape it does not
 * know, the answer is "no list", and the message simply leaves the list out.
 */
import type { z } from "zod";

export type ProblemKind = "unknown-key" | "missing" | "invalid";

export interface ZodProblem {
  readonly kind: ProblemKind;
  /** zod's issue code (`invalid_type`, `custom`, ...). */
  readonly code: string;
  /** Where: for an unknown key, the path of the key itself. */
  readonly path: readonly PropertyKey[];
  /** zod's message; for a missing value, "is required (expected ...)". */
  readonly message: string;
  /** For an unknown key: the keys the object at that place allows, when the schema tells. */
  readonly allowed?: readonly string[];
}

/** `teams.platform.budget[0].amount`: a path as text, after an optional root. */
export function formatPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const p of path) {
    out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  }
  return out;
}

type Def = Readonly<Record<string, unknown>>;

/** A schema's definition, or undefined when it is not a zod 4 schema this module knows. */
function defOf(schema: unknown): Def | undefined {
  if (schema === null || typeof schema !== "object") return undefined;
  const internals = (schema as { _zod?: unknown })._zod;
  if (internals === null || typeof internals !== "object") return undefined;
  const def = (internals as { def?: unknown }).def;
  return def !== null && typeof def === "object" ? (def as Def) : undefined;
}

/** The schema under wrappers (optional, default, nullable, pipe); a union's matching option. */
function unwrap(schema: unknown, value: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 12; i++) {
    const def = defOf(s);
    if (!def) return s;
    if (def.innerType !== undefined) s = def.innerType;
    else if (def.type === "pipe" && def.in !== undefined) s = def.in;
    else if (def.type === "union" && Array.isArray(def.options)) {
      const options = def.options as unknown[];
      const disc = typeof def.discriminator === "string" ? def.discriminator : undefined;
      const d =
        disc && value !== null && typeof value === "object"
          ? (value as Record<string, unknown>)[disc]
          : undefined;
      const byDiscriminator = options.find((o) => {
        const shape = defOf(o)?.shape as Record<string, unknown> | undefined;
        const values = defOf(shape?.[disc ?? ""])?.values;
        return Array.isArray(values) && values.includes(d);
      });
      const objects = options.filter((o) => defOf(unwrap(o, value))?.type === "object");
      s = byDiscriminator ?? (objects.length === 1 ? objects[0] : undefined);
      if (s === undefined) return undefined;
    } else return s;
  }
  return s;
}

/** The keys the object schema at `path` allows (`value` picks a union's option), if it tells. */
export function allowedKeysAt(
  schema: unknown,
  path: readonly PropertyKey[],
  value?: unknown,
): string[] | undefined {
  let s: unknown = schema;
  let v = value;
  for (const p of path) {
    s = unwrap(s, v);
    const def = defOf(s);
    if (!def) return undefined;
    if (def.type === "array" && typeof p === "number") s = def.element;
    else if (def.type === "record") s = def.valueType;
    else if (def.type === "object" && def.shape && typeof def.shape === "object") {
      s = (def.shape as Record<string, unknown>)[String(p)];
    } else return undefined;
    v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  }
  const def = defOf(unwrap(s, v));
  return def?.type === "object" && def.shape && typeof def.shape === "object"
    ? Object.keys(def.shape)
    : undefined;
}

const REQUIRED = "is required";

/** The value at `path` in `input` (undefined where the path leaves it). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/**
 * Every problem in a failed parse of `input` against `schema`, one per issue (one per key for
 * unknown keys). A missing value is told from a wrong one by the issue's code and the input,
 * never by zod's English text.
 */
export function zodProblems(schema: z.ZodType, error: z.ZodError, input: unknown): ZodProblem[] {
  const problems: ZodProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(schema, issue.path, input);
      for (const key of issue.keys) {
        problems.push({
          kind: "unknown-key",
          code: issue.code,
          path: [...issue.path, key],
          message: `is not allowed here`,
          ...(allowed ? { allowed } : {}),
        });
      }
      continue;
    }
    if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined) {
      // A schema's own message for the field ("is required: the cost center ...") stands as is.
      const own = issue.message.startsWith(REQUIRED);
      problems.push({
        kind: "missing",
        code: issue.code,
        path: issue.path,
        message: own ? issue.message : `${REQUIRED} (expected ${issue.expected})`,
      });
      continue;
    }
    problems.push({ kind: "invalid", code: issue.code, path: issue.path, message: issue.message });
  }
  return problems;
}
