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
 * | `server.serve` and `server.makeAnalyzeRpcFun`, and grpc-js's `Server.prototype.addService` for the length of `serve` | Analyze runs, per resource type, only the policies whose rule can apply to it | every policy is run on every resource and returns at once where its rule does not apply |
 * | `protoutil.makeRemediateResponse` and `convertEnforcementLevel`, in the same hook | Remediate answers without reading the resource while no policy can remediate | the SDK deserializes every resource for Remediate, as it does on its own |
 *
 * None of these can stop the pack from loading: a missing module, a changed shape, or a future
 * `exports` map that makes a deep `require` throw all land on the fallback.
 * `test/policies/sdk-compat.test.ts` checks each internal against the installed SDK and each
 * fallback against a changed one.
 */
import { createRequire } from "node:module";
import {
  UnknownValueError as SdkUnknownValueError,
  type EnforcementLevel,
  type ReportViolation,
} from "@pulumi/policy";
import { ENGINE_UNKNOWN_SENTINELS } from "../domain/unknown";

/** The SDK versions the internals above were verified on (policies/package.json allows these). */
export const VERIFIED_SDK_VERSIONS = ["1.21.0"] as const;

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

// ---- only the policies that can apply to a resource's type ------------------------------------

/** A grpc-js unary handler of the SDK's Analyzer service, over a request of type `R`. */
type Handler<R = unknown> = (
  this: unknown,
  call: { readonly request: R },
  callback: (...results: unknown[]) => void,
) => unknown;
/** The SDK's Analyze handler (its request an `AnalyzeRequest`). */
type AnalyzeHandler = Handler<{ getType(): string }>;
type MakeAnalyze = (
  packName: string,
  packVersion: string,
  packLevel: string,
  policies: readonly object[],
) => AnalyzeHandler;

/**
 * Whether a policy must stay in a type's list: its rule can apply to the type, it is not one of
 * ours, or the SDK skips it by its `__pulumiType` itself (which also lists it as not applicable in
 * the response, so it stays to keep the response the same).
 */
function keepFor(
  policy: object,
  type: string,
  appliesTo: ReadonlyMap<object, (type: string) => boolean>,
): boolean {
  const validate = (policy as { validateResource?: unknown }).validateResource;
  if (typeof validate === "function" && "__pulumiType" in validate) return true;
  const applies = appliesTo.get(policy);
  return applies === undefined || applies(type);
}

/**
 * An Analyze handler that serves each resource type with the SDK's own handler
 * (`makeAnalyzeRpcFun`) over only the policies whose rule can apply to that type, built once per
 * type. A policy whose rule does not apply returns without a diagnostic, so leaving it out changes
 * no response: what it saves is what the SDK builds for every policy before calling it (a
 * `reportViolation`, the resource options, the provider, a proxy, the argument object) and an
 * await. A request whose type cannot be read goes to `whole`, the SDK's handler over all policies.
 */
export function typeDispatchedAnalyze(
  makeAnalyze: MakeAnalyze,
  pack: readonly [name: string, version: string, level: string],
  policies: readonly object[],
  appliesTo: ReadonlyMap<object, (type: string) => boolean>,
  whole: AnalyzeHandler,
): AnalyzeHandler {
  const byType = new Map<string, AnalyzeHandler>();
  return function analyze(call, callback) {
    let type: unknown;
    try {
      type = call.request.getType();
    } catch {
      type = undefined;
    }
    if (typeof type !== "string") return whole.call(this, call, callback);
    let handler = byType.get(type);
    if (handler === undefined) {
      const subset = policies.filter((p) => keepFor(p, type, appliesTo));
      handler = subset.length === policies.length ? whole : makeAnalyze(...pack, subset);
      byType.set(type, handler);
    }
    return handler.call(this, call, callback);
  };
}

const DISPATCHED = Symbol.for("outcomeguard.leanAnalyzerServe");

/**
 * Install {@link typeDispatchedAnalyze} in the server the SDK starts: wrap the `serve` export of
 * @pulumi/policy's `server` module (the `PolicyPack` constructor calls it through the module
 * object), and, for the length of that call only, grpc-js's `Server.prototype.addService`, so
 * that the Analyzer service's implementation gets the dispatching `analyze` (built from the
 * module's exported `makeAnalyzeRpcFun` and serve's own arguments), and, given the SDK's
 * `protoutil` module, the Remediate answer of {@link withoutIdleRemediation}; AnalyzeStack,
 * Configure (observed, not changed) and the rest are the SDK's. Call before `new PolicyPack`. Returns a
 * function that restores `serve`, or undefined when anything is not as expected (nothing is
 * changed then, and the SDK serves every policy for every resource as it does on its own).
 */
export function leanAnalyzerService(
  serverModule: unknown,
  grpcModule: unknown,
  appliesTo: ReadonlyMap<object, (type: string) => boolean>,
  protoutil?: unknown,
): (() => void) | undefined {
  if (serverModule === null || typeof serverModule !== "object") return undefined;
  const server = serverModule as Record<string | symbol, unknown>;
  const serve = server.serve;
  const makeAnalyze = server.makeAnalyzeRpcFun;
  if (typeof serve !== "function" || typeof makeAnalyze !== "function") return undefined;
  if (serve.length !== 5 || makeAnalyze.length !== 4) return undefined;
  if ((serve as unknown as Record<symbol, unknown>)[DISPATCHED] === true) return undefined;
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
    args: { readonly policies?: readonly object[] } | undefined,
    initialConfig: unknown,
  ): unknown {
    const policies = args?.policies ?? [];
    proto.addService = function (this: unknown, service: unknown, impl: unknown) {
      const handlers = impl as Record<string, unknown> | null;
      if (
        handlers !== null &&
        typeof handlers === "object" &&
        typeof handlers.analyze === "function" &&
        typeof handlers.analyzeStack === "function"
      ) {
        impl = {
          ...handlers,
          analyze: typeDispatchedAnalyze(
            makeAnalyze as MakeAnalyze,
            [name, version, level],
            policies,
            appliesTo,
            handlers.analyze as AnalyzeHandler,
          ),
          ...withoutIdleRemediation(handlers, protoutil, policies, level),
        };
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
  Object.defineProperty(wrapped, DISPATCHED, { value: true });
  server.serve = wrapped;
  return () => {
    if (server.serve === wrapped) server.serve = serve;
  };
}

/**
 * Remediate without reading the resource when no policy can remediate. The engine calls Remediate
 * before Analyze for every resource, and @pulumi/policy 1.21's handler deserializes the resource's
 * properties before it looks at a single policy, although a policy without `remediateResource`
 * contributes nothing unless its level is `remediate` (then it is listed as not applicable). So
 * while no policy of the pack has `remediateResource`, none is `remediate` by its own level or
 * the pack's, and the last Configure set none to `remediate`, the answer is the SDK's own empty
 * response (`protoutil.makeRemediateResponse([])`); otherwise, or when a Configure request cannot
 * be read, the SDK's handler answers. Returns the handlers to put in the service, or nothing.
 */
export function withoutIdleRemediation(
  handlers: Readonly<Record<string, unknown>>,
  protoutil: unknown,
  policies: readonly object[],
  packLevel: string,
): { remediate?: Handler; configure?: Handler } {
  const util = protoutil as Record<string, unknown> | null | undefined;
  const [remediate, configure] = [handlers.remediate, handlers.configure];
  const makeResponse = util?.makeRemediateResponse;
  const convert = util?.convertEnforcementLevel;
  if (typeof remediate !== "function" || typeof configure !== "function") return {};
  if (typeof makeResponse !== "function" || typeof convert !== "function") return {};
  const own = policies as readonly { remediateResource?: unknown; enforcementLevel?: unknown }[];
  if (packLevel === "remediate") return {};
  if (own.some((p) => p.remediateResource !== undefined || p.enforcementLevel === "remediate")) {
    return {};
  }
  let configuredRemediate = false;
  return {
    configure(call, callback) {
      try {
        const map = (call.request as { getPolicyconfigMap(): { entries(): unknown } })
          .getPolicyconfigMap()
          .entries() as Iterable<[string, { getEnforcementlevel(): unknown }]>;
        configuredRemediate = false;
        for (const [, v] of map) {
          if ((convert as (l: unknown) => string)(v.getEnforcementlevel()) === "remediate") {
            configuredRemediate = true;
          }
        }
      } catch {
        configuredRemediate = true;
      }
      return (configure as Handler).call(handlers, call, callback);
    },
    remediate(call, callback) {
      if (configuredRemediate) return (remediate as Handler).call(handlers, call, callback);
      callback(undefined, (makeResponse as (rs: unknown[]) => unknown)([]));
      return undefined;
    },
  };
}

/**
 * Install {@link leanAnalyzerService} on the installed SDK, its `protoutil` and the grpc-js it
 * resolves; false (and nothing changed) where the server or grpc-js cannot be loaded or has
 * another shape (without `protoutil`, Remediate stays the SDK's).
 */
export function installLeanAnalyzer(
  appliesTo: ReadonlyMap<object, (type: string) => boolean>,
  load: (path: string) => unknown = sdkModule,
  loadBesideSdk: (path: string) => unknown = besideSdk,
): boolean {
  const serverModule = tryLoad(load, "@pulumi/policy/server");
  const grpcModule = tryLoad(loadBesideSdk, "@grpc/grpc-js");
  const protoutil = tryLoad(load, "@pulumi/policy/protoutil");
  return leanAnalyzerService(serverModule, grpcModule, appliesTo, protoutil) !== undefined;
}
