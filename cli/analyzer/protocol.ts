/**
 * How the Pulumi engine encodes resource properties for an analyzer (a policy pack): plain JSON in
 * a `google.protobuf.Struct`, with unknown values (at preview) as sentinel strings and secrets as
 * signature objects (the engine's `MarshalProperties` with `KeepUnknowns` and `KeepSecrets`). No gRPC here, so tests can use it cheaply.
 */
import { isEnforcementLevel, type EnforcementLevel } from "../../domain/enforcement";
import { ENGINE_UNKNOWN_SENTINELS } from "../../domain/unknown";

/** The engine's unknown sentinels, by the type of the value that is not known. */
export const UNKNOWN_SENTINELS = ENGINE_UNKNOWN_SENTINELS;
export type UnknownKind = keyof typeof UNKNOWN_SENTINELS;

/** A value the engine does not know yet (preview); sent as the engine's sentinel for its kind. */
class UnknownValue {
  readonly kind: UnknownKind;
  constructor(kind: UnknownKind = "string") {
    this.kind = kind;
    Object.freeze(this);
  }
}

/** An unknown string, the engine's usual unknown (e.g. an ARN computed at update). */
export const UNKNOWN: UnknownValue = new UnknownValue("string");

const UNKNOWNS = new Map<UnknownKind, UnknownValue>([["string", UNKNOWN]]);

/** An unknown of a given kind, e.g. `unknownOf("object")` for a map that is wholly computed. */
export function unknownOf(kind: UnknownKind): UnknownValue {
  let u = UNKNOWNS.get(kind);
  if (!u) {
    u = new UnknownValue(kind);
    UNKNOWNS.set(kind, u);
  }
  return u;
}

/** The engine's signature key and value marking a secret in a property map. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret value, as the engine sends it (the pack sees it unwrapped). */
class SecretValue {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
    Object.freeze(this);
  }
}

export function secret(value: unknown): SecretValue {
  return new SecretValue(value);
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/**
 * Properties as the engine puts them on the wire: unknown markers become sentinel strings, secrets
 * signature objects; `undefined` entries are dropped (the engine never sends them).
 */
function encodeValue(value: unknown): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value instanceof UnknownValue) return UNKNOWN_SENTINELS[value.kind];
  if (value instanceof SecretValue) {
    const inner = encodeValue(value.value);
    return { [SECRET_SIG_KEY]: SECRET_SIG, ...(inner === undefined ? {} : { value: inner }) };
  }
  if (Array.isArray(value)) return value.map((v) => encodeValue(v) ?? null);
  if (typeof value === "object") {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const e = encodeValue(v);
      if (e !== undefined) out[k] = e;
    }
    return out;
  }
  return String(value);
}

export function encodeProperties(props: Readonly<Record<string, unknown>> | undefined): {
  [k: string]: JsonValue;
} {
  const encoded = encodeValue(props ?? {});
  return encoded !== null && typeof encoded === "object" && !Array.isArray(encoded) ? encoded : {};
}

/**
 * A resource's URN: `urn:pulumi:<stack>::<project>::<parent types $-joined>$<type>::<name>`. The
 * root stack resource is left out of the type chain, as the engine does.
 */
export function resourceUrn(args: {
  readonly stack: string;
  readonly project: string;
  readonly type: string;
  readonly name: string;
  /** The types of the resource's ancestors, outermost first (components), if any. */
  readonly parentTypes?: readonly string[];
}): string {
  const chain = [...(args.parentTypes ?? []), args.type].join("$");
  return `urn:pulumi:${args.stack}::${args.project}::${chain}::${args.name}`;
}

/** One policy's entry in a `--policy-pack-config` file. */
export type PolicyConfigEntry =
  | EnforcementLevel
  | ({ readonly enforcementLevel?: EnforcementLevel } & { readonly [key: string]: unknown });

/**
 * A `--policy-pack-config` file: per policy name (or `all`), a {@link PolicyConfigEntry}. Typed
 * loosely so a parsed JSON file can be passed as is; entries are checked as the engine does.
 */
export type PolicyPackConfigFile = Readonly<Record<string, unknown>>;

export interface PolicyConfigSchemaInfo {
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly required: readonly string[];
}

export interface ReconcilablePolicy {
  readonly name: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: PolicyConfigSchemaInfo;
}

export interface ReconciledPolicyConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Readonly<Record<string, unknown>>;
}

/**
 * What the engine sends in Configure for a config file (pulumi/pulumi
 * `ReconcilePolicyPackConfig`): every policy with its
 * level and each schema property's `default`; then `all`'s level for every policy; then each
 * entry's level and properties over the policy's (a shallow merge). Entries for names that are not
 * policies (including `all`) are passed on as the engine does. Throws where the engine fails: an
 * invalid level, or an entry for a name that is not a policy without a level.
 */
export function reconcilePolicyPackConfig(
  policies: readonly ReconcilablePolicy[],
  file: PolicyPackConfigFile,
): Record<string, ReconciledPolicyConfig> {
  const given: Record<string, { level?: EnforcementLevel; properties: Record<string, unknown> }> =
    {};
  for (const [name, entry] of Object.entries(file)) {
    if (typeof entry === "string") {
      if (!isEnforcementLevel(entry)) {
        throw new Error(
          `parsing enforcement level for "${name}": "${entry}" is not a valid enforcement level`,
        );
      }
      given[name] = { level: entry, properties: {} };
    } else if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
      const { enforcementLevel, ...properties } = entry as Record<string, unknown>;
      if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
        throw new Error(
          `parsing enforcement level for "${name}": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`,
        );
      }
      if (enforcementLevel === undefined && Object.keys(properties).length === 0) continue;
      given[name] = { ...(enforcementLevel ? { level: enforcementLevel } : {}), properties };
    } else {
      throw new Error(
        `parsing "${name}": ${JSON.stringify(entry)} is not a valid value; must be a string or object`,
      );
    }
  }
  const result: Record<string, ReconciledPolicyConfig> = {};
  for (const p of policies) {
    const defaults: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
      if ("default" in schema) defaults[k] = structuredClone(schema.default);
    }
    result[p.name] = { enforcementLevel: p.enforcementLevel, properties: defaults };
  }
  const all = given.all?.level;
  if (all) {
    for (const [k, v] of Object.entries(result)) result[k] = { ...v, enforcementLevel: all };
  }
  for (const [name, g] of Object.entries(given)) {
    const prior = result[name];
    const level = g.level ?? prior?.enforcementLevel;
    if (!level) {
      // The engine rejects this in Configure ("invalid enforcement level").
      throw new Error(`"${name}" is not a policy of this pack and sets no valid enforcement level`);
    }
    result[name] = {
      enforcementLevel: level,
      properties: { ...(prior?.properties ?? {}), ...g.properties },
    };
  }
  return result;
}
