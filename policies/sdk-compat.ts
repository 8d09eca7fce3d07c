/**
 * The one fence around @pulumi/policy's internals. Everything the pack does that the SDK's public
 * API does not promise lives here, each with the SDK's own path to fall back on:
 *
 * | internal (verified on @pulumi/policy {@link VERIFIED_SDK_VERSIONS}) | used for | when it is not there |
 * | --- | --- | --- |
 * | `deserialize.deserializeProperties`, replaced by a per-request memo | one deserialization per request for all policies | each policy deserializes, as the SDK does |
 * | the proxy's `__isSpecialProxy` / `__getSpecialProxyTarget` keys | reading the object behind `unknownCheckingProxy` | properties are read through the proxy, catching `UnknownValueError` |
 * | the object form of `reportViolation` with its own `enforcementLevel` | advisory lines from a mandatory policy | undecided checks throw the SDK's `UnknownValueError` (its advisory "can't run policy during preview"); waiver lines are left out |
 * | `__pulumiType` on a validation function | the server skipping other types without deserializing | the validation filters on the type itself |
 * | `server.serve`, and grpc-js's `Server.prototype.addService` for the length of `serve` | the Analyzer service gets the pack's own Analyze, AnalyzeStack, Remediate and (observing) Configure | the SDK's handlers serve every call |
 * | `deserialize.deserializeProperties`, `proxy.unknownCheckingProxy`, `protoutil`'s `makeAnalyzeResponse`, `makeRemediateResponse`, `convertEnforcementLevel` and `asGrpcError`, `analyzer_pb.PolicyNotApplicable` (of the `@pulumi/pulumi` the SDK loads) | those handlers build the SDK's own arguments and responses, with its levels and its Configure parsing, without its set-up per policy | the SDK's handlers serve every call |
 * | the Analyzer service definition grpc-js gets in that `addService`: its `requestDeserialize` for Analyze, Remediate and AnalyzeStack, and the generated classes of `analyzer_pb` and `struct_pb` (verified on @pulumi/pulumi {@link VERIFIED_PROTO_VERSIONS}; on others the field numbers are read off the classes and checked by probes, ./lazy-request.ts) | the pack's handlers get requests decoded only where a policy reads them; the SDK's handlers, when they answer, get them decoded in full | grpc-js decodes every request in full |
 * | `protoutil.makeAnalyzerInfo` (what it reads of `serve`'s arguments), `analyzer_pb.AnalyzerInfo`, grpc-js serializing a response with its `serializeBinary` | GetAnalyzerInfo answered with the bytes `makeAnalyzerInfo` gave for the same arguments when the pack was built | the SDK's GetAnalyzerInfo answers |
 *
 * None of these can stop the pack from loading: a missing module, a changed shape, or a future
 * `exports` map that makes a deep `require` throw all land on the fallback.
 * `test/policies/sdk-compat.test.ts` checks each internal against the installed SDK and each
 * fallback against a changed one.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  UnknownValueError as SdkUnknownValueError,
  type EnforcementLevel,
  type ReportViolation,
} from "@pulumi/policy";
import { ENGINE_UNKNOWN_SENTINELS } from "../domain/unknown";
import {
  fullRequest,
  lazyAnalyzeRequest,
  lazyAnalyzeStackRequest,
  requestLayout,
  type LazyField,
  type RequestClasses,
  type RequestLayout,
} from "./lazy-request";

/** The SDK versions the internals above were verified on (policies/package.json allows these). */
export const VERIFIED_SDK_VERSIONS = ["1.21.0"] as const;

/** The `@pulumi/pulumi` versions whose generated analyzer classes the lazy decoding was verified on. */
export const VERIFIED_PROTO_VERSIONS = ["3.248.0"] as const;

/** `UnknownValueError` as exported (untyped) by @pulumi/policy. */
const UnknownValueError = SdkUnknownValueError as unknown as new (
  sentinel: string,
  props: readonly PropertyKey[],
) => Error & { readonly props?: readonly PropertyKey[] };

export function isUnknownValueError(e: unknown): boolean {
  return e instanceof UnknownValueError;
}

/** A deep `require` of the SDK: the module object itself, so the memo below reaches its binding. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const sdkModule = (path: string): unknown => require(path) as unknown;

/** A module as the SDK's server resolves it: grpc-js is the SDK's dependency, not the pack's. */
const besideSdk = (path: string): unknown =>
  createRequire(require.resolve("@pulumi/policy/server"))(path) as unknown;

/** A module as the SDK's `@pulumi/pulumi/proto/analyzer_pb` resolves it: its google-protobuf. */
const besideProto = (path: string): unknown =>
  createRequire(
    createRequire(require.resolve("@pulumi/policy/server")).resolve(
      "@pulumi/pulumi/proto/analyzer_pb",
    ),
  )(path) as unknown;

/** What `load` gives for `path`, or undefined when it throws (moved, or behind an `exports` map). */
function tryLoad(load: (path: string) => unknown, path: string): unknown {
  try {
    return load(path);
  } catch {
    return undefined;
  }
}

/** The installed SDK's version ("1.21.0"), or undefined when its package.json cannot be read. */
export function installedSdkVersion(
  load: (path: string) => unknown = sdkModule,
): string | undefined {
  const pkg = tryLoad(load, "@pulumi/policy/package.json");
  const v = pkg !== null && typeof pkg === "object" ? (pkg as { version?: unknown }).version : "";
  return typeof v === "string" && v !== "" ? v.replace(/^v/, "") : undefined;
}

// ---- one deserialization per request ----------------------------------------------------------

type Deserialize = (struct: unknown, proxySecrets?: boolean) => unknown;

const MEMOIZED = Symbol.for("outcomeguard.memoizedDeserializeProperties");

/**
 * Memoize `deserializeProperties` on @pulumi/policy's `deserialize` module object.
 *
 * @pulumi/policy 1.21's server (its `makeAnalyzeRpcFun`, `makeAnalyzeStackRpcFun` and
 * `getProviderResource`) calls `deserializeProperties(req.getProperties(), false)` and wraps the
 * result in a fresh `unknownCheckingProxy` once per policy, for every policy whose validation is not
 * a single function of one other resource type. The server looks the function up on the module
 * object at each call, so replacing the export memoizes it for the whole server: keyed by the
 * identity of the request's `Struct` (protobuf caches the wrapper), in a WeakMap that lets it go
 * with the request.
 *
 * The trade-off: the policies of a request share one deserialized object (each still gets its own
 * proxy). That is safe for this pack only because no OutcomeGuard policy writes into `args.props`:
 * the adapter only reads it, into frozen snapshots. Only the `proxySecrets === false` form (what
 * Analyze, AnalyzeStack and providers use) is memoized. Returns a function that restores the
 * original, or undefined when the module is not as expected (nothing is changed then).
 */
export function memoizeDeserializeProperties(mod: unknown): (() => void) | undefined {
  if (mod === null || typeof mod !== "object") return undefined;
  const exportsObject = mod as Record<string, unknown>;
  const original = exportsObject.deserializeProperties;
  if (typeof original !== "function" || original.length !== 2) return undefined;
  if ((original as unknown as Record<symbol, unknown>)[MEMOIZED] === true) return undefined;
  if (typeof exportsObject.serializeProperties !== "function") return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(exportsObject, "deserializeProperties");
  if (!descriptor || !("value" in descriptor) || !descriptor.writable) return undefined;

  const deserialize = original as Deserialize;
  const memo = new WeakMap<object, unknown>();
  const memoized = function deserializeProperties(struct: unknown, proxySecrets?: boolean) {
    if (proxySecrets !== false || struct === null || typeof struct !== "object") {
      return deserialize(struct, proxySecrets);
    }
    if (memo.has(struct)) return memo.get(struct);
    const value = deserialize(struct, proxySecrets);
    memo.set(struct, value);
    return value;
  };
  Object.defineProperty(memoized, MEMOIZED, { value: true });
  exportsObject.deserializeProperties = memoized;
  return () => {
    if (exportsObject.deserializeProperties === memoized) {
      exportsObject.deserializeProperties = original;
    }
  };
}

/** Install the memo on the installed SDK; false (and nothing changed) where it cannot be. */
export function installDeserializeMemo(load: (path: string) => unknown = sdkModule): boolean {
  return memoizeDeserializeProperties(tryLoad(load, "@pulumi/policy/deserialize")) !== undefined;
}

// ---- the object behind the proxy --------------------------------------------------------------

/**
 * The engine's sentinels for unknown values (see {@link ENGINE_UNKNOWN_SENTINELS}): what the raw
 * object behind the proxy holds where a value is unknown.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set(
  Object.values(ENGINE_UNKNOWN_SENTINELS),
);

/** The object behind @pulumi/policy's `unknownCheckingProxy`, or undefined if `value` is not one. */
export function proxyTarget(value: unknown): object | undefined {
  if (value === null || typeof value !== "object") return undefined;
  try {
    const v = value as Record<string, unknown>;
    // The SDK's proxy answers these two keys itself (its exported `isSpecialProxy`, `getSpecialProxyTarget`).
    if (v.__isSpecialProxy !== true) return undefined;
    const target = v.__getSpecialProxyTarget;
    return target !== null && typeof target === "object" ? target : undefined;
  } catch (e) {
    // A proxy that no longer answers these keys throws on them as on any unknown: read through it.
    if (isUnknownValueError(e)) return undefined;
    throw e;
  }
}

// ---- advisory lines from a mandatory policy ---------------------------------------------------

const OBJECT_REPORT_SINCE = [1, 21] as const;

/**
 * Whether `reportViolation` takes the object form with its own level: @pulumi/policy 1.21 and
 * later 1.x (the public type still declares only `(message, urn?)`). The engine honours each
 * diagnostic's own level.
 */
export function sdkReportsObjects(version: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)\./.exec(version ?? "");
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major === OBJECT_REPORT_SINCE[0] && minor >= OBJECT_REPORT_SINCE[1];
}

let objectReports: boolean | undefined;

type ObjectReport = (violation: {
  readonly message: string;
  readonly urn?: string;
  readonly enforcementLevel: EnforcementLevel;
}) => void;

/**
 * Report one diagnostic at advisory level, whatever the policy's level. Where the SDK does not
 * take the object form, `undecided` lines go the SDK's own way for values unknown at preview (an
 * `UnknownValueError`, which it reports as an advisory and which ends this policy's check of the
 * resource, after what was already reported); other advisory lines are left out rather than
 * reported at the policy's level.
 */
export function reportAdvisory(
  report: ReportViolation,
  description: string,
  message: string,
  urn: string | undefined,
  kind: "undecided" | "note",
  supported: boolean = (objectReports ??= sdkReportsObjects(installedSdkVersion())),
): void {
  if (supported) {
    (report as unknown as ObjectReport)({
      message: `${description}\n${message}`,
      ...(urn ? { urn } : {}),
      enforcementLevel: "advisory",
    });
    return;
  }
  if (kind === "undecided") {
    const e = new UnknownValueError(ENGINE_UNKNOWN_SENTINELS.string, []);
    e.message = message;
    throw e;
  }
}

// ---- the type a validation applies to ---------------------------------------------------------

/**
 * Mark a validation as applying to one type token, as the SDK's `validateResourceOfType` does
 * (without importing a provider SDK): @pulumi/policy's server then skips every other resource
 * without deserializing its properties for this policy. An SDK that ignores the mark runs the
 * validation on every resource, which filters on the type itself.
 */
export function markResourceType<F extends (...args: never[]) => unknown>(fn: F, type: string): F {
  (fn as F & { __pulumiType?: string }).__pulumiType = type;
  return fn;
}

// ---- the pack's own Analyze and AnalyzeStack --------------------------------------------------

/**
 * What a resource policy of this pack reads of its arguments: a part of the SDK's
 * `ResourceValidationArgs`, which is what the pack's own Analyze handler builds. The adapter's
 * validations take this type, so they run alike on the SDK's arguments and on these.
 */
export interface ResourceInput {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly opts?: { readonly parent?: string };
  readonly provider?: ProviderInput;
  getConfig(): unknown;
}

/** What the pack's policies read of a resource's provider: a part of the SDK's. */
export interface ProviderInput {
  readonly props: Readonly<Record<string, unknown>>;
}

/** A resource as a stack policy of this pack reads it: a part of the SDK's `PolicyResource`. */
export interface StackResourceInput {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
  readonly parent?: { readonly urn: string };
  readonly provider?: ProviderInput;
}

/** What a stack policy of this pack reads of the SDK's `StackValidationArgs`. */
export interface StackInput {
  readonly resources: readonly StackResourceInput[];
  getConfig(): unknown;
}

/** The parts of @pulumi/policy 1.21 (and of the `@pulumi/pulumi` it loads) the handlers use. */
interface Internals {
  /** `deserialize.deserializeProperties` */
  readonly deserialize: (struct: unknown, proxySecrets: boolean) => unknown;
  /** `proxy.unknownCheckingProxy` */
  readonly proxy: (value: unknown) => Readonly<Record<string, unknown>>;
  /** `protoutil.makeAnalyzeResponse` */
  readonly respond: (ds: readonly Diagnostic[], notApplicable?: readonly unknown[]) => unknown;
  /** `protoutil.convertEnforcementLevel` */
  readonly convertLevel: (level: unknown) => string;
  /** `protoutil.makeRemediateResponse` */
  readonly remediateResponse: (remediations: readonly never[]) => unknown;
  /** `protoutil.asGrpcError` */
  readonly asGrpcError: (e: unknown, message?: string) => unknown;
  /** `analyzer_pb.PolicyNotApplicable` */
  readonly NotApplicable: new () => { setPolicyName(n: string): void; setReason(r: string): void };
  /** `analyzer_pb.AnalyzerInfo` */
  readonly AnalyzerInfo: new () => { serializeBinary(): Uint8Array };
}

/** The fields of a served policy the handlers read. */
interface ServedPolicy {
  readonly name: string;
  readonly description?: string;
  readonly enforcementLevel?: string;
  readonly severity?: string;
  readonly validateResource?: unknown;
  readonly validateStack?: unknown;
  readonly remediateResource?: unknown;
}

/** A diagnostic as the SDK's `makeAnalyzeResponse` reads it. */
interface Diagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly message: string;
  readonly description?: string;
  readonly urn?: string;
  readonly enforcementLevel: string;
  readonly severity?: string;
}

type Pack = readonly [name: string, version: string, level: string];
type Validate = (input: unknown, report: (message: unknown, urn?: string) => void) => unknown;

/** `m[key]` of a loaded module, or undefined when `m` is not an object. */
const get = (m: unknown, key: string): unknown =>
  m !== null && typeof m === "object" ? (m as Record<string, unknown>)[key] : undefined;

/** The internals the handlers need, each checked; undefined when one is missing or another shape. */
export function leanInternals(
  deserializeModule: unknown,
  proxyModule: unknown,
  protoutil: unknown,
  analyzerProto: unknown,
): Internals | undefined {
  const parts = {
    deserialize: get(deserializeModule, "deserializeProperties"),
    proxy: get(proxyModule, "unknownCheckingProxy"),
    respond: get(protoutil, "makeAnalyzeResponse"),
    convertLevel: get(protoutil, "convertEnforcementLevel"),
    asGrpcError: get(protoutil, "asGrpcError"),
    remediateResponse: get(protoutil, "makeRemediateResponse"),
    NotApplicable: get(analyzerProto, "PolicyNotApplicable"),
    AnalyzerInfo: get(analyzerProto, "AnalyzerInfo"),
  };
  if (!Object.values(parts).every((p) => typeof p === "function")) return undefined;
  const probe = new (parts.NotApplicable as new () => Record<string, unknown>)();
  if (typeof probe.setPolicyName !== "function" || typeof probe.setReason !== "function") {
    return undefined;
  }
  return parts as unknown as Internals;
}

/**
 * The policy config the engine last sent (Configure), parsed as @pulumi/policy 1.21's `configure`
 * parses it into its own module state: per policy its settings and `enforcementLevel`. `trusted`
 * turns false for good when a Configure request cannot be read: from then on the SDK's handlers
 * answer, as they hold the SDK's own reading of it.
 */
export class ObservedConfig {
  private byPolicy: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {};
  private readonly settingsOf = new Map<string, Readonly<Record<string, unknown>>>();
  /** Bumped at each Configure: what was derived from the config is derived again. */
  generation = 0;
  trusted = true;
  /** Whether the last Configure set any policy to `remediate`. */
  anyRemediate = false;

  constructor(private readonly convertLevel: (level: unknown) => string) {}

  observe(request: unknown): void {
    try {
      const entries = (request as { getPolicyconfigMap(): { entries(): unknown } })
        .getPolicyconfigMap()
        .entries() as Iterable<[string, PolicyConfigMessage]>;
      const next: Record<string, Record<string, unknown>> = {};
      for (const [k, v] of entries) {
        const props = v.getProperties().toJavaScript();
        props.enforcementLevel = this.convertLevel(v.getEnforcementlevel());
        next[k] = props;
      }
      this.byPolicy = next;
      this.settingsOf.clear();
      this.anyRemediate = Object.values(next).some((c) => c.enforcementLevel === "remediate");
    } catch {
      this.trusted = false;
    }
    this.generation++;
  }

  /** The policy's level as the SDK resolves it: the config's, the policy's own, the pack's. */
  level(policy: ServedPolicy, packLevel: string): string {
    const configured = this.byPolicy[policy.name]?.enforcementLevel;
    return (configured as string) || policy.enforcementLevel || packLevel;
  }

  /** What the SDK's `getConfig` gives the policy: its config without `enforcementLevel`. */
  settings(name: string): Readonly<Record<string, unknown>> {
    let s = this.settingsOf.get(name);
    if (s === undefined) {
      const { enforcementLevel: _, ...rest } = this.byPolicy[name] ?? {};
      s = rest;
      this.settingsOf.set(name, s);
    }
    return s;
  }
}

interface PolicyConfigMessage {
  getProperties(): { toJavaScript(): Record<string, unknown> };
  getEnforcementlevel(): unknown;
}

/** The protobuf resource of an Analyze request or of an AnalyzeStack request's list. */
interface ResourceMessage {
  getType(): string;
  getUrn(): string;
  getName(): string;
  getProperties(): unknown;
  getProvider(): ProviderMessage | undefined;
  /** A lazy request's properties one by one (./lazy-request.ts); undefined: read getProperties. */
  propertyFields?(): readonly LazyField[] | undefined;
}

interface ProviderMessage {
  getType(): string;
  getUrn(): string;
  getName(): string;
  getProperties(): unknown;
  propertyFields?(): readonly LazyField[] | undefined;
}

/** A resource's properties and provider, each read from the request once, when first asked. */
class RequestResource implements StackResourceInput {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  parent?: RequestResource;
  private readProps?: Readonly<Record<string, unknown>>;
  private readProvider?: (ProviderInput & { type: string; urn: string; name: string }) | null;

  constructor(
    private readonly message: ResourceMessage,
    private readonly sdk: Internals,
  ) {
    this.type = message.getType();
    this.urn = message.getUrn();
    this.name = message.getName();
  }

  get props(): Readonly<Record<string, unknown>> {
    return (this.readProps ??= this.sdk.proxy(lazyProperties(this.message, this.sdk.deserialize)));
  }

  /** As the SDK's `getProviderResource`: the provider's type, URN, name and properties. */
  get provider(): ProviderInput | undefined {
    if (this.readProvider === undefined) {
      const p = this.message.getProvider();
      this.readProvider = p
        ? {
            type: p.getType(),
            props: this.sdk.proxy(lazyProperties(p, this.sdk.deserialize)),
            urn: p.getUrn(),
            name: p.getName(),
          }
        : null;
    }
    return this.readProvider ?? undefined;
  }
}

/**
 * A resource's properties (its protobuf `Struct`, or a lazy request's fields, ./lazy-request.ts)
 * as the SDK's `deserializeProperties(struct, false)` gives them,
 * each top-level value deserialized (by that same function) when first read: most policies read
 * a resource's `tags` and nothing else. The difference: a value the SDK cannot deserialize (an
 * unknown signature) fails the read of that value, inside the policy that reads it (which reports
 * an internal error), instead of the whole call. Anything but a `Struct` goes to the SDK as is.
 */
function lazyProperties(
  message: ResourceMessage | ProviderMessage,
  deserialize: Internals["deserialize"],
): Readonly<Record<string, unknown>> {
  const lazy = message.propertyFields?.();
  if (lazy) return lazyRecord(lazy, deserialize);
  const struct = message.getProperties();
  const fields = (struct as { getFieldsMap?: unknown } | null | undefined)?.getFieldsMap;
  if (typeof fields !== "function") return deserialize(struct, false) as Record<string, unknown>;
  const entries: LazyField[] = [];
  (fields.call(struct) as { forEach(f: (v: StructValue, k: string) => void): void }).forEach(
    (value, key) => entries.push({ key, value: () => value }),
  );
  return lazyRecord(entries, deserialize);
}

/** The record of `fields`, each value deserialized by the SDK's function when first read. */
function lazyRecord(
  fields: readonly LazyField[],
  deserialize: Internals["deserialize"],
): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of fields) {
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get() {
        const one = { toJavaScript: () => ({ [key]: value().toJavaScript() }) };
        const read = (deserialize(one, false) as Record<string, unknown>)[key];
        Object.defineProperty(out, key, { value: read, enumerable: true, writable: true });
        return read;
      },
    });
  }
  return out;
}

interface StructValue {
  toJavaScript(): unknown;
}

const thenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null &&
  (typeof v === "object" || typeof v === "function") &&
  typeof (v as { then?: unknown }).then === "function";

/** As the SDK's `makeReportViolationFun`: both forms of `reportViolation`, into `ds`. */
function reporter(pack: Pack, p: ServedPolicy, level: string, ds: Diagnostic[]) {
  return (message: unknown, urn?: string): void => {
    if (typeof message === "object") {
      const info = message as Partial<Record<keyof Diagnostic | "name", string>>;
      ds.push({
        policyName: info.name || p.name,
        policyPackName: pack[0],
        policyPackVersion: pack[1],
        message: (info.message || info.description || p.description) as string,
        urn: info.urn,
        description: info.description || p.description,
        enforcementLevel: info.enforcementLevel || level,
        severity: info.severity || p.severity,
      });
      return;
    }
    ds.push({
      policyName: p.name,
      policyPackName: pack[0],
      policyPackVersion: pack[1],
      message: message ? `${p.description}\n${String(message)}` : `${p.description}`,
      urn,
      description: p.description,
      enforcementLevel: level,
      severity: p.severity,
    });
  };
}

/**
 * As the SDK's handlers treat what a validation throws: an `UnknownValueError` becomes the
 * advisory "can't run policy ... during preview", anything else fails the call.
 */
function caught(e: unknown, pack: Pack, p: ServedPolicy, ds: Diagnostic[], sdk: Internals): void {
  const policyFrom = `policy '${p.name}' from policy pack '${pack[0]}@v${pack[1]}'`;
  if (!isUnknownValueError(e))
    throw sdk.asGrpcError(e, `Error validating resource with ${policyFrom}`);
  const { validateResource: _r, validateStack: _s, name, ...diag } = p;
  ds.push({
    policyName: name,
    policyPackName: pack[0],
    policyPackVersion: pack[1],
    message: `can't run ${policyFrom} during preview: ${(e as Error).message}`,
    ...diag,
    enforcementLevel: "advisory",
  });
}

const singleType = (validate: unknown): string | undefined => {
  const t = (validate as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" && t.length > 0 ? t : undefined;
};

type Step =
  | { readonly policy: ServedPolicy; readonly notApplicable: string }
  | { readonly policy: ServedPolicy; readonly level: string; readonly validate: Validate };

/**
 * The pack's own Analyze and AnalyzeStack handlers: the SDK's answers, without its set-up per
 * policy. @pulumi/policy 1.21's handlers build, for every policy and every resource, a report
 * function, the resource options, the provider (deserialized), a proxy and an argument object,
 * then await the policy; for AnalyzeStack, the whole list of resources again for every stack
 * policy. These build a resource's arguments once per request, read its properties and provider
 * only when a policy asks, and run, per resource type, only the policies whose rule can apply to
 * it (`appliesTo`; one whose rule does not apply returns without a diagnostic, so leaving it out
 * changes no response). Levels (the config's, the policy's, the pack's; `remediate` reported as
 * `mandatory`), `disabled`, the not-applicable answer of a single-type validation, both forms of
 * `reportViolation`, the advisory for an `UnknownValueError` and the gRPC error for anything else
 * are the SDK's. The trade-off: the policies of a request share one argument object and one list
 * of resources, which is safe only because this pack's policies read them into frozen snapshots
 * and never write to them. Undefined (the SDK's handlers serve) unless every policy is one of
 * `appliesTo`'s, with one validation function and no remediation.
 */
export function leanHandlers(
  pack: Pack,
  policies: readonly object[],
  appliesTo: ReadonlyMap<object, (type: string) => boolean>,
  sdk: Internals,
  config: ObservedConfig,
): { analyze: Handler<ResourceMessage>; analyzeStack: Handler<StackMessage> } | undefined {
  const served = policies as readonly ServedPolicy[];
  const eligible = served.every(
    (p) =>
      appliesTo.has(p) &&
      p.remediateResource === undefined &&
      (typeof p.validateResource === "function") !== (typeof p.validateStack === "function"),
  );
  if (!eligible) return undefined;

  const plans = new Map<string, readonly Step[]>();
  let planned = -1;
  const planFor = (type: string): readonly Step[] => {
    if (planned !== config.generation) {
      plans.clear();
      planned = config.generation;
    }
    let plan = plans.get(type);
    if (plan !== undefined) return plan;
    const steps: Step[] = [];
    for (const p of served) {
      let level = config.level(p, pack[2]);
      if (level === "disabled" || typeof p.validateResource !== "function") continue;
      if (level === "remediate") level = "mandatory";
      const only = singleType(p.validateResource);
      if (only !== undefined && only !== type) {
        steps.push({
          policy: p,
          notApplicable: `Policy only applies to resources of type '${only}'`,
        });
      } else if (only !== undefined || appliesTo.get(p)!(type)) {
        steps.push({ policy: p, level, validate: p.validateResource as Validate });
      }
    }
    plans.set(type, (plan = steps));
    return plan;
  };
  const notApplicable = (list: unknown[] | undefined, name: string, reason: string) => {
    const na = new sdk.NotApplicable();
    na.setPolicyName(name);
    na.setReason(reason);
    return [...(list ?? []), na];
  };

  /** Runs the policies, then answers as the SDK does: its response, or the error a step threw. */
  async function answer(callback: Callback, run: (reply: Reply) => Promise<void>) {
    const reply: Reply = { ds: [], na: undefined };
    try {
      await run(reply);
    } catch (err) {
      callback(err, undefined);
      return;
    }
    callback(undefined, sdk.respond(reply.ds, reply.na));
  }

  /** One policy's validation over `input()`, what either throws treated as the SDK treats it. */
  async function validateOne(
    p: ServedPolicy,
    validate: Validate,
    level: string,
    input: () => ResourceInput | StackInput,
    ds: Diagnostic[],
  ) {
    try {
      const result = validate(input(), reporter(pack, p, level, ds));
      if (thenable(result)) await result;
    } catch (e) {
      caught(e, pack, p, ds, sdk);
    }
  }

  function analyze(call: { readonly request: ResourceMessage }, callback: Callback) {
    const req = call.request;
    let read: { readonly r: RequestResource; readonly opts: { readonly parent?: string } };
    return answer(callback, async (reply) => {
      for (const step of planFor(req.getType())) {
        const p = step.policy;
        if ("notApplicable" in step) {
          reply.na = notApplicable(reply.na, p.name, step.notApplicable);
          continue;
        }
        // Read from the request once, when the first policy runs; each policy its own getConfig.
        const input = (): ResourceInput => {
          const { r, opts } = (read ??= { r: new RequestResource(req, sdk), opts: optionsOf(req) });
          return {
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: r.props,
            opts,
            get provider() {
              return r.provider;
            },
            getConfig: () => config.settings(p.name),
          };
        };
        await validateOne(p, step.validate, step.level, input, reply.ds);
      }
    });
  }

  function analyzeStack(call: { readonly request: StackMessage }, callback: Callback) {
    const list = call.request.getResourcesList();
    let resources: readonly RequestResource[] | undefined;
    return answer(callback, async (reply) => {
      for (const p of served) {
        let level = config.level(p, pack[2]);
        if (level === "disabled" || typeof p.validateStack !== "function") continue;
        if (level === "remediate") level = "mandatory";
        const only = singleType(p.validateStack);
        if (only !== undefined && !list.some((r) => r.getType() === only)) {
          const reason = `Policy only applies to resources of type '${only}'`;
          reply.na = notApplicable(reply.na, p.name, reason);
          continue;
        }
        const input = (): StackInput => ({
          resources: (resources ??= stackResources(list, sdk)),
          getConfig: () => config.settings(p.name),
        });
        await validateOne(p, p.validateStack as Validate, level, input, reply.ds);
      }
    });
  }

  return { analyze, analyzeStack };
}

/** A grpc-js unary callback: an error, or none and the response. */
type Callback = (...results: unknown[]) => void;
/** What an answer collects: the diagnostics, and the not-applicable entries (SDK messages). */
interface Reply {
  readonly ds: Diagnostic[];
  na: unknown[] | undefined;
}
interface StackMessage {
  getResourcesList(): readonly (ResourceMessage & { getParent(): string })[];
}

/** The part of an Analyze request's options the pack's policies read: the parent's URN. */
function optionsOf(req: ResourceMessage): { readonly parent?: string } {
  const options = (req as { getOptions?(): { getParent(): string } | undefined }).getOptions?.();
  const parent = options?.getParent();
  return parent ? { parent } : {};
}

/** The stack's resources, each parent the resource object of its URN, as the SDK links them. */
function stackResources(
  list: ReturnType<StackMessage["getResourcesList"]>,
  sdk: Internals,
): readonly RequestResource[] {
  const resources = list.map((m) => new RequestResource(m, sdk));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  list.forEach((m, i) => {
    const parent = m.getParent() ? byUrn.get(m.getParent()) : undefined;
    if (parent) resources[i]!.parent = parent;
  });
  return resources;
}

// ---- GetAnalyzerInfo, answered with bytes made when the pack was built ---------------------------

/** `serve`'s arguments, as `PolicyPack` passes them: name, version, level, args, initialConfig. */
type ServeArgs = [
  name: string,
  version: string,
  level: string,
  args: Readonly<Record<string, unknown>> | undefined,
  initialConfig: unknown,
];

/** The file beside the bundle (policies/dist/) that holds GetAnalyzerInfo's answer. */
export const ANALYZER_INFO_FILE = "analyzer-info.json";

/** GetAnalyzerInfo's answer as built: the serialized `AnalyzerInfo`, and what it was made from. */
export interface BuiltAnalyzerInfo {
  /** {@link analyzerInfoDigest} of the SDK version and `serve`'s arguments it was made from. */
  readonly digest: string;
  /** `makeAnalyzerInfo(...).serializeBinary()`, base64. */
  readonly bytes: string;
}

/** What `makeAnalyzerInfo` (@pulumi/policy 1.21) reads of the pack's args and of each policy. */
const PACK_INFO_FIELDS = ["displayName", "description", "readme", "provider", "tags", "repository"];
const POLICY_INFO_FIELDS = [
  "name",
  "description",
  "enforcementLevel",
  "configSchema",
  "displayName",
  "severity",
  "framework",
  "tags",
  "remediationSteps",
  "url",
];

/**
 * A digest of everything the SDK's `makeAnalyzerInfo` reads (the pack's name, version and level,
 * the fields above of its args and of each policy, which of its validations a policy has) and of
 * the SDK's version: equal digests, equal answers. Undefined where the answer is not fixed by
 * those (an initial config, values JSON cannot hold): the SDK answers then.
 */
export function analyzerInfoDigest(
  sdkVersion: string | undefined,
  ...[name, version, level, args, initialConfig]: ServeArgs
): string | undefined {
  if (sdkVersion === undefined || initialConfig !== undefined) return undefined;
  const pick = (o: Readonly<Record<string, unknown>>, fields: readonly string[]) =>
    fields.map((f) => [f, o[f]]);
  const policies = Array.isArray(args?.policies) ? (args.policies as unknown[]) : [];
  try {
    const inputs = JSON.stringify([
      sdkVersion,
      name,
      version,
      level,
      pick(args ?? {}, PACK_INFO_FIELDS),
      policies.map((p) => {
        const policy = (p ?? {}) as Readonly<Record<string, unknown>>;
        const kinds = [policy.validateResource, policy.validateStack, policy.remediateResource];
        return [
          pick(policy, POLICY_INFO_FIELDS),
          kinds.map((k) => (Array.isArray(k) ? k.map((f) => typeof f) : typeof k)),
        ];
      }),
    ]);
    return createHash("sha256").update(inputs).digest("hex");
  } catch {
    return undefined;
  }
}

/** Whether `value` is a {@link BuiltAnalyzerInfo}. */
function isBuiltInfo(value: unknown): value is BuiltAnalyzerInfo {
  const v = value as Partial<Record<keyof BuiltAnalyzerInfo, unknown>> | null;
  return (
    v !== null &&
    typeof v === "object" &&
    typeof v.digest === "string" &&
    typeof v.bytes === "string"
  );
}

/**
 * GetAnalyzerInfo answered with `built`'s bytes, when they were made from what `serve` now has
 * (`digest`); undefined otherwise, and the SDK's handler answers. The SDK builds the answer at each
 * call (13 config schemas into protobuf `Struct`s, then serialized): tens of milliseconds of cold
 * code at every pack start, on the engine's path to the first Analyze. The response is for the
 * wire: grpc-js serializes it with `serializeBinary`, which gives the built bytes; its fields are
 * not set.
 */
export function builtAnalyzerInfo(
  sdk: Internals,
  built: unknown,
  digest: string | undefined,
): Handler | undefined {
  if (digest === undefined || !isBuiltInfo(built) || built.digest !== digest) return undefined;
  const bytes = new Uint8Array(Buffer.from(built.bytes, "base64"));
  return function getAnalyzerInfo(_call, callback) {
    const info = new sdk.AnalyzerInfo();
    info.serializeBinary = () => bytes;
    callback(undefined, info);
    return undefined;
  };
}

/** The {@link ANALYZER_INFO_FILE} beside this module (the bundle's dist/), or undefined. */
function readBuiltInfo(): unknown {
  try {
    return JSON.parse(readFileSync(join(__dirname, ANALYZER_INFO_FILE), "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * GetAnalyzerInfo's answer for the pack in `packDir` (its bundle `main` loaded by `run`, `require`
 * unless given, from the pack's directory as run-policy-pack loads it, with the SDK's `serve` kept
 * from starting a server): `makeAnalyzerInfo` of the arguments `serve` gets, and their digest. What the build
 * writes to {@link ANALYZER_INFO_FILE}; undefined (write nothing) where an internal is not there
 * or the SDK cannot make the answer.
 */
export function analyzerInfoOf(
  packDir: string,
  main: string,
  run: (bundle: string) => void = (bundle) => createRequire(bundle)(bundle),
): BuiltAnalyzerInfo | undefined {
  const bundle = join(packDir, main);
  const load = createRequire(bundle);
  const server = tryLoad(load, "@pulumi/policy/server") as Record<string, unknown> | undefined;
  const makeInfo = (
    tryLoad(load, "@pulumi/policy/protoutil") as Record<string, unknown> | undefined
  )?.makeAnalyzerInfo;
  const serve = server?.serve;
  if (!server || typeof serve !== "function" || typeof makeInfo !== "function") return undefined;
  let served: ServeArgs | undefined;
  server.serve = function serve(
    name: string,
    version: string,
    level: string,
    args: ServeArgs[3],
    initialConfig: unknown,
  ) {
    served = [name, version, level, args, initialConfig];
  };
  const cwd = process.cwd();
  try {
    process.chdir(packDir);
    delete load.cache[load.resolve(bundle)];
    run(bundle);
  } finally {
    server.serve = serve;
    process.chdir(cwd);
  }
  if (!served) return undefined;
  const digest = analyzerInfoDigest(installedSdkVersion(load), ...served);
  if (digest === undefined) return undefined;
  try {
    // `protoutil.makeAnalyzerInfo`, with `serve`'s own arguments; where it throws (a level it does
    // not know), the SDK's handler answers with that error at run time.
    const info = (makeInfo as (...a: ServeArgs) => { serializeBinary(): Uint8Array })(...served);
    return { digest, bytes: Buffer.from(info.serializeBinary()).toString("base64") };
  } catch {
    return undefined;
  }
}

// ---- installing them in the server the SDK starts -----------------------------------------------

/** A grpc-js unary handler of the SDK's Analyzer service, over a request of type `R`. */
type Handler<R = unknown> = (
  this: unknown,
  call: { readonly request: R },
  callback: Callback,
) => unknown;

/** The call with its request decoded in full, as the SDK's handlers read it (./lazy-request.ts). */
function decoded<C extends { readonly request: unknown }>(call: C): C {
  const request = fullRequest(call.request);
  return request === call.request ? call : Object.create(call, { request: { value: request } });
}

/**
 * The handlers of the SDK's Analyzer service to replace (`handlers` are the SDK's): Analyze and
 * AnalyzeStack by {@link leanHandlers}; Configure observed (into an {@link ObservedConfig}) and
 * then the SDK's; Remediate answered with the SDK's own empty response, without reading the
 * resource, while no policy can remediate. The engine calls Remediate before Analyze for every
 * resource, and @pulumi/policy 1.21's handler deserializes the resource before it looks at a
 * policy, although a policy without `remediateResource` contributes nothing unless its level is
 * `remediate`; so that holds while none is `remediate` by its own level, the pack's or the last
 * Configure. Once a Configure cannot be read, the SDK's handlers answer everything. Empty (the
 * SDK serves alone) when `sdk` is missing, a handler is not there, or a policy is not eligible.
 */
export function leanService(
  handlers: Readonly<Record<string, unknown>>,
  pack: Pack,
  policies: readonly object[],
  appliesTo: ReadonlyMap<object, (type: string) => boolean>,
  sdk: Internals | undefined,
): Partial<Record<"analyze" | "analyzeStack" | "configure" | "remediate", Handler>> {
  const { analyze, analyzeStack, configure, remediate } = handlers as Record<string, Handler>;
  if (
    !sdk ||
    ![analyze, analyzeStack, configure, remediate].every((h) => typeof h === "function")
  ) {
    return {};
  }
  const config = new ObservedConfig(sdk.convertLevel);
  const lean = leanHandlers(pack, policies, appliesTo, sdk, config);
  if (!lean) return {};
  const served = policies as readonly ServedPolicy[];
  const mayRemediate =
    pack[2] === "remediate" || served.some((p) => p.enforcementLevel === "remediate");
  const sdkFor = (own: Handler, theirs: Handler): Handler =>
    function (call, callback) {
      return config.trusted
        ? own.call(this, call, callback)
        : theirs.call(handlers, decoded(call), callback);
    };
  return markServed({
    analyze: sdkFor(lean.analyze as Handler, analyze!),
    analyzeStack: sdkFor(lean.analyzeStack as Handler, analyzeStack!),
    configure(call, callback) {
      config.observe(call.request);
      return configure!.call(handlers, call, callback);
    },
    ...(mayRemediate
      ? {}
      : {
          remediate(call, callback) {
            if (!config.trusted || config.anyRemediate) {
              return remediate!.call(handlers, decoded(call), callback);
            }
            callback(undefined, sdk.remediateResponse([]));
            return undefined;
          },
        }),
  });
}

/** Marks a handler the pack serves itself, in place of the SDK's: what a test can ask a server. */
export const SERVED_BY_PACK = Symbol.for("outcomeguard.servedByPack");

function markServed<T extends Partial<Record<string, Handler>>>(handlers: T): T {
  for (const h of Object.values(handlers)) {
    if (h) Object.defineProperty(h, SERVED_BY_PACK, { value: true });
  }
  return handlers;
}

const INSTALLED = Symbol.for("outcomeguard.leanAnalyzerServe");

/**
 * The service definition with lazy request decoding (./lazy-request.ts) for the methods the pack
 * serves itself (`served`), whose handlers read a lazy request and hand the SDK's a full one. The
 * layout is asked for at the first request; where it is undefined, the generated deserializers
 * decode. The definition as it is without a layout, or where a method is not of the expected shape.
 */
function lazyDecoding(
  service: unknown,
  served: object,
  layout: (() => RequestLayout | undefined) | undefined,
): unknown {
  if (!layout || service === null || typeof service !== "object") return service;
  const defs = service as Record<string, unknown>;
  // The layout's probes run at the first request, not at the pack's start (a few ms); null: no
  // layout, the generated deserializers decode.
  let readers:
    { resource(b: Uint8Array): unknown; stack(b: Uint8Array): unknown } | null | undefined;
  const reader = () => {
    if (readers === undefined) {
      const l = layout();
      readers = l ? { resource: lazyAnalyzeRequest(l), stack: lazyAnalyzeStackRequest(l) } : null;
    }
    return readers;
  };
  const kinds = { analyze: "resource", remediate: "resource", analyzeStack: "stack" } as const;
  const out: Record<string, unknown> = { ...defs };
  for (const [method, kind] of Object.entries(kinds)) {
    const def = defs[method] as { requestDeserialize?: unknown } | undefined;
    const own = def?.requestDeserialize;
    if (!(method in served) || typeof own !== "function") continue;
    const generated = own as (b: Uint8Array) => unknown;
    out[method] = {
      ...def,
      requestDeserialize: (b: Uint8Array) => {
        const r = reader();
        // As the generated deserializer does: a copy of the bytes grpc-js hands over.
        return r ? r[kind](new Uint8Array(b)) : generated(b);
      },
    };
  }
  return out;
}

/**
 * Install {@link leanService} in the server the SDK starts: wrap the `serve` export of
 * @pulumi/policy's `server` module (the `PolicyPack` constructor calls it through the module
 * object) and, for the length of that call only, grpc-js's `Server.prototype.addService`, so that
 * the Analyzer service gets the handlers above (built from serve's own arguments), and
 * GetAnalyzerInfo the answer `built` holds when it was made from those arguments
 * ({@link builtAnalyzerInfo}); the rest (ConfigureStack, GetPluginInfo, ...) stay the SDK's. Call
 * before `new PolicyPack`. Returns a function that restores `serve`, or undefined when anything is
 * not as expected (nothing is changed then, and the SDK serves as it does on its own).
 */
export function leanAnalyzerService(
  serverModule: unknown,
  grpcModule: unknown,
  appliesTo: ReadonlyMap<object, (type: string) => boolean>,
  sdk: Internals | undefined,
  built?: { readonly sdkVersion: string | undefined; readonly info: unknown },
  layout?: () => RequestLayout | undefined,
): (() => void) | undefined {
  if (serverModule === null || typeof serverModule !== "object" || !sdk) return undefined;
  const server = serverModule as Record<string | symbol, unknown>;
  const serve = server.serve;
  if (typeof serve !== "function" || serve.length !== 5) return undefined;
  if ((serve as unknown as Record<symbol, unknown>)[INSTALLED] === true) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(server, "serve");
  if (!descriptor || !("value" in descriptor) || !descriptor.writable) return undefined;
  const grpcServer = (grpcModule as { Server?: unknown } | null | undefined)?.Server;
  const proto = (grpcServer as { prototype?: Record<string, unknown> } | undefined)?.prototype;
  const addService = proto?.addService;
  if (!proto || typeof addService !== "function") return undefined;

  const wrapped = function (
    this: unknown,
    name: string,
    version: string,
    level: string,
    args:
      (Readonly<Record<string, unknown>> & { readonly policies?: readonly object[] }) | undefined,
    initialConfig: unknown,
  ): unknown {
    const policies = args?.policies ?? [];
    proto.addService = function (this: unknown, service: unknown, impl: unknown) {
      const handlers = impl as Record<string, unknown> | null;
      if (handlers !== null && typeof handlers === "object") {
        const info =
          built &&
          typeof handlers.getAnalyzerInfo === "function" &&
          builtAnalyzerInfo(
            sdk,
            built.info,
            analyzerInfoDigest(built.sdkVersion, name, version, level, args, initialConfig),
          );
        const lean = leanService(handlers, [name, version, level], policies, appliesTo, sdk);
        impl = { ...handlers, ...lean, ...(info ? markServed({ getAnalyzerInfo: info }) : {}) };
        service = lazyDecoding(service, lean, layout);
      }
      return (addService as (s: unknown, i: unknown) => unknown).call(this, service, impl);
    };
    try {
      return (serve as (...a: unknown[]) => unknown).call(
        this,
        name,
        version,
        level,
        args,
        initialConfig,
      );
    } finally {
      proto.addService = addService;
    }
  };
  Object.defineProperty(wrapped, INSTALLED, { value: true });
  server.serve = wrapped;
  return () => {
    if (server.serve === wrapped) server.serve = serve;
  };
}

/** The lazy-decoding layout over the generated classes of `analyzerProto` and `structProto`. */
export function requestLayoutOf(
  analyzerProto: unknown,
  structProto: unknown,
): RequestLayout | undefined {
  const classes = {
    AnalyzeRequest: get(analyzerProto, "AnalyzeRequest"),
    AnalyzeStackRequest: get(analyzerProto, "AnalyzeStackRequest"),
    AnalyzerResource: get(analyzerProto, "AnalyzerResource"),
    AnalyzerResourceOptions: get(analyzerProto, "AnalyzerResourceOptions"),
    AnalyzerProviderResource: get(analyzerProto, "AnalyzerProviderResource"),
    Struct: get(structProto, "Struct"),
    Value: get(structProto, "Value"),
  };
  if (!Object.values(classes).every((c) => typeof c === "function")) return undefined;
  return requestLayout(classes as unknown as RequestClasses);
}

/**
 * Install {@link leanAnalyzerService} on the installed SDK, the internals it needs
 * ({@link leanInternals}), the grpc-js it resolves and the GetAnalyzerInfo answer built beside the
 * bundle ({@link ANALYZER_INFO_FILE}, by scripts/build-policy-pack.mjs); false (and nothing
 * changed) where any of the first three cannot be loaded or has another shape.
 */
export function installLeanAnalyzer(
  appliesTo: ReadonlyMap<object, (type: string) => boolean>,
  load: (path: string) => unknown = sdkModule,
  loadBesideSdk: (path: string) => unknown = besideSdk,
  builtInfo: () => unknown = readBuiltInfo,
  loadBesideProto: (path: string) => unknown = besideProto,
): boolean {
  const sdk = leanInternals(
    tryLoad(load, "@pulumi/policy/deserialize"),
    tryLoad(load, "@pulumi/policy/proxy"),
    tryLoad(load, "@pulumi/policy/protoutil"),
    tryLoad(loadBesideSdk, "@pulumi/pulumi/proto/analyzer_pb"),
  );
  const serverModule = tryLoad(load, "@pulumi/policy/server");
  const grpcModule = tryLoad(loadBesideSdk, "@grpc/grpc-js");
  const built = { sdkVersion: installedSdkVersion(load), info: builtInfo() };
  const layout = () =>
    requestLayoutOf(
      tryLoad(loadBesideSdk, "@pulumi/pulumi/proto/analyzer_pb"),
      tryLoad(loadBesideProto, "google-protobuf/google/protobuf/struct_pb"),
    );
  return leanAnalyzerService(serverModule, grpcModule, appliesTo, sdk, built, layout) !== undefined;
}
