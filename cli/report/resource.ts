/**
 * The one resource model the report is built on, whichever source it came from: a `pulumi stack
 * export` file (inputs and outputs) or an offline preview (inputs as the engine sends them to a
 * policy pack). Values a preview cannot know, and secrets the file does not reveal, are
 * {@link Unknown} (the domain's marker, so the domain's readers of endpoints and budgets apply).
 */

import { isUnknown, Unknown } from "../../domain/unknown";

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

/** The engine's sentinels for values not known during a preview (@pulumi/policy proxy.js). */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The key and value that mark a secret in Pulumi's serialised state. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A property value with sentinels turned into {@link Unknown} and secrets unwrapped: a secret
 * exported with `--show-secrets` (plaintext) is read; an encrypted one is unknown.
 */
export function normaliseValue(value: unknown, path = ""): unknown {
  if (value instanceof Unknown) return value;
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? new Unknown(path) : value;
  if (Array.isArray(value)) return value.map((v, i) => normaliseValue(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SECRET_SIG_KEY] === SECRET_SIG_VALUE) {
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
