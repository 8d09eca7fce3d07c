/**
 * A `--policy-pack-config` file checked against the JSON Schemas the pack publishes for its
 * policies (GetAnalyzerInfo), before the pack sees it, as the Pulumi engine validates a config
 * file: every problem named once, by policy and path, with what is allowed. The schemas are
 * draft-07 as zod and other packs write them; this checks the keywords they use (type, enum,
 * const, pattern, minimum, exclusiveMinimum, maximum, minLength, maxLength, items, properties,
 * required, additionalProperties, anyOf).
 */
import type { AnalyzerPolicyInfo } from "../analyzer/client";
import type { PolicyPackConfig } from "./pack-config";

type Schema = Readonly<Record<string, unknown>>;

const typeOf = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "array"
      : typeof v === "number" && Number.isInteger(v)
        ? "integer"
        : typeof v;

function typeMatches(expected: unknown, v: unknown): boolean {
  const types = Array.isArray(expected) ? expected : [expected];
  const actual = typeOf(v);
  return types.some((t) => t === actual || (t === "number" && actual === "integer"));
}

const at = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** Every way `value` fails `schema`, each as "path: problem". */
export function schemaProblems(schema: Schema, value: unknown, path: string): string[] {
  const out: string[] = [];
  const where = path || "(value)";
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf as Schema[];
    if (!options.some((o) => schemaProblems(o, value, path).length === 0)) {
      const first = options
        .map((o) => schemaProblems(o, value, path))
        .sort((a, b) => a.length - b.length)[0];
      out.push(...(first ?? [`${where}: matches none of the allowed forms`]));
    }
    return out;
  }
  if (schema.type !== undefined && !typeMatches(schema.type, value)) {
    return [`${where}: is ${typeOf(value)}, expected ${[schema.type].flat().join(" or ")}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    out.push(
      `${where}: ${JSON.stringify(value)} is not allowed; allowed: ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`,
    );
  }
  if ("const" in schema && schema.const !== value) {
    out.push(`${where}: must be ${JSON.stringify(schema.const)}`);
  }
  if (typeof value === "string") {
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
      out.push(`${where}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
    if (typeof schema.minLength === "number" && value.length < schema.minLength) {
      out.push(`${where}: must be at least ${schema.minLength} characters`);
    }
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) {
      out.push(`${where}: must be at most ${schema.maxLength} characters`);
    }
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) {
      out.push(`${where}: must be at least ${schema.minimum}`);
    }
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) {
      out.push(`${where}: must be greater than ${schema.exclusiveMinimum}`);
    }
    if (typeof schema.maximum === "number" && value > schema.maximum) {
      out.push(`${where}: must be at most ${schema.maximum}`);
    }
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === "object") {
    value.forEach((item, i) =>
      out.push(...schemaProblems(schema.items as Schema, item, at(path, i))),
    );
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const props = (schema.properties ?? {}) as Readonly<Record<string, Schema>>;
    const obj = value as Record<string, unknown>;
    for (const key of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (!(key in obj)) out.push(`${at(path, key)}: is required`);
    }
    for (const [key, v] of Object.entries(obj)) {
      const p = props[key];
      if (p) out.push(...schemaProblems(p, v, at(path, key)));
      else if (schema.additionalProperties === false) {
        out.push(
          `${at(path, key)}: is not a setting here; allowed: ${Object.keys(props).join(", ") || "none"}`,
        );
      }
    }
  }
  return out;
}

/**
 * Problems of a config file against the pack's policies: a setting no policy of the pack takes
 * (a typo such as `tagprefix`) and every value its policy's schema rejects. A setting that another
 * policy takes is left alone (the pack ignores it), so one block can be copied to every policy.
 */
export function packConfigProblems(
  config: PolicyPackConfig,
  policies: readonly Pick<AnalyzerPolicyInfo, "name" | "configSchema">[],
): string[] {
  const taken = new Set(policies.flatMap((p) => Object.keys(p.configSchema?.properties ?? {})));
  const problems: string[] = [];
  for (const policy of policies) {
    const entry = config.policies[policy.name];
    if (!entry) continue;
    const properties = policy.configSchema?.properties ?? {};
    const own = Object.keys(properties);
    for (const [key, value] of Object.entries(entry.properties)) {
      if (key in properties) {
        for (const p of schemaProblems(properties[key] as Schema, value, key)) {
          problems.push(`${policy.name}: ${p}`);
        }
      } else if (!taken.has(key)) {
        problems.push(
          `${policy.name}: unknown setting "${key}"; ${policy.name} takes: ${own.join(", ") || "no settings"}`,
        );
      }
    }
  }
  return problems;
}
