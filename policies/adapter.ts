/**
 * The thin layer between @pulumi/policy and the domain rules: read the resource's properties into
 * plain data (unknown values become {@link Unknown} markers instead of throwing), resolve the
 * policy's config, call the pure rule, apply waivers, and report.
 *
 * Unknown values. `@pulumi/policy` wraps `props` in `unknownCheckingProxy`; reading a value the
 * engine sent as unknown throws `UnknownValueError`, and if that escapes a policy the SDK reports
 * an advisory "can't run policy during preview" and skips the rest of the policy: a mandatory rule
 * would silently stop enforcing, even on the values that are known. So no rule reads the proxy:
 * {@link snapshot} copies what it needs as frozen plain data, read from the object behind the proxy
 * with the engine's unknown sentinels mapped to markers where the proxy would throw, once per
 * request for all the policies (see `./sdk-fast-path.ts`). The rule then decides every check
 * whose values are known (a real violation, at the policy's level), and for each check a value it
 * needs is unknown it adds an "undecided" note, reported as an ADVISORY
 * diagnostic that names the value and says the rule is decided at update, when the engine analyzes
 * the resource again with the value known. No violation is ever reported on a guess.
 *
 * Advisory lines from a mandatory policy (undecided notes, waivers) use the object form of
 * `reportViolation` with its own `enforcementLevel`, which @pulumi/policy accepts since 1.21
 * (pulumi/pulumi-policy#424; the public type still declares only `(message, urn?)`). The engine
 * honours each diagnostic's own level (pulumi/pulumi analyzer_plugin.go `convertDiagnostics`).
 */
import {
  UnknownValueError as SdkUnknownValueError,
  type EnforcementLevel,
  type ReportViolation,
  type ResourceValidation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { withProviderDefaultTags } from "../domain/endpoints";
import type { Finding } from "../domain/resource-rules";
import type { StackFinding, StackResource } from "../domain/stack-rules";
import { Unknown } from "../domain/unknown";
import {
  describeWaiver,
  findWaivers,
  isoToday,
  type Waiver,
  type WaiverSubject,
} from "../domain/waivers";
import {
  policyConfigSchema,
  resolvePolicyConfig,
  type PolicyName,
  type PolicySettings,
} from "./config";

/** `UnknownValueError` as exported (untyped) by @pulumi/policy. */
const UnknownValueError = SdkUnknownValueError as unknown as new (
  ...args: never[]
) => Error & { readonly props?: readonly PropertyKey[] };

export function isUnknownValueError(e: unknown): boolean {
  return e instanceof UnknownValueError;
}

const MAX_DEPTH = 48;

/**
 * The engine's sentinels for unknown values (pulumi `runtime/rpc`; @pulumi/policy `proxy.js`
 * `isUnknown`): boolean, number, string, array, asset, archive, object. They are part of the wire
 * protocol; `test/policies/adapter.test.ts` checks them against the SDK's own.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** The object behind @pulumi/policy's `unknownCheckingProxy`, or undefined if `value` is not one. */
function proxyTarget(value: unknown): object | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  // The SDK's proxy answers these two keys itself (proxy.js `isSpecialProxy`, `getSpecialProxyTarget`).
  if (v.__isSpecialProxy !== true) return undefined;
  const target = v.__getSpecialProxyTarget;
  return target !== null && typeof target === "object" ? target : undefined;
}

/**
 * Plain, frozen data from the raw (unproxied) deserialized properties: what reading through the
 * SDK's proxy gives, without a proxy per read or an exception per unknown. Each unknown sentinel
 * becomes an {@link Unknown} with its path, exactly where the proxy would throw.
 */
function plain(value: unknown, path: string, depth: number): unknown {
  if (typeof value === "string") {
    return UNKNOWN_SENTINELS.has(value) ? Object.freeze(new Unknown(path)) : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return Object.freeze(new Unknown(`${path} (nested too deep to read)`));
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value)) {
    (out as Record<string, unknown>)[key] = plain(
      (value as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
      depth + 1,
    );
  }
  return Object.freeze(out);
}

/**
 * Snapshots shared by every policy that reads one request's properties, keyed by the raw
 * deserialized object behind the SDK's proxy. The pack memoizes the SDK's `deserializeProperties`
 * per request (see `./sdk-fast-path.ts`), so the policies of one Analyze call (and the resources of
 * one AnalyzeStack call) see the same raw object and the snapshot is built once per request, not
 * once per policy. Entries go with the request (WeakMap). The snapshots are frozen, so no policy can
 * change what the next one reads.
 */
const whole = new WeakMap<object, unknown>();
const fields = new WeakMap<object, Map<string, unknown>>();

function snapshotOfTarget(target: object): unknown {
  let s = whole.get(target);
  if (s === undefined) {
    s = plain(target, "", 0);
    whole.set(target, s);
  }
  return s;
}

function fieldOfTarget(target: object, key: string): unknown {
  const all = whole.get(target) as Record<string, unknown> | undefined;
  if (all !== undefined && Object.prototype.hasOwnProperty.call(all, key)) return all[key];
  let cache = fields.get(target);
  if (cache === undefined) {
    cache = new Map();
    fields.set(target, cache);
  } else if (cache.has(key)) {
    return cache.get(key);
  }
  const value = plain((target as Record<string, unknown>)[key], key, 1);
  cache.set(key, value);
  return value;
}

/**
 * A deep copy of a (proxied) property value as plain data, with each value the engine marked
 * unknown replaced by an {@link Unknown} carrying its path. Never throws on unknowns. For the SDK's
 * proxy, the copy is read from the object behind it, frozen, and shared by every policy that
 * snapshots the same request; anything else is read key by key, catching `UnknownValueError`.
 */
export function snapshot(value: unknown, path = "", depth = 0): unknown {
  const target = proxyTarget(value);
  if (target !== undefined) {
    return path === "" && depth === 0 ? snapshotOfTarget(target) : plain(target, path, depth);
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return new Unknown(`${path} (nested too deep to read)`);
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(value)) {
    const childPath = path ? `${path}.${key}` : key;
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch (e) {
      if (!isUnknownValueError(e)) throw e;
      child = new Unknown(childPath);
    }
    (out as Record<string, unknown>)[key] =
      child instanceof Unknown ? child : snapshot(child, childPath, depth + 1);
  }
  return out;
}

/** One top-level property as plain data (see {@link snapshot}). */
export function snapshotField(props: unknown, key: string): unknown {
  if (props === null || typeof props !== "object") return undefined;
  const target = proxyTarget(props);
  if (target !== undefined) return fieldOfTarget(target, key);
  try {
    return snapshot((props as Record<string, unknown>)[key], key, 1);
  } catch (e) {
    if (!isUnknownValueError(e)) throw e;
    return new Unknown(key);
  }
}

/**
 * The resource's properties with its `tags` as the cloud will apply them: for AWS, the provider's
 * `defaultTags` under the resource's own (see {@link withProviderDefaultTags}).
 */
function withDefaultTags(
  type: string,
  props: unknown,
  provider: { readonly props: unknown } | undefined,
): unknown {
  if (!provider || !type.startsWith("aws:") || props === null || typeof props !== "object") {
    return props;
  }
  const defaults = snapshotField(provider.props, "defaultTags");
  if (defaults === undefined) return props;
  const bag = props as Record<string, unknown>;
  return { ...bag, tags: withProviderDefaultTags(bag.tags, defaults) };
}

type ObjectReport = (violation: {
  readonly message: string;
  readonly urn?: string;
  readonly enforcementLevel: EnforcementLevel;
}) => void;

/** Report one diagnostic at advisory level, whatever the policy's level. */
export function reportAdvisory(
  report: ReportViolation,
  description: string,
  message: string,
  urn?: string,
): void {
  (report as unknown as ObjectReport)({
    message: `${description}\n${message}`,
    ...(urn ? { urn } : {}),
    enforcementLevel: "advisory",
  });
}

const bullets = (lines: readonly string[]) =>
  lines.length === 1 ? lines[0]! : lines.map((l) => `- ${l}`).join("\n");

/** Turn a finding into diagnostics: violations (unless waived), waiver lines, undecided notes. */
export function deliver(
  finding: Finding,
  meta: { readonly description: string },
  subjects: readonly WaiverSubject[],
  waivers: readonly Waiver[],
  report: ReportViolation,
  urn: string | undefined,
  today: string = isoToday(),
): void {
  const context = finding.context ? `${finding.context}.\n` : "";
  if (finding.violations.length > 0) {
    const verdict = findWaivers(waivers, subjects, today);
    for (const w of verdict.expired) {
      reportAdvisory(
        report,
        meta.description,
        `${describeWaiver(w)} matches this resource but expired on ${w.expires}; it is ignored and the violation stands. Renew it with a new reason and date, or fix the resource.`,
        urn,
      );
    }
    if (verdict.live) {
      reportAdvisory(
        report,
        meta.description,
        `waived until ${verdict.live.expires} by ${describeWaiver(verdict.live)}; the violation it suppresses:\n${context}${bullets(finding.violations)}`,
        urn,
      );
      return;
    }
    report(`${context}${bullets(finding.violations)}`, urn);
  }
  if (finding.undecided.length > 0) {
    reportAdvisory(
      report,
      meta.description,
      `undecided at preview: ${bullets(finding.undecided)}\nThe rule is enforced when these values are known (the engine analyzes the resource again at update).`,
      urn,
    );
  }
}

/** A resource policy whose single validation is always present (as every policy here has). */
export type ResourcePolicy = ResourceValidationPolicy & { validateResource: ResourceValidation };

/** What a resource rule sees. Properties are read lazily, as plain data. */
export interface ResourceContext {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  /** URN of the parent resource, if any. */
  readonly parent: string | undefined;
  readonly settings: PolicySettings;
  readonly today: string;
  /** All properties (see {@link snapshot}). */
  props(): unknown;
  /** One top-level property. */
  field(key: string): unknown;
}

export interface PolicyMeta {
  readonly name: PolicyName;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  /** How to fix a violation: shown in docs and sent to the engine as `remediationSteps`. */
  readonly remediation: string;
  /** What the policy checks, in a sentence or two, for the docs. */
  readonly checks: string;
}

function internalError(e: unknown): string {
  const detail = e instanceof Error ? e.message : String(e);
  return `internal error while evaluating this rule (${detail}); the rule fails closed. Please report it with the resource's properties.`;
}

function configError(problems: readonly string[]): string {
  return `the policy's configuration is invalid, so it cannot decide:\n${problems.map((p) => `- ${p}`).join("\n")}`;
}

/**
 * A resource policy over a pure rule. `type` is the one type token the policy applies to, if it
 * applies to exactly one: the validation then carries it as `__pulumiType` (what the SDK's
 * `validateResourceOfType` sets, without importing a provider SDK), and @pulumi/policy's server
 * skips every other resource without deserializing its properties for this policy (it reports the
 * policy as not applicable to them). `appliesTo` is a cheap filter on the type token run before
 * anything is read; `evaluate` returns the rule's {@link Finding}.
 */
export function resourcePolicy(
  meta: PolicyMeta,
  rule: {
    readonly type?: string;
    readonly appliesTo?: (type: string) => boolean;
    readonly evaluate: (ctx: ResourceContext) => Finding;
  },
): ResourcePolicy {
  const validate = (args: ResourceValidationArgs, report: ReportViolation): void => {
    if (rule.type !== undefined && args.type !== rule.type) return;
    if (rule.appliesTo && !rule.appliesTo(args.type)) return;
    const config = resolvePolicyConfig(meta.name, args.getConfig());
    if (!config.ok) {
      report(configError(config.problems));
      return;
    }
    const today = isoToday();
    let all: unknown;
    let read = false;
    const ctx: ResourceContext = {
      type: args.type,
      urn: args.urn,
      name: args.name,
      parent: args.opts?.parent,
      settings: config.settings,
      today,
      props: () => {
        if (!read) {
          all = withDefaultTags(args.type, snapshot(args.props), args.provider);
          read = true;
        }
        return all;
      },
      field: (key) => {
        if (read) return (all as Record<string, unknown>)[key];
        if (key === "tags") {
          const tags = { tags: snapshotField(args.props, "tags") };
          return (withDefaultTags(args.type, tags, args.provider) as typeof tags).tags;
        }
        return snapshotField(args.props, key);
      },
    };
    let finding: Finding;
    try {
      finding = rule.evaluate(ctx);
    } catch (e) {
      report(internalError(e));
      return;
    }
    deliver(
      finding,
      meta,
      [{ name: args.name, urn: args.urn }],
      config.settings.waivers,
      report,
      args.urn,
      today,
    );
  };
  if (rule.type !== undefined) {
    (validate as typeof validate & { __pulumiType?: string }).__pulumiType = rule.type;
  }
  return {
    name: meta.name,
    description: meta.description,
    enforcementLevel: meta.enforcementLevel,
    remediationSteps: meta.remediation,
    configSchema: policyConfigSchema(meta.name),
    validateResource: validate,
  };
}

/**
 * A stack policy over a pure stack rule. `relevant` picks the resources the rule reads (their
 * properties are copied as plain data); the rule returns one finding per subject.
 */
export function stackPolicy(
  meta: PolicyMeta,
  rule: {
    readonly relevant: (type: string) => boolean;
    readonly evaluate: (
      resources: readonly StackResource[],
      settings: PolicySettings,
    ) => StackFinding[];
  },
): StackValidationPolicy {
  return {
    name: meta.name,
    description: meta.description,
    enforcementLevel: meta.enforcementLevel,
    remediationSteps: meta.remediation,
    configSchema: policyConfigSchema(meta.name),
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const config = resolvePolicyConfig(meta.name, args.getConfig());
      if (!config.ok) {
        report(configError(config.problems));
        return;
      }
      const resources: StackResource[] = [];
      for (const r of args.resources) {
        if (!rule.relevant(r.type)) continue;
        resources.push({
          urn: r.urn,
          name: r.name,
          type: r.type,
          props: withDefaultTags(r.type, snapshot(r.props), r.provider),
        });
      }
      let findings: StackFinding[];
      try {
        findings = rule.evaluate(resources, config.settings);
      } catch (e) {
        report(internalError(e));
        return;
      }
      const today = isoToday();
      for (const f of findings) {
        deliver(f, meta, f.subjects, config.settings.waivers, report, f.urn, today);
      }
    },
  };
}
