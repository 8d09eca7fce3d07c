/**
 * A small policy test helper: runs a policy in-process with the arguments @pulumi/policy 1.21
 * builds for it (its `makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun`): properties encoded as
 * the engine sends them (unknowns as sentinel strings, secrets unwrapped) and wrapped in the SDK's
 * own `unknownCheckingProxy`, `getConfig` returning the policy's config without
 * `enforcementLevel`, `reportViolation` accepting the string and the object form, and the SDK's
 * handling of what a validation throws (UnknownValueError becomes an advisory "can't run" line;
 * anything else is an error, i.e. a gRPC error for the engine, so the helper rethrows it).
 */
import { createRequire } from "node:module";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import {
  unknownCheckingProxy as sdkUnknownCheckingProxy,
  UnknownValueError as SdkUnknownValueError,
  type EnforcementLevel,
  type PolicyResource,
  type ReportViolation,
  type ResourceValidation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import {
  encodeProperties,
  resourceUrn,
  SECRET_SIG,
  SECRET_SIG_KEY,
  type JsonValue,
} from "../../cli/analyzer/protocol";

export { UNKNOWN, unknownOf, secret } from "../../cli/analyzer/protocol";

const unknownCheckingProxy = sdkUnknownCheckingProxy as <T>(value: T) => T;
const UnknownValueError = SdkUnknownValueError as unknown as new (...args: never[]) => Error;

export interface Violation {
  readonly policyName: string;
  readonly enforcementLevel: EnforcementLevel;
  /** What the engine shows: the description, a newline, then the message. */
  readonly message: string;
  readonly description: string;
  readonly urn?: string;
}

export interface TestResource {
  readonly type: string;
  readonly name?: string;
  /** Defaults to a URN built from the type and name (and `parentType`). */
  readonly urn?: string;
  readonly props?: Readonly<Record<string, unknown>>;
  /** URN of the parent resource. */
  readonly parent?: string;
  /** Type of the parent component, used to build the URN and the parent URN. */
  readonly parentType?: string;
  /** The resource's provider, as the engine sends it (e.g. with AWS `defaultTags`). */
  readonly provider?: { readonly type: string; readonly props: Readonly<Record<string, unknown>> };
}

function providerOf(r: TestResource) {
  if (!r.provider) return undefined;
  return {
    type: r.provider.type,
    props: unknownCheckingProxy(wire(r.provider.props)),
    urn: urnOf(r.provider.type, "default"),
    name: "default",
  };
}

export interface RunOptions {
  /** The policy's config, as in a `--policy-pack-config` entry (enforcementLevel is taken out). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Overrides the policy's level, as Configure would. */
  readonly enforcementLevel?: EnforcementLevel;
  /**
   * The props are already the engine's JSON (sentinel strings, secret signatures, odd keys such as
   * `__proto__`): they go through a protobuf `Struct` and the SDK's own `deserializeProperties`.
   */
  readonly encoded?: boolean;
  /** Called at every read of the props, so a property test can count what it exercised. */
  readonly onRead?: () => void;
}

/** The SDK's deserializer (untyped in its .d.ts), as its server calls it. */
const sdkDeserialize = (
  createRequire(__filename)("@pulumi/policy/deserialize") as {
    deserializeProperties: (s: Struct, proxySecrets: boolean) => Record<string, unknown>;
  }
).deserializeProperties;

/** The props a policy sees: on the wire, deserialized, maybe read-tracked, in the SDK's proxy. */
function propsOf(props: Readonly<Record<string, unknown>> | undefined, opts: RunOptions) {
  const bag = opts.encoded
    ? sdkDeserialize(Struct.fromJavaScript((props ?? {}) as Record<string, never>), false)
    : wire(props);
  const mark = opts.onRead;
  const tracked = mark
    ? new Proxy(bag, {
        get(t, k, r) {
          mark();
          return Reflect.get(t, k, r) as unknown;
        },
        ownKeys(t) {
          mark();
          return Reflect.ownKeys(t);
        },
      })
    : bag;
  return unknownCheckingProxy(tracked);
}

const STACK = "dev";
const PROJECT = "outcomeguard-test";

export function urnOf(type: string, name: string, parentType?: string): string {
  return resourceUrn({
    stack: STACK,
    project: PROJECT,
    type,
    name,
    ...(parentType ? { parentTypes: [parentType] } : {}),
  });
}

/** The engine's encoding, then what the SDK's deserializer does with it (secrets unwrapped). */
function wire(props: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const unwrap = (v: JsonValue): unknown => {
    if (Array.isArray(v)) return v.map(unwrap);
    if (v !== null && typeof v === "object") {
      if (v[SECRET_SIG_KEY] === SECRET_SIG) return unwrap(v.value ?? null);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = unwrap(x);
      return out;
    }
    return v;
  };
  // A JSON round trip, as through a protobuf Struct.
  return unwrap(JSON.parse(JSON.stringify(encodeProperties(props)))) as Record<string, unknown>;
}

class NotApplicableError extends Error {}

function levelOf(
  policy: { enforcementLevel?: EnforcementLevel },
  opts: RunOptions,
): EnforcementLevel {
  const level = opts.enforcementLevel ?? policy.enforcementLevel ?? "advisory";
  return level === "remediate" ? "mandatory" : level;
}

function reporter(
  policy: { name: string; description: string },
  level: EnforcementLevel,
  out: Violation[],
): ReportViolation {
  const report = (message: unknown, urn?: string) => {
    if (message !== null && typeof message === "object") {
      const info = message as {
        name?: string;
        message?: string;
        description?: string;
        urn?: string;
        enforcementLevel?: EnforcementLevel;
      };
      out.push({
        policyName: info.name || policy.name,
        enforcementLevel: info.enforcementLevel || level,
        message: info.message || info.description || policy.description,
        description: info.description || policy.description,
        ...(info.urn ? { urn: info.urn } : {}),
      });
      return;
    }
    out.push({
      policyName: policy.name,
      enforcementLevel: level,
      message: message ? `${policy.description}\n${String(message)}` : policy.description,
      description: policy.description,
      ...(urn ? { urn } : {}),
    });
  };
  return report as ReportViolation;
}

function configOf(opts: RunOptions): () => Record<string, unknown> {
  return () => {
    const { enforcementLevel: _level, ...rest } = structuredClone(opts.config ?? {}) as Record<
      string,
      unknown
    >;
    return rest;
  };
}

function handle(e: unknown, policy: { name: string; description: string }, out: Violation[]): void {
  if (e instanceof UnknownValueError) {
    out.push({
      policyName: policy.name,
      enforcementLevel: "advisory",
      message: `can't run policy '${policy.name}' from policy pack 'outcomeguard@v0.0.0' during preview: ${e.message}`,
      description: policy.description,
    });
    return;
  }
  if (e instanceof NotApplicableError) return;
  throw e;
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason);
};

/** What the SDK gives a policy about one resource, for Analyze and AnalyzeStack alike. */
function resourceArgs(
  r: TestResource,
  urn: string,
  name: string,
  parent: string | undefined,
  opts: RunOptions,
) {
  return {
    type: r.type,
    props: propsOf(r.props, opts),
    urn,
    name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      ...(parent ? { parent } : {}),
    },
    ...(r.provider ? { provider: providerOf(r) } : {}),
    isType: () => false,
    asType: () => undefined,
  };
}

/** Run a resource policy on one resource; returns the diagnostics it reports. */
export async function runResourcePolicy(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  opts: RunOptions = {},
): Promise<Violation[]> {
  const level = levelOf(policy, opts);
  if (level === "disabled" || !policy.validateResource) return [];
  const name = resource.name ?? "subject";
  const urn = resource.urn ?? urnOf(resource.type, name, resource.parentType);
  const parent =
    resource.parent ??
    (resource.parentType ? urnOf(resource.parentType, `${name}-parent`) : undefined);
  const out: Violation[] = [];
  const report = reporter(policy, level, out);
  const validations: ResourceValidation[] = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource];
  for (const validate of validations) {
    const args = {
      ...resourceArgs(resource, urn, name, parent, opts),
      stackTags: new Map<string, string>(),
      getConfig: configOf(opts),
      notApplicable,
    } as unknown as ResourceValidationArgs;
    try {
      await validate(args, report);
    } catch (e) {
      handle(e, policy, out);
    }
  }
  return out;
}

/** Run a stack policy over resources (their outputs); returns the diagnostics it reports. */
export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: readonly TestResource[],
  opts: RunOptions = {},
): Promise<Violation[]> {
  const level = levelOf(policy, opts);
  if (level === "disabled") return [];
  const out: Violation[] = [];
  const byUrn = new Map<string, PolicyResource>();
  const parents: [PolicyResource, string | undefined][] = [];
  const list = resources.map((r, i) => {
    const name = r.name ?? `resource-${i}`;
    const urn = r.urn ?? urnOf(r.type, name, r.parentType);
    const resource = {
      ...resourceArgs(r, urn, name, r.parent, opts),
      dependencies: [],
      propertyDependencies: {},
    } as unknown as PolicyResource;
    byUrn.set(urn, resource);
    parents.push([resource, r.parent]);
    return resource;
  });
  for (const [resource, parentUrn] of parents) {
    const parent = parentUrn ? byUrn.get(parentUrn) : undefined;
    if (parent) (resource as { parent?: PolicyResource }).parent = parent;
  }
  const args = {
    resources: list,
    getConfig: configOf(opts),
    stackTags: new Map<string, string>(),
    notApplicable,
  } as unknown as StackValidationArgs;
  try {
    await policy.validateStack(args, reporter(policy, level, out));
  } catch (e) {
    handle(e, policy, out);
  }
  return out;
}

/** Diagnostics at one level. */
export const at = (level: EnforcementLevel, diagnostics: readonly Violation[]) =>
  diagnostics.filter((d) => d.enforcementLevel === level);
