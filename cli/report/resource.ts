/**
 * The one resource model the report is built on, whichever source it came from: a `pulumi stack
 * export` file (inputs and outputs) or an offline preview (inputs as the engine sends them to a
 * policy pack). Values a preview cannot know, and secrets the file does not reveal, are
 * {@link Unknown} (the domain's marker, so the domain's readers of endpoints and budgets apply).
 */

import { isUnknown, Unknown } from "../../domain/unknown";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_SENTINELS } from "../analyzer/protocol";

export { isUnknown, Unknown };

export interface ReportResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  /** The cloud's id (state files only). */
  readonly id?: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** What the cloud returned (state files only). */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** What `runStackProgram` (cli/program/run.ts) returns for each resource of an offline preview. */
export interface ResourceRecordLike {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly props: Readonly<Record<string, unknown>>;
}

/** The engine's sentinels for values not known during a preview. */
const SENTINELS: ReadonlySet<string> = new Set(Object.values(UNKNOWN_SENTINELS));

/**
 * A property value with sentinels turned into {@link Unknown} and secrets unwrapped: a secret
 * exported with `--show-secrets` (plaintext) is read; an encrypted one is unknown.
 */
export function normaliseValue(value: unknown, path = ""): unknown {
  if (value instanceof Unknown) return value;
  if (typeof value === "string") return SENTINELS.has(value) ? new Unknown(path) : value;
  if (Array.isArray(value)) return value.map((v, i) => normaliseValue(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SECRET_SIG_KEY] === SECRET_SIG) {
      if (typeof obj.plaintext === "string") {
        try {
          return normaliseValue(JSON.parse(obj.plaintext), path);
        } catch {
          return new Unknown(path);
        }
      }
      if ("value" in obj) return normaliseValue(obj.value, path);
      return new Unknown(path);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = normaliseValue(v, path ? `${path}.${k}` : k);
    return out;
  }
  return value;
}

export function normaliseProps(props: unknown): Record<string, unknown> {
  const v = normaliseValue(props);
  return v !== null && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** The resource's name: the last part of its URN (`urn:pulumi:stack::project::type::name`). */
export function nameFromUrn(urn: string): string {
  const parts = urn.split("::");
  return parts.length >= 4 ? parts.slice(3).join("::") : urn;
}

/** Adapt an offline-preview record to the report's resource model. */
export function fromResourceRecord(r: ResourceRecordLike): ReportResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name || nameFromUrn(r.urn),
    ...(r.parent ? { parent: r.parent } : {}),
    inputs: normaliseProps(r.props),
  };
}

/** A property: the output when the cloud has reported one, else the declared input. */
export function prop(r: ReportResource, key: string): unknown {
  const out = r.outputs?.[key];
  return out !== undefined && out !== null ? out : r.inputs[key];
}

/** A nested value by path; {@link Unknown} when an object on the way is unknown. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const p of path) {
    if (isUnknown(v)) return v;
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !isUnknown(v);
}

/** A type token without the API version Azure tokens may carry (`cognitiveservices/v20241001`). */
export function baseType(type: string): string {
  return type.replace(/^(azure-native:[\w-]+)\/v[\w-]+:/, "$1:");
}
